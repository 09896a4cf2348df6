"""Exponential moving averages, corrected for their start at zero.

``m_t = beta m_{t-1} + (1 - beta) x_t`` from ``m_0 = 0`` remembers the recent values, each
older one weighted ``beta`` times less. Starting at 0 drags the first averages towards 0:
after ``t`` values all equal to ``x``, ``m_t = (1 - beta^t) x``. Dividing by ``1 - beta^t``
removes that bias. Adam corrects its moments the same way (notebook 06); here the average
smooths a noisy loss curve (notebook 08) and the learning-rate range test's loss.
"""

from __future__ import annotations

from collections.abc import Iterable


class MovingAverage:
    """A bias-corrected exponential moving average, fed one value at a time."""

    def __init__(self, beta: float = 0.9):
        if not 0 <= beta < 1:
            raise ValueError(f"beta must be in [0, 1), got {beta}")
        self.beta, self.average, self.count = beta, 0.0, 0

    def update(self, x: float) -> float:
        """Take in ``x``; return the corrected average ``m_t / (1 - beta^t)``."""
        self.count += 1
        self.average = self.beta * self.average + (1 - self.beta) * x
        return self.average / (1 - self.beta**self.count)


def smooth(values: Iterable[float], beta: float = 0.9) -> list[float]:
    """The corrected moving average after each of ``values``: a list as long as ``values``."""
    average = MovingAverage(beta)
    return [average.update(x) for x in values]
