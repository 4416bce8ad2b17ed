"""The rows of an indicator table: where the table ends, how its atoms are cut into rows (the
printing's own rows in a grid, else the segmenting programme) and how sure each row's reading is."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

import regex

from auditor.facts.decode.cells import WORDS, Atom
from auditor.facts.decode.header import Header
from auditor.facts.decode.indicators import GIVEN_ROWS, MAX_ROW, TOTAL, Cells, Placed, place, segment
from auditor.facts.decode.pieces import Gap

_END = regex.compile(
    r"^(?:评价结论|存在问题|改进措施|其他需要说明|说明|注[:：]|备注|项目负责人|财务负责人|填表人|审核人|联系电话|"
    r"偏差大或|绩效自评结论|自评结论|主要经验|年度总体目标)"
)


def table_end(atoms: Sequence[Atom], start: int, stop: int) -> int:
    """Where the indicator rows end: at the 总分 row, the form's closing words, or `stop`."""
    for n in range(start, stop):
        v = atoms[n].value
        if atoms[n].kind in WORDS and (TOTAL.match(v) or _END.match(v)):
            return n
    return stop


def decode_rows(atoms: Sequence[Atom], start: int, end: int, header: Header, merge: int = 1) -> list[Placed]:
    """The indicator rows in atoms[start:end]; `merge` atoms at most make one cell (glued printings)."""
    cells = Cells(atoms, merge, header.columns)
    out: list[Placed] = []
    for i, j in grid_rows(atoms, start, end, header) or segment(cells, start, end, header):
        placed = place(cells, i, j, header.roles)
        if placed is not None:
            out.append(placed)
    return _guessed_edges(out, atoms) if merge > 1 else out


def _guessed_edges(rows: list[Placed], atoms: Sequence[Atom]) -> list[Placed]:
    """In a glued printing a row's edge is a guess where nothing in the printing parts two rows:
    a row that meets an uncertain one there may have taken its figures, so it is uncertain too."""
    doubt = [not r.certain for r in rows]
    for k in range(len(rows) - 1):
        a, b = rows[k], rows[k + 1]
        if a.atoms[1] == b.atoms[0] and atoms[b.atoms[0]].gap == Gap.GLUED and (doubt[k] or doubt[k + 1]):
            for r in (k, k + 1):
                if rows[r].certain:
                    rows[r] = dataclasses.replace(rows[r], certain=False)
    return rows


def grid_rows(atoms: Sequence[Atom], start: int, end: int, header: Header) -> list[tuple[int, int]]:
    """The rows of a table whose printing parts every row (a grid, tab-separated or pipe rows, one
    row a line): its own rows, when the header has a row to itself and most rows are wide.
    Empty when the printing's rows cannot be trusted (rows that wrap, one cell a line)."""
    if not header.alone or header.row_gap != Gap.ROW or end <= start:
        return []
    cuts = [start, *(k for k in range(start + 1, end) if atoms[k].gap >= Gap.ROW), end]
    rows = [(i, j) for i, j in itertools.pairwise(cuts) if j > i]
    wide = sum(1 for i, j in rows if j - i >= min(3, len(header.roles) // 2))
    return rows if wide >= GIVEN_ROWS * len(rows) and all(j - i <= MAX_ROW for i, j in rows) else []
