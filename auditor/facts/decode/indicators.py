"""The indicator table under an indicator header: rows decoded against the header's columns.

Flattened text keeps the cells of a row in order but may lose any of them (an empty cell,
a merged 一级/二级 label printed once for its block) and may lose the row breaks too (a table on
one line, one cell a line). So rows are not cut first and read after: the cells after the
header are cut into rows and placed in columns in one pass, a small dynamic programme that
picks the cutting and placing under which the cells fit their columns best — a 分值 is a bare
number, a 年度指标值 a quantity or a phrase, an 实际完成值 may be a band word, a category label
stands under 一级/二级 — with the printing's row breaks as evidence where it has them. Each
row is then placed again on its own, every order-keeping placement weighed with the row's
relations (得分 ≤ 分值); a row whose best placement is not clearly better than another that
reads its figures differently is *uncertain*, and no error may rest on it.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from auditor.facts.decode.cells import COMPARED, LABELS, WORDS, Atom, atom, into_figure
from auditor.facts.decode.digits import COMPARATOR_OR_PERCENT
from auditor.facts.decode.fit import NEG, drop, fit, fits, skips
from auditor.facts.decode.header import Header
from auditor.facts.decode.pieces import Gap
from auditor.report.model import Mapped

MAX_ROW = 14  # cells one row may hold
# The 总分 row, and what ends the table.
TOTAL = regex.compile(r"^(?:总分|合计|总计|总得分|得分合计|总分值|自评总分)")
WEAK_BREAK = -4.0  # a row cut where the printing puts no row break (when it does put them)
WRAPPED = -1.5  # a row that runs over one of the printing's row breaks
CERTAIN_MARGIN = 1.0
RELATED = ("weight", "score", "target", "actual")  # the columns a row's relations hold between
OPTIONS, NEAR = 8, 3.0  # the other readings a row keeps: at most this many, at most this far below the best
KEEP = 4  # partial placings kept per state
GLUED_KEEP = 8  # and in a glued printing, where a cell's worth shows only once the row's relations are known
GIVEN_ROWS = 0.6  # the share of a grid's rows that must be wide for its rows to be taken as they are
SPLIT = -2.0  # a cell boundary inside a run of glued digits
GUESS = -1.0  # any cell boundary in a glued printing
CUED = 0.0  # a boundary where the words say a new cell opens ("…及时率" + "在规定时限内")
IN_PLACE, OUT_OF_PLACE = 1.0, -1.0  # a grid cell under its header word, or under another
ROW = 0.0  # what a row is worth: each row leaves its own empty columns, which would favour long rows


@dataclass(frozen=True, slots=True)
class Placed:
    """One decoded row: each column's cell, and whether the placing was clearly the best."""

    cells: dict[str, Atom]
    atoms: tuple[int, int]  # the atoms it covers
    certain: bool
    score: float
    # other readings near the best, each with its score: a table-wide pass may prefer one of them
    options: tuple[tuple[float, dict[str, Atom]], ...] = ()
    doubts: frozenset[str] = frozenset()  # the columns a close reading fills otherwise: not read for sure
    # the close readings differ only in whether the row's one worded or figured value is its 指标值 or its
    # 完成值 (a table-wide pass may settle it: `rows._lone_value`)
    swap: bool = False

    def in_doubt(self) -> Placed:
        """This reading as the likeliest only: its figure columns in doubt, no cell read for sure."""
        return dataclasses.replace(self, certain=False, doubts=frozenset(RELATED), swap=False)


def _row_breaks(atoms: Sequence[Atom], start: int, end: int, header: Header) -> bool:
    """Whether the printing parts rows with the header's row separator in this table."""
    if header.row_gap is None:
        return False
    strong = sum(1 for a in atoms[start + 1 : end] if a.gap >= header.row_gap)
    return strong * 8 >= (end - start)


def _starts_row(a: Atom, header: Header, after: Sequence[Atom] = ()) -> bool:
    """Whether a row can open with this cell: words, an empty cell, a grid's cell, what the
    header's first column holds (a row number under 序号), or in a glued printing an age a name
    opens with ("7" + "岁以下儿童…", "0" "-" "6" + "岁儿童…"; `after` holds the atoms that follow).
    (Other figures glued to words end the row before: "…面积(平方米) 5000" + "管理用房…".)"""
    if a.kind == "number" and after:
        ranged = len(after) > 2 and after[0].value in _RANGE and after[1].kind == "number"
        lead = after[:3] if ranged else after[:1]  # up to the words the age opens
        if all(b.gap == Gap.GLUED for b in lead) and lead[-1].value.startswith(_AGE):
            return True
    return a.kind in WORDS or a.kind == "blank" or a.grid or fit(a, header.roles[0]) > 0


