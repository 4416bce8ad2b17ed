"""A fund block's rows, as read (a label and its value slots) and as solved (`FundRow`): one
reading per row, chosen jointly so that the sub-rows add up to the total, with values a
layout moved away from the total row put back, and roles named as checks know them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations, pairwise, permutations

from auditor.facts.funds.columns import RATE_ROLES, Column, Reading, Slot, denominators, fits, percent, relations
from auditor.facts.funds.joint import _joint, _values
from auditor.facts.funds.readings import agreed, readings, side_by_side
from auditor.report.model import Mapped, Span
from auditor.report.numbers import Quantity, rate_of

MAX_BASES = 12  # readings of the total row tried with displaced values
NEAR_RATE = Decimal(1)  # percentage points: a displaced rate this close to the computed one is the rate


@dataclass(slots=True)
class _Row:
    label: Mapped | None
    total: bool
    slots: list[Slot] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    trailing_blank: Span | None = None
    optional: int = 0  # trailing empty cells that may be padding, not cells of the row
    apart: bool = False  # the label stands away from the figures (printed before the header): the row is its figures
    given: dict[str, Quantity] = field(default_factory=dict)  # values the header states for the row ("得分(20分*执行率)")


@dataclass(frozen=True, slots=True)
class FundRow:
    """A row of a fund block as read: its label, whether it is the total, and its values by column."""

    label: str
    span: Span
    is_total: bool
    values: dict[str, Quantity]
    blanks: dict[str, Span]  # columns the row shows as empty ("—", an empty cell)
    displaced: frozenset[str] = frozenset()  # columns whose value was found outside the row
    unread: bool = False  # the row printed figures no reading of the header could place
    certain: bool = True  # no other reading of the row places its figures as well
    label_span: Span | None = None  # where the label stands, when the row prints one
    lost: str | None = None  # 预算数 or 执行数 ("budget"/"spent"): the header has both, the row one and its rate


def _with_unit(values: dict[str, Quantity], unit: str) -> dict[str, Quantity]:
    from dataclasses import replace

    out = {}
    for role, q in values.items():
        base = role.rstrip("0123456789")
        if base in ("initial", "budget", "received", "spent", "money") and not q.unit:
            q = replace(q, unit=unit)
        out[role] = q
    return out


def _solve(rows: list[_Row], columns: list[Column], strays: list[Slot], unit: str, guess: bool = False) -> list[FundRow]:
    """Choose one reading per row so that the most relations hold, the sub-rows' sums included.

    Where readings tie, only the values they agree on are kept; with `guess`, the tie is
    broken by the printing's habits instead (`_habit`) and the row is marked uncertain.
    """
    options = [_readings(r, columns) for r in rows]
    total_at = next((n for n, r in enumerate(rows) if r.total and r.slots), None)
    displaced: set[str] = set()
    if total_at is not None and strays:
        options[total_at], displaced = _displaced(options[total_at], columns, strays, unit)
    tied: list[list[Reading]] = []
    if total_at is not None and len(rows) > 1 and any(len(o) > 1 for o in options):
        tied = _joint(options, total_at)
        if guess:  # the blanks' placings of each tied reading, which the pools left out
            tied = [_same_values(t, o) for t, o in zip(tied, options, strict=True)]
    if not tied:
        tied = [_best(o) for o in options]
    picked = _guesses(tied, columns, total_at) if guess else [(agreed(t), True) for t in tied]
    out: list[FundRow] = []
    for n, (row, (reading, certain)) in enumerate(zip(rows, picked, strict=True)):
        values = _with_unit(reading.values, unit)
        label = row.label.text if row.label is not None else ("年度资金总额" if row.total else "")
        # (over the cells that hold text: an empty one may sit anywhere its printing left it)
        filled = [slot.span for slot in row.slots if slot.span.end > slot.span.start] or [slot.span for slot in row.slots]
        at_label = [row.label.extent()] if row.label is not None and not row.apart else []
        span = Span.around([*at_label, *filled]) if at_label or filled else Span(0, 0)
        moved = frozenset(displaced & set(values)) if n == total_at else frozenset()
        unread = bool(row.slots) and not reading.values and not reading.blanks
        out.append(FundRow(label, span, row.total, _canonical(values, columns), dict(reading.blanks), moved, unread, certain,
                           row.label.extent() if row.label is not None else None, _lost(row, values, reading, columns)))
    return out


def _lost(row: _Row, values: dict[str, Quantity], reading: Reading, columns: Sequence[Column]) -> str | None:
    """The amount a total row left out: its header has a 预算数 and a 执行数 column, the row prints a
    rate, one of the two amounts and fewer cells than the header (a cell dropped, not left empty)."""
    roles = {c.role for c in columns}
    if not row.total or not {"budget", "spent", "rate"} <= roles or "rate" not in values or reading.blanks:
        return None
    filled = sum(1 for slot in row.slots if slot.text is not None)
    if filled >= len(columns) or ("budget" in values) == ("spent" in values):
        return None
    return "spent" if "budget" in values else "budget"


def _readings(row: _Row, columns: Sequence[Column]) -> list[Reading]:
    """A row's readings, with and without each of its optional trailing empty cells, best first."""
    if not row.slots:
        return [Reading()]
    out: list[Reading] = []
    for k in range(row.optional + 1):
        slots = row.slots[: len(row.slots) - k]
        if slots:
            out.extend(r for r in readings(slots, columns, row.given) if r.values or r.blanks)
    out.sort(key=lambda r: -r.score)
    return out or [Reading()]


