"""Findings and their locations; `locate` turns a span into line/column, cell, page or sheet."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from auditor.report.model import Anchor, Report, Span, Table

CATEGORIES = (
    "arithmetic_total",
    "weight_sum",
    "score_exceeds_weight",
    "execution_rate_mismatch",
    "execution_score_mismatch",
    "year_inconsistency",
    "missing_value",
    "placeholder_left",
    "duplicated_text",
    "grade_mismatch",
    "narrative_table_mismatch",
    "low_execution_unexplained",
    "claim_mismatch",
    "unit_mismatch",
    "count_mismatch",
    "unquantified_indicator",
    "name_inconsistency",
    "typo",
    "structure",
    "unreadable",
    "target_setting",
    "target_changed",
)


_RANKS = {"error": 3, "warning": 2, "info": 1}


class Severity(StrEnum):
    """How much a finding matters: error (a contradiction), warning (needs a look), info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: the one ranking of severities."""
        return _RANKS[self.value]

    @classmethod
    def exit_code(cls, findings: Iterable[Finding], fail_on: str) -> int:
        """The exit code of a run: 1 when a finding reaches `fail_on` (a severity, or "never"), else 0."""
        if fail_on == "never":
            return 0
        least = cls(fail_on).rank
        return int(any(f.severity.rank >= least for f in findings))

    @property
    def label(self) -> str:
        """The Chinese word for the severity."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


# How `Location.anchor` names each part of a place, by language.
_ANCHOR_WORDS = {
    "zh": {"page": "第{}页", "ocr": "第{}页（扫描件，OCR识别）", "paragraph": "第{}段", "table": "表{}", "row": " 第{}行", "column": " 第{}列"},
    "en": {"page": "page {}", "ocr": "page {} (scanned, read by OCR)", "paragraph": "paragraph {}", "table": "table {}", "row": " row {}", "column": " column {}"},
}


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved span: line and column (1-based, code points) and the physical anchor."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    section: tuple[str, ...] = ()
    table: int | None = None  # 1-based, as a reader would count them
    table_row: int | None = None
    table_column: int | None = None  # the cell's number in its row as printed (a spanned column is not one)
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    paragraph: int | None = None  # 1-based body paragraph of a .docx (Word has no stable pages)
    region: tuple[float, float, float, float] | None = None  # on a scanned page: fractions of its width and height
    ocr: bool = False  # the text came from OCR

    def anchor(self, lang: str = "zh") -> str:
        """The place in words, as a person would look for it ("表1 第8行 第7列", "第5页"; English for "en")."""
        words = _ANCHOR_WORDS["en" if lang == "en" else "zh"]
        parts = []
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        if self.page is not None:
            parts.append(words["ocr" if self.ocr else "page"].format(self.page))
        if self.paragraph is not None and self.table is None:
            parts.append(words["paragraph"].format(self.paragraph))
        if self.table is not None:
            where = words["table"].format(self.table)
            if self.table_row is not None:
                where += words["row"].format(self.table_row)
            if self.table_column is not None:
                where += words["column"].format(self.table_column)
            parts.append(where)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class TableContext:
    """The table row around a cell finding, as printed: its cells, the row above, which columns to mark.

    `row_number` is 1-based, as in `Location`; `column` and `related_columns` (the row's
    other cells the finding refers to) are 1-based places in `row`; `above` is None on a
    table's first row.
    """

    layout: str  # the table's layout: "tsv", "pipe", "cell-per-line" or a binary reader's name
    row_number: int
    column: int | None
    row: tuple[str, ...]
    above: tuple[str, ...] | None = None
    related_columns: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    """The context formats show around a finding: numbered lines, or the table row it sits in."""

    lines: tuple[tuple[int, str], ...] = ()  # (line number, text) around a text finding
    table: TableContext | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check reports about a report.

    A check gives the span, the message and, where it computed a value, `expected` and
    `actual`; the engine fills in the code, name, category, severity, location, `snippet`
    (the line the span starts on, or the spanned text of a binary report) and `context`.
    """

    span: Span
    message: str
    expected: str | None = None
    actual: str | None = None
    related: tuple[Span, ...] = ()
    severity: Severity | None = None
    code: str = ""
    name: str = ""
    category: str = ""
    path: str = ""
    location: Location | None = None
    related_locations: tuple[Location, ...] = ()
    snippet: str = ""
    message_en: str | None = None
    context: Context | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        """Findings sort by path, position and code."""
        return (self.path, self.span.start, self.code)

    def __repr__(self) -> str:
        where = self.location
        pos = f"{where.line}:{where.column}" if where and where.line else str(self.span.start)
        return f"<Finding {self.code} {self.path}:{pos} {self.message!r}>"


def _line_starts(report: Report) -> list[int]:
    starts = report._cache.get("line_starts")
    if starts is None:
        starts = [0]
        text = report.text
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        report._cache["line_starts"] = starts
    return starts


def line_col(report: Report, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of an offset; lines split on \\n only."""
    starts = _line_starts(report)
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


