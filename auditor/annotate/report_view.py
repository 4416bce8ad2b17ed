"""The report as people know it, with each finding marked where it points.

`build_view` is a pure function from a `Report` and its findings to plain values the page
template draws: headings, paragraphs and tables in document order, each cut into pieces of
text, every piece knowing which findings cover it. A finding inside a cell marks the phrase
itself and the cell around it; a finding with an empty span (a blank cell, a missing
sentence) becomes a point. Findings are numbered by their index in the list given.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from auditor.engine.findings import Finding
from auditor.report.model import Cell, Heading, Report, Table

# A finding's number and its span, as plain offsets.
Spot = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of report text and the findings that cover it (`marks`) or point into it (`points`)."""

    text: str
    marks: tuple[int, ...] = ()
    points: tuple[int, ...] = ()
    anchors: tuple[int, ...] = ()  # findings whose first place in the report is here


@dataclass(frozen=True, slots=True)
class Part:
    """A heading (`level` 1–4), a paragraph (level 0), or a page break (`page` set, no pieces)."""

    pieces: tuple[Piece, ...]
    level: int = 0
    page: int | None = None

    @property
    def marks(self) -> tuple[int, ...]:
        """Every finding marked in this part."""
        return _union(self.pieces)


@dataclass(frozen=True, slots=True)
class CellView:
    """One printed cell, spanning `rowspan` rows and `colspan` columns where cells were merged."""

    pieces: tuple[Piece, ...]
    rowspan: int = 1
    colspan: int = 1

    @property
    def marks(self) -> tuple[int, ...]:
        """Every finding marked in this cell."""
        return _union(self.pieces)


