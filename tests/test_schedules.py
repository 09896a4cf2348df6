"""descent.schedules against torch.optim.lr_scheduler; the range test; the surfaces."""

import math

import pytest
import torch
import torch.nn.functional as F

from descent import schedules, surfaces
from descent.data import Split
from descent.train import batches

L = torch.optim.lr_scheduler
CASES = {
    "warmup": (lambda o: L.LinearLR(o, start_factor=0.25, total_iters=10),
               lambda t: schedules.warmup(0.1, t, 10, start=0.25), 30),
    "step": (lambda o: L.StepLR(o, step_size=7, gamma=0.5),
             lambda t: schedules.step_decay(0.1, t, 7, 0.5), 40),
    "exponential": (lambda o: L.ExponentialLR(o, gamma=0.9),
                    lambda t: schedules.exponential(0.1, t, 0.9), 40),
    "cosine": (lambda o: L.CosineAnnealingLR(o, T_max=25, eta_min=1e-3),
               lambda t: schedules.cosine(0.1, t, 25, 1e-3), 26),
    "one-cycle": (lambda o: L.OneCycleLR(o, max_lr=0.1, total_steps=60),
                  lambda t: schedules.one_cycle(0.1, t, 60), 60),
    "one-cycle, other options": (
        lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=37, pct_start=0.25, div_factor=10,
                               final_div_factor=100),
        lambda t: schedules.one_cycle(0.5, t, 37, pct=0.25, div=10, final_div=100), 37),
}


def torch_lrs(make, steps):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler, out = make(optimizer), []
    for _ in range(steps):
        out.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return out


@pytest.mark.parametrize("name", CASES)
def test_schedule_equals_torch(name):
    make, ours, steps = CASES[name]
    assert [ours(t) for t in range(steps)] == pytest.approx(torch_lrs(make, steps), rel=1e-12)


def test_lr_find_rises_restores_and_stops():
    torch.manual_seed(0)
    x = torch.randn(256, 5)
    data = Split(x, (x[:, 0] > 0).long())
    model = torch.nn.Linear(5, 2)
    before = [p.clone() for p in model.parameters()]
    result = schedules.lr_find(model, F.cross_entropy,
                               lambda params: torch.optim.SGD(params, lr=1.0),
                               batches(data, 32), start=1e-4, end=1e4, steps=100)
    lrs = result["lr"]
    assert lrs[0] == pytest.approx(1e-4) and all(b > a for a, b in zip(lrs, lrs[1:], strict=False))
    assert len(lrs) < 100  # a learning rate of thousands blows up: the test stops early
    assert min(result["smoothed"]) < result["smoothed"][0]  # somewhere in between it learns
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    with pytest.raises(ValueError):
        schedules.lr_find(model, F.cross_entropy, torch.optim.SGD, batches(data, 32), start=0)


@pytest.mark.parametrize("call, says", [
    (lambda: schedules.warmup(0.1, 0, steps=0), "steps must be at least 1 step"),
    (lambda: schedules.step_decay(0.1, 5, size=0), "size must be at least 1 step"),
    (lambda: schedules.cosine(0.1, 0, period=0), "period must be at least 1 step"),
    (lambda: schedules.one_cycle(0.1, 0, total=1), "total"),
    (lambda: schedules.one_cycle(0.1, 0, total=3), r"pct \* total - 1"),
    (lambda: schedules.exponential(0.1, -1, gamma=0.9), "counts from 0"),
])
def test_schedules_refuse_too_few_steps(call, says):
    with pytest.raises(ValueError, match=says):
        call()


def test_lr_find_needs_two_steps_and_some_data():
    model = torch.nn.Linear(5, 2)
    data = Split(torch.randn(8, 5), torch.zeros(8, dtype=torch.long))
    with pytest.raises(ValueError, match="steps must be at least 2"):
        schedules.lr_find(model, F.cross_entropy, torch.optim.SGD, batches(data, 4), steps=1)
    with pytest.raises(ValueError, match="yields no batches"):
        schedules.lr_find(model, F.cross_entropy, lambda p: torch.optim.SGD(p, lr=0.1), [],
                          steps=5)


def test_surfaces_minima_and_trajectory():
    assert surfaces.rosenbrock(torch.tensor([1.0, 1.0])).item() == 0.0
    assert surfaces.ravine(torch.zeros(2)).item() == 0.0
    assert surfaces.saddle(torch.tensor([[1.0, 0.0], [0.0, 1.0]])).tolist() == [1.0, -1.0]
    path = surfaces.trajectory(surfaces.ravine, lambda p: torch.optim.SGD(p, lr=0.015),
                               (-1.5, 1.0), steps=300)
    assert path.shape == (301, 2) and abs(path[-1]).max() < 0.05
    # too large a step in the steep direction (curvature 100) diverges: the path stops
    diverged = surfaces.trajectory(surfaces.ravine, lambda p: torch.optim.SGD(p, lr=0.03),
                                   (-1.5, 1.0), steps=1000)
    assert len(diverged) < 1001 and math.isfinite(diverged[-1].sum())
