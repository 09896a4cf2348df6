"""The course's machinery: what runs the notebooks, as opposed to what they build.

A notebook's first cell reads ``from descent.course import setup``; its exercise checks
``from descent.course import exercises``. The parts:

- ``notebook``: :func:`setup` (seeds, figures that read on a projector, the environment
  stamp), the test environment, ``python -m descent.course.notebook execute NOTEBOOK``
- ``checks``: :func:`check_close`, :func:`check_true`, the verdicts of the self-checks
- ``exercises``: one checker per exercise, its reference out of sight
- ``widgets``: :class:`FigureSlider`, sliders that redraw a figure
- ``plots`` and ``graph_drawing``: figures several notebooks draw; a computation graph
- ``lockstep``: a from-scratch piece and its torch twin, compared step by step
- ``timing``: the best and median of a few runs (for display and benchmarks, never asserted)
- ``slides`` and ``workspace``: ``make slides``; ``make lab``'s ``work/`` and ``make reset``
"""

from descent.course.checks import CheckFailed, check_close, check_true
from descent.course.notebook import setup
from descent.course.widgets import FigureSlider

__all__ = ["CheckFailed", "FigureSlider", "check_close", "check_true", "setup"]
