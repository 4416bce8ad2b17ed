"""Coverage: which facts a report yielded, and so which checks could run on it.

Every check declares the fact kinds it compares (``@check(..., needs=...)``) and can run on
a report that yielded ANY of them. A report that yielded none is shown as "not checked",
never as "clean": a run must not look clean because nothing was checked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from auditor.engine.check import Check
from auditor.engine.findings import locate
from auditor.facts.types.bundle import FACT_KINDS
from auditor.report.model import Note, Report

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


PLACES_NAMED = 8  # rows a note names before it says "等"


def doubt_note(report: Report, facts: Facts) -> Note | None:
    """A note naming the form rows read more than one way, or None when every row read one way.

    Such rows are checked, but a finding resting on them is information only (`auditor.engine.runner`);
    the note tells the staff member where to look at the form themselves.
    """
    lines: list[int] = []
    anchors: list[tuple[str, str]] = []
    for span in facts.uncertain:
        loc = locate(report, span)
        if loc.line is not None:  # a text report: its lines, as an editor shows them
            lines.append(loc.line)
        else:
            loc = dataclasses.replace(loc, table_column=None, cell=None)  # the row is the place
            anchors.append((loc.anchor("zh"), loc.anchor("en")))
    anchors = [a for n, a in enumerate(anchors) if a[0] and a not in anchors[:n]]
    runs = _runs(sorted(set(lines)))
    places = ([(f"第{'、'.join(runs)}行", f"line{'s' if len(set(lines)) > 1 else ''} {', '.join(runs)}")] if runs else []) + anchors
    if not places:
        return None
    more = len(places) > PLACES_NAMED
    zh = "、".join(p[0] for p in places[:PLACES_NAMED]) + ("等" if more else "")
    en = ", ".join(p[1] for p in places[:PLACES_NAMED]) + (" and more" if more else "")
    n = len(facts.uncertain)
    return Note(
        f"自评表有{n}行不止一种读法（{zh}），依据这些行的发现只作提示，请对照原表核实",
        f"{n} form row{'s' if n > 1 else ''} can be read more than one way ({en}); findings resting on them are information only: check them against the form",
    )


def _runs(numbers: list[int]) -> list[str]:
    """Sorted line numbers as runs: 25–29, 31, 34."""
    out: list[str] = []
    last = None
    for n in numbers:
        if last is not None and n == last + 1:
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
        last = n
    return out
