"""`extract(report)`: run every extractor once and bundle the facts."""

from __future__ import annotations

from auditor.facts import forms, grades, narrative, prose
from auditor.facts.types import Facts
from auditor.model import Report


def extract(report: Report) -> Facts:
    """Read every fact the report states; called once per report by the engine."""
    found_amounts, found_rates = prose.figures(report)
    return Facts(
        fiscal_year=prose.fiscal_year(report),
        forms=tuple(f for t in report.tables if (f := forms.form(t)) is not None),
        amounts=tuple(found_amounts),
        rates=tuple(found_rates),
        years=tuple(prose.years(report)),
        sentences=tuple(prose.sentences(report)),
        grading=grades.grading(report),
        **narrative.extract(report, found_amounts, found_rates),
    )
