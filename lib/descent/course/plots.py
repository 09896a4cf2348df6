"""Figures that more than one notebook draws."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure


def digit_grid(
    x: torch.Tensor, y: torch.Tensor, *, rows: int = 4, cols: int = 10, title: str = ""
) -> Figure:
    """Show the first ``rows * cols`` digits of ``x`` (n, 784) with their labels ``y`` (n,)."""
    count = rows * cols
    if len(x) < count:
        raise ValueError(f"need {count} images for a {rows}x{cols} grid, got {len(x)}")
    fig, axes = plt.subplots(rows, cols, figsize=(1.1 * cols, 1.3 * rows))
    for ax, image, label in zip(axes.flat, x[:count], y[:count], strict=True):
        ax.imshow(image.view(28, 28).numpy(), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(str(int(label)), fontsize=12)
        ax.axis("off")
    if title:
        fig.suptitle(title)
    return fig


def digit(image: torch.Tensor, label: int, index: int) -> Figure:
    """One digit, large, with its index and label in the title."""
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.imshow(image.view(28, 28).numpy(), cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(f"index {index}: label {label}")
    ax.axis("off")
    return fig


def line_fit_paths(
    x, y, paths: dict, *, slopes=(0.5, 3.5), intercepts=(-5.0, 45.0), title: str = "",
    ax=None,
) -> Figure:
    """Contours of the mean squared error of ``a*x + b`` over (slope, intercept), with paths.

    ``paths`` maps a label to a pair of arrays ``(slopes, intercepts)`` visited by an
    optimizer. Contour levels are spaced logarithmically: the valley is long and narrow,
    and even levels would show only its walls. The least-squares line (the minimum) is a star.
    """
    from descent.spreadsheet import mse_surface

    a_grid = np.linspace(*slopes, 150)
    b_grid = np.linspace(*intercepts, 150)
    surface = mse_surface(x, y, a_grid, b_grid)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 5.5))
    else:
        fig = ax.figure
    levels = np.geomspace(max(surface.min(), 1e-1), surface.max(), 16)
    ax.contourf(a_grid, b_grid, surface, levels=levels, cmap="Greys_r", norm="log", alpha=0.6)
    ax.contour(a_grid, b_grid, surface, levels=levels, colors="white", linewidths=0.6)
    best_a, best_b = np.polyfit(np.asarray(x, float), np.asarray(y, float), 1)  # least squares
    ax.plot(best_a, best_b, "*", color="black", markersize=16, label="minimum")
    for label, (a_path, b_path) in paths.items():
        ax.plot(a_path, b_path, ".-", markersize=3, linewidth=1.5, label=label)
    ax.set_xlim(*slopes)
    ax.set_ylim(*intercepts)
    ax.set_xlabel("slope a")
    ax.set_ylabel("intercept b")
    ax.set_title(title or "Mean squared error over (a, b), and the path of SGD")
    ax.legend(loc="lower left")
    return fig