def _same_values(tied: list[Reading], options: list[Reading]) -> list[Reading]:
    """Every reading of the row that places its figures as one of the tied readings does, at its score."""
    keys = {(_values(r), r.score) for r in tied}
    return [r for r in options if (_values(r), r.score) in keys] or tied


def _key(reading: Reading) -> tuple:
    return tuple(sorted((role, q.span) for role, q in reading.values.items())), tuple(sorted(reading.blanks))


def _guesses(tied: list[list[Reading]], columns: Sequence[Column], total_at: int | None) -> list[tuple[Reading, bool]]:
    """One reading per row where readings tie: the printing's habit decides, and the row is uncertain.

    The total row goes first; the columns it leaves out are left out by the sub-rows too, and
    the columns one sub-row marks blank ("/" under 分值 and 得分) the others mark blank as well —
    those most rows mark first.
    """
    out: list[tuple[Reading, bool] | None] = [None] * len(tied)
    skipped: set[str] = set()
    marked: Counter[str] = Counter()  # how many sub-rows mark each column blank
    order = sorted(range(len(tied)), key=lambda n: (n != total_at, -len(tied[n][0].values) - len(tied[n][0].blanks)))
    for n in order:
        options = tied[n]
        unique = len({_key(r) for r in options}) <= 1
        pick = options[0] if unique else min(options, key=lambda r: _habit(r, columns, skipped, marked))
        # where the tied readings place every figure alike and differ only in their empty cells, the
        # figures are certain (the habit only says which empty cell stands where)
        out[n] = (pick, unique or len({_values(r) for r in options}) <= 1)
        if n == total_at:
            skipped = {c.role for c in columns if c.role not in pick.values and c.role not in pick.blanks}
        elif side_by_side(pick):
            marked.update(list(pick.blanks))
    return [o for o in out if o is not None]


