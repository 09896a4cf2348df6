"""Figures that more than one notebook draws."""

from __future__ import annotations

import matplotlib.pyplot as plt
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
