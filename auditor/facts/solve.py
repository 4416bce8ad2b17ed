"""Which number is which: assigning a fund row's numbers to its columns, splitting glued digits.

A flattened fund row is a label followed by numbers in reading order, some missing (an
empty cell leaves no trace), some glued together ("310.2154.741050%5" is 310.2 | 154.74 |
10 | 50% | 5). The row's own arithmetic tells the readings apart: the execution rate is
spent ÷ budget at the precision printed, the score is the rate times the weight, a score
never exceeds its weight, sub-rows add up to the total. Every reading that fits the
columns is enumerated; the one under which the most relations hold wins, and when several
readings tie, only the values they agree on are kept (a reader that guesses makes false
alarms).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from auditor.model import Mapped, Span
from auditor.numbers import MONEY_UNITS, Quantity, decimals, rate_agrees, rate_of

MONEY_ROLES = frozenset({"initial", "budget", "received", "spent", "money"})
RATE_ROLES = frozenset({"rate", "received_rate", "other_rate"})
MAX_PARTS = 6  # glued numbers: at most this many numbers in one run
MAX_CANDIDATES = 40  # readings kept per row for the block-level choice
MAX_READINGS = 20_000  # a row with more readings than this is read no further (it is not a fund row)
# NOTE: placements grow as C(columns, numbers); a real fund header names at most about 10 columns,
# one repeated a dozen times in a damaged file named 81 (C(81, 6) = 3e8 placements a row).
MAX_COLUMNS = 16  # a block with more columns than this is not a fund table: its rows are not read
GLUED_DIGITS = 4  # a plain number this long may still be several numbers glued together
# NOTE: a glued run of n characters has up to C(n-1, MAX_PARTS-1) readings; real ones are under
# 20 characters ("310.2154.741050%5"), a run of 500 ones would have 2.6e11.
MAX_GLUED = 24  # a longer run is read as it stands, never split
_PART = regex.compile(r"(?:0|[1-9]\d*)(?:\.\d{1,6})?%?")
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


def _quantity(text: Mapped, i: int, j: int, unit: str) -> Quantity:
    piece = text[i:j]
    s = piece.text
    pct = s.endswith("%")
    digits = s[:-1] if pct else s
    return Quantity(Decimal(digits.replace(",", "")), decimals(digits), "%" if pct else unit, piece.span(), s)


def splits(slot: Slot, most: int) -> Iterator[list[Quantity]]:
    """Every reading of a slot's digits as 1..`most` numbers, the plain reading first."""
    if slot.number is not None:
        yield [slot.number]
    if slot.text is None:
        return
    text = slot.text
    s = text.text
    unit = next((u for u in ("亿元", "万元", "元") if s.endswith(u)), "")
    core = s[: len(s) - len(unit)] if unit else s
    digits = regex.sub(r"^[≥≧≤≦<>=]+", "", core)
    lead = len(core) - len(digits)
    if "," in digits or sum(c.isdigit() for c in digits) < 3 or len(digits) > MAX_GLUED:
        return
    plain = slot.number.text if slot.number is not None else None

    def walk(at: int, left: int) -> Iterator[list[tuple[int, int]]]:
        if at == len(digits):
            yield []
            return
        if left == 0:
            return
        for m in _prefixes(digits, at):
            for rest in walk(m, left - 1):
                yield [(at, m), *rest]

    for cut in walk(0, most):
        if len(cut) == 1 and plain is not None:
            continue
        yield [_quantity(text, lead + i, lead + j, unit if j == len(digits) else "") for i, j in cut]


def _prefixes(s: str, at: int) -> Iterator[int]:
    """Ends of the numbers that can start at `at` (a part is "0", "12", "3.5", "45.17%", …)."""
    for end in range(at + 1, len(s) + 1):
        piece = s[at:end]
        if _PART.fullmatch(piece):
            yield end
        if piece.endswith("%"):
            break


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
        return q.value <= Decimal("1.5")  # a fraction: 0.9 reads as 90%
    if role == "weight":
        return not pct and q.unit not in MONEY_UNITS and 0 < q.value <= _HUNDRED
    if role == "score":
        return not pct and q.unit not in MONEY_UNITS and 0 <= q.value <= _HUNDRED
    if role == "index":
        return not pct and q.unit == "" and q.places == 0 and q.value <= 50
    return False  # note columns hold words


def percent(q: Quantity) -> Decimal:
    """A rate in percent (a bare fraction 0.9 is 90%)."""
    return q.value if q.unit == "%" else q.percent()


def denominators(values: dict[str, Quantity], columns: Sequence[Column], rate_col: Column) -> tuple[Quantity | None, Quantity | None]:
    """Spent and budget for a rate column: its formula's letters, else the usual roles."""
    if rate_col.formula:
        by_letter = {c.letter: c.role for c in columns if c.letter}
        top, bottom = (by_letter.get(x) for x in rate_col.formula)
        if top and bottom:
            return values.get(top), values.get(bottom)
    top = "received" if rate_col.role == "received_rate" else "spent"
    return values.get(top), values.get("budget") or values.get("initial")


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
        rate_col = next((c for c in columns if c.role == "rate"), Column("rate"))
        top, bottom = denominators(values, columns, rate_col)
        if top is not None and bottom is not None and bottom.value:
            computed_rate = rate_of(top, bottom)[0]
    weight, score = values.get("weight"), values.get("score")
    if weight is not None and score is not None:
        if computed_rate is not None:
            expected = weight.value * min(computed_rate, _HUNDRED) / _HUNDRED
            if abs(expected - score.value) <= max(score.tolerance, Decimal("0.01")) + Decimal("0.005"):
                held += 1
        elif score.value > weight.value:
            held -= 1
    return held


