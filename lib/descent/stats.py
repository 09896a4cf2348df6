"""How sure can a test accuracy be? Confidence intervals for a proportion.

An accuracy measured on ``n`` test examples is an estimate of the probability ``p`` that
the model gets a fresh example right. Its uncertainty shrinks like ``1/sqrt(n)``:

- **normal** (Wald) interval: ``p ± z sqrt(p (1 - p) / n)``; simple, but too narrow near
  0 or 1 and for small ``n`` (at p = 1 it has width 0);
- **Wilson** interval: solves ``|p - q| = z sqrt(q (1 - q) / n)`` for ``q``; stays inside
  [0, 1] and keeps its promised coverage for small ``n``. Prefer it.

``z`` is the normal quantile for the confidence level (1.96 for 95%).
"""

from __future__ import annotations

import math
from statistics import NormalDist


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def accuracy_interval(correct: int, n: int, confidence: float = 0.95,
                      method: str = "wilson") -> tuple[float, float]:
    """Interval for the true accuracy after ``correct`` right answers out of ``n``."""
    if n < 1 or not 0 <= correct <= n:
        raise ValueError(f"need 0 <= correct <= n and n >= 1, got correct={correct}, n={n}")
    z, p = _z(confidence), correct / n
    if method == "normal":
        half = z * math.sqrt(p * (1 - p) / n)
        return max(0.0, p - half), min(1.0, p + half)
    if method == "wilson":
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        return max(0.0, centre - half), min(1.0, centre + half)
    raise ValueError(f"method must be 'wilson' or 'normal', got {method!r}")


def interval_half_width(p: float, n: int, confidence: float = 0.95) -> float:
    """Half the width of the normal interval at accuracy ``p`` on ``n`` examples."""
    if not 0 <= p <= 1 or n < 1:
        raise ValueError(f"need 0 <= p <= 1 and n >= 1, got p={p}, n={n}")
    return _z(confidence) * math.sqrt(p * (1 - p) / n)


def detectable_difference(p: float, n: int, confidence: float = 0.95) -> float:
    """The smallest accuracy gap that two models, each tested on its own ``n`` examples,
    need before the gap is significant at ``confidence``.

    The difference of two accuracies near ``p`` has standard error ``sqrt(2 p (1 - p) / n)``,
    so a gap counts when it exceeds ``z`` times that: ``sqrt(2)`` times the half-width of
    one interval. (Testing both models on the same examples and comparing their errors
    one by one, McNemar's test, can do better; this is the simple bound.)
    """
    return math.sqrt(2) * interval_half_width(p, n, confidence)
