"""`Facts`: the bundle of one report's facts, as `facts.extract` makes it once per report."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from auditor.facts.types.declaration import Declaration
from auditor.facts.types.form import Form, FundLine, IndicatorRow, Reason
from auditor.facts.types.prose import (
    BlankColumn,
    Blemish,
    Claim,
    Costing,
    Entry,
    Execution,
    ExecutionRate,
    FiscalYear,
    GoalCopy,
    GoalGap,
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
from auditor.report.model import Span


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the extractors found in one report."""

    fiscal_year: FiscalYear | None = None
    inferred_year: FiscalYear | None = None  # the year the prose states most, where nothing else does: shown, never checked
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
    costings: tuple[Costing, ...] = ()  # a head count and a per-head standard of the same head
    entries: tuple[Entry, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    names: tuple[NameMention, ...] = ()
    numbered: tuple[Numbered, ...] = ()
    blemishes: tuple[Blemish, ...] = ()  # template residue, typos, garbles, odd units
    missing_units: tuple[Span, ...] = ()  # amounts printed without 元/万元 after a money word
    reasons: tuple[Span, ...] = ()  # sentences giving a cause for how the funds were used
    deviation_reasons: tuple[Reason, ...] = ()  # reason cells of indicator rows, and sections giving reasons
    execution_rates: tuple[ExecutionRate, ...] = ()  # every execution rate a table or the prose gives
    denials: tuple[Span, ...] = ()  # sentences saying spending did not deviate from the budget
    weight_statements: tuple[WeightStatement, ...] = ()  # level-1 weights listed in prose
    targets_as_results: tuple[TargetAsResult, ...] = ()  # results written as target ranges
    silent_sections: tuple[SilentSection, ...] = ()  # fund-execution sections with no figure
    blank_columns: tuple[BlankColumn, ...] = ()  # result columns left blank in a flattened indicator table
    goal_copies: tuple[GoalCopy, ...] = ()  # 实际完成情况 that repeats the 预期目标
    goal_gaps: tuple[GoalGap, ...] = ()  # 年度总体目标 blocks left unfilled
    grading: Grading = field(default_factory=Grading)  # stated grade bands, grades, total scores
    uncertain: tuple[Span, ...] = ()  # form cells the decoder could read more than one way (see `Form.uncertain`)
    cell_starts: frozenset[int] = frozenset()  # where each decoded header and indicator cell starts (glued cells abut)
    declaration: Declaration | None = None  # the target declaration (绩效目标申报表) the report holds
    kinds: tuple[str, ...] = ()  # the kinds of document it is (`facts.document.KINDS`): declaration, self-evaluation…

    def found(self) -> dict[str, int]:
        """How many facts of each kind were found (for coverage reporting), in `FACT_KINDS` order."""
        return {kind: count(self) for kind, count in _COUNTS.items()}

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

    def reason_cells(self) -> Iterator[Reason]:
        """The reason cells of filled-in rows read with certainty: only these are held against their row's figures."""
        return (r for r in self.deviation_reasons if r.row is not None and r.row.certain and r.row.scored)

    def reason_sections(self) -> list[Reason]:
        """Sections giving reasons, when no form has a reason column to give them row by row."""
        if any("reason" in form.columns for form in self.forms):
            return []
        return [r for r in self.deviation_reasons if r.source == "section"]

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


# Each fact kind and how many facts of it a bundle holds: the one list of kinds. A check names
# the kinds it compares in ``needs``; coverage counts them in this order.
_COUNTS: dict[str, Callable[[Facts], int]] = {
    "fiscal_year": lambda f: int(f.fiscal_year is not None),
    "forms": lambda f: len(f.forms),
    "fund_lines": lambda f: sum(len(form.fund) for form in f.forms),
    "indicators": lambda f: sum(len(form.indicators) for form in f.forms),
    "totals": lambda f: sum(form.total is not None for form in f.forms),
    "grades": lambda f: sum(form.grade is not None for form in f.forms),
    "amounts": lambda f: len(f.amounts),
    "rates": lambda f: len(f.rates),
    "years": lambda f: len(f.years),
    "sentences": lambda f: len(f.sentences),
    "declarations": lambda f: int(f.declaration is not None),
    # a self-evaluation held against its declaration: the pairing says (`auditor.pipeline.paired`)
    "paired": lambda f: 0,
}
FACT_KINDS = tuple(_COUNTS)