def _assign(parts: list[Quantity | None], columns: Sequence[Column], spans: list[Span]) -> Iterator[tuple[dict, dict]]:
    """Order-preserving placements of `parts` (None: a blank) into distinct columns."""
    n, k = len(parts), len(columns)

    def walk(i: int, start: int) -> Iterator[list[int]]:
        if i == n:
            yield []
            return
        for c in range(start, k - (n - i - 1)):
            q = parts[i]
            if q is not None and not fits(q, columns[c]):
                continue
            for rest in walk(i + 1, c + 1):
                yield [c, *rest]

    for placing in walk(0, 0):
        values = {}
        blanks = {}
        for q, c, span in zip(parts, placing, spans, strict=True):
            if q is None:
                blanks[columns[c].role] = span
            else:
                values[columns[c].role] = q
        yield values, blanks


def _splittable(slot: Slot, columns: Sequence[Column]) -> bool:
    """Whether a slot's digits must hold several numbers: no column can take them as one."""
    if slot.text is None:
        return False
    q = slot.number
    if q is None:
        return True
    if sum(c.isdigit() for c in slot.text.text) < GLUED_DIGITS:
        return False
    if q.unit not in ("", "%"):
        return False
    return not any(fits(q, c) for c in columns) or (q.unit == "" and _implausible(q))


def _options(slots: Sequence[Slot], columns: Sequence[Column]) -> Iterator[list[Quantity | None]]:
    """Every way to read the slots' numbers, with no more numbers than there are columns."""
    room = len(columns)

    def walk(i: int, used: int) -> Iterator[list[Quantity | None]]:
        if i == len(slots):
            yield []
            return
        slot = slots[i]
        left = len(slots) - i - 1
        if slot.text is None:
            choices: Iterable[list[Quantity | None]] = [[None]]
        elif _splittable(slot, columns):
            choices = list(splits(slot, min(MAX_PARTS, room - used - left)))
        else:
            choices = [[slot.number]]
        for chosen in choices:
            if used + len(chosen) + left > room:
                continue
            for rest in walk(i + 1, used + len(chosen)):
                yield [*chosen, *rest]

    yield from walk(0, 0)


def readings(slots: Sequence[Slot], columns: Sequence[Column]) -> list[Reading]:
    """Every reading of a row, best first (see the module docstring)."""
    if not slots or len(columns) > MAX_COLUMNS:
        return [Reading()]
    out: list[Reading] = []
    for parts in _options(slots, columns):
        if len(out) > MAX_READINGS:
            break
        extra = len(parts) - len(slots)
        spans = [q.span if q is not None else Span(0, 0) for q in parts]
        blank_spans = iter(s.span for s in slots if s.text is None)
        spans = [sp if q is not None else next(blank_spans) for q, sp in zip(parts, spans, strict=True)]
        odd = sum(1 for q in parts if q is not None and extra and _implausible(q))
        for values, blanks in _assign(parts, columns, spans):
            held = relations(values, columns)
            implicit = sum(1 for c in columns if c.implicit and c.role in values)
            score = Decimal(2 * held) - Decimal("0.75") * extra - Decimal("0.5") * implicit - odd
            if extra:
                score -= _imbalance(values)
            out.append(Reading(values, blanks, score, held, extra))
            if len(out) > MAX_READINGS:
                break  # NOTE: checked per placement too: one reading of many columns has C(k, n) of them
    out.sort(key=lambda r: (-r.score, _tail_bias(r, columns)))
    return out[:MAX_CANDIDATES] or [Reading()]


def _implausible(q: Quantity) -> bool:
    """A number split out of glued digits that no fund table prints: a billion 万元, a 0 with decimals."""
    whole = len(str(int(q.value))) if q.value >= 1 else 0
    return whole > 7 or (q.value == 0 and q.places > 0)


def _imbalance(values: dict[str, Quantity]) -> Decimal:
    """Split readings that make spending a thousandth of the budget are less likely than even ones."""
    budget, spent = values.get("budget") or values.get("initial"), values.get("spent")
    if budget is None or spent is None or budget.value <= 0:
        return Decimal(0)
    if spent.value <= 0:
        return Decimal("0.5")  # "…100%" ends far more glued runs than a 0 spent at 0%
    orders = abs((budget.value / spent.value).log10())
    return max(Decimal(0), orders - 1) / 2


def _tail_bias(reading: Reading, columns: Sequence[Column]) -> int:
    """Prefer readings whose missing columns lead the row (an empty 年初预算数) over gaps inside it."""
    filled = [i for i, c in enumerate(columns) if c.role in reading.values]
    if not filled:
        return 0
    return sum(1 for i in range(filled[0], filled[-1]) if columns[i].role not in reading.values)


def agreed(best: Sequence[Reading]) -> Reading:
    """What every tied best reading says: roles whose value differs between them are dropped."""
    first = best[0]
    if len(best) == 1:
        return first
    values = {}
    for role, q in first.values.items():
        if all(_same(r.values.get(role) or _budget_alias(r, role), q) for r in best[1:]):
            values[role] = q
    blanks = {role: span for role, span in first.blanks.items() if all(role in r.blanks for r in best[1:])}
    return Reading(values, blanks, first.score, first.relations, first.parts)


def _budget_alias(reading: Reading, role: str) -> Quantity | None:
    # 年初预算数 stands in for an empty 全年预算数 as the rate's denominator, and back.
    if role == "budget":
        return reading.values.get("initial")
    if role == "initial":
        return reading.values.get("budget")
    return None


def _same(a: Quantity | None, b: Quantity | None) -> bool:
    return a is not None and b is not None and a.value == b.value and a.span == b.span and a.unit == b.unit
