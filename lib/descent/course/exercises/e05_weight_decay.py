"""Exercise checks of notebook 05 Weight decay."""

from __future__ import annotations

import torch

from descent.course.checks import check_close, not_answered

LR, LAM = 0.1, 0.01


def decay_factor(shrink, torch_weight_decay) -> None:
    """The factor plain SGD shrinks each weight by under the penalty ``LAM * sum(w^2)``, and
    the ``weight_decay`` that makes ``torch.optim.SGD`` take the same step."""
    # measured, not derived: one step on the penalty alone, from w = 1
    w = torch.ones(1, dtype=torch.float64, requires_grad=True)
    (LAM * (w**2).sum()).backward()
    with torch.no_grad():
        measured = (w - LR * w.grad).item()
    check_close("shrink factor", shrink, measured, mistakes=[
        (1 - LR * LAM, "The penalty's gradient is 2 λ w (the derivative of w²), not λ w.")])
    if torch_weight_decay is None:
        not_answered("torch weight_decay")
        return
    v = torch.ones(1, dtype=torch.float64, requires_grad=True)
    v.grad = torch.zeros(1, dtype=torch.float64)  # no data term: only the decay moves v
    torch.optim.SGD([v], lr=LR, weight_decay=float(torch_weight_decay)).step()
    check_close("one torch.optim.SGD step with your weight_decay", v.item(), measured, mistakes=[
        (1 - LR * LAM, "torch adds weight_decay * w to the gradient: the gradient of "
                       "(weight_decay / 2) w², half the penalty's. Double λ.")])


def min_norm_weights(answer) -> None:
    """The weights of smallest L2 size among all with 3 w1 + 2 w2 + w3 = 10."""
    x = torch.tensor([[3.0, 2.0, 1.0]], dtype=torch.float64)
    least_norm = torch.linalg.pinv(x) @ torch.tensor([10.0], dtype=torch.float64)
    check_close("smallest L2 weights", answer, least_norm, mistakes=[
        ([10 / 3, 0.0, 0.0], "That is L1's choice (all on one feature); L2 spreads the weight "
                             "in proportion to x."),
        ([10 / 6] * 3, "Equal weights fit, but are not the smallest: point along x.")])
