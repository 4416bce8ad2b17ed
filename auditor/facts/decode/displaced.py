"""Fund figures a printing moved away from their row: the total row's figures printed above the
header, figures before any row label (a table read out of order), and a second 年度资金总额
holding what the printing moved from the first. The solver takes them back (`decode.fund`).
Also the form's total score, printed in its head above the fund block, not in a row at its foot.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from auditor.facts.decode.cells import Atom
from auditor.facts.funds.columns import Column, Slot
from auditor.facts.funds.readings import readings
from auditor.facts.funds.rows import _Row
from auditor.facts.types.form import Total

MIN_ABOVE = 3  # figures before a header that make its total row's values
_HEAD_TOTAL = regex.compile(r"(自评(?:总分|总得分|得分))(?:[(（]分[)）])?$")
HEAD_WORDS = 3  # atoms before a figure its label may be cut into ("…自评" "总分" "(分)")


def head_total(above: Sequence[Atom]) -> Total | None:
    """The total score a form states in its head ("自评总分(分) 97.6", "自评得分 98"), above the fund
    block: a department form's 总分, which no row at the foot of its table repeats."""
    for k, a in enumerate(above):
        q = a.quantity
        if a.kind != "number" or q is None or not 0 < q.value <= 100 or k == 0:
            continue
        if m := _HEAD_TOTAL.search("".join(b.value for b in above[max(0, k - HEAD_WORDS) : k])):
            return Total(m[1], above[k - 1].text.span().cover(q.span), None, q)
    return None


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
