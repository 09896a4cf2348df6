"""Every notebook with widgets runs in JupyterLab without an error, and moving each of its
sliders changes the figure (or text) that slider controls."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from .jupyterlab import ERRORS, drag, open_notebook, run_all, shown

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def uses_widgets(path: Path) -> bool:
    """A notebook whose code builds a widget (ipywidgets, descent.course.widgets, a stepper)."""
    code = [c["source"] for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    return any("widgets" in "".join(src) or "stepper" in "".join(src) for src in code)


WIDGET_NOTEBOOKS = [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb")) if uses_widgets(p)]


def test_the_course_has_widget_notebooks():
    assert len(WIDGET_NOTEBOOKS) >= 6, WIDGET_NOTEBOOKS
# A widget box holding at least one slider and the output area the sliders redraw.
SLIDER_BOXES = ".widget-vbox:has(> .widget-slider):has(> .widget-output)"


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_widgets_run_and_respond(page, lab, shots, name):
    open_notebook(page, lab, name)
    run_all(page)
    errors = page.locator(ERRORS)
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:500]}"
    boxes = page.locator(SLIDER_BOXES)
    assert boxes.count() > 0, f"{name}: no live slider rendered"
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        sliders = box.locator(":scope > .widget-slider")
        for j in range(sliders.count()):
            before = shown(box)
            drag(page, sliders.nth(j))
            deadline = time.monotonic() + 30
            while shown(box) == before and time.monotonic() < deadline:
                page.wait_for_timeout(250)
            label = sliders.nth(j).locator(".widget-label").inner_text()
            assert shown(box) != before, f"{name}: moving slider {label!r} changed nothing"
        if i == 0:  # the first widget, after its sliders moved
            page.screenshot(path=str(shots / f"{name.removesuffix('.ipynb')}.png"))
    assert page.locator(ERRORS).count() == 0, f"{name}: a slider raised an error"
