"""Timing a piece of code: the median, best and worst of a few runs.

Times on a shared or busy machine are noisy, so nothing in the course asserts one: the
notebooks show them (in cells whose output is not compared), and ``make bench`` reports
speeds as ratios of two timings taken in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds per run, over several runs. The best run is the one least disturbed by the
    rest of the machine; the median is the typical one."""

    median: float
    best: float
    worst: float


def timed(fn: Callable[[], object], repeats: int = 5) -> Timing:
    """Call ``fn()`` ``repeats`` times and time each call with ``time.perf_counter``."""
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(statistics.median(times), min(times), max(times))