@dataclass(frozen=True, slots=True)
class TableView:
    """A table as printed: row numbers as the locations count them; None where a merge covers."""

    number: int
    rows: tuple[tuple[int, tuple[CellView | None, ...]], ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    """The whole report; `loose` lists findings with no place in its text (an unreadable file)."""

    parts: tuple[Part | TableView, ...]
    loose: tuple[int, ...]
    scans: tuple = ()  # a scanned report's pages as pictures (`auditor.annotate.scan_view.ScanView`)


def _union(pieces: Sequence[Piece]) -> tuple[int, ...]:
    return tuple(sorted({n for p in pieces for n in (*p.marks, *p.points)}))


def cut(text: str, start: int, end: int, spots: Sequence[Spot]) -> list[Piece]:
    """Cut ``text[start:end]`` at every finding boundary inside it.

    >>> [(p.text, p.marks) for p in cut("执行率100%。", 0, 8, [(0, 3, 7)])]
    [('执行率', ()), ('100%', (0,)), ('。', ())]
    """
    inside = [(n, max(s, start), min(e, end)) for n, s, e in spots if s < end and e > start and s < e]
    points = [(n, s) for n, s, e in spots if s == e and start <= s <= end]
    bounds = sorted({start, end, *(x for _, s, e in inside for x in (s, e)), *(s for _, s in points)})
    pieces = []
    for a, b in pairwise(bounds):
        marks = tuple(n for n, s, e in inside if s <= a and b <= e)
        pieces.append(Piece(text[a:b], marks, tuple(n for n, s in points if s == a)))
    tail = tuple(n for n, s in points if s == end)
    if tail:
        pieces.append(Piece("", (), tail))
    return pieces or [Piece("")]


def _sheet_ranges(report: Report, table: Table) -> set[tuple[int, int]]:
    """Cells of a spreadsheet table that continue a merged range begun on their left."""
    anchors = [a for a in report.anchors if a.cell and ":" in a.cell]
    if not anchors:
        return set()
    starts = [a.span.start for a in anchors]

    def merged(cell: Cell) -> str | None:
        at = bisect_right(starts, cell.span.start) - 1
        hit = anchors[at] if at >= 0 else None
        return hit.cell if hit and hit.span.start <= cell.span.start < max(hit.span.end, hit.span.start + 1) else None

    out = set()
    for r, row in enumerate(table.rows):
        names = [merged(cell) for cell in row.cells]
        out.update((r, c) for c in range(1, len(names)) if names[c] and names[c] == names[c - 1])
    return out


def _table(text: str, table: Table, spots: Sequence[Spot], covered: set[tuple[int, int]]) -> TableView:
    rows: list[tuple[int, list[CellView | None]]] = []
    origin: dict[int, tuple[int, tuple[int, int]]] = {}  # column -> row and span of the printed cell
    for r, row in enumerate(table.rows):
        cells: list[CellView | None] = []
        owner: list[int | None] = []  # the column of the printed cell each column belongs to; None: merged from above
        for c, cell in enumerate(row.cells):
            pieces = tuple(cut(text, cell.span.start, cell.span.end, spots))
            left = owner[c - 1] if c else None
            if (r, c) in covered and c:
                # A spanned column widens its printed cell (a merge from above spans it already).
                first = cells[left] if left is not None else None
                if first is not None:
                    extra = tuple(p for p in pieces if p.marks or p.points)
                    cells[left] = CellView(first.pieces + extra, first.rowspan, first.colspan + 1)
                cells.append(None)
                owner.append(left)
                continue
            above = origin.get(c)
            if above is not None and r and above[1] == (cell.span.start, cell.span.end):
                # NOTE: a merged cell keeps the span where it is printed; draw it once, spanning down.
                top = rows[above[0]][1]
                if top[c] is not None:
                    top[c] = CellView(top[c].pieces, top[c].rowspan + 1, top[c].colspan)
                cells.append(None)
                owner.append(None)
                continue
            origin[c] = (r, (cell.span.start, cell.span.end))
            cells.append(CellView(pieces))
            owner.append(c)
        rows.append((row.index + 1, cells))
    return TableView(table.index + 1, tuple((n, tuple(cells)) for n, cells in rows))


def _pages(report: Report) -> tuple[list[int], list[int]]:
    anchors = [a for a in report.anchors if a.page is not None]
    return [a.span.start for a in anchors], [a.page for a in anchors]


def _anchored(parts: list[Part | TableView], count: int) -> tuple[list[Part | TableView], tuple[int, ...]]:
    """Give each finding an anchor at its first piece; return the findings placed nowhere."""
    seen: set[int] = set()

    def mark(piece: Piece) -> Piece:
        new = tuple(n for n in (*piece.points, *piece.marks) if n not in seen)
        seen.update(new)
        return Piece(piece.text, piece.marks, piece.points, tuple(sorted(set(new)))) if new else piece

    out: list[Part | TableView] = []
    for part in parts:
        if isinstance(part, Part):
            out.append(Part(tuple(mark(p) for p in part.pieces), part.level, part.page))
            continue
        rows = []
        for number, cells in part.rows:
            marked = (c and CellView(tuple(mark(p) for p in c.pieces), c.rowspan, c.colspan) for c in cells)
            rows.append((number, tuple(marked)))
        out.append(TableView(part.number, tuple(rows)))
    return out, tuple(n for n in range(count) if n not in seen)


def build_view(
    report: Report | None, findings: Sequence[Finding], covered: set[tuple[int, int, int]] = frozenset()
) -> ReportView:
    """The report's parts with every finding of `findings` marked (numbered by list index).

    :param covered: ``(table, row, column)``, 0-based, of cells that continue the cell on
        their left (a .docx grid span; spreadsheet ranges are found from the report's anchors).
    """
    if report is None:
        return ReportView((), tuple(range(len(findings))))
    text = report.text
    spots = [(n, f.span.start, f.span.end) for n, f in enumerate(findings)]
    starts, pages = _pages(report)
    parts: list[Part | TableView] = []
    page = None
    for block in report.blocks:
        if starts:
            at = bisect_right(starts, block.span.start) - 1
            if at >= 0 and pages[at] != page:
                page = pages[at]
                parts.append(Part((), page=page))
        if isinstance(block, Table):
            spans = {(r, c) for t, r, c in covered if t == block.index} | _sheet_ranges(report, block)
            parts.append(_table(text, block, spots, spans))
        else:
            level = min(block.level, 4) if isinstance(block, Heading) else 0
            parts.append(Part(tuple(cut(text, block.span.start, block.span.end, spots)), level))
    anchored, loose = _anchored(parts, len(findings))
    return ReportView(tuple(anchored), loose)
