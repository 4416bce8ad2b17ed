"""Headers printed over two lines, each column word split between them ("年度 实际" over "指标值 完成值").

The first halves stand in the header as words the vocabulary does not know, the second halves
come after them: after a line break, glued on where a flat printing lost it, or closing a glued
header. Joined in order, they are the header's columns. In a grid (pipe rows, a table) the
second halves stand in the row below, each under its own first half (`grid_wrapped`); in a
header printed on one line they may make a line of their own (`line_wrapped`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from typing import NamedTuple

from auditor.facts.decode.pieces import Gap, Piece, lines_of
from auditor.facts.decode.words import FUND, INDICATOR, PARENTS, WORD_CHARS
from auditor.report.model import Mapped

PREFIXES = {"年度", "实际", "全年", "年初", "计划", "预期", "目标", "年度指标", "全年实际"}


def wrapped_words(
    ps: Sequence[Piece], word: Callable[[str], str | None], roles: list[str], starts: list[int], ends: list[int], cols: list[int]
) -> tuple[list[str], list[int], list[int], list[int]]:
    """A header printed on two lines, each column word split between them ("年度 实际" over "指标值
    完成值"): the first halves stood as unknown columns, the second halves came after; join them.

    Glued, the first halves run together ("年度实际") and the second halves close the header
    ("…改进措施指标值完成值"): they are joined in order when every first half finds its own.
    """
    text = ["".join(p.value for p in ps[a:b]) for a, b in zip(starts, ends, strict=True)]
    roles, starts, ends, cols, text = _halves(roles, starts, ends, cols, text)
    keep = [True] * len(roles)
    for i, role in enumerate(roles):
        if not role.startswith("other") or text[i] not in PREFIXES:
            continue
        for j in range(i + 1, len(roles)):
            if keep[j] and not roles[j].startswith("other") and any(_line_broken(ps, starts[k]) for k in range(i + 1, j + 1)):
                joined = word(text[i] + text[j])
                if joined is not None:
                    roles[i] = joined
                    keep[j] = False
                    break
    firsts = [i for i, role in enumerate(roles) if role.startswith("other") and text[i] in PREFIXES]
    tail = len(firsts)
    if firsts and len(roles) - tail > firsts[-1] and all(keep[len(roles) - tail :]):
        joined = [word(text[i] + text[j]) for i, j in zip(firsts, range(len(roles) - tail, len(roles)), strict=True)]
        if all(joined):
            for i, word in zip(firsts, joined, strict=True):
                roles[i] = word
            keep[len(roles) - tail :] = [False] * tail
    pick = [n for n in range(len(roles)) if keep[n]]
    return [roles[n] for n in pick], [starts[n] for n in pick], [ends[n] for n in pick], [cols[n] for n in pick]


def _halves(
    roles: list[str], starts: list[int], ends: list[int], cols: list[int], text: list[str]
) -> tuple[list[str], list[int], list[int], list[int], list[str]]:
    """An unknown column that is first halves run together ("年度实际") stands for each of them."""
    out: tuple[list, list, list, list, list] = ([], [], [], [], [])
    for role, start, end, col, t in zip(roles, starts, ends, cols, text, strict=True):
        parts = _prefixes(t) if role.startswith("other") and t not in PREFIXES else None
        for part in parts or [t]:
            for column, value in zip(out, (role, start, end, col, part), strict=True):
                column.append(value)
    return out


def _prefixes(t: str) -> list[str] | None:
    """`t` cut into first halves ("年度实际" → 年度, 实际), or None."""
    if not t:
        return []
    for k in range(len(t), 0, -1):
        if t[:k] in PREFIXES and (rest := _prefixes(t[k:])) is not None:
            return [t[:k], *rest]
    return None


def _line_broken(ps: Sequence[Piece], k: int) -> bool:
    """Whether a line break stands before piece k: printed, or lost where a flat printing glued the
    header's second line onto its first ("…改进措施指标值")."""
    return ps[k].gap >= Gap.LINE or (ps[k].gap == Gap.GLUED and k > 0 and ps[k - 1].gap != Gap.GLUED)


_DIGIT = frozenset("0123456789")
WRAP_CHARS = 8  # a second half is short: "值", "分析及改进措施", "（万元）"
ROW_PIECES = 64  # pieces a header's row and the row below it hold at most


class Wrapped(NamedTuple):
    """A header's columns once its second halves are joined on, and where it ends."""

    roles: tuple[str, ...]
    columns: tuple[int, ...]
    end: int


def grid_wrapped(
    ps: Sequence[Piece], start: int, end: int, roles: Sequence[str], columns: Sequence[int], word: Callable[[str], str | None]
) -> Wrapped | None:
    """A header in a grid row whose words went on in the row below, each under its own column
    ("| 年度指标 | 实际完成 | 偏差原因 |" over "| 值 | 值 | 分析及改进措施 |"): the header with
    each column's two halves joined, ending after that row (the header's pieces start:end, its
    `roles` in grid `columns`); None when the row below is no such row.

    NOTE: the row below holds nothing but short words, and each one makes a header word with the
    one above it; a row of figures or of a label and its values is the first row of the table.
    """
    top = ps[start]
    if not top.grid or len(set(columns)) != len(columns):
        return None
    row = (top.block, top.row)
    last = min(len(ps), end + ROW_PIECES)
    while end < last and (ps[end].block, ps[end].row) == row:
        end += 1  # the rest of the header's row (its empty cells)
    below: dict[int, str] = {}
    k = end
    stop = min(len(ps), end + ROW_PIECES)
    while k < stop and ps[k].grid and (ps[k].block, ps[k].row) == (top.block, top.row + 1):
        if ps[k].value:
            below[ps[k].column] = below.get(ps[k].column, "") + ps[k].value
        k += 1
    if k == stop or end == last:
        return None  # a row longer than any header's: a flattened table, every row in one
    if not below or any(len(t) > WRAP_CHARS or _DIGIT & set(t) for t in below.values()):
        return None
    above: dict[int, str] = {}
    for p in ps[start:end]:
        if p.grid and p.value:
            above[p.column] = above.get(p.column, "") + p.value
    placed = dict(zip(columns, roles, strict=True))
    if list(placed) != sorted(placed):
        return None  # roles not in column order (a two-level header)
    first = min(placed)
    for column, text in below.items():
        joined = word(above.get(column, "") + text)
        role = placed.get(column)
        if joined is None and role is None and column < first:
            continue  # the rest of the title cell left of the columns: "项目资金" over "（万元）"
        if joined is None or (role is not None and joined != role and not role.startswith("other") and joined in placed.values()):
            return None  # a half that makes no header word, or another column's
        placed[column] = joined  # (a column whose first half alone was no word joins the header here)
    joined_roles = tuple(placed[c] for c in sorted(placed))
    if len(set(joined_roles)) != len(joined_roles):
        return None
    return Wrapped(joined_roles, tuple(sorted(placed)), k)


def line_wrapped(
    ps: Sequence[Piece], start: int, end: int, roles: Sequence[str], cell_gap: tuple[Gap, int], word: Callable[[str], str | None]
) -> Wrapped | None:
    """A header on one line whose longer words went on in the next line, the second halves alone
    on it ("… 年度指标 实际完成 得分 偏差原因" then "值 值 分析及改进措施"): the header with each
    half joined to the first column after the last one joined that makes a header word with it.

    NOTE: every piece of that line must make a header word so, and none may hold a figure: a row
    of the table (its figures, its labels) never does. (The header stands on one line.)
    """
    if ps[start].grid:
        return None
    while end < len(ps) and ps[end].gap < Gap.LINE:
        end += 1  # the rest of the header's line: words it does not know
    if end >= len(ps):
        return None
    cells: list[str] = []
    for k in range(start, end):
        if k == start or ps[k].gap > cell_gap[0] or (ps[k].gap == cell_gap[0] and ps[k].width >= cell_gap[1]):
            cells.append("")
        cells[-1] += ps[k].value
    if len(cells) < len(roles):
        return None  # the header's words do not stand one a cell, in order
    # (first halves after the last word the header knew are no column yet: "… 得分 未完成原" over "… 因")
    found: list[str | None] = [*roles, *[None] * (len(cells) - len(roles))]
    at, k = 0, end
    while k < len(ps) and (k == end or ps[k].gap < Gap.LINE):
        half = ps[k].value
        if len(half) > WRAP_CHARS or _DIGIT & set(half):
            return None
        while at < len(cells) and (word(cells[at] + half) is None or (found[at] != word(cells[at] + half) and word(cells[at] + half) in found)):
            at += 1
        if at == len(cells):
            return None
        found[at] = word(cells[at] + half)
        at, k = at + 1, k + 1
    while found and found[-1] is None:
        found.pop()
    if None in found:
        return None
    return Wrapped(tuple(r for r in found if r is not None), (), k)


def wrapped_lines(ps: list[Piece]) -> list[Piece]:
    """The pieces, with a header a narrow page wrapped over several lines made one line again.

    Every column word is cut at its column's edge and goes on in the lines below, in column
    order ("一级指 二级指 三级指 分值 年度指 实际完 得分 偏差原" / "标 标 标 标值 成值 因分析" /
    "及改进" / "措施", "年初预算 全年预算" / "数 数"). A line of three pieces or more, each a
    header word or the start of one, takes the lines below while each of their pieces goes on,
    in order, a word it keeps a header word or the start of one; when every start has become a
    word, each word is joined to its rest and the rest's lines are dropped.
    """
    lines = [(line[0], line[-1] + 1) for line in lines_of(ps, len(ps))]
    out = list(ps)
    dropped: set[int] = set()
    for n, (a, b) in enumerate(lines):
        if b - a < 3 or any(p.grid for p in ps[a:b]):
            continue
        for fund in (False, True):
            fits = []
            for p in ps[a:b]:  # (most lines fail at their first piece: no header word starts it)
                fits.append(_fit(fund, p.value))
                if fits[-1] is None:
                    break
            if None in fits:
                continue
            texts, taken = [p.value for p in ps[a:b]], [[] for _ in range(a, b)]
            m = n + 1
            while m < len(lines) and (placed := _goes_on(fund, texts, ps, *lines[m])) is not None:
                for k, at in placed:
                    texts[at] += ps[k].value
                    taken[at].append(k)
                m += 1
            if m > n + 1 and all(_fit(fund, t) == "word" for t in texts):
                for i, ks in enumerate(taken):
                    if ks:
                        out[a + i] = dataclasses.replace(ps[a + i], text=Mapped.join([ps[a + i].text, *(ps[k].text for k in ks)]))
                dropped.update(k for ks in taken for k in ks)
                if m < len(lines):  # the line after the header's opens a line still
                    first = lines[m][0]
                    out[first] = dataclasses.replace(out[first], gap=max(out[first].gap, ps[lines[n + 1][0]].gap))
            break
    return [p for k, p in enumerate(out) if k not in dropped] if dropped else ps


@functools.lru_cache(maxsize=4096)
def _fit(fund: bool, text: str) -> str | None:
    """"word" for a fund or indicator header word (or a title over the columns), "start" for the
    start of one, else None."""
    pattern = (FUND if fund else INDICATOR)[0]
    if len(text) > WORD_CHARS:
        return None
    if pattern.match(text) or PARENTS.match(text):
        return "word"
    return "start" if pattern.match(text, partial=True) or PARENTS.match(text, partial=True) else None


def _goes_on(fund: bool, texts: list[str], ps: Sequence[Piece], a: int, b: int) -> list[tuple[int, int]] | None:
    """Which word of the header each piece of the line goes on, in order; None when one goes on none."""
    placed, at = [], 0
    for k in range(a, b):
        v = ps[k].value
        if len(v) > WRAP_CHARS or _DIGIT & set(v) or ps[k].grid:
            return None
        while at < len(texts) and _fit(fund, texts[at] + v) is None:
            at += 1
        if at == len(texts):
            return None
        placed.append((k, at))
        at += 1
    return placed
