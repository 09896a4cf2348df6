"""One call at the top of every notebook: same numbers, readable figures, a visible stamp.

``setup(seed=0, data=mnist)`` seeds numpy's and torch's global generators, switches
matplotlib to sizes that read on a projector, and prints an environment stamp: the
versions that produced the stored outputs, the device, the data set and the seed.
The course runs on the CPU on purpose: the same code gives the same printed numbers on
every laptop, and every notebook finishes in seconds.
"""

from __future__ import annotations

import platform
import random

import matplotlib as mpl
import numpy as np
import torch

from descent.data import Splits

# The environment every stored output is made and checked in (``make execute``, ``make test``
# and a plain ``pytest --nbval notebooks/``, through the root ``conftest.py``): the bundled
# MNIST subset even where full MNIST was downloaded, no downloads, no progress bars.
TEST_ENVIRONMENT = {"DESCENT_OFFLINE": "1", "DESCENT_MNIST": "subset", "DESCENT_PROGRESS": "0"}
# The variables that set how many threads torch (OpenMP), MKL and numpy's OpenBLAS start: the
# root conftest.py shares the cores out with them, tests/portable.py varies them.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")

PROJECTOR_STYLE = {
    "figure.figsize": (8.0, 4.8),
    "figure.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "legend.fontsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "lines.linewidth": 2.2,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.constrained_layout.use": True,
}


def seed_everything(seed: int = 0) -> None:
    """Seed Python's, numpy's and torch's global random generators."""
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (notebooks that use the global generator)
    torch.manual_seed(seed)


def stamp(data: Splits | str | None = None, seed: int | None = None) -> str:
    """The environment stamp as text (what :func:`setup` prints)."""
    versions = (
        f"Python {platform.python_version()} | torch {torch.__version__.split('+')[0]} | "
        f"numpy {np.__version__} | device cpu"
    )
    lines = ["Descent environment", f"  {versions}"]
    if data is not None:
        lines.append(f"  data: {data.describe() if isinstance(data, Splits) else data}")
    if seed is not None:
        lines.append(f"  seed: {seed}")
    return "\n".join(lines)


def setup(seed: int = 0, data: Splits | str | None = None) -> None:
    """Seed everything, set projector-friendly plot defaults and print the stamp."""
    seed_everything(seed)
    mpl.rcParams.update(PROJECTOR_STYLE)
    torch.set_printoptions(precision=4, sci_mode=False)
    np.set_printoptions(precision=4, suppress=True)
    try:
        import pandas as pd

        pd.set_option("display.precision", 4)
    except ImportError:  # pragma: no cover - pandas is in the pinned set
        pass
    print(stamp(data, seed))


def slide_type(cell) -> str:
    """The reveal.js slide type a cell gets in lecture mode (RISE and ``make slides``).

    A ``#`` or ``##`` heading opens a new slide; any other text cell a sub-slide below it
    (one idea, its code and its output per screen); code stays with the text before it;
    hidden exercise solutions are skipped, so the room does not see them.
    """
    text = "".join(cell.source).lstrip()
    if cell.cell_type == "markdown":
        return "slide" if text.startswith(("# ", "## ")) else "subslide"
    if cell.metadata.get("jupyter", {}).get("source_hidden"):
        return "skip"
    return "-"


def tidy(path: str) -> None:
    """Drop what an executed notebook stores but the course does not keep (per-cell
    execution timestamps; the saved state of widgets, large and stale on the next run: each
    widget shows a picture of its figure where it cannot run), and set every cell's slide
    type (:func:`slide_type`)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def execute(path: str, timeout: int = 600) -> None:
    """Run a notebook top to bottom in a fresh kernel, exactly as the tests will (in
    :data:`TEST_ENVIRONMENT`, from the notebook's folder), store the outputs, and
    :func:`tidy` it. This is how a changed notebook gets its stored outputs."""
    import os

    import nbformat
    from nbclient import NotebookClient

    os.environ.update(TEST_ENVIRONMENT)
    nb = nbformat.read(path, as_version=4)
    folder = os.path.dirname(os.path.abspath(path))
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": folder}}).execute()
    nbformat.write(nb, path)
    tidy(path)


if __name__ == "__main__":  # python -m descent.course.notebook execute|tidy NOTEBOOK...
    import sys

    commands = {"execute": execute, "tidy": tidy}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit("usage: python -m descent.course.notebook execute|tidy NOTEBOOK...")
    for notebook_path in sys.argv[2:]:
        print(f"{sys.argv[1]} {notebook_path}", flush=True)
        commands[sys.argv[1]](notebook_path)
