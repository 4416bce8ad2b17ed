"""`with_context`: the context around each finding, taken from the report while it is at hand.

The audit calls it once per report, before the report is dropped, so formats stay pure
functions of the finished `Run`: `Context.lines` (numbered lines around a text finding) and
`Context.table` (the row of a cell finding, the row above it, and which column to mark).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from auditor.engine.findings import Context, Finding, TableContext
from auditor.report.model import Report, Row, Table

CONTEXT_LINES = 1  # lines shown above and below the finding
MAX_LINES = 8  # a long multi-line span is cut to this many lines
MAX_CELL = 200  # characters of one cell


def _cells(report: Report, row: Row) -> tuple[str, ...]:
    return tuple(_shown(report.snippet(cell.span)) for cell in row.cells)


def _shown(text: str) -> str:
    """A cell's text on one line, cut to `MAX_CELL` characters."""
    # NOTE: a cell may hold pages (a table printed one cell a line runs on into the prose after
    # it): its head alone is put on one line when that already gives more than is shown
    head = " ".join(text[: 4 * MAX_CELL].split())
    if len(head) <= MAX_CELL and len(text) > 4 * MAX_CELL:
        head = " ".join(text.split())
    return head if len(head) <= MAX_CELL else head[:MAX_CELL] + "…"


def _table(report: Report, tables: list[Table], f: Finding, shown: dict[tuple[int, int], tuple[str, ...]]) -> TableContext | None:
    loc = f.location
    if loc is None or loc.table is None or loc.table_row is None:
        return None
    if not 0 < loc.table <= len(tables) or not 0 < loc.table_row <= len(tables[loc.table - 1].rows):
        return None
    rows = tables[loc.table - 1].rows
    row = rows[loc.table_row - 1]
    # NOTE: found by span, not by `Location.table_column`: that counts cells as printed, and a
    # spanned column before the cell would put the mark one cell off.
    related = [_place_in(row, span.start) for span in f.related]
    return TableContext(
        layout=tables[loc.table - 1].layout,
        row_number=loc.table_row,
        column=_place_in(row, f.span.start) or loc.table_column,
        row=_row(report, rows, loc.table, loc.table_row, shown),
        above=_row(report, rows, loc.table, loc.table_row - 1, shown) if loc.table_row > 1 else None,
        related_columns=tuple(sorted({c for c in related if c})),
    )


def _row(report: Report, rows: Sequence[Row], table: int, number: int, shown: dict[tuple[int, int], tuple[str, ...]]) -> tuple[str, ...]:
    """The cells of row `number` (1-based) of table `table`, each made once per report: a row
    with many findings, or under a row that has them, is shown many times."""
    key = (table, number)
    if key not in shown:
        shown[key] = _cells(report, rows[number - 1])
    return shown[key]


def _place_in(row: Row, offset: int) -> int | None:
    """The 1-based place in `row` of the cell holding `offset`, or None."""
    return next((n for n, cell in enumerate(row.cells, 1) if cell.span.start <= offset <= cell.span.end), None)


def _lines(lines: list[str], f: Finding) -> tuple[tuple[int, str], ...]:
    loc = f.location
    if loc is None or loc.line is None:
        return ()
    first = max(1, loc.line - CONTEXT_LINES)
    last = min(len(lines), (loc.end_line or loc.line) + CONTEXT_LINES, first + MAX_LINES - 1)
    return tuple((n, lines[n - 1].rstrip("\r")) for n in range(first, last + 1))


def with_context(report: Report, findings: list[Finding]) -> list[Finding]:
    """The findings of one report, each carrying the lines or table row around it."""
    lines = report.text.split("\n") if report.kind == "text" else []
    tables = report.tables  # (a list the report makes on every call)
    shown: dict[tuple[int, int], tuple[str, ...]] = {}
    out = []
    for f in findings:
        numbered = _lines(lines, f) if lines else ()
        table = _table(report, tables, f, shown)
        out.append(dataclasses.replace(f, context=Context(numbered, table)) if numbered or table else f)
    return out
