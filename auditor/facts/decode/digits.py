"""Where numbers printed glued together ("100100", "0.910010", "≥95%98%") may be cut apart.

A glued printing loses the space between a row's figures: 分值 10, 指标值 90, 完成值 100 and 得分
10 come out as "109010010". These functions list the cuts a reading may take; which of them it
takes is decided by the cells they make and the row they make up (`auditor.facts.decode.indicators`);
a 总分 row's two figures ("10094.5") are cut here too (`glued_total`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import regex

from auditor.facts.decode.cells import Atom
from auditor.report.model import Mapped
from auditor.report.numbers import Quantity, read_cell

_NUMBER = regex.compile(r"(?:0|[1-9]\d{0,8})(?:\.\d{1,4})?%?")
COMPARATOR_OR_PERCENT = regex.compile(r"[≥≧≤≦<>=﹦═]+|%")
_DIGITS = regex.compile(r"\d+(?:\.\d+)?")
# A stretch's digits before a cut: its first number and any that follow it (no 0 opens them).
_LEFT = regex.compile(r"(?:0|[1-9]\d*)(?:\.\d{1,4})?")


def number_cuts(run: str) -> set[int]:
    """Where one number may end and the next begin inside a run of glued figures.

    A comparator opens a number and a percent sign closes one, so those cuts are certain;
    inside a stretch of bare digits ("20100", "0.910010") any cut is a candidate that keeps the
    decimal point in its number and leaves no "00…": a 0 may stand alone ("0.9|10|0|10"), and
    past the decimals a form prints a cut parts two later numbers, not the first.
    """
    cuts: set[int] = set()
    for m in COMPARATOR_OR_PERCENT.finditer(run):
        cuts.add(m.start() if m.group()[0] in "≥≧≤≦<>=﹦═" else m.end())
    for m in _DIGITS.finditer(run):
        stretch = m.group()
        for k in range(1, len(stretch)):
            left, right = stretch[:k], stretch[k:]
            if "." not in stretch[k - 1 : k + 1] and not right.startswith("00") and (_LEFT.fullmatch(left) or k > left.find(".") >= 0):
                cuts.add(m.start() + k)
    return {c for c in cuts if 0 < c < len(run)}


def repeated_numbers(run: str) -> set[int]:
    """Cuts in a run of digits made of a number printed twice or more ("100100", "1010", "55"):
    full marks and a met target print the same figure side by side."""
    out: set[int] = set()
    at = 0
    while at < len(run):
        best = 0
        for size in range(1, (len(run) - at) // 2 + 1):
            x = run[at : at + size]
            if not _NUMBER.fullmatch(x):
                continue
            k = 1
            while run[at + k * size : at + (k + 1) * size] == x:
                k += 1
            if k >= 2 and k * size > best:
                best, step = k * size, size
        if not best:
            nxt = run.find("%", at)  # a repeat starts where a number does: at the start, after a %
            if nxt < 0:
                break
            at = nxt + 1
            continue
        out.update(range(at + step, at + best + 1, step))
        at += best
    return {c for c in out if 0 < c < len(run)}


DOUBLED_RUN = 64  # the longest glued run searched for a doubled figure anywhere in it
LONG_REPEAT = 4  # characters of a figure whose repeat in a glued run is taken as a sure cut


def sure_cuts(run: str) -> list[int]:
    """The cuts in a glued run that need no reading of the row to take: after a percent sign, and
    around a long figure printed twice ("387664.62387664.62"). A short repeat is no sure cut:
    "10100%" is 10 | 100%, not 10 | 10 | 0%."""
    points = sorted({0, *repeated_numbers(run), len(run)})
    sure: set[int] = set()
    for x, b in itertools.pairwise(points):
        size = b - x
        if size >= LONG_REPEAT and (run[b : b + size] == run[x:b] or run[x - size : x] == run[x:b]):
            sure.update({x, b})
    sure.update(m.end() for m in COMPARATOR_OR_PERCENT.finditer(run) if m.group() == "%")
    sure.update(_doubled_decimal(run))
    sure.update(_repeated_run(run))
    # a percent sign closes its number: "0.000.000.000.00%" repeats 0.00 four times, the last a rate
    return sorted(c for c in sure - {0, len(run)} if run[c] != "%")


def _doubled_decimal(run: str) -> set[int]:
    """Around the longest figure with decimals printed twice anywhere in the run: a row's 预算数
    and its 执行数 alike ("238.93251.89251.89…" is 238.93 | 251.89 | 251.89 …). A decimal point
    fixes where such a figure may start, so its repeat is no accident of the digits."""
    for i, size, x in _stretches(run, LONG_REPEAT):
        if "." in x and x == run[i + size : i + 2 * size] and _NUMBER.fullmatch(x) and not x.endswith("%"):
            return {i, i + size, i + 2 * size}
    return set()


REPEATED_RUN = 8  # characters of a run of figures printed twice apart whose edges are taken as sure cuts


def _repeated_run(run: str) -> set[int]:
    """Around the longest stretch with decimals printed twice apart ("65.6665.07" in
    "65.6665.071099%965.6665.07"): a sub-row printing the total's amounts again, glued after the
    total's own figures. Both copies are whole figures, so their edges are where figures meet."""
    for i, size, x in _stretches(run, REPEATED_RUN):
        j = run.find(x, i + size)
        if j > i + size and "." in x and "%" not in x and _maximal(run, i, j, size):
            return {i, i + size, j, j + size}
    return set()


def _stretches(run: str, least: int) -> Iterator[tuple[int, int, str]]:
    """Every stretch of the run that could be printed twice in it, longest first, left to right:
    (start, length, text), of `least` characters at least (none in a run over `DOUBLED_RUN`: a
    row's figures are under it, and the searches over them are cubic in the run)."""
    if len(run) > DOUBLED_RUN:
        return
    for size in range(len(run) // 2, least - 1, -1):
        for i in range(len(run) - 2 * size + 1):
            yield i, size, run[i : i + size]


def _maximal(run: str, i: int, j: int, size: int) -> bool:
    """Whether two copies of a stretch differ on either side: a copy that runs on alike is part of a longer one."""
    before = i > 0 and run[i - 1] == run[j - 1]
    after = j + size < len(run) and run[i + size] == run[j + size]
    return not before and not after


def glued_total(run: Sequence[Atom]) -> list[Quantity]:
    """The 分值 and 得分 of a 总分 row printed glued ("100100", "10094.5"): the cut that leaves a score
    no greater than the weight, the weight 100 (a form's whole; "100" alone, no score) or equal halves."""
    if len(run) <= 1:
        return [a.quantity for a in run if a.quantity is not None]
    text = Mapped.join(a.text for a in run)
    s = text.text
    pairs = []
    if (whole := read_cell(text)) is not None and whole.value == 100:
        pairs.append((False, False, 0, [whole]))  # "100" alone: the form's whole, its 得分 left empty (not 10 | 0)
    for k in range(1, len(s)):
        w, sc = read_cell(text[:k]), read_cell(text[k:])
        if w is None or sc is None or (s[k] == "0" and s[k + 1 : k + 2].isdigit()) or (s[0] == "0" and k > 1):
            continue
        if sc.value <= w.value:
            pairs.append((w.value != 100, w.value != sc.value, k, [w, sc]))
    return min(pairs)[-1] if pairs else [a.quantity for a in run if a.quantity is not None]
