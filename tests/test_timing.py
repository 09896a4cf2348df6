"""descent.course.timing: what a timing reports, and what it refuses."""

import time

import pytest

from descent.course.timing import Timing, timed


def test_timed_reports_median_best_and_worst_of_the_runs():
    pauses = iter([0.03, 0.01, 0.02])
    t = timed(lambda: time.sleep(next(pauses)), repeats=3)
    assert isinstance(t, Timing)
    assert t.best <= t.median <= t.worst
    assert t.best >= 0.01 and t.worst >= 0.03  # a sleep lasts at least as long as asked
    assert t.median >= 0.02


def test_timed_needs_a_run():
    with pytest.raises(ValueError, match="repeats must be at least 1"):
        timed(lambda: None, repeats=0)
