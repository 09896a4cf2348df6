import numpy as np
import pytest
import torch

from descent.regularization import decay_sweep, mse, noisy_sine, polynomial_features, ridge_fit


def test_noisy_sine_is_seeded_and_sorted():
    x, y = noisy_sine(20, seed=1)
    assert x.shape == y.shape == (20,) and (np.diff(x) >= 0).all()
    np.testing.assert_array_equal(y, noisy_sine(20, seed=1)[1])
    clean = noisy_sine(50, noise=0.0)
    np.testing.assert_allclose(clean[1], np.sin(2 * np.pi * clean[0]))


def test_features():
    assert polynomial_features([2.0], 3).tolist() == [[1.0, 2.0, 4.0, 8.0]]
    with pytest.raises(ValueError):
        polynomial_features([1.0], -1)


def test_ridge_is_the_minimizer_of_the_penalized_loss():
    x, y = noisy_sine(15, seed=0)
    lam = 1e-3
    w = ridge_fit(x, y, 6, lam)
    t = torch.tensor(w, requires_grad=True)
    features = torch.tensor(polynomial_features(x, 6))
    loss = ((features @ t - torch.tensor(y)) ** 2).mean() + lam * (t**2).sum()
    loss.backward()
    assert t.grad.abs().max().item() < 1e-9  # the gradient vanishes at the solution


def test_high_degree_interpolates_without_decay():
    x, y = noisy_sine(10, seed=0)
    assert mse(ridge_fit(x, y, 9), x, y) < 1e-12


def test_sweep_shapes_and_trends():
    train, valid = noisy_sine(15, seed=0), noisy_sine(200, seed=1)
    table = decay_sweep(train, valid, 12, np.logspace(-8, 1, 10))
    assert len(table) == 10
    assert (np.diff(table.train_mse) >= -1e-12).all()  # more decay never fits train better
    assert (np.diff(table.weight_norm) <= 1e-12).all()  # and always shrinks the weights
    with pytest.raises(ValueError):
        ridge_fit(*train, 3, lam=-1)


@pytest.mark.parametrize("x, y, lam, says", [
    ([0.1, float("nan"), 0.3], [1.0, 2.0, 3.0], 0.0, "x must be finite"),
    ([0.1, 0.2, 0.3], [1.0, float("inf"), 3.0], 0.1, "y must be finite"),
    ([0.1, 0.2, 0.3], [1.0, 2.0, 3.0], float("nan"), "lam must be >= 0"),
])
def test_ridge_fit_refuses_nan(x, y, lam, says):
    with pytest.raises(ValueError, match=says):
        ridge_fit(x, y, 2, lam)
