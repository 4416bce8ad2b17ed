"""`Document`: a declaration or a self-evaluation as the pairing holds one against the other.

A document is plain data, already located: made from a report's facts while the report is at
hand (`documents`), it travels back from worker processes on the `FileResult`, is written to
the audit history (declarations), and is all a paired check reads. Money is in 元.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

import regex

from auditor.engine.findings import Location, locate, source_line
from auditor.facts import Facts
from auditor.facts.cells import cell_number
from auditor.facts.document import EVALUATIONS, evaluation_forms
from auditor.facts.forms import labelled
from auditor.facts.types.declaration import Declaration
from auditor.facts.types.form import Form, IndicatorRow
from auditor.report.model import Report, Span
from auditor.report.numbers import MONEY_UNITS, Quantity


@dataclass(frozen=True, slots=True)
class Held:
    """A value as one document prints it, with where it stands."""

    text: str
    span: Span
    location: Location | None = None
    snippet: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One level-3 indicator: its name, value, direction, unit and weight, and where they stand."""

    name: str
    at: Held  # the name cell
    level1: str = ""
    level2: str = ""
    category: str = ""  # output, cost, outcome, satisfaction, or ""
    target: Held | None = None  # the 年度指标值 as shown, with 指标性质 and 计量单位
    value: Decimal | None = None  # the target's number, when the cell is one quantity
    unit: str = ""
    comparator: str = ""
    direction: str = ""
    weight: Decimal | None = None
    weight_at: Held | None = None
    adjusted: Held | None = None  # a self-evaluation's 调整后指标值, when its table prints one
    adjusted_value: Decimal | None = None
    actual: str = ""  # a self-evaluation's 实际完成值, as printed
    certain: bool = True


@dataclass(frozen=True, slots=True)
class Document:
    """A declaration or a self-evaluation (see the module docstring)."""

    path: str
    part: int  # 1-based: which report of the file
    kind: str  # "declaration", or a self-evaluation's kind (`facts.document.EVALUATIONS`)
    form: str = ""  # a declaration's form: project, department or transfer
    title: str = ""
    project: Held | None = None
    department: Held | None = None
    unit: Held | None = None
    year: int | None = None
    year_at: Held | None = None
    goal: Held | None = None  # the declared 年度目标, or the self-evaluation's 预期目标
    initial: Decimal | None = None  # the declared 年度资金总额, or the self-evaluation's 年初预算数
    initial_at: Held | None = None
    budget: Decimal | None = None  # the self-evaluation's 全年预算数
    budget_at: Held | None = None
    lines: tuple[Line, ...] = ()
    adjustment: Held | None = None  # where a self-evaluation cites an approved adjustment of its targets
    weights: bool = False  # whether the indicator table prints weights (分值/权重)
    against: Held | None = None  # a paired self-evaluation: the declaration's title, where it stands
    against_path: str = ""

    @property
    def named(self) -> str:
        """The document as a message names it: its title when that names the project, else year, project and kind."""
        project = self.project.text if self.project else ""
        if self.title and (not project or project in self.title):
            return f"《{self.title}》"
        kind = ("绩效目标表" if self.form == "department" else "绩效目标申报表") if self.kind == "declaration" else "绩效自评"
        year = f"{self.year}年度" if self.year else ""
        return f"《{year}{project}{kind}》"

    @property
    def where(self) -> Held | None:
        """The first place a message can point at: the project, else the first indicator."""
        return self.project or (self.lines[0].at if self.lines else None) or self.year_at

    def paired_with(self, declaration: Document) -> Document:
        """This self-evaluation, noting the declaration it was held against."""
        at = declaration.project or declaration.year_at or Held(declaration.title, Span(0, 0))
        return replace(self, against=Held(declaration.named, at.span, at.location, at.snippet), against_path=declaration.path)


_NUMBERING = regex.compile(r"^(?:指标\s*\d+\s*[:：.、]?|\d+\s*[.、:：)）])\s*")
_HAN_OR_WORD = regex.compile(r"[\p{Han}A-Za-z]")


def _named(name: str) -> bool:
    """Whether a row names an indicator: something besides its numbering and marks ("指标1:/" names none)."""
    return bool(_HAN_OR_WORD.search(_NUMBERING.sub("", name)))


def _moved(held: Any, old: str, new: str) -> Any:
    if not isinstance(held, Held) or held.location is None or held.location.path != old:
        return held
    return replace(held, location=replace(held.location, path=new))


