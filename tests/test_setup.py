"""The set-up files agree with each other, and the notebook set-up does what it says."""

import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
import torch
import yaml

from descent.course import notebook
from descent.data import load_mnist

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)$")


def pins(lines):
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            match = PIN.match(line)
            assert match, f"not an exact pin: {line!r}"
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def test_environment_yml_lists_the_same_pins_as_requirements():
    required = pins((ROOT / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == required
    assert required["torch"] == "2.13.0"


def test_constraints_pin_every_requirement_at_the_same_version():
    required = pins((ROOT / "requirements.txt").read_text().splitlines())
    locked = pins((ROOT / "constraints.txt").read_text().splitlines())
    assert {name: locked.get(name) for name in required} == required


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme


def test_setup_seeds_and_styles(capsys):
    notebook.setup(seed=3, data=load_mnist("subset"))
    first = (np.random.rand(), torch.rand(1).item())  # noqa: NPY002 (global seed on purpose)
    notebook.setup(seed=3)
    assert (np.random.rand(), torch.rand(1).item()) == first  # noqa: NPY002
    assert mpl.rcParams["font.size"] == notebook.PROJECTOR_STYLE["font.size"]
    out = capsys.readouterr().out
    assert "data: bundled MNIST subset (3,500 train / 500 valid / 1,000 test)" in out
    assert f"torch {torch.__version__.split('+')[0]}" in out and "seed: 3" in out


@pytest.mark.parametrize("data, shown", [("synthetic line", "data: synthetic line"), (None, None)])
def test_stamp_data_line(data, shown):
    text = notebook.stamp(data)
    assert (shown in text) if shown else ("data:" not in text)


def test_tidy_drops_timings_and_widget_state(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nb.cells[0].metadata["tags"] = ["nbval-ignore-output"]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    notebook.tidy(str(path))
    tidied = nbformat.read(path, as_version=4)
    assert "widgets" not in tidied.metadata and "execution" not in tidied.cells[0].metadata
    assert tidied.cells[0].metadata["tags"] == ["nbval-ignore-output"]


def test_slide_types_follow_the_headings():
    import nbformat

    new = nbformat.v4
    cells = [new.new_markdown_cell("# 01 · Title"), new.new_code_cell("x = 1"),
             new.new_markdown_cell("A sentence of why."), new.new_markdown_cell("## A section"),
             new.new_markdown_cell("### A subsection"), new.new_code_cell("# solution")]
    cells[-1].metadata["jupyter"] = {"source_hidden": True}
    assert [notebook.slide_type(c) for c in cells] == [
        "slide", "-", "subslide", "slide", "subslide", "skip"]


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_is_tidy_and_ready_for_slides(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "stored widget state: run make execute NB=..."
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        assert cell.metadata.get("slideshow") == {"slide_type": notebook.slide_type(cell)}, (
            f"slide type out of date in {path.name}: run python -m descent.course.notebook tidy")
    assert nb.cells[0].metadata["slideshow"]["slide_type"] == "slide"


def test_instructor_page_covers_every_notebook():
    page = (ROOT / "docs" / "teaching.md").read_text()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        number = path.name[:2]
        assert re.search(rf"^### {number} .+\(\d+ minutes\)$", page, re.MULTILINE), (
            f"docs/teaching.md has no section for notebook {number}")
