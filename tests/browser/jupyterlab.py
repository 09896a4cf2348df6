"""Steps a person takes in JupyterLab, written for Playwright: open, run, read, drag."""

from __future__ import annotations

import time

# An error or a warning printed by a cell.
ERRORS = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
          ".jp-OutputArea-output.jp-mod-error")


def open_notebook(page, lab, name):
    url, token, _ = lab
    page.goto(f"{url}/lab/tree/{name}?token={token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("text=| Idle", timeout=60_000)  # the kernel is up


def run_all(page, timeout=180):
    """Run > Run All Cells, then wait until no cell is queued or running."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # collapsed inputs (the hidden solutions) show an empty prompt; the rest a number
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        prompts = [p.strip() for p in prompts]
        idle = page.locator("text=| Idle").count() > 0
        if idle and prompts and not {"[*]:", "[ ]:"} & set(prompts):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"cells still running after {timeout} s: {prompts}")


def shown(box) -> str:
    """What the box's output area shows now: the image data, else the text."""
    images = box.locator(".widget-output img")
    if images.count():
        return images.first.get_attribute("src")
    return box.locator(".widget-output").inner_text()


def drag(page, slider):
    """Drag the slider's handle a third of the track, towards the side with more room."""
    track = slider.locator(".noUi-target, .slider").first.bounding_box()
    handle = slider.locator(".noUi-handle").first.bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    step = track["width"] / 3 * (1 if x < track["x"] + track["width"] / 2 else -1)
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x + step * k / 10, y)
    page.mouse.up()
