"""Wrapped row labels of a fund block printed a row a line (a PDF's text layer): a label too long
for its column goes on in the line below ("其中:中央、省、" / "市补助县级资金"), and so does an
amount a narrow column cut at its decimal point ("387664." / "62"); the rest is joined back
(`auditor.facts.decode.tails` does the same for an indicator table's cells).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from auditor.facts.decode.cells import Atom, extended
from auditor.facts.decode.header import Header
from auditor.facts.decode.pieces import Gap, lines_of
from auditor.facts.decode.tails import CUT
from auditor.facts.funds.labels import closes_block, opens_row, runs_on, whole_label
from auditor.report.normalize import printed_width

_VALUES = frozenset({"number", "percent", "quantity", "figures", "blank"})  # what a fund row's values read as
_OPEN_MARKS = ("、", "，", ",", "(", "（", ":", "：")  # what a label cut short may stop on
SLACK = 3  # how much narrower than the label column a wrapped label's first line may be


def fold_labels(atoms: list[Atom], header: Header) -> list[Atom]:
    """A fund block's rows with the tail of each wrapped row label joined on ("其中:中央、省、" /
    "市补助县级资金", "其中:本年财政拨" / "款"): a line holding one piece of words, under a row
    of figures whose label reached the label column's edge, unless it ends as a whole label does,
    or stops on an open mark; and which opens no row of its own with a known label ("其他资金"),
    nor what comes after the block ("年度绩效目标")."""
    if header.cell_gap[0] != Gap.SPACE or header.row_gap is None:
        return atoms
    lines = lines_of(atoms, len(atoms), header.row_gap)
    labels = {}  # a row's line: the label's last piece and the label's width (its words before the figures)
    for n, line in enumerate(lines):
        lead = list(itertools.takewhile(lambda k: atoms[k].kind in CUT, line))
        if lead and len(lead) < len(line) and atoms[line[len(lead)]].kind in _VALUES:
            labels[n] = (lead[-1], sum(printed_width(atoms[k].value) for k in lead) + len(lead) - 1)
    if not labels:
        return atoms
    column = max(w for _, w in labels.values())
    out = list(atoms)
    dropped: set[int] = set()
    for n in range(1, len(lines)):
        line = lines[n]
        if n - 1 in labels and _cut_figures(atoms, lines[n - 1], line, out, dropped):
            continue
        if n - 1 not in labels or len(line) != 1 or atoms[line[0]].kind not in CUT:
            continue
        k, width = labels[n - 1]
        head, tail = out[k], atoms[line[0]]
        # a label word cut in two ("其中:当年" / "财政拨款", "年度资金" / "总额") goes on whatever follows
        cut_word = runs_on(head.value, tail.value)
        if not cut_word and (opens_row(tail.value) or closes_block(tail.value)):
            continue
        if cut_word or (width >= column - SLACK and not whole_label(head.value)) or head.value.endswith(_OPEN_MARKS):
            out[k] = extended(head, [tail.text])
            dropped.add(line[0])
    return [a for k, a in enumerate(out) if k not in dropped] if dropped else atoms


def _cut_figures(atoms: Sequence[Atom], above: list[int], line: list[int], out: list[Atom], dropped: set[int]) -> bool:
    """Amounts a narrow column cut at their decimal point ("387664." / "62"), or past it ("2279.04" /
    "8 万元"): the line below holds the rest of the label, if any, then one run of digits (and the
    unit) for each amount cut so; joined on, in order. An amount cut past its point shows no cut:
    its rest is taken only under a label that goes on too, one run for each amount of the row."""
    lead = list(itertools.takewhile(lambda k: atoms[k].kind in CUT, line))
    rest = line[len(lead) :]
    cut = [k for k in above if atoms[k].value.endswith(".") and atoms[k].value[:-1].isdigit()]
    if cut and (len(rest) != len(cut) or not all(atoms[k].value.isdigit() for k in rest)):
        return False
    runs = [[k] for k in rest]
    if not cut:
        tails = _overflow(atoms, above, lead, rest)
        if tails is None:
            return False
        cut, runs = tails
    for k, t in ((above[0], lead), *zip(cut, runs, strict=True)):
        if t:
            head = out[k]
            out[k] = extended(head, (atoms[x].text for x in t))
            dropped.update(t)
    return True


OVERFLOW = 3  # digits a narrow column pushes onto the next line at most


def _overflow(atoms: Sequence[Atom], above: list[int], lead: list[int], rest: list[int]) -> tuple[list[int], list[list[int]]] | None:
    """The amounts of a row a line and the runs of digits, each with its unit, that the line below
    holds for them ("年度资金 2279.04" / "总额 8 万元"), or None where the line below is no such rest."""
    label = "".join(atoms[k].value for k in itertools.takewhile(lambda k: atoms[k].kind in CUT, above))
    said = "".join(atoms[k].value for k in lead)
    # (a label word cut in two goes on whatever follows, as in `fold_labels`: "年度资金" / "总额")
    goes_on = runs_on(label, said) or not (whole_label(label) or opens_row(said) or closes_block(said))
    if not label or not said or not goes_on:
        return None
    runs: list[list[int]] = []
    for k in rest:
        a = atoms[k]
        if a.value.isdigit() and len(a.value) <= OVERFLOW:
            runs.append([k])
        elif a.kind == "unit" and runs and len(runs[-1]) == 1:
            runs[-1].append(k)
        else:
            return None
    amounts = [k for k in above if atoms[k].kind in ("number", "quantity") and atoms[k].quantity is not None and atoms[k].quantity.unit != "%"]
    return (amounts, runs) if runs and len(runs) == len(amounts) else None
