"""Wrapped cells of a table printed a row a line, cells set apart by a space (a PDF's text layer
as pdfplumber gives it, or as a viewer copies it).

A cell too long for its column goes on over the lines below its row, and those lines hold only
the tails, in the row's order ("资金审批程序规 8 严格按制度规定 达成预期指标 8" / "范程度 执行").
Read as they stand, the tails are a row of their own and the cells they belong to are cut short.
A tail belongs to a cell whose first line reached its column's edge: no narrower cell wrapped.
So the rows are first read without the tail lines; each column's width is the widest its cells
reach; and each tail line is joined, in order, to the cells of the line above that the likeliest
joining picks. A joining is worth what says a cell goes on: it is as wide as its column, it opens
a bracket the tail closes, the cut falls inside a word (jieba: "要" + "求"), its column wraps in
the table's other rows. Two words a space parts on a tail line may be one cell's rest, where they
make it a whole label ("经济效" / "益 指标"). A line no joining clearly wins is left as it stands, and
the row's worded cells stay in doubt (`auditor.facts.decode.rows`).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import regex

from auditor.facts.decode.cells import LABELS, LEVEL2, Atom, extended, kind_of
from auditor.facts.decode.glued import DATE
from auditor.facts.decode.header import Header
from auditor.facts.decode.indicators import Placed
from auditor.facts.decode.pieces import Gap, lines_of
from auditor.report.normalize import printed_width

_WORDED = ("level1", "level2", "name", "target", "actual", "reason")  # the columns a wrapped tail may belong to
_FIGURED = frozenset({"number", "percent", "quantity"})  # a figure: what a row's line holds
_ROW_ONLY = frozenset({"number", *LABELS, "template", "blank"})  # what only a row's line holds
# what a cell cut short reads as: words (a band word, "达成预期指标", or a whole label is no cell cut short)
CUT = frozenset({"text", "sentence", "marked", "template", "sublabel", "cut_label", "mixed"})
_DONE = frozenset({"band", *LABELS})  # what a cell's rest may make it: a whole word
_LABEL_END = regex.compile(r"指标(?:[(（]\d+分?)?$")  # the rest of a category label wrapped
FIT = 1  # how much room a line may seem to leave for the character that wrapped (print is not all in two widths)
SHORT = -1.5  # a cell narrower than that which took a tail all the same
WORD = 1.0  # a tail that completes a word the cell's end begins ("严守财经纪律要" + "求")
BRACKET = 2.0  # a cell that opens a bracket it does not close ("产出指标(50" + "分)") goes on below
HABIT = -0.5  # a column that no clear joining of the table's other rows continues
SURE = 0.5  # how much better than any other the chosen joining must be
NEVER = -100.0  # a joining that cannot be
SPACED = -1.0  # a space inside a tail: two words a space parts are likelier two cells' tails than one's
JOININGS = 200  # joinings weighed at most: a line of many short tails under many cells is left as it stands
OUTLIER = 1.5  # how much wider than the next a column's widest cell may be and still give its width


def fold(atoms: Sequence[Atom], end: int, header: Header, read: Callable[[Sequence[Atom], int], list[Placed]]) -> tuple[Sequence[Atom], int]:
    """atoms[:end] with each tail line joined to the cells it continues, and the new `end`.

    `read(atoms, end)` reads rows as the table's decoder does: what it places in each column gives
    the column's width.
    """
    if header.cell_gap[0] != Gap.SPACE or header.row_gap is None or not {"weight", "score"} & set(header.roles):
        return atoms, end
    lines = lines_of(atoms, end, header.row_gap)
    tails = _tail_lines(atoms, lines)
    if not tails:
        return atoms, end
    kept = [a for n, line in enumerate(lines) if n not in tails for a in (atoms[k] for k in line)]
    role: dict[int, str] = {}
    for placed in read(kept, len(kept)):
        role.update((id(a), r) for r, a in placed.cells.items() if r in _WORDED)
    width = _widths(kept, role)
    # NOTE: read twice: the columns whose cells the clear joinings continue break the ties of the rest
    cells, owner = _joined(atoms, lines, tails, role, width, Counter())
    cells, owner = _joined(atoms, lines, tails, role, width, Counter(r for _, r in owner.values()))
    if not owner:
        return atoms, end
    out = [cells[k] for k in range(end) if k not in owner]
    return [*out, *atoms[end:]], len(out)


def _joined(
    atoms: Sequence[Atom], lines: list[list[int]], tails: set[int], role: dict[int, str], width: dict[str, int], habit: Counter[str]
) -> tuple[dict[int, Atom], dict[int, tuple[int, str]]]:
    """Each line's cells with the tails that clearly continue them joined on, and for each tail
    joined, the cell it joined and that cell's column."""
    cells: dict[int, Atom] = {k: atoms[k] for line in lines for k in line}
    owner: dict[int, tuple[int, str]] = {}
    total = habit.total()
    for n in sorted(tails):
        above = lines[n - 1]
        if n - 1 in tails:  # a tail's own tail: it goes on the cells whose tails reached the column's edge again
            if any(k not in owner for k in above):
                continue
            # (a cell whose rest made it a whole band word or label is done: "达成预" + "期指标")
            open_ = [(k, owner[k][1]) for k in above if cells[owner[k][0]].kind not in _DONE]
        else:
            open_ = [(k, r) for k in above if (r := role.get(id(cells[k]))) is not None and (_may_go_on(cells[k]) or cells[k].kind in _FIGURED | LABELS)]
        heads = [(owner[k][0] if k in owner else k) for k, _ in open_]
        ends = [
            _End(cells[k].value, cells[h].value, width.get(r, 0), habit[r] / total if total else None, cells[h].kind in _FIGURED, cells[h].kind in _DONE)
            for (k, r), h in zip(open_, heads, strict=True)
        ]
        found = _joining(ends, [cells[t] for t in lines[n]])
        if found is None:
            continue
        chosen, groups = found
        for c, group in zip(chosen, groups, strict=True):
            head, a = heads[c], cells[heads[c]]
            ts = [lines[n][g] for g in group]
            cells[head] = extended(a, (cells[t].text for t in ts))
            owner.update((t, (head, open_[c][1])) for t in ts)
    return cells, owner