def renamed(doc: Document, old: str, new: str) -> Document:
    """The same document with the file called `new` where it was `old` (a temporary upload's path)."""
    moved = {f.name: _moved(getattr(doc, f.name), old, new) for f in fields(doc) if isinstance(getattr(doc, f.name), Held)}
    lines = tuple(replace(line, **{f.name: _moved(getattr(line, f.name), old, new) for f in fields(line)}) for line in doc.lines)
    return replace(
        doc, **moved, lines=lines, path=new if doc.path == old else doc.path,
        against_path=new if doc.against_path == old else doc.against_path,
    )  # fmt: skip


class _Locator:
    """Located `Held` values of one report."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def held(self, text: str, span: Span) -> Held:
        report = self.report
        snippet = source_line(report, span) if report.kind == "text" else report.snippet(span)
        return Held(text, span, locate(report, span), snippet)


def _yuan(q: Quantity | None) -> Decimal | None:
    return q.value * MONEY_UNITS[q.unit] if q is not None and q.unit in MONEY_UNITS else None


def _declared(decl: Declaration, at: _Locator, path: str, part: int) -> Document:
    lines = []
    for row in (r for r in decl.targets if _named(r.name)):
        target = row.cells.get("target")
        weight = row.cells.get("weight")
        name = row.cells.get("name")
        lines.append(
            Line(
                row.name, at.held(row.name, name.span if name else row.span), row.level1, row.level2, row.category,
                at.held(row.shown(), target.span) if target is not None and target.value else None,
                row.target.value if row.target is not None else None, row.unit, row.comparator, row.direction,
                row.weight.value if row.weight is not None else None,
                at.held(weight.value, weight.span) if weight is not None and weight.value else None,
                certain=row.certain,
            )
        )  # fmt: skip
    total = decl.fund("total")
    held = {k: at.held(v.value, v.span) for k in ("project", "department", "unit", "goal") if (v := getattr(decl, k))}
    return Document(
        path, part, "declaration", decl.kind, decl.title.value if decl.title else "", held.get("project"),
        held.get("department"), held.get("unit"), decl.year,
        at.held(str(decl.year), decl.year_span) if decl.year_span else None, held.get("goal"),
        _yuan(total.quantity) if total else None, at.held(total.quantity.text, total.span) if total else None,
        lines=tuple(lines), weights="weight" in decl.columns,
    )  # fmt: skip


_PROJECT = regex.compile(r"^(?:项目名称|项目)[:：]?$")
_DEPARTMENT = regex.compile(r"^(?:主管部门(?:及代码)?|预算部门|主管单位)[:：]?$")
_UNIT = regex.compile(r"^(?:实施单位|项目实施单位|部门(?:\(单位\))?|单位名称|部门名称)[:：]?$")
# Labelled values of a form flattened to text: the label, separators or line breaks, the value.
# The value stands alone between separators: a label inside a sentence ("实施单位对资金…") is none.
_PROJECT_LINE = regex.compile(r"项目名称[\s|:：]+(?P<v>[^\s|:：。，,；;]{2,60})(?=[\s|]|$)")
_DEPARTMENT_LINE = regex.compile(r"主管部门(?:及代码)?[\s|:：]+(?P<v>[^\s|:：。，,；;]{2,40})(?=[\s|]|$)")
_UNIT_LINE = regex.compile(r"实施单位[\s|:：]+(?P<v>[^\s|:：。，,；;]{2,40})(?=[\s|]|$)")
TEXT_HEAD = 3000  # characters from the start where a flattened form's labelled values are looked for
# A label standing where a value should (an empty cell): "主管部门 | 实施单位 | X".
_LABEL_WORD = regex.compile(r"^(?:主管部门|实施单位|项目名称|项目资金|年度|单位)")
_EXPECTED = regex.compile(r"^(?:预期目标|年初设定目标|年度目标)$")
_ACTUAL = regex.compile(r"^(?:实际完成情况|全年实际完成情况|年度总体目标完成情况|完成情况)$")
_ADJUSTMENT = regex.compile(
    r"(?:调整|调减|调增|变更|修改)[^。；;\n]{0,30}(?:批复|批准|审批|同意|备案|报批)"
    r"|(?:经|报)[^。；;\n]{0,20}(?:批复|批准|同意)[^。；;\n]{0,20}(?:调整|调减|变更)"
    r"|按程序(?:报批|调整|调减)"
)


def _line(row: IndicatorRow, at: _Locator) -> Line:
    target, weight, adjusted = row.cells.get("target"), row.cells.get("weight"), row.cells.get("adjusted")
    name = row.cells.get("name")
    adjusted_q = cell_number(adjusted) if adjusted is not None else None
    unit = row.target.unit if row.target is not None else ""
    return Line(
        row.name, at.held(row.name, name.span if name else row.span), row.level1, row.level2, row.category,
        at.held(row.shown("target"), target.span) if target is not None and target.value else None,
        row.target.value if row.target is not None else None, unit, row.comparator, row.direction,
        row.weight.value if row.weight is not None else None,
        at.held(weight.value, weight.span) if weight is not None and weight.value else None,
        at.held(adjusted.value, adjusted.span) if adjusted is not None and adjusted.value else None,
        adjusted_q.value if adjusted_q is not None else None, row.text("actual"), row.certain,
    )  # fmt: skip


_BLOCK_LABEL = regex.compile(r"^(?:年度)?总体目标|^年度目标$|^年度总体目标")
_GOAL = regex.compile(r"\p{Han}.*\p{Han}.*\p{Han}.*\p{Han}")  # a goal says something: four characters at least


def _expected_goal(form: Form) -> tuple[str, Span] | None:
    """The 预期目标 of the 年度总体目标 block: beside its label, past 实际完成情况 when that label
    comes next on the same line, else the cell below the label."""
    table = form.table
    if table is None:
        return None
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            if not _EXPECTED.match(cell.value):
                continue
            after = [c for c in row.cells[n + 1 :] if c.value]
            if after and _ACTUAL.match(after[0].value):
                after = after[1:]  # the two labels side by side: the values follow them, or stand below
            elif after:
                return (after[0].value, after[0].span) if _GOAL.search(after[0].value) else None
            if after and _GOAL.search(after[0].value):
                return after[0].value, after[0].span
            if row.index + 1 < len(table.rows):
                # the row below holds the two texts, after its row label when it repeats one: the
                # first is the 预期目标 (flattened text loses the empty cells that align them)
                below = [c for c in table.rows[row.index + 1].cells if c.value]
                while below and _BLOCK_LABEL.match(below[0].value):
                    below = below[1:]
                if below and _GOAL.search(below[0].value):
                    return below[0].value, below[0].span
            return None
    return None


def _evaluated(report: Report, facts: Facts, kind: str, at: _Locator, path: str, part: int) -> Document:
    forms = evaluation_forms(facts.forms) or [f for f in facts.forms if f.indicators or f.fund]
    project = department = unit = goal = None
    for form in forms:
        if form.table is None:
            continue
        project = project or form.project or labelled(form.table, _PROJECT)
        department = department or labelled(form.table, _DEPARTMENT)
        unit = unit or labelled(form.table, _UNIT)
        goal = goal or _expected_goal(form)
    found = {}
    for name, stated, line in (("project", project, _PROJECT_LINE), ("department", department, _DEPARTMENT_LINE), ("unit", unit, _UNIT_LINE)):
        if stated is not None and stated.value:
            found[name] = at.held(stated.value, stated.span)
        elif (m := line.search(report.text[:TEXT_HEAD])) is not None and not _LABEL_WORD.match(m["v"]):
            found[name] = at.held(m["v"], Span(m.start("v"), m.end("v")))
    fund = next((f.fund_total for f in forms if f.fund_total is not None), None)
    initial = fund.get("initial") if fund is not None else None
    budget = fund.get("budget") if fund is not None else None
    year = facts.fiscal_year
    adjustment = _ADJUSTMENT.search(report.text)
    rows = [row for form in forms for row in form.leaves if _named(row.name)]
    return Document(
        path, part, kind, "", "", found.get("project"), found.get("department"), found.get("unit"),
        year.year if year else None,
        at.held(str(year.year), year.sources[0]) if year and year.sources else None,
        at.held(*goal) if goal else None,
        _yuan(initial), at.held(initial.text, initial.span) if initial else None,
        _yuan(budget), at.held(budget.text, budget.span) if budget else None,
        tuple(_line(row, at) for row in rows),
        at.held(adjustment[0], Span(adjustment.start(), adjustment.end())) if adjustment else None,
        weights=any(row.weight is not None for row in rows),
    )  # fmt: skip


def documents(report: Report, facts: Facts, part: int = 1) -> tuple[Document, ...]:
    """The declaration and the self-evaluation a report holds, located; () when it holds neither."""
    at = _Locator(report)
    out = []
    if facts.declaration is not None:
        out.append(_declared(facts.declaration, at, report.path, part))
    kind = next((k for k in facts.kinds if k in EVALUATIONS), None)
    if kind is not None:
        out.append(_evaluated(report, facts, kind, at, report.path, part))
    return tuple(out)
