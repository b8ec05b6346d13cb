"""Small-cell suppression: no figure the evaluator sees rests on fewer than k pupils.

A table of counts is read with its margins as one (R + 1) × (C + 1) grid: row r's cells add up to
its row total, column c's cells to its column total, and the totals to the grand total. Every such
line is one equation, so a line with exactly one hidden entry gives that entry away (total minus
the visible cells). ``suppress`` therefore

1. hides every count with 0 < count < k, totals included (primary suppression);
2. until nothing changes: in every line with exactly one hidden entry, hides the smallest other
   entry of that line, preferring non-zero counts (a hidden zero protects little) and inner cells
   over totals (complementary suppression);
3. checks the whole system of equations (exact Gaussian elimination over the hidden entries) for
   an entry that is still determined — a chain of lines can give a cell away although every line
   has two hidden entries — and hides the smallest further entry in its row, then repeats 2.

Hiding everything always ends the loop, so it terminates. What it does not promise: that a hidden
count cannot be narrowed to a range (e.g. from two hidden cells adding up to 12).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

DEFAULT_K = 10
MIN_K = 5
COMPLEMENTARY_MARK = "×"

Position = tuple[int, int]  # (row, column) in the grid with margins: index R / C is the total


def check_k(k: int) -> int:
    """``k`` as given, or ValueError when it is below the floor of 5 pupils."""
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ValueError(f"k must be a whole number of at least {MIN_K} pupils (got {k!r})")
    return k


@dataclass(frozen=True)
class Figure:
    """A mean or share over ``n`` pupils, hidden (value and n None) when n < k."""

    value: float | None
    n: int | None
    k: int

    @property
    def hidden(self) -> bool:
        return self.n is None

    @property
    def mark(self) -> str:
        """What the page shows instead of a hidden figure: "< k"."""
        return f"< {self.k}"


def figure(value: float | None, *, n: int, k: int = DEFAULT_K) -> Figure:
    """A 1-D figure resting on ``n`` pupils: shown when n ≥ k, otherwise "< k"."""
    check_k(k)
    if n < k:
        return Figure(None, None, k)
    return Figure(value, n, k)


@dataclass(frozen=True)
class SuppressedTable:
    """A count table after suppression; ``None`` stands for a hidden entry."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None
    k: int
    primary: frozenset[Position]  # hidden because 0 < count < k
    complementary: frozenset[Position]  # hidden so the others cannot be worked out

    def mark(self, position: Position) -> str | None:
        """The mark for a hidden entry: "< k" for a small count, "×" for a complementary one."""
        if position in self.primary:
            return f"< {self.k}"
        if position in self.complementary:
            return COMPLEMENTARY_MARK
        return None


def suppress(table: Sequence[Sequence[int]], k: int = DEFAULT_K) -> SuppressedTable:
    """Hide the small counts of a rows × columns table and enough others (see module docstring)."""
    check_k(k)
    grid = _grid(table)
    n_rows, n_cols = len(grid), len(grid[0])
    # Totals count pupils too: a row total of 3 is as small a figure as a cell of 3.
    primary = {(r, c) for r in range(n_rows) for c in range(n_cols) if 0 < grid[r][c] < k}
    hidden = set(primary)
    while True:
        _close_lines(grid, hidden)
        leaking = _determined(grid, hidden)
        if not leaking:
            break
        r, c = leaking[0]
        line = [(r, j) for j in range(n_cols)] + [(i, c) for i in range(n_rows)]
        candidates = [p for p in line if p not in hidden] or [
            (i, j) for i in range(n_rows) for j in range(n_cols) if (i, j) not in hidden
        ]  # with everything hidden nothing is determined, so this list is never empty here
        hidden.add(_smallest(grid, candidates))
    rows, cols = n_rows - 1, n_cols - 1

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else grid[r][c]

    return SuppressedTable(
        cells=tuple(tuple(shown(r, c) for c in range(cols)) for r in range(rows)),
        row_totals=tuple(shown(r, cols) for r in range(rows)),
        column_totals=tuple(shown(rows, c) for c in range(cols)),
        grand_total=shown(rows, cols),
        k=k,
        primary=frozenset(primary),
        complementary=frozenset(hidden - primary),
    )


def lines(n_rows: int, n_cols: int) -> list[list[Position]]:
    """Every equation of the grid with margins: each row and each column, its total last."""
    return [[(r, c) for c in range(n_cols)] for r in range(n_rows)] + [
        [(r, c) for r in range(n_rows)] for c in range(n_cols)
    ]


def _grid(table: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(row) for row in table]
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("a table needs at least one row and column, all rows equally long")
    for row in rows:
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"counts must be whole numbers ≥ 0 (got {value!r})")
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def _close_lines(grid: list[list[int]], hidden: set[Position]) -> None:
    """Add the smallest entry to every line with exactly one hidden entry, to a fixed point."""
    changed = True
    while changed:
        changed = False
        for line in lines(len(grid), len(grid[0])):
            in_line = [p for p in line if p in hidden]
            if len(in_line) == 1:
                hidden.add(_smallest(grid, [p for p in line if p not in hidden]))
                changed = True


def _smallest(grid: list[list[int]], candidates: list[Position]) -> Position:
    """Smallest count, non-zero before zero, inner cells before totals, then reading order."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1

    def cost(p: Position) -> tuple:
        r, c = p
        return (grid[r][c] == 0, grid[r][c], r == last_row or c == last_col, p)

    return min(candidates, key=cost)


def _determined(grid: list[list[int]], hidden: set[Position]) -> list[Position]:
    """Hidden entries whose value the equations of the grid fix, given the visible ones.

    An entry is fixed when its unit vector lies in the row space of the equations restricted to
    the hidden entries: after reduction to row echelon form, a pivot row with no other non-zero.
    """
    unknowns = sorted(hidden)
    index = {p: i for i, p in enumerate(unknowns)}
    n_rows, n_cols = len(grid), len(grid[0])
    matrix: list[list[Fraction]] = []
    for line in lines(n_rows, n_cols):
        total = line[-1]
        row = [Fraction(0)] * len(unknowns)
        for p in line:
            if p in index:
                row[index[p]] = Fraction(-1 if p == total else 1)
        if any(row):
            matrix.append(row)
    pivots = _row_reduce(matrix)
    return [
        unknowns[col]
        for row, col in zip(matrix, pivots, strict=False)
        if sum(1 for x in row if x) == 1
    ]


def _row_reduce(matrix: list[list[Fraction]]) -> list[int]:
    """Reduced row echelon form in place; the pivot column of each leading row."""
    pivots: list[int] = []
    width = len(matrix[0]) if matrix else 0
    top = 0
    for col in range(width):
        pick = next((r for r in range(top, len(matrix)) if matrix[r][col]), None)
        if pick is None:
            continue
        matrix[top], matrix[pick] = matrix[pick], matrix[top]
        lead = matrix[top][col]
        matrix[top] = [x / lead for x in matrix[top]]
        for r in range(len(matrix)):
            if r != top and matrix[r][col]:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[top], strict=True)]
        pivots.append(col)
        top += 1
    return pivots
