import numpy as np
import pytest
import torch
import torch.nn.functional as F

from descent import activations as act

X = np.linspace(-4, 4, 161)
X = X[np.abs(X) > 1e-9]  # no derivative at the kink of relu-like functions

TORCH = {
    "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01), "elu": F.elu,
    "swish": F.silu, "gelu": F.gelu,
}


@pytest.mark.parametrize("name", act.ACTIVATIONS)
def test_function_and_derivative_match_torch(name):
    f, df = act.ACTIVATIONS[name]
    t = torch.tensor(X, requires_grad=True)
    out = TORCH[name](t)
    out.sum().backward()
    np.testing.assert_allclose(f(X), out.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(df(X), t.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_sigmoid_slope_peaks_at_a_quarter():
    assert act.d_sigmoid(0.0) == 0.25
    assert act.d_sigmoid(X).max() <= 0.25


def test_gelu_approximation_is_close():
    assert np.abs(act.gelu(X) - act.gelu_approx(X)).max() < 0.021
