"""Lecture mode in a real browser: a static deck renders with no request leaving the
machine, and a live RISE slideshow starts inside JupyterLab."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from descent.course import slides

from .jupyterlab import open_notebook

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "slides" / "vendor"


def test_static_deck_renders_offline(browser, tmp_path, shots):
    if not all((VENDOR / name / ".version").exists() for name in slides.VENDOR):
        pytest.skip("NO SLIDE LIBRARIES: run `make slides` once (it fetches reveal.js and "
                    "MathJax from the npm registry) to test the static decks")
    out = tmp_path / "decks"
    shutil.copytree(VENDOR, out / "vendor")
    deck = slides.export(ROOT / "notebooks" / "02_backprop.ipynb", out)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside = []

    def only_local(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready .slides section", timeout=30_000)
    page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0",
                           timeout=30_000)
    for _ in range(3):  # to a slide with a formula and a figure
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(800)
    page.screenshot(path=str(shots / "deck_02_backprop.png"))
    assert outside == [], f"the deck tried to load {outside}"
    assert page.locator(".reveal .slides > section").count() >= 5
    assert page.locator(".MathJax_CHTML").count() > 0, "no formula was typeset"
    assert page.locator(".reveal .slides img").count() > 0, "no figure in the deck"
    page.close()


def test_live_slideshow_starts_in_jupyterlab(page, lab, shots):
    open_notebook(page, lab, "03_mnist_logistic.ipynb")
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Escape")  # command mode, where Alt+R is bound
    page.keyboard.press("Alt+r")
    frame = page.frame_locator("iframe").first
    frame.locator(".reveal .slides section").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "rise_03_mnist_logistic.png"))
    assert frame.locator(".reveal .slides section").count() >= 5
    assert "MNIST logistic regression" in frame.locator(".reveal .slides").inner_text()
