"""Widgets redraw when a control moves (the wiring a browser test exercises for real)."""

import ipywidgets as widgets
import pytest

from descent.course.widgets import FigureSlider, digit_viewer
from descent.data import load_mnist


def test_digit_viewer_redraws_on_slider_move():
    test = load_mnist("subset").test
    viewer = digit_viewer(test, index=3)
    assert viewer.figure.axes[0].get_title() == f"index 3: label {int(test.y[3])}"
    viewer.controls["index"].value = 42
    assert viewer.figure.axes[0].get_title() == f"index 42: label {int(test.y[42])}"
    assert viewer.controls["index"].max == len(test) - 1


def test_figure_slider_passes_every_control():
    import matplotlib.pyplot as plt

    calls = []

    def draw(a, b):
        calls.append((a, b))
        return plt.figure()

    slider = FigureSlider(draw, a=widgets.IntSlider(value=1), b=widgets.FloatSlider(value=0.5))
    slider.controls["b"].value = 0.25
    assert calls == [(1, 0.5), (1, 0.25)]
    assert slider.values() == {"a": 1, "b": 0.25}


def test_figure_slider_needs_a_control():
    with pytest.raises(ValueError):
        FigureSlider(lambda: None)


def test_static_copy_gets_a_picture_of_the_figure():
    viewer = digit_viewer(load_mnist("subset").test, index=5)
    bundle = viewer._repr_mimebundle_()
    assert bundle["text/plain"] == "FigureSlider(index=5)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    import base64

    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
