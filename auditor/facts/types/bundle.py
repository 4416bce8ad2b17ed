"""`Facts`: the bundle of one report's facts, as `facts.extract` makes it once per report."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from auditor.facts.types.form import Form, FundLine, IndicatorRow
from auditor.facts.types.prose import (
    BlankColumn,
    Blemish,
    Claim,
    Entry,
    Execution,
    ExecutionRate,
    FiscalYear,
    GoalCopy,
    Grading,
    Listing,
    NameMention,
    Numbered,
    PartsSum,
    ProseFigure,
    Sentence,
    SilentSection,
    Tally,
    TargetAsResult,
    Threshold,
    WeightStatement,
    YearMention,
)
from auditor.model import Span


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the extractors found in one report."""

    fiscal_year: FiscalYear | None = None
    forms: tuple[Form, ...] = ()
    amounts: tuple[ProseFigure, ...] = ()
    rates: tuple[ProseFigure, ...] = ()
    years: tuple[YearMention, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    executions: tuple[Execution, ...] = ()
    claims: tuple[Claim, ...] = ()
    listings: tuple[Listing, ...] = ()
    sums: tuple[PartsSum, ...] = ()
    tallies: tuple[Tally, ...] = ()
    entries: tuple[Entry, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    names: tuple[NameMention, ...] = ()
    numbered: tuple[Numbered, ...] = ()
    blemishes: tuple[Blemish, ...] = ()  # template residue, typos, garbles, odd units
    missing_units: tuple[Span, ...] = ()  # amounts printed without 元/万元 after a money word
    reasons: tuple[Span, ...] = ()  # sentences giving a cause for how the funds were used
    execution_rates: tuple[ExecutionRate, ...] = ()  # every execution rate a table or the prose gives
    denials: tuple[Span, ...] = ()  # sentences saying spending did not deviate from the budget
    weight_statements: tuple[WeightStatement, ...] = ()  # level-1 weights listed in prose
    targets_as_results: tuple[TargetAsResult, ...] = ()  # results written as target ranges
    silent_sections: tuple[SilentSection, ...] = ()  # fund-execution sections with no figure
    blank_columns: tuple[BlankColumn, ...] = ()  # result columns left blank in a flattened indicator table
    goal_copies: tuple[GoalCopy, ...] = ()  # 实际完成情况 that repeats the 预期目标
    grading: Grading = field(default_factory=Grading)  # stated grade bands, grades, total scores
    # Form cells the decoder could read more than one way (see `Form.uncertain`), and text the
    # reader was unsure of (`Report.uncertain`: characters OCR may have misread).
    uncertain: tuple[Span, ...] = ()

    def found(self) -> dict[str, int]:
        """How many facts of each kind were found (for coverage reporting)."""
        return {
            "fiscal_year": int(self.fiscal_year is not None),
            "forms": len(self.forms),
            "fund_lines": sum(len(f.fund) for f in self.forms),
            "indicators": sum(len(f.indicators) for f in self.forms),
            "totals": sum(f.total is not None for f in self.forms),
            "grades": sum(f.grade is not None for f in self.forms),
            "amounts": len(self.amounts),
            "rates": len(self.rates),
            "years": len(self.years),
            "sentences": len(self.sentences),
        }

    @property
    def fund_form(self) -> Form | None:
        """The one form with a fund block, or None when the report has none or several."""
        forms = [f for f in self.forms if f.fund_total is not None]
        return forms[0] if len(forms) == 1 else None

    def fund_totals(self) -> Iterator[FundLine]:
        """The 年度资金总额 line of every form that has one."""
        return (form.fund_total for form in self.forms if form.fund_total is not None)

    def scored_rows(self) -> Iterator[IndicatorRow]:
        """Every filled-in indicator row with a positive 分值 and a 得分, form by form."""
        for form in self.forms:
            yield from (row for row in form.indicators if row.scored)

    def headlines(self, labels: Collection[str]) -> list[ProseFigure]:
        """The first amount under each label in each paragraph, about the project itself and not carried over."""
        seen: set[tuple[int, str]] = set()
        out: list[ProseFigure] = []
        for fig in self.amounts:
            key = (fig.paragraph, fig.label)
            if fig.scope != "project" or fig.label not in labels or key in seen or fig.basis == "carryover":
                continue
            seen.add(key)
            out.append(fig)
        return out
