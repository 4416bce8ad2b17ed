"""Lay a binary report out as text, parse it with the text pipeline, and keep the way back.

Every binary reader builds the same thing: body paragraphs one per line, each table as
tab-separated rows, a blank line between blocks. `auditor.readers.plain.parse.parse` then finds headings
and paragraphs exactly as it does for a text file, so every check works unchanged. Tables are
not left to the text heuristics: the reader knows the real grid (merged cells resolved), so
`Layout.report` builds each `Table` from it, row for row and column for column.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.readers.blocks import as_paragraphs, lines_with_offsets, stripped, with_sections
from auditor.readers.plain.parse import parse
from auditor.report.model import Anchor, Block, Cell, Mapped, Paragraph, Report, Row, Span, Table
from auditor.report.normalize import for_reading

# Where a piece of the laid-out text came from: keyword arguments of `Anchor`.
Where = dict[str, Any]
Doubts = Sequence[tuple[int, int]]  # (start, end) ranges of a piece of text a reader is unsure of
_BREAKS = str.maketrans(dict.fromkeys("\t\n\r\v\f\x85\u2028\u2029", " "))


class _NoCell(str):
    __slots__ = ()


# What a reader puts in a grid column that has no cell of its own: one spanned by the cell on
# its left (a .docx gridSpan), or skipped before a row's first cell (gridBefore). It reads as
# a blank; `Layout.table` leaves it out when it numbers a row's cells as people count them.
NO_CELL = _NoCell()


def clean(text: str) -> str:
    """One line of text: tabs and line breaks inside a cell or paragraph become spaces."""
    return text.translate(_BREAKS).strip()


@dataclass(frozen=True, slots=True)
class _Planned:
    at: int  # offset of the cell text in the laid-out text
    text: str
    origin: tuple[int, int]  # (row, column) of the cell that prints the value


@dataclass(slots=True)
class _PlannedTable:
    rows: list[list[_Planned]]
    lines: list[Span]  # each row's line, without its line break
    span: Span
    layout: str
    certain: bool


class Layout:
    """The laid-out text of one binary report, built block by block, with its anchors."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self._anchors: list[Anchor] = []
        self._tables: list[_PlannedTable] = []
        self._hard: set[int] = set()  # offsets where a paragraph must end
        self._doubts: list[Span] = []  # spans of text the reader is unsure of

    def _write(self, text: str) -> int:
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return start

    def _gap(self) -> None:
        if self._parts:
            self._write("\n")  # the line break after the last line is already there

    def _anchor(self, span: Span, where: Where | None) -> None:
        where = {k: v for k, v in (where or {}).items() if v is not None}
        if not where:
            return
        last = self._anchors[-1] if self._anchors else None
        if last and last.span.end == span.start and _fields(last) == where:
            self._anchors[-1] = dataclasses.replace(last, span=last.span.cover(span))
        else:
            self._anchors.append(Anchor(span, **where))

    def paragraph(self, text: str, where: Where | None = None, *, hard: bool = True, doubts: Doubts = ()) -> None:
        """Add a body paragraph as one line.

        :param where: the anchor fields (``page``, ``paragraph``, ``sheet``…) of this line.
        :param hard: False when the paragraph may go on in the next one (a PDF page break),
            so the text parser decides whether to re-join them.
        :param doubts: ``(start, end)`` ranges of `text` the reader is unsure of (OCR).
        """
        line = clean(text)
        if not line:
            return
        self._gap()
        start = self._write(line)
        self._doubt(start, text, line, doubts)
        self._write("\n")
        self._anchor(Span(start, start + len(line) + 1), where)
        if hard:
            self._hard.add(start + len(line))

    def lines(self, lines: Sequence[tuple[str, Where | None, Doubts, int]]) -> None:
        """Add lines as a text file holds them, each ``(text, where, doubts, blank lines before)``.

        Nothing here ends a paragraph: the text parser finds paragraphs, headings and rows set
        apart by spaces in them exactly as in a .txt report (OCR gives a page's lines so).
        """
        self._gap()
        for k, (text, where, doubts, blank) in enumerate(lines):
            line = clean(text)
            if not line:
                continue
            if k and blank:
                self._write("\n" * blank)
            start = self._write(line)
            self._write("\n")
            self._doubt(start, text, line, doubts)
            self._anchor(Span(start, start + len(line) + 1), where)

    def table(
        self,
        rows: Sequence[Sequence[str | None]],
        where: Callable[[int, int], Where | None] | None = None,
        *,
        layout: str,
        certain: bool = True,
        doubts: Callable[[int, int], Doubts] | None = None,
    ) -> None:
        """Add a table as tab-separated rows; all rows are padded to the widest.

        A cell given as None continues the cell above it (a vertical merge): the text holds
        the value once, where the file prints it, and the model gives it to every row it spans.
        A column given as `NO_CELL` has no cell of its own; the cells right of it are anchored
        with their ``column`` as printed, which the grid column would overstate.

        :param where: anchor fields for the cell at (row, column), both 0-based.
        :param certain: True when merged cells were resolved from the file's own structure.
        :param doubts: the ranges of the cell at (row, column) the reader is unsure of (OCR).
        """
        width = max((len(r) for r in rows), default=0)
        if not width:
            return
        self._gap()
        planned: list[list[_Planned]] = []
        lines: list[Span] = []
        first = self._pos
        for r, row in enumerate(rows):
            cells: list[_Planned] = []
            line = self._pos
            printed = 0  # the cells of this row so far, as people count them
            for c in range(width):
                value = row[c] if c < len(row) else ""
                printed += value is not NO_CELL
                text = clean(value) if value else ""
                start = self._write(text)
                if doubts is not None and value:
                    self._doubt(start, value, text, doubts(r, c))
                self._write("\t" if c < width - 1 else "\n")
                origin = planned[r - 1][c].origin if value is None and r else None
                cells.append(_Planned(start, text, origin or (r, c)))
                fields = where(r, c) if where else None
                if printed != c + 1:
                    fields = {**(fields or {}), "column": max(printed, 1)}
                self._anchor(Span(start, start + len(text) + 1), fields)
            planned.append(cells)
            lines.append(Span(line, self._pos - 1))
        self._tables.append(_PlannedTable(planned, lines, Span(first, self._pos - 1), layout, certain))
        self._hard.update((first, self._pos))

    def _doubt(self, start: int, given: str, written: str, doubts: Doubts) -> None:
        """Record doubtful ranges of `given`, written at `start` as `written` (stripped by `clean`)."""
        shift = len(given) - len(given.lstrip())
        for a, b in doubts:
            a, b = max(a - shift, 0), min(b - shift, len(written))
            if b > a:
                self._doubts.append(Span(start + a, start + b))

    def report(self, path: str, kind: str, notes: Sequence[str] = (), *, text_tables: bool = True) -> Report:
        """Parse the laid-out text and return the report with exact tables and anchors.

        :param text_tables: False when the reader found every table itself: a line the text
            parser would take for a table (a site's "首页 | 政务公开 | 财政资金") stays prose.
        """
        text = "".join(self._parts)
        parsed = parse(text, path, "", tuple(notes))
        regions = [t.span for t in self._tables]  # in order and apart: each is laid out after the last
        hard = sorted(self._hard)
        blocks: list[Block] = []
        for block in parsed.blocks:
            if isinstance(block, Paragraph):
                blocks.extend(p for p in self._split(text, block, hard) if not _inside(p.span, regions))
            elif _inside(block.span, regions):
                continue
            elif isinstance(block, Table) and not text_tables:
                blocks.extend(as_paragraphs(text, block))
            else:
                blocks.append(block)
        blocks.extend(_build(t) for t in self._tables)
        blocks.sort(key=lambda b: b.span.start)
        blocks = with_sections(blocks, text)
        return dataclasses.replace(
            parsed, blocks=tuple(blocks), kind=kind, anchors=tuple(self._anchors), uncertain=tuple(self._doubts)
        )

    def _split(self, text: str, paragraph: Paragraph, hard: list[int]) -> list[Paragraph]:
        """Cut a paragraph the text parser joined across a boundary the file itself marks (`hard`, sorted)."""
        start, end = paragraph.span.start, paragraph.span.end
        cuts = hard[bisect_right(hard, start) : bisect_left(hard, end)]
        if not cuts:
            return [paragraph]
        out: list[Paragraph] = []
        for a, b in zip([start, *cuts], [*cuts, end], strict=True):
            pieces = [
                stripped(Mapped.of(line, a + n))
                for line, n in lines_with_offsets(text[a:b])
                if line.strip()
            ]
            if pieces:
                joined = Mapped.join(pieces)
                span = Span(pieces[0].span().start, pieces[-1].span().end)
                out.append(Paragraph(for_reading(joined), span, paragraph.section))
        return out


