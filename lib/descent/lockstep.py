"""Run two optimizers side by side on identical parameters and gradients.

``lockstep(descent.optim.Adam, torch.optim.Adam, shapes, steps=50, lr=0.01)`` makes two
identical sets of parameters, and at every step gives both the same gradient: that of the
loss ``sum(p**2) / 2`` (so the gradient depends on where each optimizer has taken its
parameters) plus seeded noise. After each step it records the largest absolute
difference between the two sets. If the update rules agree, the differences stay at the
level of float32 rounding; a wrong rule shows up within a step or two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import torch


def lockstep(ours: Callable, theirs: Callable, shapes: Sequence, *, steps: int = 50,
             seed: int = 0, groups: Sequence[dict] | None = None, no_grad: Sequence[int] = (),
             dtype: torch.dtype = torch.float32, **options) -> pd.DataFrame:
    """Step ``ours`` and ``theirs`` (optimizer classes) together; return the differences.

    ``shapes``: one shape per parameter. ``groups``: optional per-group options; the
    parameters are then dealt round-robin into ``len(groups)`` param groups.
    ``no_grad``: indices of parameters whose ``.grad`` stays ``None`` (optimizers must
    skip them). ``options`` go to both constructors.

    Returns one row per step: ``step``, ``max_abs_diff`` over all parameters, and
    ``close``: whether every parameter pair passes ``torch.testing.assert_close`` with its
    default tolerances for the dtype (for float32: within 1e-5 + 1.3e-6 * |value|).
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    generator = torch.Generator().manual_seed(seed)
    start = [torch.randn(shape, generator=generator, dtype=dtype) for shape in shapes]
    copies = [[s.clone().requires_grad_() for s in start] for _ in range(2)]

    def build(cls, params):
        if groups is None:
            return cls(params, **options)
        dealt = [{"params": params[i::len(groups)], **g} for i, g in enumerate(groups)]
        return cls(dealt, **options)

    optimizers = [build(ours, copies[0]), build(theirs, copies[1])]
    rows = []
    for step in range(1, steps + 1):
        noise = [torch.randn(shape, generator=generator, dtype=dtype) for shape in shapes]
        for params, optimizer in zip(copies, optimizers, strict=True):
            for i, (p, n) in enumerate(zip(params, noise, strict=True)):
                p.grad = None if i in no_grad else p.detach() + n  # d/dp (p^2 / 2) + noise
            optimizer.step()
        pairs = list(zip(*copies, strict=True))
        diff = max((a - b).abs().max().item() for a, b in pairs)
        rows.append((step, diff, all(_close(a, b) for a, b in pairs)))
    return pd.DataFrame(rows, columns=["step", "max_abs_diff", "close"])


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    try:
        torch.testing.assert_close(a, b)
    except AssertionError:
        return False
    return True
