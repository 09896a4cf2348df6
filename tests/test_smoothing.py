"""descent.smoothing: the bias-corrected moving average, one value at a time or a list."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from descent.smoothing import MovingAverage, smooth


@settings(deadline=None, max_examples=40)
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=50), st.floats(0, 0.99))
def test_smooth_matches_the_definition_and_a_constant_stays_put(values, beta):
    out = smooth(values, beta)
    m = 0.0
    for t, (x, s) in enumerate(zip(values, out, strict=True), start=1):
        m = beta * m + (1 - beta) * x
        assert s == pytest.approx(m / (1 - beta**t), abs=1e-9)
    assert smooth([3.0] * 10, beta) == pytest.approx([3.0] * 10)  # bias correction at work


def test_smooth_rejects_bad_beta():
    with pytest.raises(ValueError, match="beta"):
        smooth([1.0], 1.0)


def test_moving_average_one_value_at_a_time_equals_smooth():
    average = MovingAverage(0.8)
    values = [3.0, -1.0, 4.0, 1.5]
    assert [average.update(x) for x in values] == smooth(values, 0.8)
    assert MovingAverage(0.5).update(7.0) == 7.0  # the first value, corrected, is itself
