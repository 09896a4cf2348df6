"""Two-dimensional test functions for optimizers, and a way to draw their paths.

- :func:`ravine`: ``(x^2 + 100 y^2) / 2``, a quadratic whose curvatures differ 100 times
  (condition number 100): plain gradient descent zig-zags across the steep direction.
- :func:`rosenbrock`: ``(1 - x)^2 + 100 (y - x^2)^2``, a curved, flat-bottomed valley
  with its minimum at (1, 1).
- :func:`saddle`: ``x^2 - y^2``: the gradient vanishes at 0, which is no minimum.

Each takes a tensor of shape (..., 2) and returns (...), so it serves both for a grid
(the contours) and for one point (the path). :func:`trajectory` runs any torch-style
optimizer on one of them.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure


def ravine(p: torch.Tensor, scale: float = 100.0) -> torch.Tensor:
    """``(x^2 + scale y^2) / 2`` at points ``p`` (..., 2): a valley ``sqrt(scale)`` times
    narrower than it is long; curvatures 1 and ``scale``, minimum 0 at the origin.
    """
    return (p[..., 0] ** 2 + scale * p[..., 1] ** 2) / 2


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    """``(1 - x)^2 + 100 (y - x^2)^2`` at points ``p`` (..., 2): a curved, flat-bottomed
    valley with its minimum 0 at (1, 1).
    """
    return (1 - p[..., 0]) ** 2 + 100 * (p[..., 1] - p[..., 0] ** 2) ** 2


def saddle(p: torch.Tensor) -> torch.Tensor:
    """``x^2 - y^2`` at points ``p`` (..., 2): a minimum along x, a maximum along y, and a
    flat point at the origin where the gradient vanishes without a minimum.
    """
    return p[..., 0] ** 2 - p[..., 1] ** 2


def trajectory(fn: Callable, make_optimizer: Callable, start: tuple[float, float],
               steps: int) -> np.ndarray:
    """Minimize ``fn`` from ``start`` with ``make_optimizer([p])``; return the (steps+1, 2) path.

    Stops early, keeping the path so far, if the point runs off to infinity.
    """
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([p])
    path = [p.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        fn(p).backward()
        optimizer.step()
        if not torch.isfinite(p).all() or p.abs().max() > 1e6:
            break
        path.append(p.detach().clone())
    return torch.stack(path).numpy()


def plot_paths(fn: Callable, paths: dict[str, np.ndarray], *, xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
               log_levels: bool = True, title: str = "", ax=None) -> Figure:
    """Contours of ``fn`` over the box, with each named path drawn on top."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 5.5))
    else:
        fig = ax.figure
    xs, ys = np.linspace(*xlim, 200), np.linspace(*ylim, 200)
    grid = torch.tensor(np.stack(np.meshgrid(xs, ys), axis=-1))
    values = fn(grid).numpy()
    if log_levels:
        low = max(values.min(), 1e-3)
        levels = np.geomspace(low, values.max(), 20)
    else:
        levels = np.linspace(values.min(), values.max(), 20)
    ax.contour(xs, ys, values, levels=levels, cmap="Greys", linewidths=0.8)
    for label, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], ".-", markersize=3, linewidth=1.5, label=label)
        ax.plot(*path[0], "o", color="black", markersize=5)
    ax.set(xlim=xlim, ylim=ylim, xlabel="x", ylabel="y", title=title)
    if paths:
        ax.legend(fontsize=10, loc="upper left")
    return fig
