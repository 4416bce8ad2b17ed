"""Typed facts a report states: the form's fund block, indicator rows and totals, and prose figures.

Every fact carries the span it was read from. Checks compare facts; they never re-read text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.model import Cell, Mapped, Row, Span, Table
from auditor.numbers import Quantity

FUND_ROLES = ("initial", "budget", "spent", "weight", "rate", "score")
INDICATOR_ROLES = ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")


@dataclass(frozen=True, slots=True)
class FundLine:
    """One row of the 项目资金 block: 年度资金总额 (the total) or a 其中 row."""

    label: str
    span: Span
    is_total: bool
    unit: str  # the money unit the block is printed in: 万元 or 元
    values: dict[str, Quantity] = field(default_factory=dict)  # role -> quantity
    cells: dict[str, Cell] = field(default_factory=dict)  # role -> cell, blank ones too

    def get(self, role: str) -> Quantity | None:
        """The quantity in a role, or None when blank or not a number."""
        return self.values.get(role)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """A 三级 indicator (or a scored row of a 上海-style table) with its cells by role."""

    name: str
    row: Row
    level1: str = ""
    level2: str = ""
    cells: dict[str, Cell] = field(default_factory=dict)  # role -> cell
    weight: Quantity | None = None
    score: Quantity | None = None
    placeholder: bool = False  # a template row such as "指标2：" or "……" left in

    @property
    def span(self) -> Span:
        """The span of the whole row."""
        return self.row.span

    def text(self, role: str) -> str:
        """The stripped text of the cell in a role ("" when absent)."""
        cell = self.cells.get(role)
        return cell.value if cell else ""


@dataclass(frozen=True, slots=True)
class Total:
    """The 总分 / 合计 row: the stated total weight and total score."""

    label: str
    span: Span
    weight: Quantity | None = None
    score: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Stated:
    """A labelled value stated once (a grade, a project name), with where it stands."""

    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Form:
    """One 自评表 found in the report: a table with a fund block and/or indicator rows."""

    table: Table
    fund: tuple[FundLine, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    columns: dict[str, int] = field(default_factory=dict)  # indicator role -> header column
    total: Total | None = None
    grade: Stated | None = None
    project: Stated | None = None

    @property
    def fund_total(self) -> FundLine | None:
        """The 年度资金总额 line, if the form has one."""
        return next((f for f in self.fund if f.is_total), None)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of prose or of a text cell, for the text-consistency checks."""

    text: Mapped
    block: int  # index of the paragraph or cell it belongs to, among all text blocks
    in_table: int | None = None  # the table index when the sentence stands in a cell
    row: int | None = None  # the row index within that table

    @property
    def span(self) -> Span:
        """The sentence's span in the original text."""
        return self.text.span()


@dataclass(frozen=True, slots=True)
class ProseFigure:
    """An amount or rate in prose, with the label it is stated under."""

    quantity: Quantity
    label: str  # amounts: budget / received / spent; rates: execution / other
    paragraph: int  # index into the report's prose paragraphs
    sentence: int  # index of the sentence within its paragraph


@dataclass(frozen=True, slots=True)
class YearMention:
    """A year printed in the body ("2020年"), classified by the words around it."""

    year: int
    span: Span
    context: str  # funding, date, reference, comparison, range, carryover, plan, other
    clause: Mapped


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """The year the report is about, with every place that states it."""

    year: int
    sources: tuple[Span, ...]
    conflicts: tuple[tuple[int, Span], ...] = ()  # other years stated as the report's year


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the extractors found in one report."""

    fiscal_year: FiscalYear | None = None
    forms: tuple[Form, ...] = ()
    amounts: tuple[ProseFigure, ...] = ()
    rates: tuple[ProseFigure, ...] = ()
    years: tuple[YearMention, ...] = ()
    sentences: tuple[Sentence, ...] = ()

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
