"""descent.finite_differences: forward and central differences, and their errors."""

import numpy as np
import pytest

from descent.finite_differences import derivative, numerical_gradient


@pytest.mark.parametrize("method, order", [("forward", 1), ("central", 2)])
def test_error_shrinks_at_the_order_of_the_method(method, order):
    # halving h divides the truncation error by 2**order (far from round-off)
    errors = [abs(derivative(np.sin, 1.0, h, method) - np.cos(1.0)) for h in (1e-2, 5e-3)]
    assert errors[0] / errors[1] == pytest.approx(2**order, rel=0.02)


def test_central_difference_is_accurate_in_float64():
    assert derivative(np.exp, 0.5) == pytest.approx(np.exp(0.5), rel=1e-9)


def test_numerical_gradient_of_a_quadratic_form():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3))
    x = rng.standard_normal(3)
    grad = numerical_gradient(lambda v: v @ a @ v, x)
    np.testing.assert_allclose(grad, (a + a.T) @ x, rtol=1e-7)
    assert grad.shape == x.shape


def test_numerical_gradient_leaves_input_untouched():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    numerical_gradient(lambda v: float((v**3).sum()), x)
    np.testing.assert_array_equal(x, [[1.0, 2.0], [3.0, 4.0]])


@pytest.mark.parametrize("call", [
    lambda: derivative(np.sin, 0.0, h=0), lambda: derivative(np.sin, 0.0, method="backward"),
    lambda: numerical_gradient(np.sum, np.ones(2), h=-1),
])
def test_bad_arguments(call):
    with pytest.raises(ValueError):
        call()
