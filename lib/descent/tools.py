"""Tools of the trade (notebook 08): small helpers for debugging, tuning and transfer.

- Debugging: :func:`assert_shape` and :func:`assert_finite` fail loudly at the line that
  went wrong; :func:`graph_size` counts the nodes an autograd graph keeps alive (the
  ``running_loss += loss`` leak); :func:`dead_fraction` finds ReLU units that never fire.
- Tuning: :func:`smooth` (an exponential moving average, bias-corrected) makes a noisy
  per-step loss readable; :func:`grad_norm` is the size of the whole gradient.
- Transfer: :func:`freeze` and :func:`unfreeze` switch gradients off and on for a part of
  a model; :func:`param_groups` gives each part its own learning rate (discriminative
  learning rates), in the format every ``torch.optim`` optimizer takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import torch
from torch import nn


def assert_shape(t: torch.Tensor, shape: Sequence[int | None], name: str = "tensor") -> None:
    """Raise ``ValueError`` unless ``t`` has ``shape``; ``None`` matches any size."""
    ok = t.ndim == len(shape) and all(s is None or s == d for s, d in zip(shape, t.shape,
                                                                           strict=True))
    if not ok:
        sizes = ["*" if s is None else str(s) for s in shape]
        wanted = f"({sizes[0]},)" if len(sizes) == 1 else "(" + ", ".join(sizes) + ")"
        raise ValueError(f"{name} should have shape {wanted}, got {tuple(t.shape)}")


def assert_finite(t: torch.Tensor, name: str = "tensor") -> None:
    """Raise ``ValueError`` naming how many entries of ``t`` are NaN or infinite."""
    bad = ~torch.isfinite(t)
    if bad.any():
        raise ValueError(f"{name} has {int(torch.isnan(t).sum())} NaN and "
                         f"{int(torch.isinf(t).sum())} infinite entries out of {t.numel()}")


def graph_size(t: torch.Tensor) -> int:
    """How many backward nodes the graph behind ``t`` holds (0 for a plain tensor).

    Every node keeps the tensors it saved for the backward pass alive, so a graph that
    grows step after step is memory that never comes back.
    """
    seen, stack = set(), [t.grad_fn] if t.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(n for n, _ in node.next_functions if n is not None)
    return len(seen)


def dead_fraction(activations: torch.Tensor) -> float:
    """The fraction of units (columns of ``activations`` (n, units), taken after a ReLU)
    that are zero for every one of the ``n`` examples: units that no longer learn."""
    assert_shape(activations, (None, None), "activations")
    return (activations <= 0).all(dim=0).float().mean().item()


def smooth(values: Iterable[float], beta: float = 0.9) -> list[float]:
    """Exponential moving average with bias correction.

    ``m_t = beta m_{t-1} + (1 - beta) x_t`` from ``m_0 = 0``, reported as
    ``m_t / (1 - beta^t)`` so the first values are not pulled towards 0.
    """
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    out, m = [], 0.0
    for t, x in enumerate(values, start=1):
        m = beta * m + (1 - beta) * x
        out.append(m / (1 - beta**t))
    return out


def grad_norm(parameters: Iterable[torch.Tensor]) -> float:
    """The L2 norm of all gradients together, ``sqrt(sum of every grad entry squared)``
    (what ``torch.nn.utils.clip_grad_norm_`` measures). Parameters without a gradient are
    skipped."""
    squares = [p.grad.detach().pow(2).sum() for p in parameters if p.grad is not None]
    return torch.stack(squares).sum().sqrt().item() if squares else 0.0


def freeze(module: nn.Module) -> nn.Module:
    """Stop ``module``'s parameters from learning (``requires_grad = False``); return it."""
    for p in module.parameters():
        p.requires_grad_(False)
    return module


def unfreeze(module: nn.Module) -> nn.Module:
    """Let ``module``'s parameters learn again; return it."""
    for p in module.parameters():
        p.requires_grad_(True)
    return module


def trainable(module: nn.Module) -> int:
    """How many numbers in ``module`` an optimizer would change."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def param_groups(parts: Sequence[nn.Module], lrs: Sequence[float]) -> list[dict]:
    """One ``{"params": ..., "lr": ...}`` group per part: discriminative learning rates.

    Early layers of a pretrained network hold general features and need only small
    changes, so they get the small rates; the new head gets the largest.
    """
    if len(parts) != len(lrs):
        raise ValueError(f"need one learning rate per part, got {len(parts)} parts and "
                         f"{len(lrs)} rates")
    if any(lr <= 0 for lr in lrs):
        raise ValueError(f"learning rates must be positive, got {list(lrs)}")
    return [{"params": list(part.parameters()), "lr": lr} for part, lr in zip(parts, lrs,
                                                                              strict=True)]
