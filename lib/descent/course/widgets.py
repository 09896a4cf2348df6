"""Sliders that redraw a figure, in a live notebook and in a browser test alike.

A :class:`FigureSlider` holds one or more controls and a ``draw(**values) -> Figure``
function. Moving a control calls ``draw`` again and replaces the figure. The last figure
drawn stays in ``.figure``, so a notebook can check in a plain cell that the slider is
wired (set ``.controls[name].value`` and look at the new figure) even when executed
without a browser, where no one can move the slider.

Displayed, a slider offers JupyterLab the live widget and, beside it, a PNG of its
current figure: a page that cannot run widgets (a static HTML copy, a notebook viewer)
shows that picture instead of an empty box.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from descent.course.plots import digit
from descent.data import Split


class FigureSlider(widgets.VBox):
    """Controls above a figure that ``draw(**values)`` redraws whenever one moves."""

    def __init__(self, draw: Callable[..., Figure], **controls: widgets.ValueWidget):
        if not controls:
            raise ValueError("FigureSlider needs at least one control")
        self.draw = draw
        self.controls = controls
        self.output = widgets.Output()
        self.figure: Figure | None = None
        super().__init__([*controls.values(), self.output])
        for control in controls.values():
            control.observe(self.redraw, names="value")
        self.redraw()

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs)
        shown = ", ".join(f"{name}={value!r}" for name, value in self.values().items())
        bundle["text/plain"] = f"{type(self).__name__}({shown})"
        if self.figure is not None:
            png = io.BytesIO()
            self.figure.savefig(png, format="png")
            bundle["image/png"] = base64.b64encode(png.getvalue()).decode("ascii")
        return bundle

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, change: dict | None = None) -> None:
        """Draw the figure for the current values into the output area."""
        figure = self.draw(**self.values())
        with self.output:
            self.output.clear_output(wait=True)
            display(figure)
        plt.close(figure)  # shown once, in the output area, not again below the cell
        self.figure = figure


def digit_viewer(split: Split, index: int = 0) -> FigureSlider:
    """A slider over the images of ``split``; the figure shows the chosen digit."""
    slider = widgets.IntSlider(
        value=index, min=0, max=len(split) - 1, description="index", continuous_update=False,
        layout=widgets.Layout(width="500px"),
    )

    def draw(index: int) -> Figure:
        return digit(split.x[index], int(split.y[index]), index)

    return FigureSlider(draw, index=slider)
