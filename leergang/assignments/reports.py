"""The progress grid as text: state labels, minutes, the "done" footer and the CSV for Excel."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from leergang.assignments.services import Grid


def state_label(state: str) -> str:
    return {
        "not_started": _("Not started"),
        "busy": _("Busy"),
        "done": _("Done"),
    }[state]


def minutes(seconds: int) -> int:
    """Time spent in whole minutes, rounded up so a started lesson never shows 0 after a minute."""
    return (seconds + 59) // 60


def item_title(column) -> str:
    return column.item.title if column.item is not None else column.assignment.item_id


def grid_rows(grid: Grid) -> list[list[str]]:
    """The grid as text, header first: exactly what the page shows, for the CSV."""
    header = [_("Pupil")]
    for column in grid.columns:
        title = item_title(column)
        header += [
            _("%(title)s: status", title=title),
            _("%(title)s: score (%%)", title=title),
            _("%(title)s: minutes", title=title),
        ]
    rows = [header]
    for pupil in grid.pupils:
        row = [pupil.display_name]
        for column in grid.columns:
            status = grid.cells[pupil.id][column.assignment.id]
            if status is None:
                row += [_("Not assigned"), "", ""]
            else:
                row += [
                    state_label(status.state),
                    "" if status.score is None else str(status.score),
                    str(minutes(status.seconds)) if status.seconds else "",
                ]
        rows.append(row)
    footer = [_("Done")]
    for column in grid.columns:
        footer += [done_count(grid, column), "", ""]
    rows.append(footer)
    return rows


def done_count(grid: Grid, column) -> str:
    """The grid's footer: how many of the pupils who have this assignment are done."""
    cells = [grid.cells[p.id][column.assignment.id] for p in grid.pupils]
    assigned = [cell for cell in cells if cell is not None]
    done = sum(1 for cell in assigned if cell.state == "done")
    return _("%(done)d of %(total)d", done=done, total=len(assigned))


def grid_csv(grid: Grid) -> bytes:
    """UTF-8 with a byte-order mark and ';' between fields: how Dutch Excel opens a CSV directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in grid_rows(grid):
        # A name starting with = + - @ would be run as a formula by Excel.
        writer.writerow(["'" + cell if cell and cell[0] in "=+-@" else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
