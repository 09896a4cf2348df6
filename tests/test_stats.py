"""descent.stats: confidence intervals for an accuracy, and the gap two models need."""

import math

import numpy as np
import pytest
import torch

from descent.stats import accuracy_interval, detectable_difference, interval_half_width


def test_wilson_known_values():
    # 0 of 10: the upper end is z^2 / (n + z^2); 5 of 10 is symmetric about 1/2
    assert accuracy_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert accuracy_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)


def test_normal_interval_formula():
    low, high = accuracy_interval(50, 100, method="normal")
    assert (high - low) / 2 == pytest.approx(1.959964 * 0.05, rel=1e-6)
    assert interval_half_width(0.5, 100) == pytest.approx(0.098, abs=1e-3)


def test_wilson_covers_about_as_promised():
    torch.manual_seed(0)
    p, n, trials = 0.9, 50, 4000
    hits = torch.binomial(torch.full((trials,), float(n)), torch.full((trials,), p))
    covered = sum(low <= p <= high for low, high in (accuracy_interval(int(k), n) for k in hits))
    assert 0.93 <= covered / trials <= 0.97  # 95% promised; 4000 trials: +-0.7% noise


def test_interval_narrows_like_one_over_sqrt_n():
    assert interval_half_width(0.8, 400) == pytest.approx(interval_half_width(0.8, 100) / 2)


@pytest.mark.parametrize("args", [(11, 10), (-1, 10), (0, 0)])
def test_interval_bad_counts(args):
    with pytest.raises(ValueError):
        accuracy_interval(*args)


def test_interval_bad_options():
    with pytest.raises(ValueError, match="confidence"):
        accuracy_interval(5, 10, confidence=1.5)
    with pytest.raises(ValueError, match="method"):
        accuracy_interval(5, 10, method="exact")


def test_detectable_difference_is_sqrt2_half_widths_and_shrinks_with_n():
    assert detectable_difference(0.9, 1000) == pytest.approx(
        math.sqrt(2) * interval_half_width(0.9, 1000))
    # at n = 10,000 and 90%: 1.96 * sqrt(2 * 0.09 / 10,000) = 0.0083
    assert detectable_difference(0.9, 10_000) == pytest.approx(0.00832, abs=1e-5)
    ns = np.array([100, 400, 1600])
    gaps = [detectable_difference(0.9, n) for n in ns]
    assert gaps[0] == pytest.approx(2 * gaps[1]) and gaps[1] == pytest.approx(2 * gaps[2])
