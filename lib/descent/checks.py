"""Self-checks for exercises: a friendly verdict instead of a bare ``AssertionError``.

``check_close("slope", got, 1.1204)`` prints ``✓ slope: 1.1204`` when the answer is right
and raises :class:`CheckFailed` with the difference when it is not, so a wrong answer
stops a Run All the way a failing test would. An exercise left at ``None`` only gets a
reminder.
"""

from __future__ import annotations

import numpy as np
import torch


class CheckFailed(AssertionError):
    """An exercise answer is not what was expected."""


def _as_array(value) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def _show(a: np.ndarray) -> str:
    return np.array2string(a, precision=4, suppress_small=True) if a.ndim else f"{a.item():.4g}"


def check_close(
    name: str, got, expected, *, rtol: float = 1e-4, atol: float = 1e-6, quiet: bool = False
) -> None:
    """Check ``|got - expected| <= atol + rtol * |expected|`` elementwise.

    ``got`` and ``expected`` may be numbers, lists, numpy arrays or tensors of the same
    shape. Prints a one-line pass message (unless ``quiet``); on failure
    raises :class:`CheckFailed` saying what was expected, what came and the largest
    difference. ``got=None`` means "not answered yet": only a reminder is printed, so an
    untouched exercise does not stop the rest of the notebook.
    """
    if got is None:  # the exercise is not tried yet: say so, and let Run All go on
        print(f"… {name}: no answer yet. Write yours in the cell above, then run this one again.")
        return
    g, e = _as_array(got), _as_array(expected)
    if g.shape != e.shape:
        raise CheckFailed(f"✗ {name}: expected shape {e.shape}, got shape {g.shape}")
    if np.isnan(g).any():
        raise CheckFailed(f"✗ {name}: the answer contains NaN: {_show(g)}")
    diff = np.abs(g - e)
    if not np.all(diff <= atol + rtol * np.abs(e)):
        raise CheckFailed(
            f"✗ {name}: expected {_show(e)}, got {_show(g)} "
            f"(largest difference {diff.max():.3g})"
        )
    if not quiet:
        print(f"✓ {name}: {_show(g)}")


def check_true(name: str, condition: bool, hint: str = "") -> None:
    """Pass when ``condition`` holds; otherwise raise :class:`CheckFailed` with ``hint``."""
    if not condition:
        raise CheckFailed(f"✗ {name}" + (f": {hint}" if hint else ""))
    print(f"✓ {name}")