class _Places:
    """Where offsets fall among intervals: the first interval, in list order, holding an offset.

    Intervals are ``(start, last)`` with `last` inclusive. When they are sorted and do not
    overlap (as readers lay out tables, rows, cells and anchors), at most one holds an offset
    and a bisection finds it; otherwise every interval is tried in order, as before.
    """

    __slots__ = ("intervals", "sorted_apart", "starts")

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        self.intervals = intervals
        self.starts = [start for start, _ in intervals]
        self.sorted_apart = all(a[1] < b[0] and a[0] <= a[1] for a, b in pairwise(intervals))

    def holding(self, offset: int) -> list[int]:
        """Indexes of the intervals holding `offset`, in list order."""
        if self.sorted_apart:
            i = bisect_right(self.starts, offset) - 1
            return [i] if i >= 0 and self.intervals[i][0] <= offset <= self.intervals[i][1] else []
        return [i for i, (start, last) in enumerate(self.intervals) if start <= offset <= last]


def _sections(report: Report) -> tuple[list[int], list[tuple[str, ...]]]:
    """The running maximum of heading starts, and the heading path in force after each heading."""
    found = report._cache.get("sections")
    if found is None:
        reach, paths, stack, top = [], [], [], -1
        for heading in report.headings:
            del stack[heading.level - 1 :]
            stack.append(heading)
            top = max(top, heading.span.start)
            reach.append(top)
            paths.append(tuple(h.text.text for h in stack))
        found = report._cache["sections"] = (reach, paths)
    return found


def _section(report: Report, offset: int) -> tuple[str, ...]:
    # The headings before the first one that starts after `offset` are in force: with the
    # running maximum of their starts, that first one is found by bisection.
    reach, paths = _sections(report)
    k = bisect_right(reach, offset)
    return paths[k - 1] if k else ()


def _tables(report: Report) -> tuple[list[Table], _Places, dict[int, _Places]]:
    found = report._cache.get("tables")
    if found is None:
        tables = report.tables
        found = report._cache["tables"] = (tables, _Places([(t.span.start, t.span.end) for t in tables]), {})
    return found


def _cell_at(report: Report, offset: int) -> tuple[int, int, int] | None:
    tables, places, rows_of = _tables(report)
    for t in places.holding(offset):
        table = tables[t]
        rows = rows_of.get(t)
        if rows is None:
            rows = rows_of[t] = _Places([(row.span.start, row.span.end) for row in table.rows])
        for r in rows.holding(offset):
            row = table.rows[r]
            for cell in row.cells:
                if cell.span.start <= offset <= cell.span.end:
                    return table.index + 1, row.index + 1, cell.column + 1
            return table.index + 1, row.index + 1, 0
    return None


def _anchor_at(report: Report, offset: int) -> Anchor | None:
    places = report._cache.get("anchors")
    if places is None:
        spans = [(a.span.start, max(a.span.end, a.span.start + 1) - 1) for a in report.anchors]
        places = report._cache["anchors"] = _Places(spans)
    held = places.holding(offset)
    return report.anchors[held[0]] if held else None


def locate(report: Report, span: Span) -> Location:
    """Resolve a span once, for every format to show."""
    fields: dict = {"section": _section(report, span.start)}
    if report.kind == "text":
        fields["line"], fields["column"] = line_col(report, span.start)
        fields["end_line"], fields["end_column"] = line_col(report, max(span.end, span.start))
    cell = _cell_at(report, span.start)
    if cell:
        fields["table"], fields["table_row"] = cell[0], cell[1]
        fields["table_column"] = cell[2] or None
    anchor = _anchor_at(report, span.start)
    if anchor is not None:
        fields.update({k: v for k in ("page", "sheet", "cell", "paragraph", "region") if (v := getattr(anchor, k)) is not None})
        fields["ocr"] = anchor.ocr
        if anchor.column is not None and cell:
            fields["table_column"] = anchor.column  # the cell as people count them, not the grid column
    return Location(report.path, **fields)


def source_line(report: Report, span: Span) -> str:
    """The whole original line a span starts on, for showing context."""
    start = report.text.rfind("\n", 0, span.start) + 1
    end = report.text.find("\n", span.start)
    return report.text[start : end if end != -1 else len(report.text)].rstrip("\r")
