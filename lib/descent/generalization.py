"""Why big networks generalize (notebook 09): random features, minimum-norm fits, pruning.

**Random features and double descent.** :class:`RandomReLUFeatures` maps inputs ``x`` (m, d)
to ``relu(x W)`` with a fixed random ``W`` (d, p_max); its first ``p`` columns are the model
with ``p`` features. :func:`min_norm_fit` fits coefficients ``B`` (p, k) to targets ``Y``
(n, k) by least squares. With more features than examples (``p > n``) infinitely many ``B``
fit exactly; it returns the one of smallest norm ``||B||``, the limit of the ridge fit
``argmin ||F B - Y||^2 + ridge ||B||^2`` as ``ridge -> 0`` (weight decay, notebook 05).
:func:`feature_sweep` fits every size and measures train and test error: the test error rises
to a peak where ``p = n`` and falls again beyond it.

**Pruning and lottery tickets.** :func:`magnitude_masks` keeps the largest-magnitude weights
of every weight matrix (0 = pruned, 1 = kept), :func:`apply_masks` zeroes the rest, and
:class:`MaskedOptimizer` keeps them zero while training. :func:`rewind` puts the surviving
weights back to their initial values: the "winning ticket" of Frankle and Carbin (2019).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn


class RandomReLUFeatures:
    """``relu(x W)`` for inputs ``x`` (m, n_inputs), with ``W`` (n_inputs, max_features) drawn
    once, entries ``N(0, 1 / n_inputs)`` (so each feature's input has about the variance of
    one input). ``features(x, p)`` (m, p) uses the first ``p`` columns: bigger models contain
    the smaller ones, which keeps a sweep over ``p`` smooth."""

    def __init__(self, n_inputs: int, max_features: int, generator: torch.Generator,
                 dtype: torch.dtype = torch.float64):
        if n_inputs < 1 or max_features < 1:
            raise ValueError(f"n_inputs and max_features must be positive, got {n_inputs} and "
                             f"{max_features}")
        self.weight = torch.randn(n_inputs, max_features, generator=generator,
                                  dtype=dtype) / n_inputs**0.5

    def __call__(self, x: torch.Tensor, p: int | None = None) -> torch.Tensor:
        """The first ``p`` features (all of them if ``p`` is None) of ``x`` (m, n_inputs)."""
        p = self.weight.shape[1] if p is None else p
        if not 1 <= p <= self.weight.shape[1]:
            raise ValueError(f"p must be between 1 and {self.weight.shape[1]}, got {p}")
        return torch.relu(x.to(self.weight.dtype) @ self.weight[:, :p])


def min_norm_fit(features: torch.Tensor, targets: torch.Tensor,
                 ridge: float = 0.0) -> torch.Tensor:
    """Coefficients ``B`` (p, k) for ``features`` (n, p) and ``targets`` (n, k).

    ``ridge = 0``: the least-squares solution of smallest norm (an SVD, LAPACK's ``gelsd``):
    for ``p < n`` the ordinary least-squares fit, for ``p >= n`` the exact fit with the
    smallest ``||B||``. ``ridge > 0``: ``argmin ||F B - Y||^2 + ridge ||B||^2``, computed as
    ``F^T (F F^T + ridge I)^-1 Y`` when ``p > n`` (an n x n system) and
    ``(F^T F + ridge I)^-1 F^T Y`` otherwise.
    """
    if features.ndim != 2 or targets.ndim != 2 or len(features) != len(targets):
        raise ValueError(f"need features (n, p) and targets (n, k), got {tuple(features.shape)} "
                         f"and {tuple(targets.shape)}")
    if not ridge >= 0:
        raise ValueError(f"ridge must be >= 0, got {ridge}")
    targets = targets.to(features.dtype)
    if ridge == 0:
        return torch.linalg.lstsq(features, targets, driver="gelsd").solution
    n, p = features.shape
    if p > n:
        gram = features @ features.T + ridge * torch.eye(n, dtype=features.dtype)
        return features.T @ torch.linalg.solve(gram, targets)
    gram = features.T @ features + ridge * torch.eye(p, dtype=features.dtype)
    return torch.linalg.solve(gram, features.T @ targets)


def with_label_noise(labels: torch.Tensor, fraction: float, classes: int,
                     generator: torch.Generator) -> torch.Tensor:
    """A copy of ``labels`` (n,) in which a random ``fraction`` of the entries is replaced by
    a class drawn uniformly from ``0..classes-1`` (so about ``fraction / classes`` of those keep
    their old label by chance)."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be in [0, 1], got {fraction}")
    noisy = labels.clone()
    flip = torch.rand(len(labels), generator=generator) < fraction
    noisy[flip] = torch.randint(0, classes, (int(flip.sum()),), generator=generator)
    return noisy


