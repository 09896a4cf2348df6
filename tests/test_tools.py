"""descent.tools (debugging, tuning, transfer helpers) and stats.detectable_difference."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from descent.stats import detectable_difference, interval_half_width
from descent.tools import (
    assert_finite,
    assert_shape,
    dead_fraction,
    freeze,
    grad_norm,
    graph_size,
    param_groups,
    smooth,
    trainable,
    unfreeze,
)


def test_assert_shape_accepts_wildcards_and_names_the_problem():
    assert_shape(torch.zeros(16, 3), (None, 3))
    with pytest.raises(ValueError, match=r"preds should have shape \(16,\), got \(16, 1\)"):
        assert_shape(torch.zeros(16, 1), (16,), "preds")
    with pytest.raises(ValueError, match=r"\(\*, 4\)"):
        assert_shape(torch.zeros(2, 3), (None, 4))


def test_assert_finite_counts_bad_entries():
    assert_finite(torch.ones(3))
    with pytest.raises(ValueError, match="loss has 1 NaN and 2 infinite entries out of 4"):
        assert_finite(torch.tensor([1.0, math.nan, math.inf, -math.inf]), "loss")


def test_graph_size_grows_with_a_kept_graph():
    w = torch.ones(3, requires_grad=True)
    assert graph_size(torch.ones(3)) == 0
    total = 0
    sizes = []
    for _ in range(5):
        total = total + (w * 2).sum()
        sizes.append(graph_size(total))
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0] + 8  # 3 new nodes per step
    assert graph_size((w * 2).sum()) == 3  # Sum, Mul, AccumulateGrad


def test_dead_fraction():
    acts = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    assert dead_fraction(acts) == pytest.approx(1 / 3)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=50), st.floats(0, 0.99))
def test_smooth_matches_the_definition_and_a_constant_stays_put(values, beta):
    out = smooth(values, beta)
    m = 0.0
    for t, (x, s) in enumerate(zip(values, out, strict=True), start=1):
        m = beta * m + (1 - beta) * x
        assert s == pytest.approx(m / (1 - beta**t), abs=1e-9)
    assert smooth([3.0] * 10, beta) == pytest.approx([3.0] * 10)  # bias correction at work


def test_smooth_rejects_bad_beta():
    with pytest.raises(ValueError, match="beta"):
        smooth([1.0], 1.0)


def test_grad_norm_matches_torch_clip_grad_norm():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2))
    model(torch.randn(8, 5)).pow(2).sum().backward()
    expected = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1e9)
    assert grad_norm(model.parameters()) == pytest.approx(expected.item(), rel=1e-6)
    assert grad_norm(nn.Linear(2, 2).parameters()) == 0.0


def test_freeze_stops_learning_and_unfreeze_restores_it():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    before = model[0].weight.clone()
    freeze(model[0])
    assert trainable(model) == 4 * 2 + 2
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    model(torch.randn(5, 3)).sum().backward()
    opt.step()
    assert torch.equal(model[0].weight, before) and model[0].weight.grad is None
    unfreeze(model[0])
    assert trainable(model) == sum(p.numel() for p in model.parameters())


def test_param_groups_give_each_part_its_rate():
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    groups = param_groups([model[0], model[1]], [1e-4, 1e-2])
    opt = torch.optim.Adam(groups)
    assert [g["lr"] for g in opt.param_groups] == [1e-4, 1e-2]
    assert opt.param_groups[0]["params"][0] is model[0].weight
    with pytest.raises(ValueError, match="one learning rate per part"):
        param_groups([model[0]], [1e-3, 1e-2])
    with pytest.raises(ValueError, match="positive"):
        param_groups([model[0]], [-1e-3])


def test_detectable_difference_is_sqrt2_half_widths_and_shrinks_with_n():
    assert detectable_difference(0.9, 1000) == pytest.approx(
        math.sqrt(2) * interval_half_width(0.9, 1000))
    # at n = 10,000 and 90%: 1.96 * sqrt(2 * 0.09 / 10,000) = 0.0083
    assert detectable_difference(0.9, 10_000) == pytest.approx(0.00832, abs=1e-5)
    ns = np.array([100, 400, 1600])
    gaps = [detectable_difference(0.9, n) for n in ns]
    assert gaps[0] == pytest.approx(2 * gaps[1]) and gaps[1] == pytest.approx(2 * gaps[2])
