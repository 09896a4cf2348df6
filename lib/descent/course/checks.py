"""Self-checks for exercises: a friendly verdict instead of a bare ``AssertionError``.

``check_close("slope", got, 1.1204)`` prints ``✓ slope: 1.1204`` when the answer is right
and raises :class:`CheckFailed` with the difference when it is not, so a wrong answer
stops a Run All the way a failing test would. An exercise left at ``None`` only gets a
reminder. Known wrong answers (``mistakes``) get an explanation instead of a bare number.

The notebooks do not call these with the answer in the call: each exercise has its own
checker in :mod:`descent.course.exercises`, which computes the reference out of sight.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import torch


class CheckFailed(AssertionError):
    """An exercise answer is not what was expected."""


def _as_array(name: str, value) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailed(f"✗ {name}: expected a number (or numbers), got "
                          f"{type(value).__name__} {value!r}") from None


def _show(a: np.ndarray) -> str:
    return np.array2string(a, precision=4, suppress_small=True) if a.ndim else f"{a.item():.4g}"


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """Elementwise ``|got - expected| <= atol + rtol * |expected|``; equal infinities count
    as close (their difference is NaN, not 0)."""
    if got.shape != expected.shape:
        return False
    with np.errstate(invalid="ignore"):
        near = np.abs(got - expected) <= atol + rtol * np.abs(expected)
    return bool(np.all(near | (got == expected)))


def _how_far(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """Which way and roughly how far a wrong answer is off, without giving the answer away."""
    if got.ndim == 0:
        direction = "too high" if got > expected else "too low"
        if expected == 0 or not np.isfinite(expected):
            return f"{_show(got)} is {direction}"
        off = abs(got - expected) / abs(expected)
        rough = f"about {off:.0%}" if off >= 0.01 else "less than 1%"
        return f"{_show(got)} is {direction} (off by {rough})"
    wrong = ~np.array([_close(a, b, rtol, atol) for a, b in zip(got.ravel(), expected.ravel(),
                                                                strict=True)])
    first = int(np.flatnonzero(wrong)[0])
    index = np.unravel_index(first, got.shape)
    direction = "too high" if got.ravel()[first] > expected.ravel()[first] else "too low"
    where = index[0] if got.ndim == 1 else tuple(int(i) for i in index)
    return (f"{int(wrong.sum())} of {got.size} entries are off; the first, at index {where}, "
            f"is {direction}")


def check_close(
    name: str, got, expected, *, rtol: float = 1e-4, atol: float = 1e-6, quiet: bool = False,
    mistakes: Iterable[tuple[object, str]] = (),
) -> None:
    """Check ``|got - expected| <= atol + rtol * |expected|`` elementwise.

    ``got`` and ``expected`` may be numbers, lists, numpy arrays or tensors of the same
    shape. Prints a one-line pass message (unless ``quiet``); on failure
    raises :class:`CheckFailed` saying what was expected, what came and the largest
    difference. ``mistakes`` lists typical wrong answers as ``(value, explanation)`` pairs:
    an answer close to one of them fails with that explanation. ``got=None`` means "not
    answered yet": only a reminder is printed, so an untouched exercise does not stop the
    rest of the notebook.
    """
    if got is None:  # the exercise is not tried yet: say so, and let Run All go on
        not_answered(name)
        return
    g, e = _as_array(name, got), _as_array(name, expected)
    if g.shape != e.shape:
        raise CheckFailed(f"✗ {name}: expected shape {e.shape}, got shape {g.shape}")
    if np.isnan(g).any():
        raise CheckFailed(f"✗ {name}: the answer contains NaN: {_show(g)}")
    if not _close(g, e, rtol, atol):
        for value, explanation in mistakes:
            if _close(g, _as_array(name, value), rtol, atol):
                raise CheckFailed(f"✗ {name}: {_show(g)} is a common mistake. {explanation}")
        raise CheckFailed(f"✗ {name}: {_how_far(g, e, rtol, atol)}")
    if not quiet:
        print(f"✓ {name}: {_show(g)}")


def not_answered(name: str) -> None:
    """The reminder an exercise still at ``None`` gets (it does not stop a Run All)."""
    print(f"… {name}: no answer yet. Write yours in the cell above, then run this one again.")


def check_true(name: str, condition: bool, hint: str = "") -> None:
    """Pass when ``condition`` holds; otherwise raise :class:`CheckFailed` with ``hint``."""
    if not condition:
        raise CheckFailed(f"✗ {name}" + (f": {hint}" if hint else ""))
    print(f"✓ {name}")
