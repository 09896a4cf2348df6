"""SGD by hand, one row per example: the spreadsheet of notebook 01, as data and as .xlsx.

The model is a line, ``prediction = a*x + b``, with slope ``a`` and intercept ``b``, and
the loss of one example is its squared error ``e = (prediction - y)**2``. Each row of the
table takes one example and one SGD step:

===================  ==========================================================
column               formula
===================  ==========================================================
prediction           ``a*x + b``
error                ``(prediction - y)**2``
error_b_nudged       the error with ``b + h`` in place of ``b``
est_de_db            ``(error_b_nudged - error) / h``   (finite difference)
error_a_nudged       the error with ``a + h`` in place of ``a``
est_de_da            ``(error_a_nudged - error) / h``
de_db                ``2 * (prediction - y)``            (calculus)
de_da                ``x * de_db``
new_slope            ``a - lr * de/da``
new_intercept        ``b - lr * de/db``
===================  ==========================================================

and the next row starts from the new slope and intercept. ``gradient`` says which of the
two gradients (``"analytic"`` or ``"estimated"``) drives the update.

:func:`write_xlsx` writes the same table as a workbook whose cells are live formulas, so
changing the learning rate in Excel or LibreOffice recomputes every row.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = {  # name in the table -> header in the workbook
    "x": "x",
    "y": "y",
    "intercept": "intercept b",
    "slope": "slope a",
    "prediction": "prediction",
    "error": "squared error",
    "error_b_nudged": "error, b + h",
    "est_de_db": "est. de/db",
    "error_a_nudged": "error, a + h",
    "est_de_da": "est. de/da",
    "de_db": "de/db",
    "de_da": "de/da",
    "new_slope": "new a",
    "new_intercept": "new b",
}
GRADIENTS = ("analytic", "estimated")


def _validate(x, y, lr: float, h: float, gradient: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError(f"x and y must be 1-D, got shapes {x.shape} and {y.shape}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if len(x) == 0:
        raise ValueError("the data is empty: need at least one (x, y) example")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
    if not h > 0:
        raise ValueError(f"h (the nudge) must be positive, got {h}")
    if gradient not in GRADIENTS:
        raise ValueError(f"gradient must be 'analytic' or 'estimated', got {gradient!r}")
    return x, y


def sgd_row(x: float, y: float, a: float, b: float, lr: float, h: float,
             gradient: str = "analytic") -> dict[str, float]:
    """One row of the table: every intermediate number of one SGD step on one example."""
    def error(a: float, b: float) -> float:
        residual = a * x + b - y
        return residual * residual  # overflows to inf (not an exception) when SGD diverges

    row = {"x": x, "y": y, "intercept": b, "slope": a, "prediction": a * x + b}
    row["error"] = error(a, b)
    row["error_b_nudged"] = error(a, b + h)
    row["est_de_db"] = (row["error_b_nudged"] - row["error"]) / h
    row["error_a_nudged"] = error(a + h, b)
    row["est_de_da"] = (row["error_a_nudged"] - row["error"]) / h
    row["de_db"] = 2 * (row["prediction"] - y)
    row["de_da"] = x * row["de_db"]
    by_estimate = gradient == "estimated"
    row["new_slope"] = a - lr * (row["est_de_da"] if by_estimate else row["de_da"])
    row["new_intercept"] = b - lr * (row["est_de_db"] if by_estimate else row["de_db"])
    return row


def sgd_table(x, y, a: float = 1.0, b: float = 1.0, lr: float = 1e-4, h: float = 0.01,
              gradient: str = "analytic", epochs: int = 1) -> pd.DataFrame:
    """Run SGD over the examples ``(x[i], y[i])`` in order, one row per step.

    ``a`` and ``b`` are the starting slope and intercept, ``lr`` the learning rate, ``h``
    the nudge of the finite differences. With ``epochs > 1`` the data is walked again,
    each pass starting where the last one ended; the ``epoch`` column says which pass.
    Returns a DataFrame with the columns of :data:`COLUMNS` plus ``epoch``.
    """
    x, y = _validate(x, y, lr, h, gradient)
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    rows = []
    for epoch in range(epochs):
        for xi, yi in zip(x, y, strict=True):
            row = sgd_row(float(xi), float(yi), a, b, lr, h, gradient)
            a, b = row["new_slope"], row["new_intercept"]
            rows.append({"epoch": epoch, **row})
    return pd.DataFrame(rows, columns=["epoch", *COLUMNS])


def epoch_path(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The (slopes, intercepts) to draw for a table: the start, every step of the first
    epoch, then the end of each later epoch (within an epoch each example tugs the line its
    own way, and drawing every tug hides the trend)."""
    first = table[table.epoch == 0]
    ends = table.groupby("epoch").tail(1).iloc[1:]
    start_a, start_b = first.slope.iloc[0], first.intercept.iloc[0]
    slopes = np.concatenate([[start_a], first.new_slope, ends.new_slope])
    intercepts = np.concatenate([[start_b], first.new_intercept, ends.new_intercept])
    return slopes, intercepts


# ---------------------------------------------------------------- the live workbook

