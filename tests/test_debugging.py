"""descent.debugging: shape and NaN asserts, graph size, dead units, the gradient norm."""

import math

import pytest
import torch
from torch import nn

from descent.debugging import assert_finite, assert_shape, dead_fraction, grad_norm, graph_size


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


def test_grad_norm_matches_torch_clip_grad_norm():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2))
    model(torch.randn(8, 5)).pow(2).sum().backward()
    expected = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1e9)
    assert grad_norm(model.parameters()) == pytest.approx(expected.item(), rel=1e-6)
    assert grad_norm(nn.Linear(2, 2).parameters()) == 0.0
