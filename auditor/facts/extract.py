"""`extract(report)`: run every extractor once and bundle the facts."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.facts import (
    blemishes,
    columns,
    fields,
    fiscal,
    forms,
    goals,
    grades,
    names,
    narrative,
    numbering,
    prose,
    rates,
    statements,
)
from auditor.facts.declaration import declaration
from auditor.facts.decode.tables import decode_forms
from auditor.facts.deviations import deviation_reasons
from auditor.facts.document import document_kinds
from auditor.facts.listings import listings
from auditor.facts.sums import sums
from auditor.facts.tokens import tokens
from auditor.facts.types.bundle import Facts
from auditor.facts.types.form import Form
from auditor.report.model import Report


def extract(report: Report) -> Facts:
    """Read every fact the report states; called once per report by the engine."""
    found_amounts, found_rates = prose.figures(report)
    stream = tokens(report)
    found_forms = tuple(forms.forms(report, decode_forms(report)))
    found_executions = tuple(narrative.executions(report, found_amounts, found_rates))
    declared = declaration(report)
    year = fiscal.fiscal_year(report)
    return Facts(
        fiscal_year=year,
        inferred_year=(fiscal.prose_year(report) or fiscal.filing_year(report)) if year is None else None,
        forms=found_forms,
        amounts=tuple(found_amounts),
        rates=tuple(found_rates),
        years=tuple(prose.years(report)),
        sentences=tuple(prose.sentences(report)),
        grading=grades.grading(report),
        execution_rates=tuple(rates.execution_rates(report, found_forms, found_executions, found_rates)),
        denials=tuple(rates.deviation_denials(report)),
        weight_statements=tuple(statements.weight_statements(report)),
        targets_as_results=tuple(statements.targets_as_results(report)),
        silent_sections=tuple(statements.silent_sections(report)),
        blank_columns=tuple(columns.blank_columns(stream)),
        goal_copies=tuple(goals.goal_copies(stream)),
        goal_gaps=tuple(goals.goal_gaps(stream)),
        executions=found_executions,
        claims=tuple(narrative.claims(report)),
        listings=tuple(listings(report)),
        sums=tuple(sums(report, found_amounts)),
        tallies=tuple(narrative.tallies(report)),
        costings=tuple(narrative.costings(report)),
        entries=(*fields.entries(report), *fields.unitless_fund_headers(report)),
        thresholds=tuple(fields.thresholds(report)),
        reasons=tuple(fields.reasons(report)),
        deviation_reasons=tuple(deviation_reasons(report, found_forms)),
        names=tuple(names.names(report)),
        numbered=tuple(numbering.numbered(report)),
        blemishes=tuple(blemishes.blemishes(report)),
        missing_units=tuple(blemishes.missing_units(report)),
        uncertain=tuple(span for form in found_forms for span in form.uncertain()),
        cell_starts=frozenset(_cell_starts(found_forms)),
        declaration=declared,
        kinds=document_kinds(report, found_forms, declared),
    )


def _cell_starts(forms: list[Form]) -> Iterator[int]:
    """Where each decoded header and indicator cell starts: in a glued printing, cells abut."""
    for form in forms:
        yield from form.header_starts
        yield from (c.span.start for row in form.indicators for c in row.cells.values())
