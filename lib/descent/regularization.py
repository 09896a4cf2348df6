"""Over-fitting on a picture you can see, and the strength of weight decay swept over it.

The data: a few noisy samples of ``sin(2 pi x)`` on [0, 1] (:func:`noisy_sine`). The model:
a polynomial of some degree, whose features are the powers ``x^0 .. x^degree``
(:func:`polynomial_features`). A high degree passes through every training point and
wiggles wildly between them; an L2 penalty ``lam * sum(w^2)`` on the coefficients tames it.

:func:`ridge_fit` finds the exact minimizer of ``mean((X w - y)^2) + lam * sum(w^2)``
(the normal equations), so a sweep over ``lam`` (:func:`decay_sweep`) is real training,
done exactly, and fast enough to redraw under a slider.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def noisy_sine(n: int, *, noise: float = 0.25, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``x`` uniform on [0, 1] (sorted) and ``y = sin(2 pi x) + noise``."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 1, n))
    return x, np.sin(2 * np.pi * x) + noise * rng.standard_normal(n)


def polynomial_features(x, degree: int) -> np.ndarray:
    """Columns ``1, x, x^2, .., x^degree`` of the inputs ``x`` (n,): shape (n, degree + 1)."""
    if degree < 0:
        raise ValueError(f"degree must be >= 0, got {degree}")
    return np.vander(np.asarray(x, dtype=np.float64), degree + 1, increasing=True)


def ridge_fit(x, y, degree: int, lam: float = 0.0) -> np.ndarray:
    """Coefficients (degree + 1,) minimizing ``mean((X w - y)^2) + lam * sum(w^2)``.

    Setting the gradient to zero gives ``(X^T X / n + lam I) w = X^T y / n``. With
    ``lam = 0`` and more coefficients than points, the least-norm solution is returned.
    """
    if not lam >= 0:  # written so that NaN is refused too
        raise ValueError(f"lam must be >= 0, got {lam}")
    features, y = polynomial_features(x, degree), np.asarray(y, dtype=np.float64)
    for name, values in (("x", features), ("y", y)):
        if not np.isfinite(values).all():
            raise ValueError(f"{name} must be finite numbers; it holds "
                             f"{int((~np.isfinite(values)).sum())} NaN or infinite values")
    n = len(y)
    if lam == 0:
        return np.linalg.lstsq(features, y, rcond=None)[0]
    gram = features.T @ features / n + lam * np.eye(degree + 1)
    return np.linalg.solve(gram, features.T @ y / n)


def mse(w: np.ndarray, x, y) -> float:
    """Mean squared error of the polynomial with coefficients ``w`` on (x, y)."""
    return float(np.mean((polynomial_features(x, len(w) - 1) @ w - np.asarray(y)) ** 2))


def decay_sweep(train: tuple, valid: tuple, degree: int, lams) -> pd.DataFrame:
    """Fit at every ``lam``; a row each: ``lam``, ``train_mse``, ``valid_mse``, ``weight_norm``."""
    rows = []
    for lam in lams:
        w = ridge_fit(*train, degree, lam)
        rows.append((lam, mse(w, *train), mse(w, *valid), float(np.linalg.norm(w))))
    return pd.DataFrame(rows, columns=["lam", "train_mse", "valid_mse", "weight_norm"])