def _habit(reading: Reading, columns: Sequence[Column], skipped: set[str], marked: Counter[str]) -> tuple[int, int, int, int, int]:
    """How unusual a reading is: columns the total row leaves out, a bare "0" as a rate, a blank
    where the other rows print none, values placed late."""
    placed = [i for i, c in enumerate(columns) if c.role in reading.values or c.role in reading.blanks]
    # (a blank where the other sub-rows mark theirs is no oddity, though the total leaves that column out)
    odd = sum(1 for c in columns if c.role in skipped and (c.role in reading.values or (c.role in reading.blanks and c.role not in marked)))
    if marked:
        odd += sum(1 for role in reading.blanks if role not in marked)
    if "initial" in reading.values and "budget" not in reading.values and any(c.role == "budget" for c in columns):
        odd += 1  # forms leave 年初预算数 empty, not 全年预算数
    bare_rates = sum(1 for c in columns if c.role in RATE_ROLES and (q := reading.values.get(c.role)) is not None and q.unit != "%")
    start = next((i for i in placed if columns[i].role not in skipped), placed[0] if placed else 0)
    # an empty cell the row prints is a cell of the row: of two readings alike, the one keeping it
    return odd + bare_rates, -sum(marked[role] for role in reading.blanks), start, _gaps(placed), -len(reading.blanks)


def _gaps(placed: list[int]) -> int:
    return sum(b - a - 1 for a, b in pairwise(placed))


def _best(options: list[Reading]) -> list[Reading]:
    top = options[0].score
    return [r for r in options if r.score == top]


def _displaced(options: list[Reading], columns: list[Column], strays: list[Slot], unit: str) -> tuple[list[Reading], set[str]]:
    """Fill the total row's empty columns from numbers the layout moved away from it (a PDF's one-line table).

    A filling is kept only when it makes more of the row's relations hold than any reading
    without it, and no other filling does as well.
    """
    numbers = [s.number for s in strays if s.number is not None]
    if not numbers:
        return options, set()
    best_plain = options[0].relations
    found: list[tuple[int, Reading, set[str]]] = []
    for base in options[:MAX_BASES]:
        missing = [c for c in columns if c.role not in base.values and c.role in ("spent", "weight", "rate", "score")]
        for k in range(1, min(len(missing), len(numbers)) + 1):
            for cols in combinations(missing, k):
                for picks in permutations(numbers, k):
                    if not all(fits(q, c) for q, c in zip(picks, cols, strict=True)):
                        continue
                    trial = {**base.values, **{c.role: q for q, c in zip(picks, cols, strict=True)}}
                    held = relations(_with_unit(trial, unit), columns)
                    if held > best_plain:
                        found.append((held, Reading(trial, base.blanks, Decimal(2 * held), held), {c.role for c in cols}))
    if found:
        top = max(h for h, _, _ in found)
        winners = [(r, added) for h, r, added in found if h == top]
        if len({tuple(sorted((k, v.span) for k, v in r.values.items())) for r, _ in winners}) == 1:
            return [winners[0][0]], winners[0][1]
        return options, set()
    # A rate printed away from its row and a hair off the computed one is still the rate.
    base = agreed(_best(options))
    rate_col = next((c for c in columns if c.role == "rate"), None)
    pcts = [q for q in numbers if q.unit == "%"]
    if rate_col is None or "rate" in base.values or len(pcts) != 1:
        return options, set()
    top_q, bottom = denominators(_with_unit(base.values, unit), columns, rate_col)
    if top_q is None or bottom is None or not bottom.value:
        return options, set()
    if abs(percent(pcts[0]) - rate_of(top_q, bottom)[0]) > NEAR_RATE:
        return options, set()
    return [Reading({**base.values, "rate": pcts[0]}, base.blanks, base.score, base.relations)], {"rate"}


def _canonical(values: dict[str, Quantity], columns: Sequence[Column]) -> dict[str, Quantity]:
    """Roles as checks know them: the rate's formula names its budget, extra money columns keep their suffix."""
    rate_col = next((c for c in columns if c.role == "rate"), None)
    if rate_col is not None and rate_col.formula:
        by_letter = {c.letter: c.role for c in columns if c.letter}
        top, bottom = (by_letter.get(x) for x in rate_col.formula)
        out = dict(values)
        if bottom and bottom != "budget" and bottom in values:
            out["budget"] = values[bottom]
        if top and top != "spent" and top in values:
            out["spent"] = values[top]
        return out
    if "budget" not in values and "initial" in values and "spent" in values:
        return {**values, "budget": values["initial"]}
    return values
