"""Rows lined up with their header: a delimited row as wide as the header's lost no cell, so
each of its cells stands under the header word of its own column, as in a real grid; an empty
cell between two filled ones is a column the row leaves empty. The same holds of a table printed
one cell a line whose every cell, the empty ones too, is printed (`periodic`), and of the empty
cells a run of spaces stands for where one space parts the cells (`spaced_blanks`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from auditor.facts.decode.cells import Atom, atom
from auditor.facts.decode.fit import NEG, fit
from auditor.facts.decode.header import Header
from auditor.facts.decode.indicators import TOTAL, Placed
from auditor.facts.decode.pieces import Gap, Piece
from auditor.facts.types.form import IndicatorRow
from auditor.report.model import Report
from auditor.report.numbers import read_cell


def lined_up(ps: Sequence[Piece], header: Header, xs: list[Atom]) -> list[Atom]:
    """The cells of a pipe or tab table's rows that print as many cells as the header's row: each
    stands under the header word of its own column, as in a real grid.

    NOTE: a flattened table drops the cells of merged labels, so most of its rows are shorter and
    are placed by their cells' kinds; a row as wide as the header lost none ("| 产出指标 | 数量指标
    | 公猪饲养舍 |  | 22.8 | 22.8 | 1 |": the empty 分值 holds its place, 22.8 is no 分值).
    """
    top = ps[header.start]
    # (a header whose words went on in the row below, `grid_wrapped`, stands in two rows, one column a word)
    if top.fixed or not top.grid or len(set(header.columns)) != len(header.roles) or any(
        p.block != top.block or p.row not in (top.row, top.row + 1) for p in ps[header.start : header.end]
    ):
        return xs
    width = _row_width(ps, header.start)
    counts: dict[tuple[int, int], int] = {}
    for a in xs:
        p = ps[a.first]
        if p.grid and p.row >= 0:
            counts[(p.block, p.row)] = max(counts.get((p.block, p.row), 0), p.column + 1)
    counts.pop((top.block, top.row), None)  # cells on the header's own row (a flattened table): no row of it
    out = [
        dataclasses.replace(a, fixed=True) if a.grid and counts.get((ps[a.first].block, ps[a.first].row)) == width else a
        for a in xs
    ]
    # an empty cell between two filled ones of such a row is a column the row leaves empty, never
    # a cell to leave out ("| 母猪栏舍 |  | 180 | 180 | 3 |": the 分值 is empty, 180 is no 分值)
    rows = [(ps[a.first].block, ps[a.first].row) for a in out]
    before = _filled(out, rows, range(len(out)))  # a filled cell stands left of it in its row
    after = _filled(out, rows, range(len(out) - 1, -1, -1))
    for k, a in enumerate(out):
        if a.grid and not a.value and rows[k] in counts and before[k] and after[k]:
            out[k] = dataclasses.replace(a, held=True)
    # a row that prints an empty cell prints every cell: each stands right after the one before
    printing = {rows[k] for k, a in enumerate(out) if a.held}
    return [dataclasses.replace(a, tight=True) if rows[k] in printing and k and rows[k - 1] == rows[k] else a for k, a in enumerate(out)]


def _filled(xs: list[Atom], rows: list[tuple[int, int]], order: range) -> list[bool]:
    """For each cell, whether a filled cell of its row comes before it in `order` (one pass)."""
    out = [False] * len(xs)
    row, seen = None, False
    for k in order:
        if rows[k] != row:
            row, seen = rows[k], False
        out[k] = seen
        seen = seen or bool(xs[k].value)
    return out


def _row_width(ps: Sequence[Piece], k: int) -> int:
    """The number of cells the grid row holding piece k prints."""
    block, row = ps[k].block, ps[k].row
    i = k
    while i > 0 and (ps[i - 1].block, ps[i - 1].row) == (block, row):
        i -= 1
    j = k
    while j < len(ps) and (ps[j].block, ps[j].row) == (block, row):
        j += 1
    return 1 + max(p.column for p in ps[i:j])


def spaced_blanks(header: Header, xs: list[Atom]) -> list[Atom]:
    """The empty cells of a table whose cells one space parts: a run of 2k+1 spaces is k empty
    cells, each printed as one space between two separators ("生态效益指标         0": four).

    On a line that, with them, holds no more cells than the header has columns they are sure
    (`held`); on a longer one a cell printed spaces of its own, and they are left to the search.
    """
    if header.cell_gap != (Gap.SPACE, 1) or header.row_gap != Gap.LINE:
        return xs
    out: list[Atom] = []
    line: list[Atom] = []  # the cells of the current line, the empty ones put back

    def flush() -> None:
        if len(line) <= len(header.roles):
            # a line that prints its empty cells prints every cell: each stands right after the one before
            tight = any(a.first < 0 for a in line)
            line[:] = [dataclasses.replace(a, held=a.held or a.first < 0, tight=tight and k > 0) for k, a in enumerate(line)]
        out.extend(line)
        line.clear()

    for a in xs:
        if a.gap >= Gap.LINE:
            flush()
        elif a.gap == Gap.SPACE and a.width >= 3:
            at = a.text[0:0]
            line.extend(atom(at, Gap.SPACE, 1) for _ in range((a.width - 1) // 2))
            a = dataclasses.replace(a, width=1)
        line.append(a)
    flush()
    return out


def periodic(
    header: Header, xs: list[Atom], end: int, blanks: Callable[[], tuple[list[Atom], int] | None] = lambda: None
) -> tuple[Header, list[Atom], int]:
    """A table printed one cell a line, nothing marking where a row ends, whose rows print every
    cell, the empty ones too ("= | 100 | % | | 60 | |"): when the cells up to the table's end are
    whole rows of the header's width and each cell can stand under its column, the k-th cell of
    a row is the k-th column's, as in a real grid. `blanks` makes the cells with the empty ones
    blank lines stand for (`blank_lines`), and their end: made and tried only when the cells
    alone make no whole rows.

    NOTE: a table that leaves a merged label's cell out has rows of other widths; its count is
    then rarely a multiple of the width, and when it is, some cell lands where it cannot stand.
    """
    tried: tuple[list[Atom], int] | None = (xs, end)
    while tried is not None:
        cells, last = tried
        placed = _whole_rows(header, cells, last)
        if placed is not None:
            return dataclasses.replace(header, columns=tuple(range(len(header.roles)))), placed, last
        tried = blanks() if cells is xs else None
    return header, xs, end


def _whole_rows(header: Header, xs: list[Atom], end: int) -> list[Atom] | None:
    width = len(header.roles)
    lined = len(set(header.columns)) == width  # (a header one cell a line stands in one grid column)
    # (a last row cut short by the end of the text, an excerpt's, still stands in whole rows' columns)
    cut = end % width and not (end == len(xs) and end >= 2 * width)
    if header.row_gap is not None or lined or end < width or cut or any(a.fixed for a in xs[:end]):
        return None
    if any(fit(xs[k], header.roles[k % width]) <= NEG / 2 for k in range(end)):
        return None
    # the 总分 row after them is printed the same way: its lone figure stands in its own column; a
    # row cut short is left to the search, and what it lacks is in doubt (the text may stop there)
    last = min(len(xs), end + width) if end < len(xs) and TOTAL.match(xs[end].value) else end - end % width
    placed = [dataclasses.replace(a, column=k % width, fixed=True) for k, a in enumerate(xs[:last])]
    return placed + xs[last:]


def blank_lines(ps: Sequence[Piece], header: Header, xs: list[Atom], end: int) -> tuple[list[Atom], int] | None:
    """The cells of a table printed one cell a line, with an empty cell a blank line, the empty
    ones put back: k blank lines between two cells are k empty cells. Only where the header's own
    words stand one a line with no blank line between them (a page double-spaced has blank lines
    everywhere); None where no blank line stands between the table's cells."""
    if header.row_gap is not None or header.cell_gap[0] < Gap.LINE:
        return None
    if any(ps[k].gap >= Gap.LINE and ps[k].width != 1 for k in range(header.start + 1, header.end)):
        return None
    out: list[Atom] = []
    added = 0
    for k, a in enumerate(xs):
        if 0 < k <= end and a.gap >= Gap.LINE and a.width >= 2:
            out.extend(atom(a.text[0:0], Gap.LINE, 1) for _ in range(a.width - 1))
            added += a.width - 1
        out.append(a)
    return (out, end + added) if added else None