_RANGE = ("-", "~", "—", "－", "至")
_AGE = ("岁", "周岁")


def _boundary(a: Atom, header: Header, breaks: bool, after: Sequence[Atom] = ()) -> float:
    if not _starts_row(a, header, after):
        return NEG
    if breaks and header.row_gap is not None and a.gap < header.row_gap:
        return WEAK_BREAK + ROW
    return ROW


_OPENS_NAME = frozenset({"template", "marked"})
# A target or a result stated as a change and its figure ("较上年提高2%", "增加收入27万元"): words that
# run on into a figure, which only a 指标值 or a 完成值 holds
_STATED = regex.compile(
    # (after a clause of its own: "未发生资产流失、" + "使用率超过80%")
    r"(?:\p{Han}{2,12}[、，,])?(?:较上年|较去年|比上年|同比)?\p{Han}{0,4}(?:提高|增长|增加|降低|下降|减少|超过|达到|不低于|不少于|不高于|不超过|高于|低于|增|减)"
    r"\p{Han}{0,2}[≥≤>=<]?\d[\d.]*(?:%|‰|\p{Han}{1,2})?"
)
_LETTER = regex.compile(r"\p{L}")
_WHOLE_LABEL = ("指标", "分)", "分）")  # how a category label ends that is no part of a name


class Cells:
    """The cells a run of atoms can form: one atom, or (in a glued printing) a few joined.

    `cut[q]` is what it costs to start a cell at atom q: nothing at a separator, `SPLIT` inside
    a run of glued digits (a reading that needs fewer splits is likelier).
    """

    def __init__(self, atoms: Sequence[Atom], merge: int, columns: Sequence[int] = ()) -> None:
        self.atoms = atoms
        self.merge = merge
        self.columns = columns  # the grid column of each role, when the header stands in a real grid
        self._cache: dict[tuple[int, int], Atom] = {}
        self._fits: dict[tuple[int, int], Sequence[float]] = {}
        # NOTE: in a glued printing every cell is a guess at a boundary: without a cost per cell,
        # cutting "10≥50厘米" into more cells would always earn more fits than reading it whole.
        self.cut = [GUESS if merge > 1 else 0.0] * (len(atoms) + 1)
        if merge > 1:
            for q in range(1, len(atoms)):
                a, b = atoms[q - 1].value, atoms[q].value
                if atoms[q].gap == Gap.GLUED and a[-1:].isdigit() and b[:1].isdigit():
                    self.cut[q] = GUESS + SPLIT
                elif atoms[q].cued:
                    self.cut[q] = CUED

    def fits(self, q: int, p: int, roles: Sequence[str]) -> Sequence[float]:
        """How well atoms[q:p] as one cell stand under each column; in a real grid, under the header
        word they line up with. Kept: the segmenting and each row's placing ask the same."""
        found = self._fits.get((q, p))
        if found is None:
            cell = self.get(q, p)
            found = fits(cell, roles)
            if self.columns and cell.fixed and cell.column >= 0:
                found = [f + (IN_PLACE if cell.column == col else OUT_OF_PLACE) if f > NEG / 2 else f for f, col in zip(found, self.columns, strict=True)]
            if p - q > 1 and any(self.atoms[k].cued for k in range(q + 1, p)):
                # a cell across a start the words cue ("高于上年度" + "增加收入…") costs what a guessed cut does
                found = [f + GUESS if f > NEG / 2 else f for f in found]
            self._fits[(q, p)] = found
        return found

    def get(self, q: int, p: int) -> Atom:
        """atoms[q:p] as one cell."""
        if p - q == 1:
            return self.atoms[q]
        key = (q, p)
        found = self._cache.get(key)
        if found is None:
            first = self.atoms[q]
            run = self.atoms[q:p]
            if any(b.text.span().start < a.text.span().end for a, b in itertools.pairwise(run)):
                # atoms of two regions (a table read before the text around it): never one cell
                found = self._cache[key] = dataclasses.replace(first, kind="invalid")
                return found
            if any(a.kind in LABELS and (a.value.endswith(_WHOLE_LABEL) or first.kind in LABELS) for a in run[1:]) or any(a.kind in _OPENS_NAME and b.kind not in _OPENS_NAME for b, a in itertools.pairwise(run)):
                # a whole category label is a cell of its own: nothing runs on into it ("……" + "质量指标",
                # where "…事件" + "数量" is one name), nor one label into another ("财务管理" + "财务管理…");
                # "任务2：", "指标2：" open an indicator's name: words never run on into one (the
                # template's empty "指标2 ……" stays one cell)
                found = self._cache[key] = dataclasses.replace(first, kind="invalid")
                return found
            text = Mapped.join(a.text for a in run)
            found = atom(text, first.gap, first.width, first.column, first.grid, first.first)
            if found.kind == "text" and not _LETTER.search(found.value):
                # figures and marks, no words: a range ("0" "-" "6") is no name, and a percent or a
                # comparator inside ("≧85%" + "0-6") parts two cells
                glued = COMPARATOR_OR_PERCENT.search(found.value.rstrip("%"), 1)
                found = dataclasses.replace(found, kind="invalid" if glued else "range")
            elif found.kind in WORDS and found.kind != "band" and any(into_figure(self.atoms[k - 1], self.atoms[k]) for k in range(q + 1, p)):
                # words run on into a figure ("tot扁" + "2200"): a name does not swallow the next cell's
                # number; a result word and its share are one result ("已完成" + "100%"); a sentence
                # with figures in it is a remark, which only a reason or a note holds ("工程已竣工,尚余3%尾款未付…。")
                kind = "remark" if found.kind == "sentence" else "stated" if _STATED.fullmatch(found.value) else "mixed"
                if kind == "mixed" and any(COMPARED.match(a.value) for a in run[1:]):
                    kind = "overrun"  # words run on into a compared figure: a name and its 指标值 ("…覆盖率" + "≧90%")
                found = dataclasses.replace(found, kind=kind)
            self._cache[key] = found
        return found


