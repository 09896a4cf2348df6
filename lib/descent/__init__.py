"""Descent: the pieces of a PyTorch training loop, rebuilt by hand and checked against it.

Each module is one idea of the course, small enough to read in a sitting:

- ``data``: the data sets (bundled MNIST subset, full MNIST on request, synthetic sets)
- ``download``: checksummed, atomic downloads
- ``notebook``: the one-line set-up at the top of every notebook
- ``plots``: figures shared by several notebooks
- ``widgets``: sliders that redraw a figure
- ``checks``: self-checks for exercises
"""

__version__ = "0.1.0"
