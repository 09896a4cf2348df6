"""Exercise checks of notebook 01 SGD by hand."""

from __future__ import annotations

import numpy as np

from descent.course.checks import check_close, check_true, not_answered
from descent.spreadsheet import sgd_table


def second_row(prediction, de_db, de_da, x, y) -> None:
    """Prediction and analytic gradients of the spreadsheet's second row."""
    row = sgd_table(x[:2], y[:2]).iloc[1]
    from_start = 1.0 * x[1] + 1.0  # a = b = 1: the values before row 1's update
    check_close("prediction", prediction, row.prediction, mistakes=[
        (from_start, "That uses a = b = 1; row 2 starts from row 1's new slope and intercept.")])
    check_close("de/db", de_db, row.de_db, mistakes=[
        (row.prediction - y[1], "Missing the 2: d(p - y)^2/db = 2 (p - y)."),
        (-row.de_db, "The sign is flipped: it is 2 (prediction - y).")])
    check_close("de/da", de_da, row.de_da, mistakes=[
        (row.de_db, "That is de/db; de/da has the extra factor x."),
        (x[1] * (row.prediction - y[1]), "Missing the 2: de/da = 2 (p - y) x.")])


def largest_stable_lr(lr, x, y) -> None:
    """The largest learning rate, to two significant digits, for which 50 epochs of the
    spreadsheet on (x, y) do not diverge (the mean error of the last epoch is finite and no
    larger than that of the first)."""
    def diverged(rate: float) -> bool:
        table = sgd_table(x, y, lr=rate, epochs=50)
        first, last = (table.error[table.epoch == e].mean() for e in (0, 49))
        return not np.isfinite(last) or last > first

    if lr is None:
        not_answered("largest lr")
        return
    check_true(f"lr {lr:.2g} does not diverge", not diverged(lr), "it diverges: try smaller")
    check_true(f"5% more ({1.05 * lr:.2g}) diverges", diverged(1.05 * lr),
               "a larger one still works: try larger")
