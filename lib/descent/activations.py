"""Non-linearities and their derivatives, in numpy, for plotting and for checking.

Each entry of :data:`ACTIVATIONS` is a pair ``(f, df)``: the function and its derivative,
both elementwise on arrays. The formulas:

============  ==========================================  =========================================
name          f(x)                                        f'(x)
============  ==========================================  =========================================
sigmoid       1 / (1 + e^-x)                              s(x) (1 - s(x)), at most 1/4 (at 0)
tanh          (e^x - e^-x) / (e^x + e^-x)                 1 - tanh(x)^2
relu          max(x, 0)                                   1 if x > 0 else 0
leaky_relu    x if x > 0 else a x        (a = 0.01)       1 if x > 0 else a
prelu         leaky ReLU with a learned a                 as leaky ReLU
elu           x if x > 0 else a (e^x - 1)   (a = 1)       1 if x > 0 else a e^x
swish         x s(beta x)   (beta = 1: SiLU)              s(bx) + b x s(bx) (1 - s(bx))
gelu          x Phi(x)   (Phi: standard normal CDF)       Phi(x) + x phi(x)
============  ==========================================  =========================================

GELU is often approximated by ``x * sigmoid(1.702 x)``, Swish with beta = 1.702.
"""

from __future__ import annotations

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def sigmoid(x):
    """``1 / (1 + e^-x)``, elementwise on any shape; computed through tanh: no overflow."""
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))  # no overflow


def d_sigmoid(x):
    """``sigmoid(x) (1 - sigmoid(x))``, elementwise: at most 1/4, at x = 0."""
    s = sigmoid(x)
    return s * (1 - s)


def d_tanh(x):
    """``1 - tanh(x)^2``, elementwise: 1 at x = 0, near 0 once |x| > 3."""
    return 1 - np.tanh(x) ** 2


def relu(x):
    """``max(x, 0)``, elementwise."""
    return np.maximum(x, 0.0)


def d_relu(x):
    """1 where x > 0, else 0, elementwise (the kink at 0 gets 0, as in PyTorch)."""
    return (np.asarray(x) > 0).astype(np.float64)


def leaky_relu(x, a: float = 0.01):
    """``x`` where x > 0, else ``a x``, elementwise."""
    return np.where(np.asarray(x) > 0, x, a * np.asarray(x))


def d_leaky_relu(x, a: float = 0.01):
    """1 where x > 0, else ``a``, elementwise: a small slope keeps the unit alive."""
    return np.where(np.asarray(x) > 0, 1.0, a)


def elu(x, a: float = 1.0):
    """``x`` where x > 0, else ``a (e^x - 1)``, elementwise: smooth, bottoming out at ``-a``."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, a * np.expm1(np.minimum(x, 0)))


def d_elu(x, a: float = 1.0):
    """1 where x > 0, else ``a e^x``, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0)))


def swish(x, beta: float = 1.0):
    """``x sigmoid(beta x)``, elementwise (SiLU at beta = 1; the GELU approximation at 1.702)."""
    return np.asarray(x) * sigmoid(beta * np.asarray(x))


def d_swish(x, beta: float = 1.0):
    """``s + beta x s (1 - s)`` with ``s = sigmoid(beta x)``, elementwise."""
    s = sigmoid(beta * np.asarray(x))
    return s + beta * np.asarray(x) * s * (1 - s)


def gelu(x):
    """``x Phi(x)``, elementwise, with ``Phi`` the standard normal CDF (through ``erf``)."""
    x = np.asarray(x, dtype=np.float64)
    return x * 0.5 * (1 + _erf(x / math.sqrt(2)))


def d_gelu(x):
    """``Phi(x) + x phi(x)``, elementwise, with ``phi`` the standard normal density."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * (1 + _erf(x / math.sqrt(2))) + x * np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def gelu_approx(x):
    """The cheap approximation ``x * sigmoid(1.702 x)``."""
    return swish(x, beta=1.702)


ACTIVATIONS = {
    "sigmoid": (sigmoid, d_sigmoid),
    "tanh": (np.tanh, d_tanh),
    "relu": (relu, d_relu),
    "leaky_relu": (leaky_relu, d_leaky_relu),
    "elu": (elu, d_elu),
    "swish": (swish, d_swish),
    "gelu": (gelu, d_gelu),
}