# NOTE: a table laid out by position (`readers.plain.laid`) has its rows told apart by where
# figures stack: a wrapped cell may have been cut at the wrong line. What it reads is the
# likeliest reading, never a certain one: its findings are information to check against the form.
# Its figures are read as printed, though, where each stands unwrapped on the line the row's
# other figures stand on: a row cut at the wrong line moves words, or a figure onto another line.
_SCORED = frozenset({"weight", "target", "actual", "score"})


def laid(report: Report, ps: Sequence[Piece], header: Header) -> bool:
    """Whether the header stands in a table laid out by position (its rows a guess)."""
    block = ps[header.start].block
    return 0 <= block < len(report.blocks) and getattr(report.blocks[block], "layout", "") == "laid"


def guessed(rows: list[IndicatorRow], text: str) -> list[IndicatorRow]:
    """The rows, none read for sure: each cell another cut of the rows may fill otherwise, unless
    the row starts on its figures' line and so does the next (a row below that starts off its
    figures' line may have taken this row's last lines): then every line between is the row's,
    its words and wrapped figures too. The last row's figures that stand whole on its first line
    are read as printed; the rest of it may have run into the text after the table."""
    whole = [_on_one_line(r, text) for r in rows]
    kept = [
        w if k + 1 == len(rows) else _SCORED.intersection(rows[k].cells) if w and whole[k + 1] else frozenset()
        for k, w in enumerate(whole)
    ]
    return [dataclasses.replace(r, certain=False, doubts=r.doubts | _SCORED.intersection(r.cells) - w) for r, w in zip(rows, kept, strict=True)]


