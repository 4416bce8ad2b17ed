"""Cells a narrow column or a space split, joined back before a row is placed: a category label's
wrapped tail ("经济效益" / "指标"), a label's weight ("满意度指标" / "(10分)"), a name's unit set apart.
"""

from __future__ import annotations

import dataclasses

import regex

from auditor.facts.decode.cells import LABELS, LEVEL1, LEVEL2, POINTS, UNITS, WORDS, Atom, atom, words_pattern
from auditor.facts.decode.pieces import Gap
from auditor.report.model import Mapped

_POINTS_ALONE = regex.compile(rf"^{POINTS}$")  # "满意度指标" / "(10分)"
WRAP_BACK = 10  # cells back along its row where a wrapped label's tail may belong
_UNIT_APART = regex.compile(rf"^[(（](?:{words_pattern(UNITS)})[)）]$")  # "(万元)", "（户）"
_FRAGMENT = regex.compile(r"^(?:指标|响指标|满?意度指标|度指标|益指标|标)$")  # "服务对象" / "满意度指标" too


def join_labels(xs: list[Atom]) -> list[Atom]:
    """A name's bracketed unit set apart from it on its line, joined back ("年增加畜牧业产值" "(万元)");
    and category labels a narrow cell wrapped, joined back: "经济效益" / "指标" or "服务对象" / "满意度指标"
    next to each other, a label and its weight ("满意度指标" / "(10分)"), or the label's tail alone on
    the line after its row's figures (a PDF prints a row's wrapped cells below it: "社会效益
    机关运转保障效能 ≥80% ≥80% 15 15 ⏎ 指标")."""
    out: list[Atom] = []
    carried: Atom | None = None  # a tail joined back from the start of a line: the next cell starts that line
    for a in xs:
        if carried is not None:
            a = dataclasses.replace(a, gap=carried.gap, width=carried.width) if carried.gap > a.gap else a
            carried = None
        if out and a.gap < Gap.LINE and _UNIT_APART.match(a.value) and out[-1].kind in ("text", "marked"):
            # a name's unit set apart by a space ("年增加畜牧业产值 (万元) 500"): no value cell reads so
            prev = out[-1]
            out[-1] = atom(Mapped.join([prev.text, a.text]), prev.gap, prev.width, prev.column, prev.grid, prev.first, prev.fixed)
            continue
        points = _POINTS_ALONE.match(a.value) is not None
        if out and (points or _FRAGMENT.match(a.value)):
            wide = a.gap >= Gap.LINE and not points  # a label's weight follows the label itself
            last = len(out) - 1
            if not wide and last > 0 and out[last].kind == "mark":
                last -= 1  # a page's number between a label and its tail ("社会效益" "3、" "指标")
            back = range(len(out) - 1, max(-1, len(out) - 1 - WRAP_BACK), -1) if wide else (last,)
            for k in back:
                prev = out[k]
                if prev.kind not in (LABELS if points else WORDS) or (prev.value and a.value and a.text.anchor < prev.text.anchor):
                    continue  # (a tail printed before its label is another cell's: pieces of one text join in order)
                text = Mapped.join([prev.text, a.text])
                if LEVEL1.match(text.text) or LEVEL2.match(text.text):
                    out[k] = atom(text, prev.gap, prev.width, prev.column, prev.grid, prev.first, prev.fixed)
                    carried = a if wide else None
                    break
            else:
                out.append(a)
            continue
        out.append(a)
    return out
