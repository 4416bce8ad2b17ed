"""Coverage: which facts a report yielded, and so which checks could run on it.

Every check declares the fact kinds it compares (``@check(..., needs=...)``) and can run on
a report that yielded ANY of them. A report that yielded none is shown as "not checked",
never as "clean": a run must not look clean because nothing was checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from auditor.check import FACT_KINDS, Check

if TYPE_CHECKING:
    from auditor.facts import Facts

# A report "has content" when it states any of these; otherwise it gets PF02.
CONTENT_KINDS = ("fiscal_year", "forms", "amounts", "rates", "declarations")


def has_content(found: Mapping[str, int]) -> bool:
    """Whether a report stated anything a check can compare (`found` as ``Facts.found()``)."""
    return any(found.get(kind) for kind in CONTENT_KINDS)


def coverage(facts: Facts) -> dict[str, int]:
    """How many facts of each kind a report yielded, plus ``content`` (1 or 0)."""
    found = facts.found()
    found["content"] = int(has_content(found))
    return found


def can_run(check: Check, found: Mapping[str, int]) -> bool:
    """Whether a report's coverage holds any fact kind the check needs.

    A kind the coverage does not mention counts as present: claiming that a check did not
    run when we cannot tell would be as dishonest as the opposite.
    """
    return any(found.get(kind, 1) > 0 for kind in check.needs)


def split_checks(checks: Iterable[Check], found: Mapping[str, int]) -> tuple[tuple[Check, ...], tuple[Check, ...]]:
    """The checks that could run on this coverage, and those that could not, in order."""
    ran: list[Check] = []
    skipped: list[Check] = []
    for c in checks:
        (ran if can_run(c, found) else skipped).append(c)
    return tuple(ran), tuple(skipped)


def missing_facts(skipped: Iterable[Check], found: Mapping[str, int]) -> tuple[str, ...]:
    """The fact kinds whose absence kept `skipped` from running, in `FACT_KINDS` order."""
    wanted = {kind for c in skipped for kind in c.needs}
    return tuple(kind for kind in FACT_KINDS if kind in wanted and not found.get(kind, 1))
