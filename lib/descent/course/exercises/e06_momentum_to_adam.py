"""Exercise checks of notebook 06 From momentum to Adam."""

from __future__ import annotations

import torch

from descent.course.checks import check_close


def momentum_by_hand(p_after_three) -> None:
    """p after three steps of SGD with momentum 0.9, lr 0.1, on p^2 from p = 1."""
    def run(**options):
        p = torch.ones(1, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.SGD([p], lr=0.1, **options)
        for _ in range(3):
            optimizer.zero_grad()
            (p**2).sum().backward()
            optimizer.step()
        return p.item()

    check_close("p after three steps", p_after_three, run(momentum=0.9), mistakes=[
        (run(), "That is plain gradient descent: each step follows the velocity "
                "v = 0.9 v + g, not g alone."),
        (run(momentum=0.9, dampening=0.9), "The velocity adds the whole gradient: "
                                           "v = 0.9 v + g, not 0.9 v + 0.1 g.")])


def adam_first_steps(first_step_big, first_step_small) -> None:
    """The change in p of Adam's very first step (lr 0.01) for g = 250 and g = -0.004."""
    for name, answer, g in [("first step, g = 250", first_step_big, 250.0),
                            ("first step, g = -0.004", first_step_small, -0.004)]:
        p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor([g], dtype=torch.float64)
        torch.optim.Adam([p], lr=0.01).step()
        check_close(name, answer, p.item(), mistakes=[
            (-0.01 * g, "That is SGD's step, lr times g; after bias correction Adam's first "
                        "step is lr g / |g|, whatever the size of g."),
            (-p.item(), "The sign: Adam steps against the gradient.")])
