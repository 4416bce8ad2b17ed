"""`extract(report)`: run every extractor once and bundle the facts."""

from __future__ import annotations

from auditor.facts import forms, grades, narrative, prose
from auditor.facts.types import Facts, Form
from auditor.model import Report


def _form(table) -> Form | None:
    fund, used = forms.fund_block(table)
    indicators, columns, header = forms.indicator_rows(table, used)
    used |= {i.row.index for i in indicators} | {header}
    fund.extend(forms.keyed_fund(table, used))
    total = forms.total_row(table, columns, used)
    if not fund and not indicators and total is None:
        return None
    return Form(
        table,
        tuple(fund),
        tuple(indicators),
        columns,
        total,
        forms.grade(table),
        forms.project(table),
        forms.groups(indicators, table.grouping_certain),
        forms.budget_bands(table),
    )


def extract(report: Report) -> Facts:
    """Read every fact the report states; called once per report by the engine."""
    found_amounts, found_rates = prose.figures(report)
    return Facts(
        fiscal_year=prose.fiscal_year(report),
        forms=tuple(f for t in report.tables if (f := _form(t)) is not None),
        amounts=tuple(found_amounts),
        rates=tuple(found_rates),
        years=tuple(prose.years(report)),
        sentences=tuple(prose.sentences(report)),
        grading=grades.grading(report),
        **narrative.extract(report, found_amounts, found_rates),
    )
