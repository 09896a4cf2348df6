"""Transfer learning (notebook 08): reuse a trained network's body for a new task.

:func:`freeze` and :func:`unfreeze` switch learning off and on for a part of a model;
:func:`trainable` counts what an optimizer would change; :func:`param_groups` gives each
part its own learning rate (discriminative learning rates), in the format every
``torch.optim`` optimizer takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn


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
    if any(not lr > 0 for lr in lrs):
        raise ValueError(f"learning rates must be positive, got {list(lrs)}")
    return [{"params": list(part.parameters()), "lr": lr} for part, lr in zip(parts, lrs,
                                                                              strict=True)]
