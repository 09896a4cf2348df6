"""Small synthetic data sets, generated from a seed and never stored.

Each comes with the rule that made it, so a notebook can compare what a model learned
with the truth: a line for notebook 01, moons and spirals for classifiers, and a shop's
daily sales for the entity embeddings of notebook 04.
"""

from __future__ import annotations

import numpy as np
import torch

from descent.data.mnist import Split, Splits


def linear_data(
    n: int, a: float = 2.0, b: float = 30.0, *, noise: float = 0.0, seed: int = 0,
    first: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Points on the line ``y = a*x + b`` (plus Gaussian noise of std ``noise``).

    ``x`` are integers drawn uniformly from 1 to 100. ``first``, if given, is an
    ``(x, y)`` pair put first, so a worked example can start from a known row.
    Returns float64 arrays ``x`` and ``y`` of shape (n,).
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 101, size=n).astype(np.float64)
    y = a * x + b + noise * rng.standard_normal(n)
    if first is not None:
        x[0], y[0] = first
    return x, y


def two_moons(n: int = 200, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in 2-D: ``x`` float64 (n, 2), ``y`` int64 (n,) in {0, 1}."""
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    angle = rng.uniform(0, np.pi, size=n)
    x = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    x[y == 1] = np.stack([1 - np.cos(angle[y == 1]), 0.5 - np.sin(angle[y == 1])], axis=1)
    x += noise * rng.standard_normal((n, 2))
    return x, y.astype(np.int64)


def spirals(
    n: int = 300, classes: int = 3, *, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms in 2-D, ``n`` points in all (round robin).

    Returns ``x`` float64 (n, 2) and ``y`` int64 (n,) in ``0 .. classes-1``. Not linearly
    separable: a model needs a hidden layer to get it right.
    """
    if classes < 2 or n < classes:
        raise ValueError(f"need classes >= 2 and n >= classes, got n={n}, classes={classes}")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % classes
    radius = rng.uniform(0.05, 1.0, size=n)
    angle = y * 2 * np.pi / classes + 4 * radius + noise * rng.standard_normal(n)
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    return x, y.astype(np.int64)


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SALES_PRODUCTS = ("ice cream", "umbrellas")


def sales_effects() -> tuple[np.ndarray, np.ndarray]:
    """The true effects behind :func:`daily_sales`, in log units.

    Returns ``weekday`` (7, 2) and ``month`` (12, 2): row ``d`` or ``m``, column product
    (ice cream, umbrellas). Ice cream peaks in July and at weekends; umbrellas peak in
    October (three months later, so the two month effects are a cosine and a sine: a
    circle) and on working days, when people commute.
    """
    angle = 2 * np.pi * np.arange(12) / 12
    month = 0.6 * np.stack([np.cos(angle - angle[6]), np.cos(angle - angle[9])], axis=1)
    weekday = np.array([
        [-0.2, 0.3], [-0.2, 0.3], [-0.2, 0.3], [-0.2, 0.3], [0.1, 0.2], [0.5, -0.4], [0.5, -0.4],
    ])
    return weekday, month


def daily_sales(
    n_days: int = 3 * 365, *, noise: float = 0.1, seed: int = 0,
    sizes: tuple[float, float] = (0.7, 0.15),
) -> Splits:
    """A shop's daily sales of two products, driven by the weekday and the month.

    Day ``t`` (``t = 0`` a Monday in January, 30.4-day months) has ``x[t] = (weekday,
    month)``, two int64 categories in ``0..6`` and ``0..11``, and ``y[t]`` = log sales of
    (ice cream, umbrellas), float32 (2,), = the effects of :func:`sales_effects` plus a base
    of 3 (about 20 a day) plus Gaussian noise of std ``noise``. The days are shuffled with
    ``seed`` and split by ``sizes`` (train and valid fractions; the rest is test).
    """
    if n_days < 10:
        raise ValueError(f"n_days must be at least 10, got {n_days}")
    if min(sizes) <= 0 or sum(sizes) >= 1:
        raise ValueError(f"sizes are two positive fractions summing below 1, got {sizes}")
    rng = np.random.default_rng(seed)
    day = np.arange(n_days)
    weekday, month = day % 7, (day / (365 / 12)).astype(np.int64) % 12
    weekday_effect, month_effect = sales_effects()
    y = 3.0 + weekday_effect[weekday] + month_effect[month]
    y += noise * rng.standard_normal(y.shape)
    x = torch.from_numpy(np.stack([weekday, month], axis=1))
    y = torch.from_numpy(y.astype(np.float32))
    order = torch.from_numpy(rng.permutation(n_days))
    cuts = np.cumsum([0, round(sizes[0] * n_days), round(sizes[1] * n_days)]).tolist()
    parts = [order[a:b] for a, b in zip(cuts, [*cuts[1:], n_days], strict=True)]
    return Splits("synthetic daily sales", *(Split(x[p], y[p]) for p in parts))
