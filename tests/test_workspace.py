"""descent.workspace: learners' copies are created, topped up, never overwritten, reset."""

import pytest

from descent.workspace import find, main, reset, sync


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("00_start_here.ipynb", "03_mnist_logistic.ipynb"):
        (folder / name).write_text(f"course {name}")
    return folder


def test_first_sync_copies_everything(course, tmp_path):
    work = tmp_path / "work"
    added = sync(course, work)
    assert [p.name for p in added] == ["00_start_here.ipynb", "03_mnist_logistic.ipynb"]
    assert (work / "03_mnist_logistic.ipynb").read_text() == "course 03_mnist_logistic.ipynb"


def test_sync_keeps_edits_and_adds_new_notebooks(course, tmp_path):
    work = tmp_path / "work"
    sync(course, work)
    (work / "03_mnist_logistic.ipynb").write_text("my edits")
    (course / "03_mnist_logistic.ipynb").write_text("course, updated")
    (course / "04_embeddings.ipynb").write_text("course 04")
    added = sync(course, work)
    assert [p.name for p in added] == ["04_embeddings.ipynb"]
    assert (work / "03_mnist_logistic.ipynb").read_text() == "my edits"
    assert sync(course, work) == []


def test_reset_restores_one_notebook_and_keeps_a_backup(course, tmp_path):
    work = tmp_path / "work"
    sync(course, work)
    (work / "03_mnist_logistic.ipynb").write_text("my edits")
    (work / "00_start_here.ipynb").write_text("my other edits")
    restored = reset(course, work, "3")
    assert restored.read_text() == "course 03_mnist_logistic.ipynb"
    assert (work / "03_mnist_logistic.ipynb.bak").read_text() == "my edits"
    assert (work / "00_start_here.ipynb").read_text() == "my other edits"


def test_find_names_the_choices(course):
    assert find(course, "03").name == "03_mnist_logistic.ipynb"
    with pytest.raises(ValueError, match="choose one of: 00_start_here.ipynb"):
        find(course, "07")


def test_command_line(course, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["sync"]) == 0 and "2 new notebook(s)" in capsys.readouterr().out
    assert main(["sync"]) == 0 and "your edits are untouched" in capsys.readouterr().out
    assert main(["reset", "00"]) == 0 and "restored" in capsys.readouterr().out
    assert main(["bogus"]) == 2
