"""Small cells stay hidden, and no hidden count can be worked out from what is shown."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leergang.metrics.suppression import figure, suppress


def test_one_small_cell_takes_a_rectangle_with_it():
    # k = 10: 3 is small. Row 0 then has one hidden cell -> its smallest other cell, 12, goes too.
    # Column 0 has one hidden cell -> 20 (below the column total 23); column 1 -> 25 (not 37).
    # Row 1 now holds two hidden cells; the four hidden cells form a rectangle: 3 + 12 = 15 and
    # 3 + 20 = 23 are known, but any a, 15 - a, 23 - a, 37 - (15 - a) fits.
    result = suppress([[3, 12, 15], [20, 25, 30]], k=10)
    assert result.cells == ((None, None, 15), (None, None, 30))
    assert result.row_totals == (30, 75)
    assert result.column_totals == (23, 37, 45)
    assert result.grand_total == 105
    assert result.primary == {(0, 0)}
    assert result.complementary == {(0, 1), (1, 0), (1, 1)}
    assert result.mark((0, 0)) == "< 10"
    assert result.mark((1, 1)) == "×"
    assert result.mark((0, 2)) is None


def test_a_small_row_total_is_hidden_too():
    # Row 0 (2, 3; total 5) is hidden whole. Column 0 then has one hidden cell -> 40 (not 42),
    # column 1 -> 50 (not 53), and the totals column -> 90 (not the grand total 95).
    result = suppress([[2, 3], [40, 50]], k=10)
    assert result.cells == ((None, None), (None, None))
    assert result.row_totals == (None, None)
    assert result.column_totals == (42, 53)
    assert result.grand_total == 95


def test_zeros_and_large_counts_stay_visible():
    result = suppress([[0, 12], [15, 0]], k=10)
    assert result.cells == ((0, 12), (15, 0))
    assert not result.primary and not result.complementary


def test_a_non_zero_cell_is_preferred_over_a_zero_to_protect_a_small_one():
    # Row 0: 4, 0, 30. Hiding the 0 would leave 4 = 34 - 30 - ... still one equation with the
    # zero; the smallest non-zero other cell, 30, is hidden instead.
    result = suppress([[4, 0, 30], [12, 11, 40]], k=10)
    assert result.cells[0] == (None, 0, None)


def test_a_chain_of_hidden_cells_that_gives_one_away_is_broken():
    # Grid with margins:      0   8  60 |  68
    #                        34  34  64 | 132
    #                         0   0   7 |   7
    #                        34  42 131 | 207
    # The line rule alone hides 8, 60, 68 | 34, 34 | 7, 7 | 34, 42: two per line, yet
    # column 0 gives x10 = x30, row 1 x10 + x11 = 68, the totals row x30 + x31 = 76, so
    # x31 - x11 = 8, and column 1 (x01 + x11 = x31) gives away x01 = 8. Hiding the 0 beside it
    # (the only visible cell left in row 0) breaks the chain.
    table = [[0, 8, 60], [34, 34, 64], [0, 0, 7]]
    result = suppress(table, k=10)
    assert result.cells == ((None, None, None), (None, None, 64), (0, 0, None))
    assert _determined_by_rank(table, result) == []


@pytest.mark.parametrize("k", [4, 0, -1, 2.5, True])
def test_k_below_five_is_refused(k):
    with pytest.raises(ValueError):
        suppress([[20]], k=k)
    with pytest.raises(ValueError):
        figure(0.5, n=30, k=k)


@pytest.mark.parametrize("table", [[], [[]], [[1, 2], [3]], [[-1]], [[1.5]]])
def test_malformed_tables_are_refused(table):
    with pytest.raises(ValueError):
        suppress(table)


def test_one_dimensional_figures():
    assert figure(0.62, n=9, k=10).hidden
    assert figure(0.62, n=9, k=10).mark == "< 10"
    assert figure(0.62, n=9, k=10).value is None
    shown = figure(0.62, n=10, k=10)
    assert (shown.value, shown.n, shown.hidden) == (0.62, 10, False)
    assert figure(3.1, n=5, k=5).value == 3.1


# ---------------------------------------------------------------- properties


def _full_grid(table):
    grid = [[*row, sum(row)] for row in table]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def _shown_grid(result):
    grid = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.column_totals, result.grand_total])
    return grid


def _determined_by_rank(table, result):
    """Hidden entries fixed by the margin equations (numpy rank, independent of the module)."""
    shown = _shown_grid(result)
    n_rows, n_cols = len(shown), len(shown[0])
    hidden = [(r, c) for r in range(n_rows) for c in range(n_cols) if shown[r][c] is None]
    if not hidden:
        return []
    index = {p: i for i, p in enumerate(hidden)}
    equations = []
    for r in range(n_rows):
        equations.append({(r, c): (-1 if c == n_cols - 1 else 1) for c in range(n_cols)})
    for c in range(n_cols):
        equations.append({(r, c): (-1 if r == n_rows - 1 else 1) for r in range(n_rows)})
    a = np.zeros((len(equations), len(hidden)))
    for i, eq in enumerate(equations):
        for p, sign in eq.items():
            if p in index:
                a[i, index[p]] = sign
    rank = np.linalg.matrix_rank(a)
    fixed = []
    for p, i in index.items():
        unit = np.zeros((1, len(hidden)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            fixed.append(p)
    return fixed


counts = st.one_of(st.just(0), st.integers(1, 12), st.integers(10, 80))
tables = st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=5)
)


@settings(max_examples=300, deadline=None)
@given(table=tables, k=st.integers(5, 12))
def test_no_hidden_count_can_be_derived_and_no_small_count_is_shown(table, k):
    result = suppress(table, k=k)
    full, shown = _full_grid(table), _shown_grid(result)
    n_rows, n_cols = len(full), len(full[0])
    for r in range(n_rows):
        for c in range(n_cols):
            value = shown[r][c]
            if value is not None:
                assert value == full[r][c]
                assert value == 0 or value >= k, (r, c, value)  # totals included
    # Subtracting the visible cells from a visible total, or adding visible cells up to a
    # hidden total, never yields a hidden entry: every line has 0 or at least 2 hidden entries.
    row_lines = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    column_lines = [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    for line in row_lines + column_lines:
        hidden = [p for p in line if shown[p[0]][p[1]] is None]
        assert len(hidden) != 1, (line, hidden)
    # And no chain of equations gives one away either (exact check by rank).
    assert _determined_by_rank(table, result) == []