def _widths(kept: Sequence[Atom], role: dict[int, str]) -> dict[str, int]:
    """Each column's width: the widest its cells reach, unless one cell is far wider than the rest
    (likelier two cells read as one: "服务对象满意度指标1师生满意")."""
    seen: dict[str, list[int]] = {}
    for a in kept:
        r = role.get(id(a))
        if r is not None:
            seen.setdefault(r, []).append(_first_line(a))
    out = {}
    for r, ws in seen.items():
        ws.sort(reverse=True)
        out[r] = ws[1] if len(ws) > 1 and ws[0] > OUTLIER * ws[1] else ws[0]
    return out


class _End(NamedTuple):
    """A cell the line below may go on: its last line, its text so far, its column's width, the
    share of the table's clear joinings its column took (None before any), whether it is a figure,
    and whether it is a whole category label or band word."""

    last: str
    text: str
    column: int
    habit: float | None
    figure: bool
    label: bool


def _joining(cells: list[_End], pieces: list[Atom]) -> tuple[tuple[int, ...], list[tuple[int, ...]]] | None:
    """Which of the line's cells its tails continue, in order, and which pieces make each tail (two
    words a space parts may be one cell's: "经济效" / "益 指标"); None when no joining is clearly
    the likeliest."""
    scored = []
    for groups in _groupings(pieces):
        k = len(groups)
        if len(cells) < k or math.comb(len(cells), k) > JOININGS:
            continue
        tails = [("".join(pieces[g].value for g in group), pieces[group[-1]].kind == "unit") for group in groups]
        spaced = SPACED * (len(pieces) - k)
        for chosen in itertools.combinations(range(len(cells)), k):
            # (a tail of two words goes on a cell only to make it a whole label or band word, or a label whose
            # end the next line holds: "可持续" / "影响 指" / "标")
            if all(len(g) == 1 or _labelled(cells[c].text + t) for c, g, (t, _) in zip(chosen, groups, tails, strict=True)):
                scored.append((_worth(cells, tails, chosen) + spaced, chosen, groups))
    if not scored:
        return None
    scored.sort(key=lambda x: x[0], reverse=True)
    best, chosen, groups = scored[0]
    if best <= SHORT or (len(scored) > 1 and best - scored[1][0] < SURE):
        return None
    return chosen, groups


def _labelled(text: str) -> bool:
    """Whether a cell and its rest make a whole label or band word, or the start of a 二级 label."""
    return kind_of(text, None) in _DONE or (len(text) >= 4 and LEVEL2.fullmatch(text, partial=True) is not None)


