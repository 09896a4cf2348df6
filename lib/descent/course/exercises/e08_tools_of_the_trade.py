"""Exercise checks of notebook 08 Tools of the trade."""

from __future__ import annotations

import math

import torch.nn.functional as F
from torch import nn

from descent.course.checks import check_close
from descent.stats import interval_half_width


def half_width(answer) -> None:
    """The half-width of the normal 95% interval at 92% accuracy on 2,500 examples."""
    expected = interval_half_width(0.92, 2500)
    check_close("half-width", answer, expected, rtol=1e-3, mistakes=[
        (math.sqrt(0.92 * 0.08 / 2500), "That is one standard error; the 95% interval reaches "
                                        "z = 1.96 of them to each side."),
        (2 * expected, "That is the whole width; the half-width is half of it.")])


def fixed_loss(answer, predictions, y) -> None:
    """The mean squared error of ``predictions`` (n, 1) against ``y`` (n,), shapes fixed."""
    check_close("fixed loss", answer, F.mse_loss(predictions.reshape(-1), y).item(), rtol=1e-6,
                mistakes=[(((predictions - y) ** 2).mean().item(),
                           "Still the broadcast loss: (n, 1) - (n,) is an n x n matrix. "
                           "Make the shapes agree first.")])


def head_parameters(answer) -> None:
    """How many numbers the optimizer trains when only the 512 -> 5 head is unfrozen."""
    head = nn.Linear(512, 5)
    check_close("trainable numbers", answer, sum(p.numel() for p in head.parameters()),
                mistakes=[(512 * 5, "Those are the weights; the head has a bias per class too.")])
