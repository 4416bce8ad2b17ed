"""Where one row of a borderless table ends and the next begins, from what stacks in a column.

A table printed without rules, or laid out in text (`auditor.readers.borderless`), leaves its
rows to be told apart by what follows what in one column: a cell's wrapped lines, or the next
row's cell. Two cells that cannot be one cell's pieces stand one above the other: two amounts with
their decimals, two rates, two whole category labels, a word that is a whole result ("是",
"有效", "达成预期指标") over or under a figure.
"""

from __future__ import annotations

import re

from auditor.facts.decode.cells import LEVEL1, LEVEL2, kind_of
from auditor.readers.pdfitems import FIGURE

Piece = tuple[str, float, float]  # a word's text and its left and right edges
Placed = dict[int, list[Piece]]  # a line's words by column

_WHOLE = re.compile(r"\d[\d,]*\.\d+|\d+(?:\.\d+)?%")
_DASH = re.compile(r"[—\-－/／]{1,2}")
_POINTS = re.compile(r"[1-9]?\d|100")
_COUNT = re.compile(r"\d{3,}")  # a count ("14726"): no rate goes on below it
_COUNTED = re.compile(r"[<>≤≥≦≧=]?\d+(?:\.\d+)?[^\d\s年月日.%]{1,2}")  # a figure and its unit ("0起", "735人"; a date may go on)
# (a comparator alone opens a figure too: its digits went on below, or were never printed)
_OPENS_FIGURE = re.compile(r"[<>≤≥=≧≦]?\d|[<>≤≥=≧≦]$")
# a result in a word, whole in itself: yes or no, a band word, a grade
_WORD = frozenset({"是", "否", "有", "无", "高", "中", "低", "好", "良好", "优", "优秀", "合格", "有效", "显著"})


def stacked(before: Piece, after: Piece, right: float, coarse: bool = False) -> bool:
    """Whether two pieces on successive lines of a column are two cells, not one cell wrapped.

    A figure wraps only when the rest would not have fitted on its line (`right`: where the
    column's text must stop); when it would have, the second figure is the next row's. Where
    positions are coarse (text laid out in characters, a CJK one as wide as a digit), what fits
    is a guess: two points (0 to 100, "10" over "10") are two cells whatever room is left, and so
    are a rate or a whole result word over a figure or a whole result word ("100%" over "是").
    """
    a, b = before[0], after[0]
    if coarse and ((_label(a) and _label(b)) or (_ends_whole(a) and (_whole(b) or _OPENS_FIGURE.match(b) is not None))):
        # two whole category labels ("可持续影响指标" over "满意度指标"), or what ends whole ("100%",
        # "是", "0起") over a figure or a result word: no cell wraps on below them
        return True
    if coarse and _COUNT.fullmatch(a) and b.endswith("%") and FIGURE.fullmatch(b):
        return True  # a count over a rate ("14726" over "100%"): no figure reads so
    whole = (_WHOLE, _DASH, _POINTS) if coarse else (_WHOLE, _DASH)
    if any(w.fullmatch(a) for w in whole) and any(w.fullmatch(b) for w in whole):
        # two amounts with their decimals, two rates, a dash for an empty cell: none is a wrapped
        # figure's piece, so each is a cell of its own
        return True
    figures = FIGURE.fullmatch(a) and FIGURE.fullmatch(b)
    return bool(figures) and before[2] + (after[2] - after[1]) <= right


def figured(lines: list[Placed]) -> bool:
    """Whether any of the lines holds a figure."""
    return any(FIGURE.fullmatch(p[0]) for placed in lines for pieces in placed.values() for p in pieces)


def _ends_whole(text: str) -> bool:
    return (text.endswith("%") and FIGURE.fullmatch(text) is not None) or _whole(text) or _COUNTED.fullmatch(text) is not None


def _whole(text: str) -> bool:
    return text in _WORD or kind_of(text, None) == "band"


def _label(text: str) -> bool:
    return LEVEL1.fullmatch(text) is not None or LEVEL2.fullmatch(text) is not None
