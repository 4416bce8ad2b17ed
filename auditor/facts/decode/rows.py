"""The rows of an indicator table: where the table ends, how its atoms are cut into rows (the
printing's own rows in a grid, else the segmenting programme) and how sure each row's reading is."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import regex

from auditor.facts.decode.cells import LABELS, WORDS, Atom
from auditor.facts.decode.glued import DATE
from auditor.facts.decode.header import Header
from auditor.facts.decode.indicators import GIVEN_ROWS, GLUED_KEEP, KEEP, MAX_ROW, TOTAL, Cells, Placed, segment
from auditor.facts.decode.pieces import Gap
from auditor.facts.decode.placing import place
from auditor.facts.rows import category
from auditor.facts.types.form import IndicatorRow, rubric_block
from auditor.report.numbers import Quantity

_FIGURES = ("target", "weight", "actual", "score")
STRAYS = 3  # atoms a table's rows may leave out where no cutting places them all
USUAL_ROWS = 3  # rows that must be readable with one weight before it is the table's usual one
HABIT_SHARE = 0.75  # of the rows read for sure, the share that must leave the 分值 empty for the table to print none
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


def short_row(row: IndicatorRow, roles: Sequence[str]) -> bool:
    """Whether a row lacks its header's last figure column (得分, or 分值), or leaves one before its last empty."""
    last = "score" if "score" in roles else "weight"
    if last in roles and row.cells.get(last) is None:
        return True
    figures = [r for r in roles if r in ("target", "actual", "weight", "score")]
    filled = [k for k, r in enumerate(figures) if r in row.cells]
    return bool(filled) and len(filled) < filled[-1] + 1


def last_row(rows: Sequence[IndicatorRow]) -> int:
    """The index of the table's last row: the last with a figure (a wrapped cell's rest read as rows holds none)."""
    figured = (n for n in range(len(rows) - 1, -1, -1) if any(q is not None for q in (rows[n].weight, rows[n].score, rows[n].target, rows[n].actual)))
    return next(figured, len(rows) - 1)


def lone_score(q: Quantity, rows: Sequence[IndicatorRow]) -> bool:
    """Whether the one figure a 总分 row prints is the 得分, not the 分值: it is what the rows' 得分
    add up to and not their 分值, or, neither adding up, it has decimals (full marks are whole:
    "总分 97.93")."""
    weights = sum((r.weight.value for r in rows if r.weight is not None), Decimal(0))
    scores = sum((r.score.value for r in rows if r.score is not None), Decimal(0))
    if q.value in (weights, scores):
        return q.value == scores and q.value != weights
    return q.value != q.value.to_integral_value()


def decode_rows(atoms: Sequence[Atom], start: int, end: int, header: Header, merge: int = 1) -> list[Placed]:
    """The indicator rows in atoms[start:end]; `merge` atoms at most make one cell (glued printings)."""
    cells = Cells(atoms, merge, header.columns)
    out: list[Placed] = []
    cuts = grid_rows(atoms, start, end, header) or segment(cells, start, end, header)
    # (where no cutting places every atom, one that leaves a few strays out: its rows are the likeliest, never sure)
    stray = not cuts and merge == 1
    for i, j in segment(cells, start, end, header, leave_out=True) if stray else cuts:
        placed = place(cells, i, j, header.roles, KEEP if merge == 1 else GLUED_KEEP)
        if placed is not None:
            out.append(placed.in_doubt() if stray else placed)
    if stray and sum(p.atoms[1] - p.atoms[0] - len(p.cells) for p in out) > STRAYS:
        out = []  # more left out than a wrapped cell's rest: no table the columns read
    if merge > 1:
        out = _lone_value(out)
        placed = [_swallowed(_nameless(_wrapped_words(p, atoms, end, header)), header.roles) for p in out]
        return _usual_weight(_unusual_fill(_guessed_edges(placed, atoms)))
    rows = [_wrapped_words(p, atoms, end, header) for p in _lone_value(_unweighted(out, atoms, header))]
    # (a row a line whose cells wrap: a line of tails no joining took reads as a row with no figures)
    return _unusual_fill(rows) if header.cell_gap[0] == Gap.SPACE and header.row_gap is not None else rows


