"""Run a from-scratch piece and its PyTorch twin side by side, and compare them.

Optimizers (notebook 06):

``lockstep(descent.optim.Adam, torch.optim.Adam, shapes, steps=50, lr=0.01)`` makes two
identical sets of parameters, and at every step gives both the same gradient: that of the
loss ``sum(p**2) / 2`` (so the gradient depends on where each optimizer has taken its
parameters) plus seeded noise. After each step it records the largest absolute
difference between the two sets. If the update rules agree, the differences stay at the
level of float32 rounding; a wrong rule shows up within a step or two.

Layers (notebook 07): ``lockstep_layers(ours, theirs, make_input, steps=5)`` feeds both the
same inputs and the same gradients from above, and asserts after every step that outputs,
input gradients and parameter gradients agree, then that the buffers (running statistics) do.
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


def lockstep_layers(ours: torch.nn.Module, theirs: torch.nn.Module,
                    make_input: Callable[[], torch.Tensor], *, steps: int,
                    generator: torch.Generator) -> int:
    """Train-mode steps of two layers side by side; raise ``AssertionError`` on a difference.

    At each step ``x = make_input()`` (any shape the layers take); each layer forwards its own
    copy of ``x``, and each backward pass starts from the same random gradient of the
    output's shape, drawn from ``generator`` (``make_input`` may draw from it too, so inputs
    and gradients interleave reproducibly). Outputs, input gradients and the gradient of
    every parameter must pass ``torch.testing.assert_close`` (defaults for the dtype); after
    the last step, so must every buffer. Returns the number of steps compared.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    for step in range(1, steps + 1):
        x = make_input()
        xa, xb = x.clone().requires_grad_(), x.clone().requires_grad_()
        out_a, out_b = ours(xa), theirs(xb)
        torch.testing.assert_close(out_a, out_b, msg=lambda m, s=step: f"step {s}, output: {m}")
        upstream = torch.randn(out_a.shape, generator=generator, dtype=out_a.dtype)
        (out_a * upstream).sum().backward()
        (out_b * upstream).sum().backward()
        torch.testing.assert_close(xa.grad, xb.grad,
                                   msg=lambda m, s=step: f"step {s}, input gradient: {m}")
        for (name, a), b in zip(ours.named_parameters(), theirs.parameters(), strict=True):
            torch.testing.assert_close(a.grad, b.grad,
                                       msg=lambda m, s=step, n=name: f"step {s}, {n}.grad: {m}")
    for (name, a), b in zip(ours.named_buffers(), theirs.buffers(), strict=True):
        torch.testing.assert_close(a, b, msg=lambda m, n=name: f"{n}: {m}")
    return steps
