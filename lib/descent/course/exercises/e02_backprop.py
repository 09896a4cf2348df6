"""Exercise checks of notebook 02 Backprop."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from descent.autograd import Value
from descent.course.checks import check_close, not_answered


def sin_operation(value_sin: Callable | None) -> None:
    """``value_sin(a)``: a new Value holding sin(a), with the right ``_backward``."""
    if value_sin is None:
        not_answered("value_sin")
        return
    for point in (-2.0, 0.3, 1.5):
        a = Value(point)
        out = value_sin(a) * 2.0  # something after it, so out.grad is not 1
        out.backward()
        t = torch.tensor(point, dtype=torch.float64, requires_grad=True)
        (torch.sin(t) * 2).backward()
        check_close(f"sin({point}) value", out.data / 2, math.sin(point), quiet=True)
        check_close(f"d/da of 2 sin(a) at {point}", a.grad, t.grad.item(), mistakes=[
            (math.cos(point), "That is cos(a) alone: multiply by out.grad, the gradient "
                              "arriving from above (here 2)."),
            (0.0, "No gradient arrived: set out._backward, and add to a.grad with +=.")])


def chain_rule(df_da, df_db, df_dc) -> None:
    """The gradients of ``f = (a b + c)^2`` at a = 2, b = -3, c = 10."""
    a, b, c = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (2.0, -3.0,
                                                                                  10.0))
    ((a * b + c) ** 2).backward()
    inner = "That is du/d{0} alone; multiply by df/du = 2u (u = ab + c)."
    for name, mine, leaf, local in [("df/da", df_da, a, b), ("df/db", df_db, b, a),
                                    ("df/dc", df_dc, c, 1.0)]:
        check_close(name, mine, leaf.grad, mistakes=[(local, inner.format(name[-1]))])
