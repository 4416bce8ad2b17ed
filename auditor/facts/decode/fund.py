"""The fund block under a fund header: its rows (a label and its values), solved by their arithmetic.

The cells after the header are cut into rows at each row label (年度资金总额, 其中：当年财政拨款,
上年结转资金 …); a row's values are the figures and blanks up to the next label. Which value
stands in which column is left to the row solver (`auditor.facts.funds.rows`): every
order-keeping placement of the values in the header's columns is tried, and the one under
which the row's own relations hold (执行率 = 执行数 ÷ 预算数, 得分 = 分值 × 执行率) and the
sub-rows add up to the total wins; where placements tie, only the values they agree on are
kept. Empty cells a printing marks (a grid cell, a bare "|", "/") hold their column.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from auditor.facts.decode.cells import WORDS, Atom, atom
from auditor.facts.decode.digits import sure_cuts
from auditor.facts.decode.displaced import figures_above, late_totals, split_unlabelled
from auditor.facts.decode.glued import NOTE_NUMBER
from auditor.facts.decode.header import Header
from auditor.facts.decode.pieces import Gap
from auditor.facts.funds.blocks import _INTERIM, _UNIT, FundBlock
from auditor.facts.funds.columns import RATE_ROLES, Column, Slot, breaks_itself
from auditor.facts.funds.labels import _ROW_PART, _ROW_TOTAL
from auditor.facts.funds.labels import END as _END
from auditor.facts.funds.rows import _Row, _solve
from auditor.report.model import Mapped, Span
from auditor.report.numbers import MONEY_UNITS, Quantity

_TOTAL = regex.compile(_ROW_TOTAL + r"|部门整体支出总额|整体支出总额|^年度财政资金总额")
_PART = regex.compile(_ROW_PART + r"|资金来源|资金结构|^\(\d\)")
_LETTER = regex.compile(r"[(（]\s*([A-H])\s*[)）]")
_FORMULA = regex.compile(r"[(（]\s*([A-H])\s*[/÷]\s*([A-H])")
_NOTE_NUMBER = regex.compile(NOTE_NUMBER)
_MARKS = regex.compile(r"[/／]{2,}|—{2,}|-{2,}|–{2,}")  # a glued row's empty cells side by side, one mark each
_PROSE = regex.compile(r"[。；;，,]")
_DIGITS = regex.compile(r"\d+|(?=.*\d{3})[\d.%]+")  # glued figures no one number reads ("000", "076%107.6")
MAX_ROWS = 8
MAX_LABEL = 20  # a longer text is a note in a cell (the 原因 column, the form's instructions)
MAX_VALUES = 12
STRAY_ATOMS = 24  # cells after a scrambled block where its total row's displaced figures may stand
GLUED_DIGITS = 3  # digits of a glued row's figure that may hold several numbers


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded fund block and the atoms it used."""

    block: FundBlock
    end: int  # index after the last atom of the block


def _columns(header: Header, words: Sequence[str]) -> list[Column]:
    """The value columns of the header, with the letters and formula the words print."""
    out: list[Column] = []
    seen: set[str] = set()
    for role, word in zip(header.roles, words, strict=True):
        if role in ("reason", "note"):
            continue
        letter = m[1] if (m := _LETTER.search(word)) else ""
        formula = (m[1], m[2]) if (m := _FORMULA.search(word)) else None
        if role in seen:
            base = "other_rate" if role in RATE_ROLES else "money"
            n = 2
            while f"{base}{n}" in seen:
                n += 1
            role = f"{base}{n}"
        seen.add(role)
        out.append(Column(role, None, letter, formula, "(%)" in word or "（%）" in word))
    if any(c.role == "weight" for c in out) and not any(c.role == "score" for c in out):
        out.append(Column("score"))  # a 得分 printed away from its 分值
    return out


def _label(a: Atom) -> str | None:
    """"total" or "part" for a row label, None for anything else."""
    if a.kind not in WORDS:
        return None
    v = a.value
    if _TOTAL.search(v):
        return "total"
    if _PART.search(v):
        return "part"
    return None


def _open(label: str) -> bool:
    """A label that goes on in the next cell ("其中：", "年度财政"), not one complete in itself."""
    return label.endswith((":", "：", "其中")) or (not _TOTAL.search(label) and not _PART.search(label))


def _is_value(a: Atom) -> bool:
    if _NOTE_NUMBER.fullmatch(a.value):
        return False  # "1." opening a note in the 原因 cell, glued to the row's last figure
    return a.kind in ("blank", "number", "percent", "figures") or (a.kind == "quantity" and a.quantity is not None and a.quantity.unit in MONEY_UNITS)


