"""descent.spreadsheet: the seed row, the finite differences, the live workbook."""

import contextlib
import io

import numpy as np
import pytest
from openpyxl import load_workbook

from descent.data import linear_data
from descent.spreadsheet import COLUMNS, HEADER_ROW, fit_line, sgd_table, write_xlsx

SEED_ROW = {  # x = 14, y = 58, a = b = 1, lr = 1e-4, h = 0.01 (the classic spreadsheet)
    "x": 14, "y": 58, "intercept": 1, "slope": 1, "prediction": 15, "error": 1849,
    "error_b_nudged": 1848.1401, "est_de_db": -85.99, "error_a_nudged": 1836.9796,
    "est_de_da": -1202.04, "de_db": -86, "de_da": -1204, "new_slope": 1.1204,
    "new_intercept": 1.0086,
}


@pytest.fixture(scope="module")
def line():
    return linear_data(30, first=(14, 58))


def test_seed_row(line):
    row = sgd_table(*line).iloc[0]
    for name, expected in SEED_ROW.items():
        assert row[name] == pytest.approx(expected, rel=1e-12, abs=1e-9), name


def test_rows_chain(line):
    table = sgd_table(*line, epochs=2)
    assert len(table) == 60 and list(table.epoch.unique()) == [0, 1]
    np.testing.assert_array_equal(table.intercept.values[1:], table.new_intercept.values[:-1])
    np.testing.assert_array_equal(table.slope.values[1:], table.new_slope.values[:-1])


def test_estimated_gradient_drives_the_update_when_asked(line):
    row = sgd_table(*line, gradient="estimated").iloc[0]
    assert row.new_slope == pytest.approx(1 + 1e-4 * 1202.04)
    assert row.new_intercept == pytest.approx(1 + 1e-4 * 85.99)


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3])
def test_forward_difference_error_is_exactly_linear_in_h(line, h):
    # the error is quadratic in b and a, so the forward difference is off by exactly h
    # (times x**2 for the slope): error O(h), and it vanishes as h shrinks
    table = sgd_table(*line, h=h)
    np.testing.assert_allclose(table.est_de_db - table.de_db, h, rtol=1e-5)
    np.testing.assert_allclose(table.est_de_da - table.de_da, h * table.x**2, rtol=1e-5)


@pytest.mark.parametrize("kwargs, message", [
    ({"h": 0}, "h"), ({"h": -0.01}, "h"), ({"lr": 0}, "lr must be positive"),
    ({"lr": -1e-4}, "lr must be positive"), ({"gradient": "exact"}, "gradient"),
    ({"epochs": 0}, "epochs"),
])
def test_bad_parameters(line, kwargs, message):
    with pytest.raises(ValueError, match=message):
        sgd_table(*line, **kwargs)


@pytest.mark.parametrize("x, y, message", [
    ([], [], "empty"), ([1, 2], [3], "same length"), ([[1, 2]], [[3, 4]], "1-D"),
])
def test_bad_data(x, y, message):
    with pytest.raises(ValueError, match=message):
        sgd_table(x, y)


def test_workbook_cells_are_formulas(line, tmp_path):
    path = write_xlsx(tmp_path / "sgd.xlsx", *line)
    sheet = load_workbook(path)["SGD"]
    first, later = HEADER_ROW + 1, HEADER_ROW + 2
    assert sheet[f"C{first}"].value == "=start_b" and sheet[f"C{later}"].value == f"=N{first}"
    for column in "CDEFGHIJKLMN":
        assert str(sheet[f"{column}{later}"].value).startswith("="), column
    assert sheet["B1"].value == 1e-4 and set(load_workbook(path).defined_names) >= {"lr", "h"}


def recompute(path, inputs=None):
    """Recompute every formula with the `formulas` engine; return the table's cells."""
    import formulas

    with contextlib.redirect_stderr(io.StringIO()):  # its progress bars
        model = formulas.ExcelModel().loads(str(path)).finish()
        solution = model.calculate(
            inputs={f"'[{path.name}]SGD'!{cell}": value for cell, value in (inputs or {}).items()}
        )
    cells = {key.split("!")[1]: value.value[0, 0] for key, value in solution.items()}
    return cells


def assert_workbook_equals_table(cells, table):
    for i, row in enumerate(table.itertuples()):
        r = HEADER_ROW + 1 + i
        for column, name in zip("ABCDEFGHIJKLMN", COLUMNS, strict=True):
            assert cells[f"{column}{r}"] == pytest.approx(getattr(row, name), rel=1e-12), (
                f"{column}{r} ({name})"
            )


def test_workbook_recomputes_to_the_table(line, tmp_path):
    path = write_xlsx(tmp_path / "sgd.xlsx", *line)
    assert_workbook_equals_table(recompute(path), sgd_table(*line))


def test_workbook_recomputes_after_editing_inputs(line, tmp_path):
    path = write_xlsx(tmp_path / "sgd.xlsx", *line)
    cells = recompute(path, {"B1": 3e-5, "B2": 0.1, "B5": "estimated"})
    expected = sgd_table(*line, lr=3e-5, h=0.1, gradient="estimated")
    assert_workbook_equals_table(cells, expected)
    # and it really moved: the last slope differs from the default run's
    assert expected.new_slope.iloc[-1] != pytest.approx(sgd_table(*line).new_slope.iloc[-1])


def test_fit_line_batch_sizes(line):
    x, y = line
    full = fit_line(x, y, batch_size=len(x), lr=1e-4, epochs=3)
    single = fit_line(x, y, batch_size=1, lr=1e-4, epochs=3)
    assert len(full) == 3 and len(single) == 90 and list(single.iteration) == list(range(1, 91))
    # full batch is plain gradient descent: the loss falls at every step
    assert (np.diff(full.loss) < 0).all()
    # one example per step agrees with the spreadsheet when the order is not shuffled
    table = sgd_table(x[:1], y[:1])
    one = fit_line(x[:1], y[:1], batch_size=1, lr=1e-4, epochs=1)
    assert one.slope[0] == pytest.approx(table.new_slope[0])
    with pytest.raises(ValueError, match="batch_size"):
        fit_line(x, y, batch_size=0, lr=1e-4, epochs=1)


@pytest.mark.parametrize("epochs", [0, -1])
def test_fit_line_needs_an_epoch(line, epochs):
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        fit_line(*line, batch_size=5, lr=1e-4, epochs=epochs)


def test_mse_surface_matches_the_definition(line):
    from descent.spreadsheet import mse_surface

    x, y = line
    surface = mse_surface(x, y, [1.0, 2.0, 3.0], [0.0, 30.0])
    assert surface.shape == (2, 3)
    assert surface[1, 1] == 0.0  # the true line
    assert surface[0, 2] == pytest.approx(np.mean((3 * x - y) ** 2))


def test_divergence_gives_inf_not_an_exception(line):
    table = sgd_table(*line, lr=1e-2, epochs=5)
    assert not np.isfinite(table.error.iloc[-1])


def test_epoch_path(line):
    from descent.spreadsheet import epoch_path

    table = sgd_table(*line, epochs=4)
    slopes, intercepts = epoch_path(table)
    assert len(slopes) == len(intercepts) == 1 + 30 + 3
    assert (slopes[0], intercepts[0]) == (1.0, 1.0)
    assert slopes[-1] == table.new_slope.iloc[-1] and intercepts[30] == table.new_intercept[29]
