"""The report as pieces: every run of text between two separators, with the separator before it.

A form reaches pfaudit printed in a hundred ways — a Word grid, pipes, tabs, one cell a line,
cells set apart by single spaces or by runs of them, everything on one line, glued with no
separator at all. What every printing keeps is reading order and, between two pieces of
text, *some* separator: nothing, spaces (how many), a cell boundary, a line break, a new
row, a new block. `pieces(report)` records exactly that and decides nothing; the header of
each table says later which separators part its cells and which part its rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum

import regex

from auditor.report.model import BLANK_MARKS, Heading, Mapped, Paragraph, Report, Table


class Gap(IntEnum):
    """How a piece is set apart from the one before it, weakest first."""

    GLUED = 0  # nothing between (glued text, or a piece split off by type)
    SPACE = 1  # spaces inside a line; `Piece.width` says how many
    CELL = 2  # a cell boundary the printing marks: "|", a tab, a grid cell
    LINE = 3  # a line break; `Piece.width` says how many
    ROW = 4  # a new row of a delimited table or a real grid
    BLOCK = 5  # a new paragraph, heading or table; `Piece.width` counts the line breaks


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text between two separators, in reading form (normalised), with its place.

    `column` and `row` are the grid position when the piece is a cell of a real grid (a
    .docx/.xlsx table, tab-separated or pipe rows); -1 for text.
    """

    text: Mapped
    gap: Gap
    width: int = 0
    block: int = -1
    row: int = -1
    column: int = -1
    grid: bool = False  # a cell of a table whose cells the printing delimits
    fixed: bool = False  # a cell of a real grid (.docx, .xlsx): its column is the header's, merged cells resolved

    @property
    def value(self) -> str:
        """The reading text."""
        return self.text.text

    @property
    def blank(self) -> bool:
        """An empty cell or a blank mark ("/", "—", "-")."""
        return self.text.text in BLANK_MARKS or self.text.text in ("…", "--", "——")


def _separator(original: str, left: int, right: int, wraps: frozenset[int] = frozenset()) -> tuple[Gap, int]:
    """The separator between offsets `left` and `right` of the original text (left < right).

    A line break that only wraps a hard-wrapped line (`Report.wraps`) is no separator: what
    else stands between the two pieces is.
    """
    between = original[left + 1 : right]
    if not between:
        return Gap.GLUED, 0
    lines = between.count("\n")
    if lines == 1 and wraps and left + 1 + between.index("\n") in wraps:
        rest = between.replace("\r", "").replace("\n", "")
        return (Gap.SPACE, len(rest)) if rest and not rest.strip() else (Gap.GLUED, 0)
    if lines:
        return Gap.LINE, lines
    if "|" in between or "｜" in between or "\t" in between:
        return Gap.CELL, 0
    if between.strip():
        return Gap.GLUED, 0  # characters normalisation dropped (a gloss): no separator
    return Gap.SPACE, len(between.replace("\u3000", "  "))


_SEPARATORS = regex.compile(r"[\s|｜]+")


def split(text: Mapped, original: str, wraps: frozenset[int] = frozenset()) -> Iterator[tuple[Mapped, Gap, int]]:
    """Pieces of one reading text: cut at whitespace it keeps and at separators normalisation dropped."""
    s = text.text
    offsets = text.offsets
    if text.contiguous():
        # NOTE: nothing was dropped inside: the separators are the text's own, found by one pattern
        start, gap, width = 0, Gap.GLUED, 0
        for m in _SEPARATORS.finditer(s):
            i, j = m.span()
            if i > start:
                yield text[start:i], gap, width
            gap, width = _separator(original, offsets[i] - 1, offsets[j] if j < len(s) else offsets[j - 1] + 1, wraps)
            start = j
        if len(s) > start:
            yield (text[start:] if start else text), gap, width  # (a Mapped is never changed: the whole one is its own copy)
        return
    start = 0
    gap, width = Gap.GLUED, 0
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if ch.isspace() or ch in "|｜":
            if i > start:
                yield text[start:i], gap, width
            j = i
            while j < n and (s[j].isspace() or s[j] in "|｜"):
                j += 1
            gap, width = _separator(original, offsets[i] - 1, offsets[j] if j < n else offsets[j - 1] + 1, wraps)
            start = i = j
            continue
        if i > start and offsets[i] != offsets[i - 1] + 1:
            found = _separator(original, offsets[i - 1], offsets[i], wraps)
            if found[0] > Gap.GLUED:
                yield text[start:i], gap, width
                gap, width = found
                start = i
        i += 1
    if n > start:
        yield (text[start:n] if start else text), gap, width


def _block_gap(original: str, end: int, start: int) -> int:
    """Line breaks between the end of one block and the start of the next."""
    return original.count("\n", end, start) if start > end else 0


