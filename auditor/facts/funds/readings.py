"""Which number is which: every reading of a fund row's numbers in its columns, and the best.

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

import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal

from auditor.facts.funds.columns import RATE_ROLES, Column, Reading, Slot, fits, relations
from auditor.facts.funds.glued import _implausible, _options
from auditor.report.model import Span
from auditor.report.numbers import Quantity

MAX_CANDIDATES = 40  # readings kept per row for the block-level choice
MAX_READINGS = 20_000  # a row with more readings than this is read no further (it is not a fund row)
# NOTE: placements grow as C(columns, numbers); a real fund header names at most about 10 columns,
# one repeated a dozen times in a damaged file named 81 (C(81, 6) = 3e8 placements a row).
MAX_COLUMNS = 16  # a block with more columns than this is not a fund table: its rows are not read


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


def readings(slots: Sequence[Slot], columns: Sequence[Column], given: dict[str, Quantity] | None = None) -> list[Reading]:
    """Every reading of a row, best first (see the module docstring); `given` are values the header
    states for the row outside its cells (the 分值 of "得分(20分*执行率)"), weighed in its relations."""
    if not slots or len(columns) > MAX_COLUMNS:
        return [Reading()]
    out: list[Reading] = []
    implied = [c.role for c in columns if c.implicit]
    for parts in _options(slots, columns):
        if len(out) > MAX_READINGS:
            break
        extra = len(parts) - len(slots)
        spans = [q.span if q is not None else Span(0, 0) for q in parts]
        blank_spans = iter(s.span for s in slots if s.text is None)
        spans = [sp if q is not None else next(blank_spans) for q, sp in zip(parts, spans, strict=True)]
        odd = sum(1 for q in parts if q is not None and extra and _implausible(q))
        repeats = _repeats(parts) if extra else 0
        for values, blanks in _assign(parts, columns, spans):
            held = relations({**given, **values} if given else values, columns)
            if held == 0 and _bare_points(values, columns):
                continue  # "20" under 执行率 is a rate only when the amounts make it one
            implicit = sum(1 for role in implied if role in values)
            score = Decimal(2 * held) - Decimal("0.75") * (extra - repeats) - Decimal("0.5") * implicit - odd
            if extra:
                score -= _imbalance(values)
            out.append(Reading(values, blanks, score, held, extra))
            if len(out) > MAX_READINGS:
                break  # NOTE: checked per placement too: one reading of many columns has C(k, n) of them
    out.sort(key=lambda r: (-r.score, _tail_bias(r, columns)))
    return out[:MAX_CANDIDATES] or [Reading()]


def _repeats(parts: Sequence[Quantity | None]) -> int:
    """Cuts in a glued run between two equal numbers ("252525" as 25 | 25 | 25): a budget spent in
    full, or full marks, print the same figure side by side, so such a cut costs nothing."""
    return sum(
        1
        for a, b in itertools.pairwise(parts)
        if a is not None and b is not None and a.span.end == b.span.start and a.text == b.text
    )


def _bare_points(values: dict[str, Quantity], columns: Sequence[Column]) -> bool:
    """A rate printed as bare points ("20" for 20%) in a column the header does not mark as percent."""
    return any(
        c.role in RATE_ROLES and not c.percent and (q := values.get(c.role)) is not None and q.unit != "%" and q.value > Decimal("1.5")
        for c in columns
    )


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


def side_by_side(reading: Reading) -> bool:
    """Whether a row prints its marks next to each other ("880 880 880 - -"), not parted by a figure
    ("65.66 65.07 — 99% —"): a row of marks alone below it repeats that run only in the first case
    (where the marks part figures, the rows below print their own 执行率 between them)."""
    if not reading.blanks:
        return False
    first = min(s.start for s in reading.blanks.values())
    last = max(s.start for s in reading.blanks.values())
    return not any(first < q.span.start < last for q in reading.values.values())
