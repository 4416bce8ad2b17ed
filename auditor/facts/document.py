"""What kind of document a report is: a target declaration, a monitoring table, a self-evaluation, a narrative.

The kind comes from the title and the columns: a declaration has targets and no results; a
monitoring table has the months so far (1-7月执行数) or a 运行监控 title; a self-evaluation has a
form with what was achieved (执行数, 实际完成值, 得分); a narrative is a report in prose with no
such form. A project's package may hold several (申报, 监控, 自评 sheets of one project): every
kind found is kept, in that order.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from auditor.facts.types.declaration import Declaration
from auditor.facts.types.form import Form
from auditor.report.model import Heading, Paragraph, Report

KINDS = ("declaration", "monitoring", "self-evaluation", "narrative")
# The kinds a self-evaluation comes in: these are held against a declaration.
EVALUATIONS = ("self-evaluation", "narrative")
_MONITORING = regex.compile(r"(?:运行|执行)监控|监控表|监控情况")
# a column titled by the months so far ("1-7月执行数"); a cell that is only a month range ("1-12月")
# is a time target
_MONITORING_COLUMN = regex.compile(r"^\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月(?!底|末|前|内)\s*\p{Han}{2}|全年预计|完成目标可能性")
_NARRATIVE = regex.compile(r"自评报告|评价报告|自评工作报告|绩效报告|自评情况")
_RESULT_ROLES = ("actual", "score")
TITLE_BLOCKS = 4


def _titles(report: Report) -> list[str]:
    out = []
    for block in report.blocks[:TITLE_BLOCKS]:
        if isinstance(block, Paragraph | Heading) and len(block.text.text) <= 80:
            out.append(block.text.text)
    for table in report.tables[:3]:
        out += [c.value for row in table.rows[:2] for c in row.cells if c.value and len(c.value) <= 60]
    return out


def _monitoring(report: Report, forms: Sequence[Form]) -> bool:
    if any(line.interim for form in forms for line in form.fund):
        return True
    if any(_MONITORING.search(t) for t in _titles(report)):
        return True
    return any(
        _MONITORING_COLUMN.match(c.value) for table in report.tables for row in table.rows[:12] for c in row.cells
    )


def _evaluation(form: Form) -> bool:
    """A form that states results: a spent amount or rate, an achieved value or a score."""
    if any(not line.interim and (line.get("spent") or line.get("rate") or line.get("score")) for line in form.fund):
        return True
    if form.total is not None and form.total.score is not None:
        return True
    return any(row.text(role) for row in form.indicators for role in _RESULT_ROLES)


def _watching(form: Form) -> bool:
    """A monitoring table's form: interim figures, or a column of the months so far (1-7月执行数)."""
    if any(line.interim for line in form.fund):
        return True
    table = form.table
    return table is not None and any(_MONITORING_COLUMN.match(c.value) for row in table.rows[:12] for c in row.cells)


def evaluation_forms(forms: Sequence[Form]) -> list[Form]:
    """The forms that state a year's results: a self-evaluation's, not a monitoring table's or a declaration's."""
    # NOTE: a monitoring table's interim figures make a form too; it is a self-evaluation only
    # when another form of the report states the year's results.
    return [f for f in forms if _evaluation(f) and not _watching(f)]


def document_kinds(report: Report, forms: Sequence[Form], declaration: Declaration | None) -> tuple[str, ...]:
    """Every kind of document the report holds, in `KINDS` order; empty when none is recognised."""
    found: list[str] = []
    if declaration is not None:
        found.append("declaration")
    monitoring = _monitoring(report, forms)
    if monitoring:
        found.append("monitoring")
    if evaluation_forms(forms):
        found.append("self-evaluation")
    elif not monitoring and _narrative(report, declaration):
        found.append("narrative")
    return tuple(found)


def _narrative(report: Report, declaration: Declaration | None) -> bool:
    """A report in prose: titled as one, or (beside no declaration) with headings and paragraphs."""
    if any(_NARRATIVE.search(t) for t in _titles(report)):
        return True
    if declaration is not None:
        # a declaration's own prose (its title, its notes) is no report; prose well beyond it is
        return sum(len(p.text) for p in report.paragraphs if not _within(p.span, declaration)) >= NARRATIVE_CHARS
    return len(report.headings) >= 2 and len(report.paragraphs) >= 4


NARRATIVE_CHARS = 400  # characters of prose beside a declaration that make a report of their own


def _within(span, declaration: Declaration) -> bool:
    table = declaration.table
    return table is not None and table.span.start - 200 <= span.start <= table.span.end