def pieces(report: Report, blocks: list[int]) -> list[Piece]:
    """The pieces of the given blocks (indexes into `report.blocks`), in reading order.

    Lines a table of pipe rows holds that print no pipe (a merged 一级 label at the start of its
    row: "项目决策" above "| 数量指标 | …") are paragraphs inside the table's span: they are read
    where they stand, each opening a row, not after the table.
    """
    original = report.text
    out: list[Piece] = []
    last_end = -1
    within = _within_tables(report, blocks)
    for b in blocks:
        block = report.blocks[b]
        if b in within.inside:
            continue
        first = True
        lines = _block_gap(original, last_end, block.span.start) if last_end >= 0 else 0
        if isinstance(block, Paragraph | Heading):
            for text, gap, width in split(block.text, original, report.wraps):
                if first:
                    gap, width, first = Gap.BLOCK, lines, False
                out.append(Piece(text, gap, width, b))
        elif isinstance(block, Table):
            grid = block.layout != "spaced"
            fixed = block.grouping_certain
            held = list(within.held.get(b, ()))
            for row in block.rows:
                for cell in row.cells:
                    while held and cell.text.text and report.blocks[held[0]].span.start < cell.text.span().start:
                        out.extend(_row_opening(report, held.pop(0), original))
                        first = False
                    if first:
                        gap, width = Gap.BLOCK, lines
                    else:
                        gap, width = (Gap.ROW, 0) if cell.column == 0 else (Gap.CELL, 0)
                    t = cell.text
                    if not t.text:
                        found = []
                    elif block.layout == "laid" and not t.contiguous():
                        found = [(t, Gap.GLUED, 0)]  # a cell wrapped over lines laid out by position: one cell
                    elif t.contiguous() and _SEPARATORS.search(t.text) is None:
                        found = [(t, Gap.GLUED, 0)]  # what `split` makes of a cell with no separator, without a generator
                    else:
                        found = list(split(t, original, report.wraps))
                    if not found:
                        if grid:  # an empty cell of a grid holds its column
                            out.append(Piece(cell.text[0:0], gap, width, b, row.index, cell.column, True, fixed))
                            first = False
                        continue
                    for k, (text, inner, w) in enumerate(found):
                        if k == 0:
                            inner, w = gap, width
                        out.append(Piece(text, inner, w, b, row.index, cell.column, grid, fixed))
                    first = False
            for n in held:
                out.extend(_row_opening(report, n, original))
        last_end = block.span.end
    return out


@dataclass(frozen=True, slots=True)
class _Within:
    held: dict[int, list[int]]  # a table's block index → the paragraphs inside its span, in order
    inside: frozenset[int]  # every such paragraph


def _within_tables(report: Report, blocks: list[int]) -> _Within:
    held: dict[int, list[int]] = {}
    table: tuple[int, int] | None = None  # the last table seen: its index and where it ends
    for b in blocks:
        block = report.blocks[b]
        if isinstance(block, Table):
            table = (b, block.span.end) if block.layout == "pipe" else None
        elif table is not None and isinstance(block, Paragraph | Heading) and block.span.end <= table[1]:
            held.setdefault(table[0], []).append(b)
        elif table is not None and block.span.start >= table[1]:
            table = None
    return _Within(held, frozenset(n for ns in held.values() for n in ns))


def _row_opening(report: Report, b: int, original: str) -> list[Piece]:
    """A paragraph inside a pipe table's span as pieces: its first opens a row."""
    out = []
    for k, (text, gap, width) in enumerate(split(report.blocks[b].text, original, report.wraps)):
        out.append(Piece(text, Gap.ROW, 0, b, -1, -1) if k == 0 else Piece(text, gap, width, b))
    return out


# Words that open a form's region: a fund block's or an indicator table's header.
_TRIGGER = regex.compile(r"预算|执行数|执行率|分值|得分|三级指标|指标名称|指标值|预期目标|权重")
REGION_CHARS = 6000  # characters of prose read after a trigger
CELL_CHARS = 80  # a block this short is a cell of a table printed one cell a line: it does not use up the budget
MAX_CELL_BLOCKS = 1500
REGION_BEFORE = 3  # blocks kept before a trigger, for the title and unit


def regions(report: Report) -> list[int]:
    """The blocks worth decoding: each block that mentions a header word, and those after it.

    A region runs on for `REGION_CHARS` characters of prose after its last trigger; blocks
    no longer than a cell (one cell a line, a table row) do not use up that budget, so a
    table printed one cell a paragraph is read to its end. The cost stays tied to the forms.
    """
    keep: list[int] = []
    blocks = report.blocks
    budget = -1
    cells = 0
    for n, block in enumerate(blocks):
        if isinstance(block, Table):
            text = "".join(c.value for row in block.rows for c in row.cells)
        else:
            text = block.text.text
        if _TRIGGER.search(text):
            for k in range(max(0, n - REGION_BEFORE), n):
                if not keep or keep[-1] < k:
                    keep.append(k)
            budget, cells = REGION_CHARS, 0
        elif budget < 0:
            continue
        keep.append(n)
        size = block.span.end - block.span.start
        if isinstance(block, Table) or size <= CELL_CHARS:
            cells += 1
            if cells > MAX_CELL_BLOCKS:
                budget = -1
        else:
            budget -= size
    return keep


def lines_of(items: Sequence[Piece] | Sequence, end: int, breaks: Gap = Gap.LINE) -> list[list[int]]:
    """The indices of items[:end] (pieces, or cells made of them), line by line: a separator of
    `breaks` or stronger starts a line."""
    lines: list[list[int]] = []
    for k in range(end):
        if not lines or items[k].gap >= breaks:
            lines.append([])
        lines[-1].append(k)
    return lines
