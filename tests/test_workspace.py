"""descent.course.workspace: learners' copies are created, kept up to date when unedited, never
overwritten when edited, and every version a reset replaces is kept."""

from datetime import datetime

import pytest

from descent.course.workspace import backup, describe, find, main, reset, sync


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("00_start_here.ipynb", "03_mnist_logistic.ipynb"):
        (folder / name).write_text(f"course {name}")
    return folder


@pytest.fixture
def work(tmp_path):
    return tmp_path / "work"


def test_first_sync_copies_everything(course, work):
    report = sync(course, work)
    assert [p.name for p in report.added] == ["00_start_here.ipynb", "03_mnist_logistic.ipynb"]
    assert (work / "03_mnist_logistic.ipynb").read_text() == "course 03_mnist_logistic.ipynb"
    assert report.updated == report.behind == []


def test_sync_keeps_edits_and_adds_new_notebooks(course, work):
    sync(course, work)
    (work / "03_mnist_logistic.ipynb").write_text("my edits")
    (course / "04_embeddings.ipynb").write_text("course 04")
    report = sync(course, work)
    assert [p.name for p in report.added] == ["04_embeddings.ipynb"]
    assert (work / "03_mnist_logistic.ipynb").read_text() == "my edits"
    assert sync(course, work).added == []


def test_an_unedited_copy_follows_the_course(course, work):
    sync(course, work)
    (course / "00_start_here.ipynb").write_text("course 00, version 2")
    report = sync(course, work)
    assert [p.name for p in report.updated] == ["00_start_here.ipynb"] and report.behind == []
    assert (work / "00_start_here.ipynb").read_text() == "course 00, version 2"


def test_an_edited_copy_behind_the_course_is_reported_until_reset(course, work):
    sync(course, work)
    (work / "03_mnist_logistic.ipynb").write_text("my edits")
    assert sync(course, work).behind == []  # edited, but the course has not moved
    (course / "03_mnist_logistic.ipynb").write_text("course 03, version 2")
    for _ in range(2):  # said again at every make lab, and the edit stays
        report = sync(course, work)
        assert [p.name for p in report.behind] == ["03_mnist_logistic.ipynb"]
        assert (work / "03_mnist_logistic.ipynb").read_text() == "my edits"
    message = describe(report, work)
    assert "03_mnist_logistic.ipynb: the course has a newer version" in message
    assert "make reset NB=03" in message and "backups/" in message
    restored, kept = reset(course, work, "3")
    assert restored.read_text() == "course 03, version 2" and kept.read_text() == "my edits"
    assert sync(course, work).behind == []


def test_every_reset_keeps_the_version_it_replaces(course, work):
    sync(course, work)
    copy = work / "03_mnist_logistic.ipynb"
    copy.write_text("first edits")
    _, first = reset(course, work, "03")
    copy.write_text("second edits")
    _, second = reset(course, work, "03")  # within the same second, most likely
    assert first != second and first.parent == second.parent == work / "backups"
    assert (first.read_text(), second.read_text()) == ("first edits", "second edits")
    assert (work / "00_start_here.ipynb").read_text() == "course 00_start_here.ipynb"


def test_backup_names_carry_the_time_and_never_collide(tmp_path):
    copy = tmp_path / "05_weight_decay.ipynb"
    copy.write_text("v")
    moment = datetime(2026, 11, 24, 9, 30, 5)
    names = [backup(copy, now=moment).name for _ in range(3)]
    assert names == ["05_weight_decay-20261124-093005.ipynb",
                     "05_weight_decay-20261124-093005-2.ipynb",
                     "05_weight_decay-20261124-093005-3.ipynb"]


def test_a_workspace_from_before_version_tracking_is_left_alone(course, work):
    work.mkdir()
    (work / "03_mnist_logistic.ipynb").write_text("old edits")
    report = sync(course, work)
    assert [p.name for p in report.added] == ["00_start_here.ipynb"] and report.behind == []
    assert (work / "03_mnist_logistic.ipynb").read_text() == "old edits"
    (course / "03_mnist_logistic.ipynb").write_text("course 03, version 2")
    assert [p.name for p in sync(course, work).behind] == ["03_mnist_logistic.ipynb"]


def test_find_names_the_choices(course):
    assert find(course, "03").name == "03_mnist_logistic.ipynb"
    with pytest.raises(ValueError, match="choose one of: 00_start_here.ipynb"):
        find(course, "07")


def test_command_line(course, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["sync"]) == 0 and "2 new notebook(s)" in capsys.readouterr().out
    assert main(["sync"]) == 0 and "your edits are untouched" in capsys.readouterr().out
    assert main(["reset", "00"]) == 0
    out = capsys.readouterr().out
    assert "restored work/00_start_here.ipynb" in out
    assert "kept as work/backups/00_start_here-" in out
    assert main(["bogus"]) == 2