def segment(cells: Cells, start: int, end: int, header: Header, leave_out: bool = False) -> list[tuple[int, int]]:
    """Cut atoms[start:end] into rows: the cutting whose rows fit the columns best.

    `leave_out`: an atom no column takes may be left out of its row at a cost, as `placing.place`
    leaves it (a wrapped cell's rest no joining took: "不少于2" / "次"); asked only where no cutting
    places every atom, so that one stray atom leaves the rest of the table read.
    """
    atoms = cells.atoms
    roles = header.roles
    m = len(roles)
    skip = skips(roles)
    breaks = _row_breaks(atoms, start, end, header)
    merge = cells.merge
    longest = MAX_ROW * merge
    n = end - start
    best = [NEG] * (n + 1)
    back = [-1] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] <= NEG / 2:
            continue
        after = atoms[start + i + 1 : min(end, start + i + 4)] if merge > 1 else ()
        b = ROW if i == 0 else _boundary(atoms[start + i], header, breaks, after)
        if b <= NEG / 2:
            continue
        # table[p][c]: the best score with atoms i..p-1 placed and the last cell in column c
        table: dict[int, list[float]] = {}
        labels: float | None = 0.0  # the fits of a row that holds only category labels
        for p in range(i + 1, min(n, i + longest) + 1):
            a = atoms[start + p - 1]
            if labels is not None:
                labels = labels + max(fit(a, "level1"), fit(a, "level2")) if a.kind in LABELS and p - i <= 2 else None
            if p - i > 1 and breaks and header.row_gap is not None and a.gap >= header.row_gap:
                b += WRAPPED
            cur = [NEG] * m
            for q in range(max(i, p - merge), p):
                fits = cells.fits(start + q, start + p, roles)
                if q == i:
                    first = cells.cut[start + q]
                    for c in range(m):
                        f = fits[c]
                        if f > NEG / 2 and skip[c] + f + first > cur[c]:
                            cur[c] = skip[c] + f + first
                    continue
                prev = table.get(q)
                if prev is None:
                    continue
                cut = cells.cut[start + q]
                run = NEG  # best prev[c'] - skip[c'+1] over c' < c
                for c in range(m):
                    if c > 0 and prev[c - 1] > NEG / 2:
                        run = max(run, prev[c - 1] - skip[c])
                    if run > NEG / 2:
                        f = fits[c]
                        if f > NEG / 2 and run + skip[c] + f + cut > cur[c]:
                            cur[c] = run + skip[c] + f + cut
            left_out = table.get(p - 1) if leave_out else None
            if left_out is not None:
                cost = drop(a)
                cur = [max(x, y + cost) for x, y in zip(cur, left_out, strict=True)]
            table[p] = cur
            top = max((cur[c] + skip[m] - skip[c + 1] for c in range(m) if cur[c] > NEG / 2), default=NEG)
            if labels is not None:
                top = max(top, labels)
            if top <= NEG / 2:
                continue
            total = best[i] + b + top
            if total > best[p]:
                best[p], back[p] = total, i
    cuts: list[tuple[int, int]] = []
    j = n
    if best[n] <= NEG / 2:
        return []
    while j > 0:
        i = back[j]
        cuts.append((start + i, start + j))
        j = i
    return cuts[::-1]