def _slot(a: Atom, glued: bool) -> Slot:
    if a.kind == "blank":
        return Slot(None, a.text.span() if a.value else Span(a.text.anchor, a.text.anchor))
    if glued and sum(c.isdigit() for c in a.value) >= GLUED_DIGITS:
        return Slot(a.text, a.text.span(), None)  # "2020" in a glued row may be 20 | 20: the solver splits
    return Slot(a.text, a.text.span(), a.quantity)


def _slots(a: Atom, glued: bool) -> list[Slot]:
    """A glued run ("387664.62387664.6210100%10", "9089.97489.974") cut first where a cut is
    certain — after a percent sign — or likely — around a figure printed twice — and each part
    left to the solver: a long run has too many cuts to try, and a short one without a rate has
    no arithmetic to choose its cuts by (90 | 89.974 | 89.974, not 9089.9 | 7489.974)."""
    if not glued or a.kind not in ("figures", "invalid"):
        return [_slot(a, glued)]
    text = a.text
    cuts = sure_cuts(a.value)
    out: list[Slot] = []
    for i, j in itertools.pairwise([0, *cuts, len(a.value)]):
        part = text[i:j]
        out.append(_slot(atom(part, a.gap, a.width, a.column, a.grid, a.first), glued))
    return out


def _labels_above(above: Sequence[Atom]) -> list[tuple[Mapped, str]]:
    """The row labels printed right before the header, the total's first ("年度资金总额 其中：当年财政拨款"),
    each with its kind; an open part takes the next ("其中:" + "当年财政拨款", cut apart in a glued printing)."""
    labels: list[tuple[Mapped, str]] = []
    for a in above:
        kind = _label(a)
        if kind is None:
            continue
        if labels and labels[-1][1] == kind == "part" and _open(labels[-1][0].text):
            labels[-1] = (Mapped.join([labels[-1][0], a.text]), labels[-1][1])
        else:
            labels.append((a.text, kind))
    first = next((k for k, (_, kind) in enumerate(labels) if kind == "total"), None)
    return labels[first:] if first is not None and all(kind == "part" for _, kind in labels[first + 1 :]) else []


def _marked(slot: Slot) -> bool:
    """A blank the printing writes out ("/", "—"), not an empty cell."""
    return slot.span.end > slot.span.start


def _unit(words: str, rows: Sequence[_Row]) -> tuple[str, bool]:
    m = _UNIT.search(words)
    if m:
        return next(g for g in m.groups() if g), False
    for row in rows:
        for slot in row.slots:
            if slot.number is not None and slot.number.unit in MONEY_UNITS:
                return slot.number.unit, False
    return "万元", True


