"""Tables in text laid out by position.

A table in fixed-width columns, a row a line, keeps its empty cells where nothing starts under
a column (`aligned`). A PDF's text layer extracted with its layout kept (``pdftotext -layout``)
wraps every narrow cell over several lines, and the lines of a row's cells interleave
("产出指    数量指    公猪饲      22.8" / "标(40   标      养舍").

Each line's runs of text (parted by two spaces or more) are words at the columns they start
in, so the borderless-table finder the PDF reader uses (`auditor.readers.borderless`) recovers
the table: its columns from the header line's known words, each cell's wrapped lines joined,
the rows told apart where a figure stacks under one in the same column, or a header's words
give way to a row's figures. A table it does not recognise stays as the lines cut it.
"""

from __future__ import annotations

import regex

from auditor.readers import borderless
from auditor.readers.pdfitems import FIGURE
from auditor.readers.plain import relaid
from auditor.readers.plain.lines import _Line, _split_row, _strip
from auditor.report.model import Mapped
from auditor.report.normalize import printed_width

_RUN = regex.compile(r"\S+(?: \S+)*")
_PITCH, _HEIGHT = 1.0, 0.8  # a text line's place and height, in lines: no gap between lines


def laid_tables(lines: list[_Line]) -> dict[int, tuple[int, list[list[Mapped]]]]:
    """The laid-out tables among the lines: the index of each one's first line, mapped to the index
    after its last line and its rows of cells (the header's row first)."""
    # NOTE: only a line with three runs that are header words (or their wrapped starts) can head
    # such a table, as the finder asks: the lines before the first are never read as words
    first = next((n for n, line in enumerate(lines) if "  " in line.text and _heads(line.text)), None)
    if first is None:
        return {}
    return _found(lines, first)




def _heads(text: str) -> bool:
    """Whether a line's runs hold three header words, as `borderless.find` asks of a header line."""
    return sum(borderless.heading(run) for run in _RUN.findall(text)) >= 3

_SHORT = 12  # characters: a line this short may be a wrapped cell's last piece ("标", "方米)")


def _found(lines: list[_Line], start: int) -> dict[int, tuple[int, list[list[Mapped]]]]:
    # NOTE: a PDF's text layer counts every character as one column (a CJK one too): a line's
    # runs stand at their character offsets. A line of prose (one long run) is left out: the
    # gap it leaves ends a table as the prose itself would. A form feed starts a page: a table
    # that reaches its page's end goes on at the top of the next one, as the PDF reader's does.
    pages: list[tuple[list[borderless.Line], list[int]]] = [([], [])]
    where: dict[tuple[float, float], Mapped] = {}
    for n in range(start, len(lines)):
        line = lines[n]
        if "\f" in line.text and pages[-1][0]:
            pages.append(([], []))
        if "  " not in line.text and len(line.text) > _SHORT:
            continue
        top, fed = n * _PITCH, line.text.count("\f")  # (the form feed takes a column of the line)
        row = []
        for m in _RUN.finditer(line.text):
            x0 = float(m.start() - fed)
            row.append({"text": m[0], "x0": x0, "x1": x0 + len(m[0]), "top": top, "bottom": top + _HEIGHT})
            where[(top, x0)] = Mapped.of(m[0], line.start + m.start())
        if row:
            pages[-1][0].append(borderless.Line(top, top + _HEIGHT, row))
            pages[-1][1].append(n)
    out: dict[int, tuple[int, list[list[Mapped]]]] = {}
    carried: tuple[int, borderless.Found] | None = None  # a table that reached its page's end, and where it starts
    for words, index in pages:
        going, carried = carried, None
        if going is not None:
            words = relaid.onto(words, going[1], where)
        for first, end, table in borderless.find(words, going[1] if going else None, coarse=True):
            if table.centred or not table.parts:
                continue  # (text has no centred cells to tell by their bounds)
            rows = [[_joined([where[w] for w in cell], line_start=lines[index[first]].start) for cell in row] for row in table.parts]
            if going is not None and first == 0 and table.columns == going[1].columns:
                if going[0] not in out or borderless.TOTAL_ROW.match(table.rows[0][0] or ""):
                    continue  # (a 总分 row alone overleaf is laid out afresh: its figures stand off the columns)
                before = out[going[0]][1]
                if len(rows) > 1 and not any(FIGURE.fullmatch(c.text) for c in rows[0]):
                    # a row's rest at the top of the page: its wrapped cells go on (`borderless._grow`)
                    before = [*before[:-1], [Mapped.join([a, b]) if a.text and b.text else a if a.text else b for a, b in zip(before[-1], rows[0], strict=True)]]
                    rows = rows[1:]
                out[going[0]] = (index[end - 1] + 1, before + rows)  # the rows overleaf
                carried = (going[0], table) if table.last else None
                continue
            span = [lines[k] for k in range(index[first], index[end - 1] + 1) if lines[k].text.strip()]
            if _one_a_line(span):
                continue  # a row a line, no cell wrapped: the spaced-table reader keeps its columns, for sure
            out[index[first]] = (index[end - 1] + 1, rows)
            carried = (index[first], table) if table.last else None
    return out


def _joined(pieces: list[Mapped], line_start: int) -> Mapped:
    """A cell's words, line after line, as one cell (an empty one where nothing stands)."""
    return Mapped.join(pieces) if pieces else Mapped.of("", line_start)


def _one_a_line(lines: list[_Line]) -> bool:
    """Whether each line is a row of its own whose cells start where the columns start (`aligned`)."""
    rows = [_split_row(line, "spaced") for line in lines]
    if any(r is None for r in rows):
        return False
    return in_columns([r for r in rows if r is not None], lines) is not None


ALIGN_SLACK = 1  # display columns a cell may start off its column (a half-width digit beside a CJK column)
ALIGN_ROWS = 2  # rows a table needs: a header and one row whose cells start under its words


def aligned(rows: list[list[Mapped]], lines: list[_Line]) -> list[list[Mapped]]:
    """A spaced table whose cells start where its columns start (fixed-width text, a PDF's text laid
    out), each row as wide as the widest, its empty cells put back where nothing starts.

    NOTE: the columns are the start positions of the widest rows, which must agree; every cell of
    every row must start at one of them, no two in one. Right-aligned or centred cells start
    elsewhere: such a table is left as its runs of spaces cut it.
    """
    if all(len(r) == len(rows[0]) for r in rows):
        return rows  # no row lacks a cell
    return in_columns(rows, lines) or rows


def in_columns(rows: list[list[Mapped]], lines: list[_Line]) -> list[list[Mapped]] | None:
    """The rows with each cell in the column it starts in (`aligned`), or None when some cell
    starts in no column."""
    if len(rows) < ALIGN_ROWS or len(rows) != len(lines):
        return None
    starts = [[printed_width(line.text[: _strip(c).offsets[0] - line.start]) if c.text.strip() else -1 for c in cells] for cells, line in zip(rows, lines, strict=True)]
    width = max(len(r) for r in rows)
    columns = sorted({x for row in starts if len(row) == width for x in row})
    if len(columns) != width or -1 in columns:
        return None
    out: list[list[Mapped]] = []
    for cells, at, line in zip(rows, starts, lines, strict=True):
        slots: list[Mapped | None] = [None] * width
        for cell, x in zip(cells, at, strict=True):
            k = next((n for n, c in enumerate(columns) if abs(c - x) <= ALIGN_SLACK), None)
            if k is None or slots[k] is not None:
                return None
            slots[k] = cell
        end = len(line.text.rstrip())
        out.append([c if c is not None else Mapped.of("", line.start + end) for c in slots])
    return out
