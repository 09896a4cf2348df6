"""Learning-rate schedules as plain functions of the step, and the learning-rate range test.

Each schedule gives the learning rate at step ``t`` (counting from 0) as a closed formula;
``tests/test_schedules.py`` checks each against its ``torch.optim.lr_scheduler`` twin.
To drive an optimizer, set ``group["lr"] = schedule(t)`` before each step, or hand the
formula to torch's ``LambdaLR``.

- warm-up: ``base * (start + (1 - start) * min(t, n) / n)``: ramps up over ``n`` steps
  (torch's ``LinearLR`` with ``end_factor=1``)
- step: ``base * gamma ** (t // size)``  (``StepLR``)
- exponential: ``base * gamma ** t``  (``ExponentialLR``)
- cosine: ``low + (base - low) (1 + cos(pi t / T)) / 2``  (``CosineAnnealingLR``)
- one-cycle: warm up from ``max/div`` to ``max`` along a half cosine over the first
  ``pct`` of the steps, then anneal to ``max/(div * final_div)``  (``OneCycleLR``)
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import torch

from descent.smoothing import MovingAverage


def _check(t: int, **lengths: int) -> None:
    if t < 0:
        raise ValueError(f"the step t counts from 0, got {t}")
    for name, value in lengths.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1 step, got {value}")


def warmup(base: float, t: int, steps: int, start: float = 1 / 3) -> float:
    """Linear warm-up: from ``start * base`` at step 0 up to ``base`` at step ``steps``, then
    constant: ``base * (start + (1 - start) * min(t, steps) / steps)``."""
    _check(t, steps=steps)
    return base * (start + (1 - start) * min(t, steps) / steps)


def step_decay(base: float, t: int, size: int, gamma: float = 0.1) -> float:
    """Multiply by ``gamma`` every ``size`` steps: ``base * gamma ** (t // size)``."""
    _check(t, size=size)
    return base * gamma ** (t // size)


def exponential(base: float, t: int, gamma: float) -> float:
    """Multiply by ``gamma`` every step: ``base * gamma ** t``."""
    _check(t)
    return base * gamma**t


def cosine(base: float, t: int, period: int, low: float = 0.0) -> float:
    """Half a cosine from ``base`` at step 0 down to ``low`` at step ``period``:
    ``low + (base - low) * (1 + cos(pi t / period)) / 2``."""
    _check(t, period=period)
    return low + (base - low) * (1 + math.cos(math.pi * t / period)) / 2


def _cos_between(start: float, end: float, fraction: float) -> float:
    return end + (start - end) * (1 + math.cos(math.pi * fraction)) / 2


def one_cycle(max_lr: float, t: int, total: int, pct: float = 0.3, div: float = 25.0,
              final_div: float = 1e4) -> float:
    """One cycle over ``total`` steps: a half cosine up from ``max_lr / div`` to ``max_lr``
    over the first ``pct`` of the steps, then a half cosine down to
    ``max_lr / (div * final_div)`` at the last step (torch's ``OneCycleLR``)."""
    _check(t, total=total)
    peak = pct * total - 1  # the step at which the warm-up ends (torch's convention)
    if not 0 < peak < total - 1:
        raise ValueError(f"one_cycle needs a warm-up of at least one step and an annealing "
                         f"phase: pct * total - 1 must be in (0, total - 1), got pct={pct}, "
                         f"total={total}")
    initial, final = max_lr / div, max_lr / (div * final_div)
    if t <= peak:
        return _cos_between(initial, max_lr, t / peak)
    return _cos_between(max_lr, final, (t - peak) / (total - 1 - peak))


def lr_find(model: torch.nn.Module, loss_fn: Callable, make_optimizer: Callable, loader, *,
            start: float = 1e-6, end: float = 10.0, steps: int = 100, smoothing: float = 0.9,
            stop_factor: float = 4.0) -> dict[str, list[float]]:
    """The learning-rate range test: raise the lr geometrically, one batch per step.

    Records the loss at each lr and a smoothed version (:class:`descent.smoothing.MovingAverage`,
    corrected for its start at 0 like Adam's moments). Stops early once the smoothed loss exceeds
    ``stop_factor`` times its minimum: the lr is then far too large. The model's weights
    are restored afterwards. Pick an lr well below the minimum of the smoothed curve, where
    the loss still falls steeply.
    """
    if not 0 < start < end:
        raise ValueError(f"need 0 < start < end, got start={start}, end={end}")
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (the range has two ends), got {steps}")
    saved = copy.deepcopy(model.state_dict())
    optimizer = make_optimizer(model.parameters())
    ratio = (end / start) ** (1 / (steps - 1))
    result = {"lr": [], "loss": [], "smoothed": []}
    average, best, batches = MovingAverage(smoothing), math.inf, iter(loader)
    for i in range(steps):
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(loader)
            try:
                x, y = next(batches)
            except StopIteration:
                raise ValueError("the loader yields no batches (is the data set empty?)") from None
        lr = start * ratio**i
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        smoothed = average.update(loss.item())
        for key, value in zip(result, (lr, loss.item(), smoothed), strict=True):
            result[key].append(value)
        best = min(best, smoothed)
        if not math.isfinite(smoothed) or smoothed > stop_factor * best:
            break
    model.load_state_dict(saved)
    return result
