"""Reading table cells: blank marks, header roles, a cell's number, the label before it, the value after it."""

from __future__ import annotations

import regex

from auditor.report.model import BLANK_MARKS, Cell, Row
from auditor.report.numbers import Quantity, read_cell

# Reading a value, a lone "…" is blank as well, and a lone "一": OCR's reading of a dash ("—"), never
# a form's figure (forms print digits)
BLANK = {*BLANK_MARKS, "…", "一"}
# The 总分 / 合计 row: it closes the indicator rows and carries the form's totals.
TOTAL_LABEL = regex.compile(r"^(总分|合计|总计|总得分|得分合计|总分值)")


def total_label(row: Row) -> int | None:
    """Where a 总分/合计 row's label stands among its filled cells, or None.

    Usually first; but a category label merged down over the total row (a hand-made Word
    table) comes before it, so the first few filled cells are looked at.
    """
    cells = row.nonblank()
    for n, cell in enumerate(cells[:TOTAL_LOOKAHEAD]):
        if TOTAL_LABEL.match(cell.value):
            return n
    return None


TOTAL_LOOKAHEAD = 3


def header_roles(cells: tuple[Cell, ...], table: tuple[tuple[str, regex.Pattern], ...]) -> dict[str, int]:
    """Header columns by role: each cell takes the first role whose pattern it matches; the first column wins."""
    found: dict[str, int] = {}
    for cell in cells:
        for role, pattern in table:
            if pattern.search(cell.value):
                found.setdefault(role, cell.column)
                break
    return found


def cell_number(cell: Cell | None) -> Quantity | None:
    """The quantity a whole cell holds, or None when it is blank or not one number."""
    if cell is None or cell.value in BLANK:
        return None
    return read_cell(cell.text)


def is_blank(cell: Cell | None) -> bool:
    """True for a missing cell or one holding only a blank mark."""
    return cell is None or cell.value in BLANK


def cell_at(row: Row, col: int) -> Cell | None:
    """The cell in a column, or None when the row has no such column."""
    return row.cells[col] if 0 <= col < len(row.cells) else None


def label_before(row: Row, before: int) -> tuple[str, Cell | None]:
    """The nearest filled cell left of a column, as the row's label."""
    for cell in reversed(row.cells[:before]):
        if cell.value:
            return cell.value, cell
    return "", None


def value_after(row: Row, n: int) -> Cell | None:
    """The first filled cell right of cell `n`: the value printed beside a label."""
    return next((c for c in row.cells[n + 1 :] if c.value), None)
