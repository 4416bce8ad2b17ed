"""`with_context`: the context around each finding, taken from the report while it is at hand.

The audit calls it once per report, before the report is dropped, so formats stay pure
functions of the finished `Run`: `Context.lines` (numbered lines around a text finding) and
`Context.table` (the row of a cell finding, the row above it, and which column to mark).
"""

from __future__ import annotations

import dataclasses

from auditor.engine.findings import Context, Finding, TableContext
from auditor.report.model import Report, Row

CONTEXT_LINES = 1  # lines shown above and below the finding
MAX_LINES = 8  # a long multi-line span is cut to this many lines
MAX_CELL = 200  # characters of one cell


def _cells(report: Report, row: Row) -> tuple[str, ...]:
    out = []
    for cell in row.cells:
        text = " ".join(report.snippet(cell.span).split())
        out.append(text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…")
    return tuple(out)


def _table(report: Report, f: Finding) -> TableContext | None:
    loc = f.location
    if loc is None or loc.table is None or loc.table_row is None:
        return None
    tables = report.tables
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
        row=_cells(report, row),
        above=_cells(report, rows[loc.table_row - 2]) if loc.table_row > 1 else None,
        related_columns=tuple(sorted({c for c in related if c})),
    )


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
    out = []
    for f in findings:
        numbered = _lines(lines, f) if lines else ()
        table = _table(report, f)
        out.append(dataclasses.replace(f, context=Context(numbered, table)) if numbered or table else f)
    return out
