"""Fund figures a printing moved away from their row: the total row's figures printed above the
header, figures before any row label (a table read out of order), and a second 年度资金总额
holding what the printing moved from the first. The solver takes them back (`decode.fund`).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from auditor.facts.decode.cells import Atom
from auditor.facts.funds.columns import Column, Slot
from auditor.facts.funds.readings import readings
from auditor.facts.funds.rows import _Row

MIN_ABOVE = 3  # figures before a header that make its total row's values


def late_totals(rows: list[_Row], total: regex.Pattern) -> tuple[list[_Row], list[Slot]]:
    """A second 年度资金总额 after the first holds figures the printing moved away from the first."""
    out: list[_Row] = []
    moved: list[Slot] = []
    seen = False
    for row in rows:
        if seen and row.label is not None and total.search(row.label.text):
            moved.extend(s for s in row.slots if s.text is not None)
            continue
        seen = seen or (row.total and bool(row.slots))
        out.append(row)
    return out, moved


def figures_above(above: Sequence[Atom], most: int) -> list[Atom]:
    """The run of figures that ends right where the header starts (three at least, no blanks)."""
    run: list[Atom] = []
    for a in reversed(above):
        if a.kind not in ("number", "percent") or len(run) >= most:
            break
        run.append(a)
    return run[::-1] if len(run) >= MIN_ABOVE else []


def split_unlabelled(rows: list[_Row], columns: Sequence[Column]) -> list[_Row]:
    """Figures before any row label may be several rows: cut them where each part still reads."""
    out: list[_Row] = []
    for row in rows:
        if row.label is not None or len(row.slots) <= len(columns):
            out.append(row)
            continue
        rest = row.slots
        first = True
        while rest:
            cut = next((k for k in range(min(len(rest), len(columns)), 0, -1) if _feasible(rest[:k], columns)), 0)
            if cut == 0:
                break
            out.append(_Row(None, row.total and first, list(rest[:cut])))
            rest = rest[cut:]
            first = False
    return out


def _feasible(slots: Sequence[Slot], columns: Sequence[Column]) -> bool:
    return any(r.values or r.blanks for r in readings(slots, columns)[:1])
