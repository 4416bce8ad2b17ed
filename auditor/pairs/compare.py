"""A self-evaluation beside its declaration, row by row: what a reviewer looks at to see what changed.

`compare` gives one `Compared` row per indicator, declared rows in their order with the rows
the self-evaluation added last: the declared and the evaluated 指标值 and weight, and what
became of the row (same, changed, renamed, dropped, added). Pure: no I/O, no checks run.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.pairs.document import Document, Line
from auditor.pairs.likeness import match_lines

STATES = ("same", "changed", "renamed", "dropped", "added")


@dataclass(frozen=True, slots=True)
class Compared:
    """One indicator of the pair: the declared row, the evaluated one (either may be missing) and its state."""

    name: str
    declared_name: str
    declared_target: str
    target: str
    declared_weight: str
    weight: str
    state: str  # one of STATES


def _weight(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def _text(line: Line | None) -> str:
    return line.target.text if line is not None and line.target is not None else ""


def _plain(text: str) -> str:
    return "".join(text.replace("≧", "≥").replace("≦", "≤").replace("﹦", "=").replace("═", "=").split())


def compare(evaluation: Document, declaration: Document) -> list[Compared]:
    """The pair's indicators side by side (see the module docstring)."""
    matching = match_lines(declaration.lines, evaluation.lines)
    by_declared = {id(d): (e, like) for d, e, like in matching.matched}
    out: list[Compared] = []
    for d in declaration.lines:
        if id(d) not in by_declared:
            out.append(Compared("", d.name, _text(d), "", _weight(d.weight), "", "dropped"))
            continue
        e, like = by_declared[id(d)]
        # NOTE: the value decides; weights are shown side by side (SD03 judges them, scaling and all)
        changed = _plain(_text(d)) != _plain(_text(e))
        state = "renamed" if like < 1 else "changed" if changed else "same"
        out.append(Compared(e.name, d.name, _text(d), _text(e), _weight(d.weight), _weight(e.weight), state))
    out += [Compared(e.name, "", "", _text(e), "", _weight(e.weight), "added") for e in matching.added]
    return out