def decode_fund(
    atoms: Sequence[Atom],
    start: int,
    header: Header,
    words: Sequence[str],
    title: str,
    above: Sequence[Atom] = (),
    stated_weight: Quantity | None = None,
) -> Decoded | None:
    """The fund block whose rows follow the header; `start` indexes the first atom after it.

    `above` are the cells right before the header: a PDF's text layer may print the total
    row's figures there ("300 320 310 10 95.5% 9.69 年初预算数 … 得分 年度资金总额 其中…").
    `stated_weight` is the points the header gives budget execution when no column holds them
    ("得分(20分*执行率)"): the total row's 分值.
    """
    columns = _columns(header, words)
    rows: list[_Row] = []
    current: _Row | None = None
    glued = header.cell_gap[0] == Gap.GLUED
    first_column = min(header.columns) if header.columns else -1
    i = start
    in_note = False  # inside a numbered note a glued row runs on into ("1.预算执行率=…;2.…")
    while i < len(atoms):
        a = atoms[i]
        kind = _label(a)
        if glued and _NOTE_NUMBER.fullmatch(a.value) and current is not None and current.slots:
            in_note = True
        if in_note:
            if kind is None and not (a.kind in WORDS and _END.match(a.value)):
                i += 1
                continue
            in_note = False
        if a.fixed and 0 <= a.column < first_column and a.kind not in WORDS:
            # a row number in a real grid's label column ("1", "2"): a row of its own, not a value
            if a.value and (current is None or current.slots):
                current = _Row(None, not rows)
                rows.append(current)
        elif kind is not None:
            if len(rows) >= MAX_ROWS:
                break
            if current is not None and not current.slots and current.label is not None and a.gap <= 1 and _open(current.label.text):
                current.label = Mapped.join([current.label, a.text])  # "其中：" + "当年财政拨款"
                current.total = current.total or (kind == "total" and not any(r.total for r in rows if r is not current))
            else:
                current = _Row(a.text, kind == "total" and not any(r.total for r in rows))
                rows.append(current)
        elif glued and current is not None and (current.slots or current.label is not None) and _MARKS.fullmatch(a.value):
            # "//", "——": two cells a glued row marks empty, side by side (right after its label too)
            for k, _ in enumerate(a.value):
                part = a.text[k : k + 1]
                current.slots.append(Slot(None, part.span()))
        elif _is_value(a) or (glued and a.kind == "invalid" and _DIGITS.fullmatch(a.value)):  # "000": 0 | 0 | 0
            if current is None and a.kind == "blank":
                pass  # an empty cell before the first row (a merged label's column)
            elif current is None:
                current = _Row(None, not rows)
                rows.append(current)
            if current is not None and len(current.slots) < MAX_VALUES:
                current.slots.extend(_slots(a, glued))
        elif a.kind in WORDS:
            v = a.value
            if _END.match(v) or (rows and current is not None and not current.slots and len(v) > MAX_LABEL):
                break
            if len(v) > MAX_LABEL or _PROSE.search(v):
                pass  # a note in the row's 原因 cell
            elif current is not None and current.slots:
                current = _Row(a.text, False)  # a row label the vocabulary does not know ("单位资金")
                rows.append(current)
            elif current is not None and current.label is not None and a.gap <= 1:
                current.label = Mapped.join([current.label, a.text])
            elif current is None and a.gap < Gap.BLOCK and (a.gap >= Gap.LINE or glued):
                current = _Row(a.text, True)  # a total row whose label the vocabulary does not know
                rows.append(current)
            elif current is None and a.gap < Gap.LINE:
                pass  # a column the header's vocabulary does not know ("得分计算方法")
            elif current is None:
                break  # a paragraph right under the header that is no row: not a fund block
        i += 1
    for row in rows:
        # Trailing empty cells are an empty 得分 or the grid's padding: kept while the row still
        # reads with them ("| 10 | 102.59% | |": 得分 left empty), dropped past that.
        while len(row.slots) > len(columns) and row.slots[-1].text is None and not _marked(row.slots[-1]):
            row.slots.pop()
        row.optional = 0
        while row.optional < len(row.slots) and row.slots[-1 - row.optional].text is None:
            if _marked(row.slots[-1 - row.optional]):
                break
            row.optional += 1
    rows = [r for r in rows if r.slots or r.label is not None]
    if rows and rows[0].total and not rows[0].slots:
        figures = figures_above(above, len(columns))
        if figures:
            rows[0].slots = [_slot(a, glued) for a in figures]
    if not any(r.slots for r in rows):
        return None
    # figures printed before their labels: a table read out of order (a grid's numbered rows are not)
    scrambled = any(r.label is None for r in rows) and first_column < 0
    paired = 0  # leading rows given, in order, the labels printed before the header
    if scrambled:
        rows = split_unlabelled(rows, columns)
        named = _labels_above(above)
        lead = next((k for k, r in enumerate(rows) if r.label is not None), len(rows))
        if named and lead == len(named) and rows[0].total:
            # "年度资金总额 其中：当年财政拨款 … 得分 65.66 65.07 10 99% 9 65.66 65.07 — 99% —": a spreadsheet's
            # label column printed before its figures; the rows take the labels in order
            for row, (label, _) in zip(rows, named, strict=False):
                row.label, row.apart = label, True
            scrambled, paired = False, lead
    rows, moved = late_totals(rows, _TOTAL)
    unit, unitless = _unit(title + "".join(words), rows)
    strays = moved + [_slot(a, False) for a in atoms[i : i + STRAY_ATOMS] if a.kind in ("percent", "number") and a.quantity is not None]
    stated = stated_weight if "weight" not in {c.role for c in columns} else None
    for row in rows:
        if stated is not None and row.total:
            row.given = {"weight": stated}  # its 得分 is that weight × its rate: a relation to read its cells by
    solved = _solve(rows, columns, strays if scrambled or moved else [], unit, guess=True)
    solved = [dataclasses.replace(r, certain=False) if glued and breaks_itself(r.values) else r for r in solved]
    if scrambled or moved or any(r.displaced for r in solved):
        # which sub-row is which cannot be trusted once labels and figures are apart: the total row alone
        solved = [r for r in solved if r.is_total][:1]
    # sub-rows matched to labels by their order alone: no error may rest on which is which (the
    # first figures are the total's, as in any block whose figures come before their labels)
    solved = [dataclasses.replace(r, certain=False) if 0 < n < paired else r for n, r in enumerate(solved)]
    first = atoms[start - 1] if start else atoms[0]
    last = atoms[i - 1] if i > start else first
    span = first.text.span().cover(last.text.span())
    interim = bool(_INTERIM.search(title + "".join(words)))
    if stated is not None:
        solved = [
            dataclasses.replace(r, values={**r.values, "weight": stated}, displaced=r.displaced | {"weight"})
            if r.is_total else r
            for r in solved
        ]  # fmt: skip
    fund_rows = tuple(solved)
    return Decoded(FundBlock(tuple(columns), fund_rows, unit, span, range(0), unitless, interim), i)
