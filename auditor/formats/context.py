"""The context formats show around a finding, taken from the report while it is at hand.

The CLI calls `with_context` once per report, before the report is dropped; the result
rides in ``Finding.extra["context"]`` as plain JSON-ready data, so formats stay pure
functions of the finished `Run`: ``lines`` (numbered lines around a text finding) and
``table`` (the row of a cell finding, the row above it, and which column to mark).
"""

from __future__ import annotations

import dataclasses

from auditor.findings import Finding
from auditor.model import Report, Row

CONTEXT_LINES = 1  # lines shown above and below the finding
MAX_LINES = 8  # a long multi-line span is cut to this many lines
MAX_CELL = 200  # characters of one cell


def _cells(report: Report, row: Row) -> list[str]:
    out = []
    for cell in row.cells:
        text = " ".join(report.snippet(cell.span).split())
        out.append(text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…")
    return out


def _table(report: Report, f: Finding) -> dict | None:
    loc = f.location
    if loc is None or loc.table is None or loc.table_row is None:
        return None
    tables = report.tables
    if not 0 < loc.table <= len(tables) or not 0 < loc.table_row <= len(tables[loc.table - 1].rows):
        return None
    rows = tables[loc.table - 1].rows
    out: dict = {
        "layout": tables[loc.table - 1].layout,
        "row_number": loc.table_row,
        "column": loc.table_column,
        "row": _cells(report, rows[loc.table_row - 1]),
    }
    if loc.table_row > 1:
        out["above"] = _cells(report, rows[loc.table_row - 2])
    same_row = [r.table_column for r in f.related_locations if (r.table, r.table_row) == (loc.table, loc.table_row)]
    if any(same_row):
        out["related_columns"] = sorted({c for c in same_row if c})
    return out


def _lines(lines: list[str], f: Finding) -> list[list] | None:
    loc = f.location
    if loc is None or loc.line is None:
        return None
    first = max(1, loc.line - CONTEXT_LINES)
    last = min(len(lines), (loc.end_line or loc.line) + CONTEXT_LINES, first + MAX_LINES - 1)
    return [[n, lines[n - 1].rstrip("\r")] for n in range(first, last + 1)]


def with_context(report: Report, findings: list[Finding]) -> list[Finding]:
    """The findings of one report, each carrying the lines or table row around it."""
    lines = report.text.split("\n") if report.kind == "text" else []
    out = []
    for f in findings:
        context: dict = {}
        if lines and (numbered := _lines(lines, f)):
            context["lines"] = numbered
        if table := _table(report, f):
            context["table"] = table
        out.append(dataclasses.replace(f, extra={**f.extra, "context": context}) if context else f)
    return out