def feature_sweep(features: RandomReLUFeatures, train: tuple, test: tuple,
                  sizes: Sequence[int], ridge: float = 0.0) -> pd.DataFrame:
    """Fit the model with each number of features in ``sizes``; one row per size.

    ``train`` and ``test`` are ``(x, labels)``: inputs (n, d) and integer classes (n,). The
    targets are the one-hot vectors of the labels; the prediction is the class with the
    largest output. Columns: ``features``, ``train_mse`` and ``test_mse`` (squared error per
    example, summed over the outputs), ``test_error`` (the fraction of test examples
    misclassified) and ``norm`` (``||B||``).
    """
    (x, y), (x_test, y_test) = train, test
    classes = int(max(y.max(), y_test.max())) + 1
    target, test_target = (F.one_hot(v, classes).to(features.weight.dtype) for v in (y, y_test))
    every, every_test = features(x), features(x_test)  # computed once, sliced per size
    rows = []
    for p in sizes:
        coefficients = min_norm_fit(every[:, :p], target, ridge)
        fitted, predicted = every[:, :p] @ coefficients, every_test[:, :p] @ coefficients
        rows.append((p, ((fitted - target) ** 2).sum(1).mean().item(),
                     ((predicted - test_target) ** 2).sum(1).mean().item(),
                     (predicted.argmax(1) != y_test).double().mean().item(),
                     coefficients.norm().item()))
    return pd.DataFrame(rows, columns=["features", "train_mse", "test_mse", "test_error", "norm"])


# -- pruning and the lottery ticket ---------------------------------------------------------


def magnitude_masks(model: nn.Module, sparsity: float) -> dict[str, torch.Tensor]:
    """For every weight matrix (every parameter with 2 or more axes), a mask of its shape with
    0 at the ``round(sparsity * size)`` entries of smallest ``|w|`` and 1 elsewhere: pruning
    by magnitude, layer by layer. Biases are kept whole. The same choice as
    ``torch.nn.utils.prune.l1_unstructured``."""
    if not 0 <= sparsity < 1:
        raise ValueError(f"sparsity must be in [0, 1), got {sparsity}")
    masks = {}
    for name, p in model.named_parameters():
        if p.dim() >= 2:
            mask = torch.ones_like(p, dtype=torch.bool)
            k = round(sparsity * p.numel())
            if k:
                smallest = torch.topk(p.detach().abs().flatten(), k, largest=False).indices
                mask.view(-1)[smallest] = False
            masks[name] = mask
    return masks


@torch.no_grad()
def apply_masks(model: nn.Module, masks: dict[str, torch.Tensor]) -> nn.Module:
    """Zero every pruned weight of ``model`` in place; return the model."""
    for name, p in model.named_parameters():
        if name in masks:
            p.mul_(masks[name])
    return model


def sparsity(model: nn.Module) -> float:
    """The fraction of the entries of the weight matrices that are exactly zero."""
    weights = [p for p in model.parameters() if p.dim() >= 2]
    return sum(int((p == 0).sum()) for p in weights) / sum(p.numel() for p in weights)


def rewind(model: nn.Module, initial: dict[str, torch.Tensor],
           masks: dict[str, torch.Tensor]) -> nn.Module:
    """Put ``model``'s weights back to ``initial`` (a ``state_dict`` saved before training),
    then prune them with ``masks``: the surviving weights start where they started."""
    model.load_state_dict(initial)
    return apply_masks(model, masks)


class MaskedOptimizer:
    """Wraps an optimizer so that pruned weights stay pruned: after every ``step`` the masks
    are applied again (a momentum or Adam update would otherwise move them off zero).
    ``zero_grad`` and ``step`` are all :func:`descent.train.fit` needs."""

    def __init__(self, optimizer: torch.optim.Optimizer, model: nn.Module,
                 masks: dict[str, torch.Tensor]):
        self.optimizer, self.model, self.masks = optimizer, model, masks
        apply_masks(model, masks)

    def zero_grad(self) -> None:
        """Clear the gradients, as the wrapped optimizer does."""
        self.optimizer.zero_grad()

    def step(self) -> None:
        """One step of the wrapped optimizer, then the pruned weights back to zero."""
        self.optimizer.step()
        apply_masks(self.model, self.masks)
