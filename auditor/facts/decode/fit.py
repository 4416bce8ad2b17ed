"""What a cell scores under a column: the kinds each column takes, what an empty column costs,
and the relations a row's cells keep (得分 ≤ 分值, an actual near its target).

The numbers are log-odds in spirit, set by hand on the training forms: a fit of 3 is a cell
of exactly the kind the column takes (a bare number under 分值), 0 an empty cell, a negative
fit a kind the column rarely holds; a pair missing from a column's table cannot stand there.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from auditor.facts.decode.cells import WORDS, Atom

NEG = -1e9
BIG_WEIGHT = 50
DROP_EMPTY, DROP_WORDS, DROP_FIGURE = -0.3, -3.0, -6.0  # a cell left out of its row
COMPARED_ACTUAL = 1.5
SCORE_ALONE = 1.5
# What a cell of each kind scores under each column; a missing pair is NEG (cannot stand there).
_FIT: dict[str, dict[str, float]] = {
    "level1": {"level1": 3, "level12": 2.5, "level2": -2, "cut_label": 1.5, "text": -3, "blank": -0.5, "grid_blank": 0},
    "level2": {"level2": 3, "level12": 2.6, "sublabel": 2, "cut_label": 1.5, "level1": -1, "text": -3, "blank": -0.5, "grid_blank": 0},
    "name": {"cut_label": -2, "text": 1, "sublabel": 1, "template": 1, "marked": 1.5, "sentence": -0.5, "rule": -2, "mixed": -1, "overrun": -4, "range": -4, "level2": -3, "level12": -3, "level1": -5, "band": -2, "quantity": -3,
             "percent": -4, "number": -4, "blank": -1.5, "grid_blank": -1.5},
    "nature": {"comparator": 3, "blank": 0, "text": -4},
    "unit": {"unit": 3, "blank": 0, "text": -4},
    "target": {"quantity": 2, "percent": 2, "number": 1.5, "text": 0.5, "range": 0.5, "sentence": 0, "band": -1, "blank": 0, "comparator": -3, "stated": 1.5,
               "unit": -3, "level2": -3, "template": -3},
    "adjusted": {"quantity": 1.5, "percent": 1.5, "number": 1, "text": 0.2, "blank": 0},
    "actual": {"quantity": 2, "percent": 2, "number": 1.5, "band": 2, "text": 0.5, "range": 0.5, "sentence": 0.3, "rule": -0.5, "blank": 0, "comparator": -3, "stated": 1.5,
               "level2": -3, "template": -3},
    "coefficient": {"percent": 3, "number": -1, "blank": 0},
    "weight": {"points": 3, "bigpoints": 1, "zero": -2, "number": -3, "blank": 0},
    "group_weight": {"points": 1, "bigpoints": 1, "blank": 0},
    "score": {"points": 3, "zero": -2, "number": -3, "blank": 0},
    "core": {"yesno": 3, "blank": 0},
    "index": {"counter": 2, "blank": 0},
    "note": {"text": 0.5, "sentence": 1.0, "rule": 1.5, "marked": 0.3, "band": 0, "blank": 0, "remark": 0.5},
    "reason": {"text": 0.5, "sentence": 1.0, "rule": 0.3, "band": 0, "blank": 0, "number": -1, "points": -1, "percent": -2, "quantity": -2,
               "remark": 0.5},
}  # fmt: skip
_OTHER_FIT = {"text": 0.3, "sentence": 0.5, "rule": 0.5, "marked": 0.3, "blank": 0.0, "band": 0.0}
# What a column left without a cell costs: merged labels nothing, a name most.
_SKIP = {"level1": 0.0, "level2": 0.0, "group_weight": 0.0, "index": -0.2, "note": -0.2, "name": -3.0, "target": -0.7, "actual": -0.7, "weight": -1.2, "score": -1.0,
         "reason": -0.1, "nature": -0.5, "unit": -0.5, "adjusted": -0.4, "coefficient": -0.5, "core": -0.3}  # fmt: skip
_YESNO = {"是", "否"}


_GRID_BLANK_ROLES = frozenset({"level1", "level2", "name"})
_POINTS_ROLES = frozenset({"weight", "score", "group_weight"})


def _kind(sig: _Sig, role: str) -> str:
    """The kind a cell counts as under a column, from what the cell is (`_signature`)."""
    kind, grid, points, big, zero, yesno, counter = sig
    if kind == "blank" and grid and role in _GRID_BLANK_ROLES:
        return "grid_blank"
    if role in _POINTS_ROLES:
        if kind == "blank":
            return "blank"
        if role == "weight" and big:
            return "bigpoints"  # one indicator rarely carries more than half the form's points
        if zero and (role == "weight" or not grid):
            # a row worth nothing is a glued "10" cut in two, far likelier than a form's 0 分; a 0 得分
            # outside a grid may be one too ("60" is a 分值 of 60, no 6 | 0)
            return "zero"
        return "points" if points else kind
    if role == "core" and yesno:
        return "yesno"
    if role == "index" and counter:
        return "counter"
    if role == "reason" and points:
        return "points"
    return kind


# What of a cell its fit reads: kind, grid, points, points over BIG_WEIGHT, zero points, 是/否, a row number.
_Sig = tuple[str, bool, bool, bool, bool, bool, bool]


def _signature(a: Atom) -> _Sig:
    points = a.points
    value = a.value
    return (
        a.kind, a.grid, points, points and a.quantity.value > BIG_WEIGHT, points and not a.quantity.value,
        value in _YESNO, a.kind == "number" and value.isdigit() and len(value) <= 3,
    )  # fmt: skip


def fit(a: Atom, role: str) -> float:
    """How well a cell stands under a column (a column the vocabulary does not know takes anything, weakly)."""
    return _fits(_signature(a), (role,))[0]


def fits(a: Atom, roles: Sequence[str]) -> tuple[float, ...]:
    """`fit` under each of the columns."""
    return _fits(_signature(a), tuple(roles))


@functools.lru_cache(maxsize=4096)
def _fits(sig: _Sig, roles: tuple[str, ...]) -> tuple[float, ...]:
    # NOTE: cells of one signature fit alike: a table's hundreds of cells have a few dozen
    out = []
    for role in roles:
        if role.startswith("other"):
            out.append(_OTHER_FIT.get(sig[0], -1.0))
            continue
        if role.startswith("note"):
            role = "note"
        out.append(_FIT[role].get(_kind(sig, role), NEG))
    return tuple(out)


def skips(roles: Sequence[str]) -> list[float]:
    """Prefix sums of skip costs, so a run of skipped columns costs one subtraction."""
    out = [0.0]
    for r in roles:
        out.append(out[-1] + _SKIP.get(r.rstrip("0123456789"), -0.5))
    return out


def relations(cells: dict[str, Atom]) -> float:
    w, s = cells.get("weight"), cells.get("score")
    bonus = 0.0
    if w is not None and s is not None and w.points and s.points:
        bonus += 1.0 if s.quantity.value <= w.quantity.value else -3.0
        if s.quantity.value == w.quantity.value and w.quantity.value:
            bonus += 0.5  # full marks, the commonest score
    if s is not None and s.points and w is None:
        bonus -= SCORE_ALONE  # a 得分 with no 分值 column beside it: a glued printing's 分值 read as its 得分
    t, a = cells.get("target"), cells.get("actual")
    if t is not None and a is not None and t.value and t.value == a.value and t.kind in WORDS:
        bonus += 1.0  # the target's words repeated as its actual ("明显改善" | "明显改善")
    if a is not None and a.quantity is not None and a.quantity.comparator and (t is None or t.quantity is None or not t.quantity.comparator):
        bonus -= COMPARED_ACTUAL  # "=100%" states a target: an actual that compares under a target that does not is one cell off
    if t is not None and a is not None and t.quantity is not None and a.quantity is not None:
        same = (t.quantity.unit == a.quantity.unit) or (t.quantity.unit in ("", "%") and a.quantity.unit in ("", "%"))
        bonus += 0.5 if same else 0.0
        x, y = t.quantity.value, a.quantity.value
        # (an actual printed bare under a target with its unit, "=42个" | "42", may state the unit once)
        if (same or a.quantity.unit == "") and x > 0 and y > 0 and 0.5 <= y / x <= 2:
            bonus += 0.5  # an actual near its target
    return bonus


def drop(a: Atom) -> float:
    """What leaving a cell out of its row costs: little for an empty one, much for one with text, most for a figure."""
    if a.held:
        return DROP_WORDS  # the row's own separators say a column stands there
    if not a.value or a.kind == "mark":
        return DROP_EMPTY  # an empty cell, or a list's or a glued page's number ("2、")
    if a.kind in WORDS or a.kind == "blank":
        return DROP_WORDS
    return DROP_FIGURE


