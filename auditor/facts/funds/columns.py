"""A fund block's columns, a row's value slots and one reading of a row, with what a number may
stand in (`fits`) and how many of the row's own relations a reading makes hold (`relations`:
the rate is spent ÷ budget, the score is the rate times the weight).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.report.model import Mapped, Span
from auditor.report.numbers import MONEY_UNITS, Quantity, rate_agrees, rate_of

MONEY_ROLES = frozenset({"initial", "budget", "received", "spent", "money"})
RATE_ROLES = frozenset({"rate", "received_rate", "other_rate"})
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a fund block as its header names it."""

    role: str  # initial, budget, received, received_rate, spent, weight, rate, score, index, note, money
    label: Mapped | None = None  # None for a column the header does not print (implied by the template)
    letter: str = ""  # "A" from "全年预算数(A)"
    formula: tuple[str, str] | None = None  # ("B", "A") from "执行率(B/A)"
    percent: bool = False  # the header says the column is in percent ("执行率(%)")

    @property
    def implicit(self) -> bool:
        """True for a column the template implies but the header does not print."""
        return self.label is None


@dataclass(frozen=True, slots=True)
class Slot:
    """One value position of a row: a number (perhaps glued digits) or an explicit blank."""

    text: Mapped | None  # None for a blank (an empty cell, "—", "/")
    span: Span
    number: Quantity | None = None  # the plain reading, None when the digits must be split


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a row: each column's value, and how many of the row's relations hold."""

    values: dict[str, Quantity] = field(default_factory=dict)
    blanks: dict[str, Span] = field(default_factory=dict)  # columns an explicit blank stands in
    score: Decimal = Decimal(0)
    relations: int = 0
    parts: int = 0  # how many numbers were split out of glued runs, beyond one per slot


def fits(q: Quantity, column: Column) -> bool:
    """Whether a number can stand in a column at all."""
    pct = q.unit == "%"
    role = column.role.rstrip("0123456789")
    if role in MONEY_ROLES:
        return not pct and q.value >= 0
    if role in RATE_ROLES:
        if q.unit in MONEY_UNITS:
            return False
        if pct or column.percent:
            return 0 <= q.value <= 1000
        # a fraction (0.9 reads as 90%), or percentage points without the sign ("20" under 执行率),
        # which only a rate that agrees with the amounts makes a reading (`readings`)
        return 0 <= q.value <= _HUNDRED
    if role == "weight":
        return not pct and q.unit not in MONEY_UNITS and 0 < q.value <= _HUNDRED
    if role == "score":
        return not pct and q.unit not in MONEY_UNITS and 0 <= q.value <= _HUNDRED
    if role == "index":
        return not pct and q.unit == "" and q.places == 0 and q.value <= 50
    return False  # note columns hold words


def breaks_itself(values: dict[str, Quantity]) -> bool:
    """Whether a row's figures say what no form's could, a 得分 over its 分值: read from glued text, a
    run of digits cut wrong is likelier than the form's own slip."""
    w, s = values.get("weight"), values.get("score")
    return w is not None and s is not None and s.value > w.value


def percent(q: Quantity) -> Decimal:
    """A rate in percent (a bare fraction 0.9 is 90%)."""
    return q.value if q.unit == "%" else q.percent()


def denominators(values: dict[str, Quantity], columns: Sequence[Column], rate_col: Column) -> tuple[Quantity | None, Quantity | None]:
    """Spent and budget for a rate column: its formula's letters, else the usual roles."""
    if rate_col.formula:
        by_letter = {c.letter: c.role for c in columns if c.letter}
        top, bottom = (by_letter.get(x) for x in rate_col.formula)
        if top and bottom:
            return _whole(values.get(top), values.get(bottom))
    top = "received" if rate_col.role == "received_rate" else "spent"
    return _whole(values.get(top), values.get("budget") or values.get("initial"))


def _whole(top: Quantity | None, bottom: Quantity | None) -> tuple[Quantity | None, Quantity | None]:
    """The two amounts of a rate, or none where one lost its integer part (no rate rests on it)."""
    return (None, None) if any(q is not None and q.cut_short for q in (top, bottom)) else (top, bottom)


_RATE = Column("rate")  # the rate a header without a rate column implies


def _rate_stands(values: dict[str, Quantity], bottom: Quantity | None) -> bool:
    """Whether a row's stated rate is the only rate its score can be checked by: it budgets nothing
    (0 ÷ 0 is no rate), it prints one amount at most (a form leaves 执行数 empty), or its amounts
    lost their integer parts."""
    amounts = [q for role, q in values.items() if role in MONEY_ROLES]
    return (bottom is not None and bottom.value == 0) or len(amounts) <= 1 or any(q.cut_short for q in amounts)


def relations(values: dict[str, Quantity], columns: Sequence[Column]) -> int:
    """How many of a row's own relations hold: each stated rate, and the score from rate × weight."""
    held = 0
    computed_rate: Decimal | None = None
    for col in columns:
        if col.role not in RATE_ROLES:
            continue
        top, bottom = denominators(values, columns, col)
        if top is None or bottom is None or bottom.value == 0:
            continue
        computed, _ = rate_of(top, bottom)
        if col.role == "rate":
            computed_rate = computed
        stated = values.get(col.role)
        if stated is not None and rate_agrees(stated, computed):
            held += 1
    if computed_rate is None:
        rate_col = next((c for c in columns if c.role == "rate"), _RATE)
        top, bottom = denominators(values, columns, rate_col)
        if top is not None and bottom is not None and bottom.value:
            computed_rate = rate_of(top, bottom)[0]
        elif (stated := values.get("rate")) is not None and _rate_stands(values, bottom):
            computed_rate = percent(stated)
    weight, score = values.get("weight"), values.get("score")
    if weight is not None and score is not None:
        if computed_rate is not None:
            expected = weight.value * min(computed_rate, _HUNDRED) / _HUNDRED
            if abs(expected - score.value) <= max(score.tolerance, Decimal("0.01")) + Decimal("0.005"):
                held += 1
        elif score.value > weight.value:
            held -= 1
    return held
