"""`report_fields`: the one adapter from a report's facts to the register's report-level fields.

Every read of the facts layer the corpus view makes goes through this module, so that a
change in the facts (a rebuilt extractor, a new field) is met here and nowhere else.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from auditor.facts import Facts, Form
from auditor.facts.forms import labelled
from auditor.report.model import Report, Span
from auditor.report.numbers import Quantity, quantize

# (text, number, span): the value as a reader would write it, its number if it has one, where it stands
Field = tuple[str, Decimal | None, Span | None]
FIELDS = ("unit", "project", "year", "budget", "spent", "rate", "score", "grade")

# The department before the office that carried the project out: a bureau files reports by department.
_UNIT_LABELS = (
    regex.compile(r"^(?:预算单位|主管部门|部门名称|单位名称|项目单位|主管单位)[:：]?$"),
    regex.compile(r"^(?:实施单位|项目实施单位)[:：]?$"),
)
_UNIT_PROSE = regex.compile(r"(?:预算单位|主管部门|单位名称|项目单位|实施单位)[:：]\s*(?P<v>[^\s，。；,;]{2,40})")
_PROJECT_PROSE = regex.compile(r"项目名称[:：]\s*(?P<v>[^\s，。；,;]{2,60})")
_ORG = regex.compile(
    r"(?P<v>[\p{Han}（）()]{2,30}?(?:人民政府|办事处|管理委员会|委员会|办公室|管委会|局|厅|委|中心|学校|医院|站|所|院|馆|队|街道))"
)
_TITLE = regex.compile(
    r"(?:\d{4}\s*年度?\s*)(?P<v>[\p{Han}（）()]{2,40}?)(?:预算)?(?:项目)?(?:支出)?(?:绩效)?(?:自评|评价)"
)
_SPACE = regex.compile(r"\s+")


def _stated(value: str, span: Span) -> Field:
    return (_SPACE.sub("", value), None, span)


def _quantity(q: Quantity | None, *, money: bool = False, rate: bool = False) -> Field | None:
    if q is None:
        return None
    if money and q.is_money:
        number = q.in_yuan()
    elif rate:
        number = q.percent()
    else:
        number = q.value
    return (q.text.strip(), number, q.span)


def _head(report: Report, lines: int = 4) -> list[tuple[str, int]]:
    """The first non-empty lines of the report with their offsets: where a title names the unit."""
    out: list[tuple[str, int]] = []
    offset = 0
    for line in report.text.splitlines(keepends=True):
        if line.strip():
            out.append((line, offset))
            if len(out) == lines:
                break
        offset += len(line)
    return out


def _unit(report: Report) -> Field | None:
    for pattern in _UNIT_LABELS:
        for table in report.tables:
            found = labelled(table, pattern)
            if found is not None and found.value:
                return _stated(found.value, found.span)
    if m := _UNIT_PROSE.search(report.text[:3000]):
        return _stated(m["v"], Span(m.start("v"), m.end("v")))
    for line, offset in _head(report):
        if m := _ORG.search(line):
            return _stated(m["v"], Span(offset + m.start("v"), offset + m.end("v")))
    return None


def _project(report: Report, facts: Facts) -> Field | None:
    for form in facts.forms:
        if form.project is not None and form.project.value:
            return _stated(form.project.value, form.project.span)
    if m := _PROJECT_PROSE.search(report.text[:3000]):
        return _stated(m["v"], Span(m.start("v"), m.end("v")))
    for line, offset in _head(report):
        # "2022 年度 项目绩效自评工作报告" names no project: the bare word 项目 is not a name
        title = len(line) <= 80 and regex.search(r"报告|自评表|评价表", line)
        if title and (m := _TITLE.search(line)) and _SPACE.sub("", m["v"]) not in ("项目", "部门", "单位"):
            return _stated(m["v"], Span(offset + m.start("v"), offset + m.end("v")))
    return None


def _fund_form(facts: Facts) -> Form | None:
    return facts.fund_form or next((f for f in facts.forms if f.fund_total is not None), None)


def report_fields(report: Report, facts: Facts) -> dict[str, Field | None]:
    """单位, 项目名称, 年度, 预算数, 执行数, 执行率, 自评得分 and 等级, each with where it is stated.

    Money is in 元 and the execution rate in percent. The fund block of the 自评表 wins over
    the prose; without a form, the first paragraph stating a budget and its spending gives
    them. A rate the report does not print is computed from the two amounts (span None).
    """
    out: dict[str, Field | None] = dict.fromkeys(FIELDS)
    out["unit"] = _unit(report)
    out["project"] = _project(report, facts)
    if facts.fiscal_year is not None:
        source = facts.fiscal_year.sources[0] if facts.fiscal_year.sources else None
        out["year"] = (str(facts.fiscal_year.year), Decimal(facts.fiscal_year.year), source)
    form = _fund_form(facts)
    if form is not None and form.fund_total is not None:
        line = form.fund_total
        out["budget"] = _quantity(line.get("budget") or line.get("initial"), money=True)
        out["spent"] = _quantity(line.get("spent"), money=True)
        out["rate"] = _quantity(line.get("rate"), rate=True)
    elif facts.executions:
        e = facts.executions[0]
        out["budget"] = _quantity(e.budget.quantity, money=True)
        out["spent"] = _quantity(e.spent.quantity, money=True)
        out["rate"] = _quantity(e.stated.quantity, rate=True) if e.stated else None
    budget, spent = out["budget"], out["spent"]
    if out["rate"] is None and budget and spent and budget[1] and spent[1] is not None:
        computed = quantize(spent[1] / budget[1] * 100, 2)
        out["rate"] = (f"{computed}%", computed, None)
    total = next((f.total for f in facts.forms if f.total is not None and f.total.score is not None), None)
    if total is not None:
        out["score"] = _quantity(total.score)
    elif facts.grading.scores:
        out["score"] = _quantity(facts.grading.scores[0])
    grade = next((f.grade for f in facts.forms if f.grade is not None and f.grade.value), None)
    if grade is not None:
        out["grade"] = _stated(grade.value, grade.span)
    elif facts.grading.grades:
        stated = facts.grading.grades[0]
        out["grade"] = _stated(stated.label, stated.span)
    return out


def sentences(facts: Facts) -> list[tuple[str, Span]]:
    """Every sentence of prose and of text cells, as read (normalised) and where it stands."""
    return [(s.text.text, s.span) for s in facts.sentences]


def targets(facts: Facts) -> list[tuple[str, str, Span]]:
    """Each filled-in indicator's name and 年度指标值 (with 指标性质 and unit), and the target cell."""
    out = []
    for form in facts.forms:
        for row in form.leaves:
            cell = row.cells.get("target")
            if cell is not None and cell.value and row.name:
                out.append((row.name, row.shown("target"), cell.span))
    return out


def reasons(report: Report, facts: Facts) -> list[tuple[str, Span]]:
    """The stated causes of a deviation: 偏差原因 cells of the indicator table, then cause paragraphs."""
    out = []
    for form in facts.forms:
        for row in form.leaves:
            cell = row.cells.get("reason")
            if cell is not None and cell.value:
                out.append((cell.value, cell.span))
    out += [(report.text[span.start : span.end], span) for span in facts.reasons]
    return out
