"""A fund block's rows read together: one reading per row, the sub-rows adding up to the total
where they can (`auditor.facts.funds.rows` solves the block).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import product
from math import prod

from auditor.facts.funds.columns import Reading
from auditor.report.numbers import MONEY_UNITS

TOTAL_POOL = 40
ROW_POOL = 6
COPIES = 2  # readings a sub-row's pool gains that repeat the total's amounts
# NOTE: the combinations weighed grow as the pools' product: a block of eight rows (a PDF's wrapped
# labels make rows of their own) would be 6**7 * 40 = 11 million, gigabytes in `before`/`after`.
# Past this many the sub-rows' pools shrink, the largest first, down to each row's best reading.
MOST_COMBINATIONS = 20_000


def _values(reading: Reading) -> tuple:
    """The figures a reading places, by column; a lone 年初预算数 counts as the 全年预算数 it stands for."""
    values = reading.values
    if "initial" in values and "budget" not in values:
        values = {("budget" if role == "initial" else role): q for role, q in values.items()}
    return tuple(sorted((role, q.span) for role, q in values.items()))


def _distinct(options: list[Reading]) -> list[Reading]:
    """The readings that place the figures differently (the first of those that differ only in blanks)."""
    seen: set[tuple] = set()
    out = []
    for r in options:
        k = _values(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _joint(options: list[list[Reading]], total_at: int) -> list[list[Reading]]:
    """Readings for every row at once, adding points for each money column whose sub-rows sum to the total."""
    # The total row's best reading on its own may be wrong when its digits are glued: the
    # sub-rows' sums decide, so it keeps a deeper pool than the sub-rows.
    pools = [_distinct(o)[:TOTAL_POOL] if n == total_at else _distinct(o)[:ROW_POOL] for n, o in enumerate(options)]
    pools = _bounded([p if n == total_at else p + _copies(options[n], p, pools[total_at]) for n, p in enumerate(pools)], total_at)
    # NOTE: every combination of readings is weighed, in the order of their product (ties keep it);
    # what the sub-rows add up to is worked out once per combination of sub-row readings, and
    # what the total states once per total reading, not once per combination of all of them
    entries = [[(k, r.score) for k, r in enumerate(pool)] for pool in pools]
    before, after = list(product(*entries[:total_at])), list(product(*entries[total_at + 1 :]))
    stated = [_stated(r) for r in pools[total_at]]
    subs = [n for n in range(len(pools)) if n != total_at]
    added = [_added([pools[n][e[0]] for n, e in zip(subs, (*pre, *post), strict=True)]) for pre in before for post in after]
    top: Decimal | None = None
    best: list[tuple] = []  # the combinations that score `top`, in the order of the product
    for b, pre in enumerate(before):
        for total in entries[total_at]:
            totals = stated[total[0]]
            for a, post in enumerate(after):
                parts = added[b * len(after) + a]
                sums = 0
                for t, p in zip(totals, parts, strict=True):
                    if t is not None and p is not None and abs(p[0] - t[0]) <= t[1] + p[1]:
                        sums += 1
                combo = (*pre, total, *post)
                score = sum((e[1] for e in combo), Decimal(0)) + 2 * sums
                if top is None or score > top:
                    top, best = score, [combo]
                elif score == top:
                    best.append(combo)
    if not best:
        return []
    return [[pools[n][c[n][0]] for c in best] for n in range(len(options))]


def _copies(options: list[Reading], pool: list[Reading], totals: list[Reading]) -> list[Reading]:
    """A sub-row's readings, beyond its pool, that print the total's amounts again (a 其中 row
    that is the whole fund: "287287171" is 287 | 287 | 171 under a total of 287 | 287 | 171). With
    no rate of its own such a row has no arithmetic to rank that reading by; the digits it repeats are
    the evidence, weighed with the rest in the block's sums."""
    stated = [_stated(t) for t in totals if t.score == totals[0].score]  # the total's likeliest readings
    seen = {_values(r) for r in pool}
    out: list[Reading] = []
    for r in _distinct(options):
        if _values(r) in seen:
            continue
        added = _added([r])
        if any(sum(1 for t, p in zip(s, added, strict=True) if t is not None and p is not None and p[0] == t[0]) >= 2 for s in stated):
            out.append(r)
            if len(out) == COPIES:
                break
    return out


def _bounded(pools: list[list[Reading]], total_at: int) -> list[list[Reading]]:
    """The pools cut, each sub-row's worst readings first, until their combinations are at most
    `MOST_COMBINATIONS` (the total row keeps its pool: the sub-rows' sums are what decide it)."""
    sizes = [len(p) for p in pools]
    count = prod(sizes)
    while count > MOST_COMBINATIONS:
        n = max((k for k in range(len(sizes)) if k != total_at), key=lambda k: sizes[k], default=None)
        if n is None or sizes[n] <= 1:
            break
        count = count // sizes[n] * (sizes[n] - 1)
        sizes[n] -= 1
    return [p[:size] for p, size in zip(pools, sizes, strict=True)]


_SUMMED = ("initial", "budget", "spent")  # the money columns whose sub-rows add up to the total


def _stated(total: Reading) -> list[tuple[Decimal, Decimal] | None]:
    """What a total row states in each money column: its value and how far off its printing may be."""
    return [None if (q := total.values.get(role)) is None else (q.value, q.tolerance) for role in _SUMMED]


def _added(parts: Sequence[Reading]) -> list[tuple[Decimal, Decimal] | None]:
    """What the sub-rows add up to in each money column, and how far off their printing may be
    (`printed_slack` without the total's share); None where no sub-row holds an amount."""
    out: list[tuple[Decimal, Decimal] | None] = []
    for role in _SUMMED:
        # "1分" is no amount: a part in another unit says nothing of the total
        found = [p.values[role] for p in parts if role in p.values and p.values[role].unit in ("", *MONEY_UNITS)]
        out.append((sum((q.value for q in found), Decimal(0)), sum((q.tolerance for q in found), Decimal(0))) if found else None)
    return out