def _lone_value(rows: list[Placed]) -> list[Placed]:
    """A row of a block scored by its rule (项目决策, 项目管理, 过程) whose one worded value between its
    name and its figures may as well be its 指标值 as its 完成值 (`Placed.swap`): such blocks set no
    target and state what was done, so it is the 完成值. The block is the 一级 label above the row; a
    二级 label that gives the row a category (数量指标) overrules it. (Elsewhere a lone value stays in
    doubt: a form leaves its 完成值 empty as often as its 指标值, and a lone figure may be a 分值's neighbour.)"""
    level1 = level2 = ""
    out = []
    for r in rows:
        level1 = _label(r, "level1", level1)
        level2 = _label(r, "level2", level2)
        value = r.cells.get("target") or r.cells.get("actual")
        if r.swap and value is not None and value.kind in WORDS and rubric_block(level1, category(level1, level2)):
            cells = {k: v for k, v in r.cells.items() if k not in ("target", "actual")} | {"actual": value}
            r = dataclasses.replace(r, cells=cells, doubts=frozenset(), certain=True, swap=False)
        out.append(r)
    return out


def _label(r: Placed, role: str, before: str) -> str:
    a = r.cells.get(role)
    return a.value if a is not None and a.value else before


def _unweighted(rows: list[Placed], atoms: Sequence[Atom], header: Header) -> list[Placed]:
    """A row in doubt in a table whose rows read for sure print no 分值, all but a few (a form that
    scores only 得分: "22.8 22.8 1" as "180 180 3" is 指标值 | 完成值 | 得分): placed again without
    the column, and taken when that placing is clearly the best."""
    if "weight" not in header.roles or all(r.certain for r in rows):
        return rows
    sure = [r for r in rows if r.certain and _filled(r.cells)]
    unweighted = sum(1 for r in sure if "weight" not in _filled(r.cells))
    if unweighted < max(USUAL_ROWS, HABIT_SHARE * len(sure)):
        return rows
    kept = [n for n, role in enumerate(header.roles) if role != "weight"]
    roles = tuple(header.roles[n] for n in kept)
    cells = Cells(atoms, 1, tuple(header.columns[n] for n in kept) if header.columns else ())
    out = []
    for r in rows:
        again = None if r.certain else place(cells, *r.atoms, roles, KEEP)
        out.append(again if again is not None and again.certain else r)
    return out


def _wrapped_words(placed: Placed, atoms: Sequence[Atom], end: int, header: Header) -> Placed:
    """A row of cells set apart by spaces (a row a line) whose cells wrapped: a worded 指标值 or 完成值
    may have left its tail on the next line ("严守财经纪律要" + "求"), so it is in doubt where the row
    runs on over a line break after it, or the line after the row holds only words (the tails)."""
    i, j = placed.atoms
    if header.row_gap is None or header.cell_gap[0] != Gap.SPACE:
        return placed  # (a delimited printing parts every cell: a cell on a line of its own is whole)
    breaks = [k for k in range(i + 1, j) if atoms[k].gap >= header.row_gap]
    if _tails(atoms, j, end, header.row_gap):
        breaks.append(j)
    if not breaks and _lone_label(atoms, j, end, header.row_gap):
        # a worded cell joined from the lines below, and a line of one short label word after it: that
        # word may be the cell's last tail ("…开展校务" / "管理") as well as the next row's 一级 label
        joined = {r for r in ("target", "actual") if (a := placed.cells.get(r)) is not None and a.kind in WORDS and not a.text.contiguous()}
        return dataclasses.replace(placed, certain=False, doubts=placed.doubts | joined) if joined else placed
    if not breaks:
        return placed
    at = {id(a): k for k, a in enumerate(atoms[i:j], i)}
    worded = {
        r for r in ("target", "actual")
        if (a := placed.cells.get(r)) is not None and a.value and (a.kind in WORDS or DATE.fullmatch(a.value)) and at.get(id(a), j) < breaks[-1]
    }  # fmt: skip
    return dataclasses.replace(placed, certain=False, doubts=placed.doubts | worded) if worded else placed


# what a wrapped cell's rest reads as: words, a band word among them ("完成"), no label or figure
_TAIL_KINDS = WORDS - LABELS - {"template"}


def _tails(atoms: Sequence[Atom], j: int, end: int, row_gap: Gap) -> bool:
    """Whether the line starting at atoms[j] holds only plain words: the tails of wrapped cells."""
    if j >= end or atoms[j].gap < row_gap:
        return False
    k = j
    while k < end and (k == j or atoms[k].gap < row_gap):
        if atoms[k].kind not in _TAIL_KINDS:
            return False
        k += 1
    return True


LONE_LABEL = 4  # characters of a label word that may as well be a wrapped cell's last tail


