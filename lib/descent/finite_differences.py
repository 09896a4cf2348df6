"""Finite differences: gradients without calculus, to check the gradients with it.

Nudge an input by a small ``h`` and watch the output move:

- forward difference  ``(f(x + h) - f(x)) / h``           error O(h)
- central difference  ``(f(x + h) - f(x - h)) / (2h)``    error O(h**2)

The error shrinks with ``h`` until round-off takes over: ``f(x + h) - f(x)`` subtracts two
nearly equal numbers, losing digits, and dividing by a tiny ``h`` magnifies what is lost.
In float64 the best central ``h`` is near 1e-5; in float32 near 1e-2.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def derivative(f: Callable[[float], float], x: float, h: float = 1e-5,
               method: str = "central") -> float:
    """Estimate ``f'(x)`` for a function of one number by a finite difference."""
    if not h > 0:
        raise ValueError(f"h must be positive, got {h}")
    if method == "forward":
        return (f(x + h) - f(x)) / h
    if method == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    raise ValueError(f"method must be 'forward' or 'central', got {method!r}")


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                       h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function of an array.

    ``f`` takes an array shaped like ``x`` and returns a number; the result has ``x``'s
    shape, entry ``i`` being ``(f(x + h e_i) - f(x - h e_i)) / (2h)``. Costs two calls of
    ``f`` per entry, so keep ``x`` small: this is a checker, not a way to train.
    """
    if not h > 0:
        raise ValueError(f"h must be positive, got {h}")
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f(x)
        x[i] = saved - h
        down = f(x)
        x[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad
