"""Exercise checks of notebook 09 Why big networks generalize."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import prune

from descent.course.checks import CheckFailed, check_close, not_answered
from descent.generalization import RandomReLUFeatures, min_norm_fit

WEIGHTS = [[0.3, -1.2, 0.05], [2.0, -0.4, 0.6]]


def _fits_exactly(x: torch.Tensor, y: torch.Tensor, p: int) -> bool:
    features = RandomReLUFeatures(x.shape[1], p, torch.Generator().manual_seed(0))(x)
    targets = F.one_hot(y, int(y.max()) + 1).to(features.dtype)
    residual = features @ min_norm_fit(features, targets) - targets
    return residual.abs().max().item() < 1e-8


def interpolation_threshold(answer, x: torch.Tensor, y: torch.Tensor) -> None:
    """The fewest random features with which the minimum-norm fit of ``(x, y)`` is exact."""
    if answer is None:
        not_answered("interpolating features")
        return
    n, p = len(y), int(answer)
    if p == 10 * n:
        raise CheckFailed(f"✗ interpolating features: {p} counts the coefficients of all 10 "
                          "outputs; the features are shared, and each output needs as many "
                          "coefficients as there are examples.")
    if p < 1 or not _fits_exactly(x, y, p):
        raise CheckFailed(f"✗ interpolating features: with {p} features the fit is not exact "
                          f"yet ({n} examples, {n} equations per output): more features.")
    if p > 1 and _fits_exactly(x, y, p - 1):
        raise CheckFailed(f"✗ interpolating features: {p - 1} features already fit exactly: "
                          "fewer.")
    print(f"✓ interpolating features: {p} (one feature per training example)")


def robbins_monro_exponent(answer) -> None:
    """An exponent ``a != 1`` for which ``eta_t = t^-a`` meets both Robbins-Monro conditions."""
    if answer is None:
        not_answered("exponent")
        return
    a = float(answer)
    if a == 1:
        raise CheckFailed("✗ exponent: 1 works (the 1/t of the figure), but find another.")
    if a <= 0.5:
        raise CheckFailed(f"✗ exponent: with a = {a:g} the squares t^-{2 * a:g} still sum to "
                          "infinity: the noise never averages out. Larger.")
    if a > 1:
        raise CheckFailed(f"✗ exponent: with a = {a:g} the rates themselves sum to a finite "
                          "number: the steps run out before the minimum. Smaller.")
    print(f"✓ exponent: {a:g} (rates sum to infinity, their squares do not)")


def half_pruned_mask(answer) -> None:
    """The mask that pruning half of :data:`WEIGHTS` by magnitude leaves (1 = kept)."""
    layer = nn.Linear(3, 2)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(WEIGHTS))
    expected = prune.l1_unstructured(layer, "weight", amount=0.5).weight_mask
    by_value = torch.zeros(6)  # the three largest signed values kept: the slip to catch
    by_value[torch.topk(torch.tensor(WEIGHTS).flatten(), 3).indices] = 1
    check_close("mask", answer, expected, mistakes=[
        (by_value.view(2, 3), "That keeps the largest values; pruning compares magnitudes "
                              "|w|, so -1.2 is among the largest."),
        (1 - expected, "Those are the pruned ones: 1 marks a weight that stays.")])
