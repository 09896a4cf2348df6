import numpy as np
import pytest
import torch

from descent.checks import CheckFailed, check_close, check_true


def test_pass_prints_a_tick(capsys):
    check_close("slope", 1.12040001, 1.1204)
    assert capsys.readouterr().out.startswith("✓ slope")


@pytest.mark.parametrize("got", [1.2, [1.1204, 2.0], np.nan])
def test_fail_says_what_is_wrong(got):
    with pytest.raises(CheckFailed, match="✗ slope"):
        check_close("slope", got, 1.1204)


def test_difference_is_reported():
    with pytest.raises(CheckFailed, match=r"largest difference 0\.5"):
        check_close("w", torch.tensor([1.0, 2.5]), [1.0, 2.0])


def test_none_means_not_answered(capsys):
    check_close("w", None, 1.0)
    assert "no answer yet" in capsys.readouterr().out


def test_tensors_and_arrays_mix():
    check_close("w", torch.tensor([0.5, 1.5]), np.array([0.5, 1.5]), quiet=True)


def test_check_true(capsys):
    check_true("converges", True)
    assert capsys.readouterr().out == "✓ converges\n"
    with pytest.raises(CheckFailed, match="try a smaller lr"):
        check_true("converges", False, "try a smaller lr")