def _fields(anchor: Anchor) -> Where:
    return {k: v for k in ("page", "sheet", "cell", "paragraph", "region") if (v := getattr(anchor, k)) is not None} | (
        {"ocr": True} if anchor.ocr else {}
    )


def _inside(span: Span, regions: list[Span]) -> bool:
    """Whether `span` starts inside one of `regions` (sorted, apart): a bisection, not a scan."""
    n = bisect_right(regions, span.start, key=lambda r: r.start) - 1
    return n >= 0 and span.start <= regions[n].end


def _build(planned: _PlannedTable) -> Table:
    printed: dict[tuple[int, int], Cell] = {}
    rows: list[Row] = []
    for r, cells in enumerate(planned.rows):
        nodes: list[Cell] = []
        for c, cell in enumerate(cells):
            if cell.origin != (r, c):
                # NOTE: a merged value keeps the span where it is printed, so a finding on it
                # points at the one cell a person sees, whichever row it was read for.
                origin = printed[cell.origin]
                nodes.append(Cell(origin.text, origin.span, r, c))
                continue
            mapped = Mapped(cell.text, range(cell.at, cell.at + len(cell.text)), cell.at)
            node = Cell(for_reading(mapped), Span(cell.at, cell.at + len(cell.text)), r, c)
            printed[(r, c)] = node
            nodes.append(node)
        # The row's own line, never a merged cell printed higher up.
        rows.append(Row(tuple(nodes), planned.lines[r], r))
    span = rows[0].span.cover(rows[-1].span)
    return Table(tuple(rows), span, 0, planned.layout, grouping_certain=planned.certain)
