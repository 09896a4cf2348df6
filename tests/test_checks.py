import numpy as np
import pytest
import torch

from descent.course.checks import CheckFailed, check_close, check_true


def test_pass_prints_a_tick(capsys):
    check_close("slope", 1.12040001, 1.1204)
    assert capsys.readouterr().out.startswith("✓ slope")


@pytest.mark.parametrize("got", [1.2, [1.1204, 2.0], np.nan])
def test_fail_says_what_is_wrong(got):
    with pytest.raises(CheckFailed, match="✗ slope"):
        check_close("slope", got, 1.1204)


def test_a_wrong_answer_learns_which_way_not_the_answer():
    with pytest.raises(CheckFailed) as info:
        check_close("w", torch.tensor([1.0, 2.5, 0.0]), [1.0, 2.0, 7.25])
    message = str(info.value)
    assert message == "✗ w: 2 of 3 entries are off; the first, at index 1, is too high"
    with pytest.raises(CheckFailed) as info:
        check_close("slope", 1.0, 1.25)
    assert str(info.value) == "✗ slope: 1 is too low (off by about 20%)"
    assert "1.25" not in str(info.value)
    with pytest.raises(CheckFailed, match=r"at index \(1, 0\), is too low"):
        check_close("m", [[0.0, 0.0], [1.0, 0.0]], [[0.0, 0.0], [2.0, 0.0]])


def test_known_mistakes_are_explained():
    mistakes = [(0.8, "that is the keep probability"), (1.0, "no scaling is also wrong")]
    with pytest.raises(CheckFailed, match="0.8 is a common mistake. that is the keep"):
        check_close("scale", 0.8, 1.25, mistakes=mistakes)
    check_close("scale", 1.25, 1.25, mistakes=mistakes, quiet=True)  # right stays right


def test_equal_infinities_are_close_and_words_are_not_numbers():
    check_close("loss", float("inf"), float("inf"), quiet=True)
    check_close("v", [1.0, -np.inf], [1.0, -np.inf], quiet=True)
    with pytest.raises(CheckFailed, match="too high"):
        check_close("loss", np.inf, 2.0)
    with pytest.raises(CheckFailed, match="expected a number .* got str 'twelve'"):
        check_close("count", "twelve", 12)


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