INPUTS = {  # defined name -> (row, label); the values sit in column B
    "lr": (1, "learning rate"),
    "h": (2, "nudge h"),
    "start_a": (3, "starting slope a"),
    "start_b": (4, "starting intercept b"),
    "gradient": (5, 'update with ("analytic" or "estimated")'),
}
HEADER_ROW = 7


def _row_formulas(r: int) -> list[str]:
    """The formulas of table row ``r`` (columns C to N), in terms of A (x) and B (y)."""
    first = r == HEADER_ROW + 1
    return [
        "=start_b" if first else f"=N{r - 1}",  # C intercept: the new b of the row above
        "=start_a" if first else f"=M{r - 1}",  # D slope
        f"=D{r}*A{r}+C{r}",  # E prediction
        f"=(E{r}-B{r})^2",  # F squared error
        f"=(D{r}*A{r}+(C{r}+h)-B{r})^2",  # G error with b nudged
        f"=(G{r}-F{r})/h",  # H estimated de/db
        f"=((D{r}+h)*A{r}+C{r}-B{r})^2",  # I error with a nudged
        f"=(I{r}-F{r})/h",  # J estimated de/da
        f"=2*(E{r}-B{r})",  # K de/db
        f"=A{r}*K{r}",  # L de/da
        f'=D{r}-lr*IF(gradient="estimated",J{r},L{r})',  # M new slope
        f'=C{r}-lr*IF(gradient="estimated",H{r},K{r})',  # N new intercept
    ]


def write_xlsx(path: str | os.PathLike, x, y, a: float = 1.0, b: float = 1.0,
               lr: float = 1e-4, h: float = 0.01, gradient: str = "analytic") -> Path:
    """Write the SGD table as an .xlsx workbook of live formulas; return its path.

    The inputs sit in named cells (``lr``, ``h``, ``start_a``, ``start_b``, ``gradient``)
    in B1:B5; the table starts below them, one example per row, each derived cell a
    formula of the inputs, its own row and the row above. Nothing is a pasted value
    except x, y and the inputs, so edit any of them and the workbook recomputes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName

    x, y = _validate(x, y, lr, h, gradient)
    book = Workbook()
    sheet = book.active
    sheet.title = "SGD"
    values = {"lr": lr, "h": h, "start_a": a, "start_b": b, "gradient": gradient}
    for name, (row, label) in INPUTS.items():
        sheet.cell(row, 1, label)
        cell = sheet.cell(row, 2, values[name])
        cell.fill = PatternFill("solid", fgColor="FFF2CC")  # yellow: change me
        book.defined_names[name] = DefinedName(name, attr_text=f"SGD!$B${row}")
    for column, header in enumerate(COLUMNS.values(), start=1):
        sheet.cell(HEADER_ROW, column, header).font = Font(bold=True)
        sheet.column_dimensions[chr(64 + column)].width = 14
    sheet.column_dimensions["A"].width = 38
    for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
        r = HEADER_ROW + 1 + i
        sheet.cell(r, 1, float(xi))
        sheet.cell(r, 2, float(yi))
        for column, formula in enumerate(_row_formulas(r), start=3):
            sheet.cell(r, column, formula)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    path = Path(path)
    book.save(path)
    return path


# ---------------------------------------------------------------- the whole data set


def mse_surface(x, y, slopes, intercepts) -> np.ndarray:
    """Mean squared error of the line over all examples, on a grid of (slope, intercept).

    Returns an array of shape ``(len(intercepts), len(slopes))``, ready for
    ``plt.contour(slopes, intercepts, surface)``.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    a = np.asarray(slopes, dtype=np.float64)[None, :, None]
    b = np.asarray(intercepts, dtype=np.float64)[:, None, None]
    return np.mean((a * x + b - y) ** 2, axis=-1)


# ---------------------------------------------------------------- batch sizes


def fit_line(x, y, *, batch_size: int, lr: float, epochs: int, a: float = 1.0,
             b: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """Fit ``a*x + b`` by SGD on the mean squared error of mini-batches.

    Each epoch shuffles the examples (seeded) and cuts them into batches of
    ``batch_size``; each batch is one iteration: ``a -= lr * mean(2 * (pred - y) * x)`` and
    ``b -= lr * mean(2 * (pred - y))``. ``batch_size=1`` is the spreadsheet's SGD,
    ``batch_size=len(x)`` is full-batch gradient descent.

    Returns one row per iteration: ``epoch``, ``iteration``, ``slope``, ``intercept`` (after
    the step) and ``loss``, the mean squared error over all the data after the step.
    """
    x, y = _validate(x, y, lr, 1.0, "analytic")
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    if not 1 <= batch_size <= len(x):
        raise ValueError(f"batch_size must be between 1 and {len(x)}, got {batch_size}")
    rng = np.random.default_rng(seed)
    rows = []
    for epoch in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            residual = a * x[batch] + b - y[batch]
            a, b = a - lr * np.mean(2 * residual * x[batch]), b - lr * np.mean(2 * residual)
            loss = float(np.mean((a * x + b - y) ** 2))
            rows.append((epoch, len(rows) + 1, a, b, loss))
    return pd.DataFrame(rows, columns=["epoch", "iteration", "slope", "intercept", "loss"])