def _lone_label(atoms: Sequence[Atom], j: int, end: int, row_gap: Gap) -> bool:
    """Whether the line starting at atoms[j] holds one short label word and nothing else."""
    one = j + 1 >= end or atoms[j + 1].gap >= row_gap
    return j < end and atoms[j].gap >= row_gap and one and atoms[j].kind in LABELS and len(atoms[j].value) <= LONE_LABEL


def _nameless(placed: Placed) -> Placed:
    """A glued row with figures and no name is in doubt in full: the words that would name it went
    to another row, and so, likely, did the figures' places (a header's "…改进措施" + "867" read as
    a row, "100% 100%" of a row whose name the printing moved away)."""
    name = placed.cells.get("name")
    fill = _filled(placed.cells)
    if (name is not None and name.value) or not fill:
        return placed
    return dataclasses.replace(placed, certain=False, doubts=placed.doubts | fill)


def _swallowed(placed: Placed, roles: Sequence[str]) -> Placed:
    """A glued row whose worded name runs on into a later column's cell over an empty 指标值 or 完成值:
    the name may hold that cell ("促进农户收入增长农户增收" + "达成预期指标" is a name and its target as
    well as one name), so the empty cell is in doubt and no finding rests on it."""
    name = placed.cells.get("name")
    if name is None or name.kind not in WORDS or len(name.value) < 2 * SHORTEST_CELL:
        return placed
    hidden = set()
    for role in roles[roles.index("name") + 1 :]:
        cell = placed.cells.get(role)
        if cell is not None and cell.value:
            if not hidden or cell.gap != Gap.GLUED:
                return placed
            return dataclasses.replace(placed, certain=False, doubts=placed.doubts | hidden)
        if role in ("target", "actual"):
            hidden.add(role)
    return placed


SHORTEST_CELL = 3  # characters of words a name and a worded cell each hold at the least


def _unusual_fill(rows: list[Placed]) -> list[Placed]:
    """In a glued printing, or a row a line whose cells wrap, a row that leaves empty the 分值 or
    得分 most rows fill is in doubt.

    Where every row prints a 分值 and a 得分, a row read without its 分值 has most likely run
    into its neighbour ("…合格率≥100百分比10088资金使用规范性…" read as one row), or is the tails of
    a row's wrapped cells that no joining took ("时限 成 成" under "费支付 12月完 12月完"): its cells
    are withheld, not read.
    """
    fills = [_filled(r.cells) for r in rows]
    figured = [f for f in fills if f]
    usual = {c for c in ("weight", "score") if sum(c in f for f in figured) >= max(USUAL_ROWS, len(figured) // 2 + 1)}
    out = []
    for r, fill in zip(rows, fills, strict=True):
        if fill and not usual <= fill:
            r = dataclasses.replace(r, certain=False, doubts=r.doubts | fill | usual)
        out.append(r)
    return out


def _usual_weight(rows: list[Placed]) -> list[Placed]:
    """In a glued printing, the 分值 most rows can be read to carry and the figures most rows fill,
    taken where a row is in doubt.

    Forms give most indicators one weight (10 points each) and fill the same figures in every row:
    where "2810810" reads as 28108 | 1 | 0 or 28 | 10 | 8 | 10, the reading with the table's usual
    weight and figures is the likelier. The row stays uncertain: the table's habit ranks
    readings, it does not prove one.
    """
    readable: Counter[str] = Counter()
    for r in rows:
        readable.update({w.value for _, cells in ((r.score, r.cells), *r.options) if (w := cells.get("weight")) is not None and w.points and w.quantity.value})
    if not readable:
        return rows
    usual, count = readable.most_common(1)[0]
    if count < max(USUAL_ROWS, len(rows) // 2 + 1):
        return rows
    filled = Counter(_filled(r.cells) for r in rows).most_common(1)[0][0]
    out = []
    for r in rows:
        if not r.certain and not _usual(r.cells, usual, filled):
            better = [x for x in r.options if _usual(x[1], usual, filled)]
            better = better or [x for x in r.options if _usual(x[1], usual, None)]
            if (better and not _usual(r.cells, usual, None)) or (better and _usual(better[0][1], usual, filled)):
                score, cells = max(better, key=lambda x: x[0])
                r = dataclasses.replace(r, cells=cells, score=score)
        out.append(r)
    return out


def _filled(cells: dict[str, Atom]) -> frozenset[str]:
    return frozenset(role for role in _FIGURES if (a := cells.get(role)) is not None and a.value)


def _usual(cells: dict[str, Atom], weight: str, filled: frozenset[str] | None) -> bool:
    w = cells.get("weight")
    return w is not None and w.value == weight and (filled is None or _filled(cells) == filled)


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