def _on_one_line(row: IndicatorRow, text: str) -> frozenset[str]:
    """The row's figure cells that stand whole on the line its name starts on, when that line holds
    its first figure (a row that took in the lines of a row above it starts its name higher up)."""
    filled = {role: c for role, c in row.cells.items() if role in _SCORED and c.value and read_cell(c.text) is not None}
    if not filled:
        return frozenset()
    spans = {role: c.text.extent() for role, c in filled.items()}
    name = row.cells.get("name")
    first = min(s.start for s in spans.values())
    start = first if name is None or not name.value else min(name.text.extent().start, first)
    if "\n" in text[start:first]:
        return frozenset()
    return frozenset(role for role, s in spans.items() if "\n" not in text[start : s.end])


def confirmed(ps: Sequence[Piece], header: Header, xs: list[Atom], placings: list[Placed]) -> list[Placed]:
    """The rows whose reading the printing's own structure confirms, read for sure.

    A delimited row shorter than its header lost the cells of labels merged down from the rows
    above: its cells are the header's last ones. When the best placing puts every cell of the
    row exactly there, the closer readings that kept it in doubt shift cells the printing did
    not shift: the row is read for sure. (A row that lost cells at its end instead is placed
    otherwise, and is left as it was.)
    """
    width = len(header.roles)
    out: list[Placed] = []
    for placed in placings:
        i, j = placed.atoms
        if placed.certain or not 0 < j - i < width or not _one_row(ps, xs, i, j):
            out.append(placed)
            continue
        if _in_columns(header, xs, placed, width - (j - i)):
            placed = dataclasses.replace(placed, certain=True, doubts=frozenset())
        out.append(placed)
    return out


def cut_in_place(ps: Sequence[Piece], header: Header, xs: list[Atom], placed: Placed) -> bool:
    """Whether a last row the end of the text cut short (an excerpt, a cut page) holds each of its
    cells in its own column: a delimited row printed from the header's first column on, cell
    after cell, loses its end, not its start, and the best placing puts its cells exactly in the
    header's first columns. The closer readings shift cells the printing did not shift."""
    i, j = placed.atoms
    if not 0 < j - i < len(header.roles) or j != len(xs) or not _one_row(ps, xs, i, j):
        return False
    return _in_columns(header, xs, placed, 0)


def _in_columns(header: Header, xs: list[Atom], placed: Placed, first: int) -> bool:
    """Whether the placing puts its atoms in the header's columns one after another from `first` on."""
    i, j = placed.atoms
    role = {id(a): r for r, a in placed.cells.items()}
    return all(role.get(id(xs[k])) == header.roles[first + k - i] for k in range(i, j))


def _one_row(ps: Sequence[Piece], xs: list[Atom], i: int, j: int) -> bool:
    """Whether atoms i..j are all of one delimited row's cells, and no more (`xs` made of the pieces
    `ps` themselves, not of a glued printing's segments)."""
    row = {(ps[a.first].block, ps[a.first].row) for a in xs[i:j] if a.grid and a.first >= 0}
    if len(row) != 1 or not all(a.grid for a in xs[i:j]):
        return False
    (block, index), = row
    if index < 0:
        return False
    beside = [xs[k] for k in (i - 1, j) if 0 <= k < len(xs)]
    return not any(b.grid and b.first >= 0 and (ps[b.first].block, ps[b.first].row) == (block, index) for b in beside)