def _groupings(pieces: list[Atom]) -> list[list[tuple[int, ...]]]:
    """The line's pieces each a tail, and, where two worded pieces stand side by side, those two one
    tail (once a line)."""
    alone = [(k,) for k in range(len(pieces))]
    out = [alone]
    for k in range(len(pieces) - 1):
        if pieces[k].kind in CUT | LABELS and pieces[k + 1].kind in CUT | LABELS:
            out.append([*alone[:k], (k, k + 1), *alone[k + 2 :]])
    return out


def _worth(cells: list[_End], tails: list[tuple[str, bool]], chosen: tuple[int, ...]) -> float:
    worth = 0.0
    for c, cell in enumerate(cells):
        opened = _open(cell.text)
        if c not in chosen:
            worth -= BRACKET if opened else 0.0
            continue
        tail, unit = tails[chosen.index(c)]
        # (it wrapped only if the tail's first character would not have fitted on its line; a line may
        # break after a date whatever room is left, a run of digits and date words kept whole)
        full = printed_width(cell.last) + printed_width(tail[:1]) > cell.column - FIT or DATE.fullmatch(cell.last)
        worth += (0.0 if full else SHORT) + (BRACKET if opened else 0.0) + (HABIT if cell.habit == 0.0 else 0.0)
        if cell.figure and not unit:
            if kind_of(cell.text + tail, None) not in _FIGURED and not DATE.match(cell.text):
                # a figure goes on into words only as a date does ("2022年" / "末以前"): "100%" / "率、控"
                # is the rest of the name beside it
                return NEVER
            worth -= BRACKET  # a figure goes on only with its unit ("≤202.6" / "万元")
        if _closes(tail) and not opened:
            worth -= BRACKET
        if len(cells) > len(tails) and _word_across(cell.last, tail):
            worth += WORD
        if kind_of(cell.text + tail, None) in _DONE:
            worth += BRACKET  # the rest makes a whole band word or label ("达成预" + "期指标")
        elif cell.label or _LABEL_END.match(tail):
            # a whole label goes on only into a label ("满意度" / "指标(10" / "分)"), and a label's
            # end only makes one ("经济效" / "益 指标", not "缓解困" / "指标")
            worth -= BRACKET
    return worth


def _tail_lines(atoms: Sequence[Atom], lines: list[list[int]]) -> set[int]:
    """The lines that may hold tails: after a row's line (one with a figure or a result word) or another such line,
    no wider than it, with no category label, bare number (a 分值 or 得分) or template mark, which
    only a row opens or holds."""
    tails: set[int] = set()
    for n in range(1, len(lines)):
        line, above = lines[n], lines[n - 1]
        if (
            len(line) <= len(above)
            and not any(atoms[k].kind in _ROW_ONLY for k in line)
            and (n - 1 in tails or any(atoms[k].kind in _FIGURED or atoms[k].kind == "band" or atoms[k].value in _YES_NO for k in above))
        ):
            tails.add(n)
    return tails


_YES_NO = frozenset({"是", "否"})  # a result in a word: a row's line holds it as it holds a figure


def _first_line(a: Atom) -> int:
    """How wide a cell's first line prints (a label joined to its tail already spans two lines)."""
    offsets = a.text.offsets
    if not isinstance(offsets, range):
        cut = next((k for k in range(1, len(offsets)) if offsets[k] - offsets[k - 1] > 1), len(offsets))
        return printed_width(a.value[:cut])
    return printed_width(a.value)


def _may_go_on(a: Atom) -> bool:
    """Whether a cell can be the first line of a wrapped one: words, or a date."""
    # (a whole result word goes on only with its figure, "已完成" / "100%": `_worth`)
    return a.kind in CUT or a.kind == "band" or DATE.fullmatch(a.value) is not None


_OPENING, _CLOSING = "(（[【《“", ")）]】》”"


def _open(text: str) -> bool:
    """Whether the text opens a bracket it does not close."""
    depth = 0
    for c in text:
        depth += (c in _OPENING) - (c in _CLOSING)
    return depth > 0


def _closes(text: str) -> bool:
    """Whether the text closes a bracket it did not open."""
    depth = 0
    for c in text:
        depth += (c in _CLOSING) - (c in _OPENING)
        if depth > 0:
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _word_across(head: str, tail: str) -> bool:
    """Whether jieba reads a dictionary word across the cut: the head's end and the tail's start are one word."""
    from auditor.report.segmenter import cut_words

    a, b = head[-4:], tail[:4]
    at = 0
    for word in cut_words(a + b, hmm=False):
        if at < len(a) < at + len(word):
            return True
        at += len(word)
    return False
