"""descent.generalization: random features, minimum-norm and ridge fits, label noise, and
magnitude pruning, against torch's pseudo-inverse and torch.nn.utils.prune."""

import copy

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils import prune

from descent.generalization import (
    MaskedOptimizer,
    RandomReLUFeatures,
    apply_masks,
    feature_sweep,
    magnitude_masks,
    min_norm_fit,
    rewind,
    sparsity,
    with_label_noise,
)

F64 = torch.float64


def random_problem(n, p, k=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, p, generator=g, dtype=F64), torch.randn(n, k, generator=g, dtype=F64)


def test_random_features_are_relus_of_one_fixed_projection_and_nest():
    g = torch.Generator().manual_seed(0)
    features = RandomReLUFeatures(50, 400, g)
    x = torch.randn(2000, 50, generator=g, dtype=F64)
    all_of_them = features(x)
    assert all_of_them.shape == (2000, 400) and (all_of_them >= 0).all()
    # bigger models contain the smaller ones (equal up to rounding: a product of 30 columns
    # and the first 30 columns of a wider product are summed in different orders)
    torch.testing.assert_close(features(x, 30), all_of_them[:, :30], rtol=1e-12, atol=1e-12)
    # pre-activations x @ W have variance about 1 for unit inputs: half of them survive relu,
    # with mean square 1/2 (sampling sd of that mean over 800,000 entries: ~0.001)
    assert abs((all_of_them**2).mean().item() - 0.5) < 0.05
    with pytest.raises(ValueError, match="p must be between 1 and 400"):
        features(x, 401)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(3, 12), p=st.integers(1, 25), seed=st.integers(0, 1000))
def test_min_norm_fit_is_the_pseudo_inverse_solution(n, p, seed):
    f, y = random_problem(n, p, seed=seed)
    b = min_norm_fit(f, y)
    torch.testing.assert_close(b, torch.linalg.pinv(f) @ y, rtol=1e-7, atol=1e-9)
    if p >= n:  # more features than examples: an exact fit...
        torch.testing.assert_close(f @ b, y, rtol=1e-7, atol=1e-9)
        # ...and every other exact fit (add a null-space direction) is longer
        null = torch.linalg.svd(f).Vh[n:].T  # (p, p - n): f @ null = 0
        if null.shape[1]:
            other = b + null[:, :1] @ torch.ones(1, y.shape[1], dtype=F64)
            torch.testing.assert_close(f @ other, y, rtol=1e-7, atol=1e-8)
            assert other.norm() > b.norm()


@pytest.mark.parametrize("n, p", [(20, 8), (8, 20)])
def test_ridge_fit_minimizes_the_penalized_loss_and_tends_to_min_norm(n, p):
    f, y = random_problem(n, p, seed=1)
    lam = 0.3
    b = min_norm_fit(f, y, ridge=lam)
    # the other form of the same solution, solved independently
    primal = torch.linalg.solve(f.T @ f + lam * torch.eye(p, dtype=F64), f.T @ y)
    torch.testing.assert_close(b, primal, rtol=1e-9, atol=1e-10)
    b.requires_grad_()
    ((f @ b - y) ** 2).sum().add(lam * (b**2).sum()).backward()
    assert b.grad.abs().max() < 1e-9  # a minimum: the gradient vanishes
    torch.testing.assert_close(min_norm_fit(f, y, ridge=1e-10), min_norm_fit(f, y),
                               rtol=1e-6, atol=1e-7)


def test_min_norm_fit_refuses_bad_input():
    f, y = random_problem(5, 3)
    with pytest.raises(ValueError, match="features"):
        min_norm_fit(f, y[:4])
    with pytest.raises(ValueError, match="ridge must be >= 0"):
        min_norm_fit(f, y, ridge=float("nan"))


def test_label_noise_replaces_about_the_fraction_asked():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(20_000) % 10
    assert torch.equal(with_label_noise(labels, 0.0, 10, g), labels)
    noisy = with_label_noise(labels, 0.3, 10, g)
    changed = (noisy != labels).double().mean().item()
    # a replaced label is new with probability 9/10: 0.27 expected, binomial sd 0.003
    assert abs(changed - 0.27) < 0.015
    assert noisy.min() >= 0 and noisy.max() <= 9 and torch.equal(labels, torch.arange(20_000) % 10)
    with pytest.raises(ValueError, match="fraction"):
        with_label_noise(labels, 1.5, 10, g)


def test_feature_sweep_interpolates_from_n_features_on():
    g = torch.Generator().manual_seed(0)
    x, x_test = torch.randn(40, 10, generator=g, dtype=F64), torch.randn(50, 10, generator=g,
                                                                         dtype=F64)
    y, y_test = torch.randint(0, 3, (40,), generator=g), torch.randint(0, 3, (50,), generator=g)
    sweep = feature_sweep(RandomReLUFeatures(10, 200, g), (x, y), (x_test, y_test),
                          [10, 20, 39, 40, 80, 200])
    assert list(sweep.columns) == ["features", "train_mse", "test_mse", "test_error", "norm"]
    assert (sweep.train_mse[sweep.features >= 40] < 1e-20).all()  # exact fits
    assert (sweep.train_mse[sweep.features < 40] > 1e-3).all()
    assert sweep.norm.idxmax() == sweep.index[sweep.features == 40][0]  # the norm peaks at n


def small_model(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(30, 20), nn.ReLU(), nn.Linear(20, 5))


@pytest.mark.parametrize("amount", [0.0, 0.3, 0.9])
def test_magnitude_masks_prune_what_torch_prunes(amount):
    ours, theirs = small_model(), small_model()
    masks = magnitude_masks(ours, amount)
    assert set(masks) == {"0.weight", "2.weight"}  # weights only, biases kept
    for name in ("0", "2"):
        prune.l1_unstructured(theirs.get_submodule(name), "weight", amount=amount)
        assert torch.equal(masks[f"{name}.weight"],
                           theirs.get_submodule(name).weight_mask.bool())
    apply_masks(ours, masks)
    assert abs(sparsity(ours) - amount) < 0.01
    with pytest.raises(ValueError, match="sparsity"):
        magnitude_masks(ours, 1.0)


def test_masked_training_keeps_pruned_weights_at_zero_and_rewind_restores_the_rest():
    model = small_model()
    initial = copy.deepcopy(model.state_dict())
    masks = magnitude_masks(model, 0.8)
    optimizer = MaskedOptimizer(torch.optim.Adam(model.parameters(), lr=0.1), model, masks)
    g = torch.Generator().manual_seed(1)
    x, y = torch.randn(64, 30, generator=g), torch.randint(0, 5, (64,), generator=g)
    for _ in range(5):
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
    kept = masks["0.weight"]
    assert (model[0].weight[~kept] == 0).all()  # Adam's momentum did not revive them
    assert not torch.equal(model[0].weight[kept], initial["0.weight"][kept])  # the rest learned
    rewind(model, initial, masks)
    assert torch.equal(model[0].weight[kept], initial["0.weight"][kept])
    assert (model[0].weight[~kept] == 0).all() and sparsity(model) == pytest.approx(0.8, abs=0.01)
