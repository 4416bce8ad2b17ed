"""Typed facts a report states: the form's fund block, indicator rows and totals, and prose figures.

Every fact carries the span it was read from. Checks compare facts; they never re-read text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditor.model import Cell, Mapped, Row, Span, Table
from auditor.numbers import Quantity

FUND_ROLES = ("initial", "budget", "spent", "weight", "rate", "score")
INDICATOR_ROLES = (
    "level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "reason",
)  # fmt: skip
# How a 指标值 or 完成值 cell is worded: blank; number (the whole cell is one quantity); figure
# (prose with digits, a date); band (a qualitative band phrase); standard (a usual qualitative
# target: 合理, 健全, 提升…); vague (a short phrase with nothing to verify); prose (longer text).
WORDINGS = ("blank", "number", "figure", "band", "standard", "vague", "prose")


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
    template_name: bool = False  # the name cell holds only a template label ("指标2：", "……", "/")
    target: Quantity | None = None  # 年度指标值 when the whole cell is one quantity ("≥60人")
    actual: Quantity | None = None  # 实际完成值 likewise ("280人")
    comparator: str = ""  # of the target: ">=", ">", "<=", "<", "=" or "" (inline or 指标性质)
    direction: str = ""  # positive, reverse, equal, or "" when it cannot be told
    band: int | None = None  # the qualitative band (1-3) the 完成值 names ("部分达成年度指标")
    wording: dict[str, str] = field(default_factory=dict)  # target/actual -> WORDINGS class
    category: str = ""  # output, outcome, satisfaction, budget, or "" (from the 一级/二级 labels)
    capped: bool = False  # a rate or satisfaction that cannot exceed 100% (合格率, 满意度; not 增长率)

    @property
    def span(self) -> Span:
        """The span of the whole row."""
        return self.row.span

    def text(self, role: str) -> str:
        """The stripped text of the cell in a role ("" when absent)."""
        cell = self.cells.get(role)
        return cell.value if cell else ""

    def shown(self, role: str) -> str:
        """A target or actual as a reader would say it, with the 指标性质 and 度量单位 columns."""
        text = self.text(role)
        unit, nature = self.text("unit"), self.text("nature")
        if text and unit and unit not in ("/", "-", "—") and not text.endswith(unit):
            text += unit
        if text and role == "target" and nature in ("≥", "≤", "=", ">", "<", "≧", "≦"):
            text = nature + text
        return text

    @property
    def title(self) -> str:
        """The name for a message: a bare template label ("指标1：") gets its category in front."""
        if self.template_name and (self.level2 or self.level1):
            return f"{self.level2 or self.level1}·{self.name.rstrip(':：')}"
        return self.name

    def compared(self) -> tuple[Decimal, Decimal] | None:
        """Target and actual in one unit (money in 元), or None when they cannot be compared.

        An actual that carries a comparator ("≥95%") or is approximate ("100余人") is not a
        measurement; different non-money units (个 and 项) are not comparable.
        """
        a, b = self.target, self.actual
        if a is None or b is None or b.comparator or b.approx or a.approx:
            return None
        if a.is_money and b.is_money:
            return a.in_yuan(), b.in_yuan()
        if a.unit == b.unit or ("" in (a.unit, b.unit) and not (a.is_money or b.is_money)):
            return a.value, b.value
        return None


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """A 一级 or 二级 category of indicator rows, with the weight its label prints."""

    level: int  # 1 or 2
    label: str  # as printed, e.g. "产出指标（50分）"
    span: Span  # the label cell
    kind: str  # level 1: output, outcome, satisfaction, budget, or "" for other frameworks
    rows: tuple[int, ...]  # indexes into Form.indicators
    weight: Quantity | None = None  # the weight printed inside the label
    certain: bool = False  # True when the rows provably belong to the label (see forms.groups)


@dataclass(frozen=True, slots=True)
class ScoreBand:
    """One band of a printed execution-rate scoring rule ("在80%以上不到90%得6-8分")."""

    lower: Decimal  # the lowest 执行率 in percent (inclusive) that falls in the band
    least: Decimal  # the fewest points the band gives
    most: Decimal  # the most points the band gives
    span: Span


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
    groups: tuple[IndicatorGroup, ...] = ()
    budget_bands: tuple[ScoreBand, ...] = ()  # the execution-rate scoring rule the form prints

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
    basis: str = ""  # budget amounts: initial (年初), adjusted (调整后), carryover (结转) or ""
    # project: about this project as a whole; part: a 其中 share; other: city-wide, per-unit,
    # planned or differential figures ("市财政每年安排", "比上年增加") that no table restates
    scope: str = "project"
    subject: str = ""  # rates: the measure printed right before the figure ("满意度", "合格率")


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
class Execution:
    """A budget and the spending against it, stated together in one prose paragraph."""

    budget: ProseFigure
    spent: ProseFigure
    rate: Decimal  # spent / budget in percent
    paragraph: int
    section: tuple[str, ...] = ()  # the headings above the paragraph (names the sub-project)
    stated: ProseFigure | None = None  # the 执行率 the paragraph prints, if any


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence saying the targets were met ("目标均已基本完成")."""

    text: Mapped  # the claim words
    paragraph: int
    kind: str  # "full" (均已完成, 圆满完成) or "basic" (基本完成)


@dataclass(frozen=True, slots=True)
class Listing:
    """A count stated in prose with the items listed beside it ("分为4个等级：…；…")."""

    count: int
    noun: str
    span: Span  # the count as printed ("4个等级")
    items: tuple[Span, ...]
    low: int  # the fewest items the list can be read as (a 和 may join two items or not)
    high: int
    complete: bool = True  # False for a list that ends in 等
    breakdown: bool = False  # items carry their own counts ("产出指标5个、效益指标2个"): low/high is their sum


@dataclass(frozen=True, slots=True)
class PartsSum:
    """A total and the shares listed after 其中 ("共计50万元，其中：A 30万元、B 20万元")."""

    total: ProseFigure
    parts: tuple[ProseFigure, ...]


@dataclass(frozen=True, slots=True)
class Tally:
    """Head counts listed item by item in prose ("参加人员100余人；120余人参加；…")."""

    intro: Mapped  # the clause introducing the list ("组织社治干部观摩、培训4场次")
    figures: tuple[Quantity, ...]
    unit: str
    total: Decimal
    lower_bound: bool  # some figure reads "100余人": the total is a lower bound


@dataclass(frozen=True, slots=True)
class Entry:
    """A labelled piece of content: a 存在问题 section, a form's 主要问题 cell, a yes/no cell."""

    label: Span
    kind: str  # problems, recurring (是否为经常性项目), previous_rate (上年预算完成率)
    text: Mapped | None  # the content; None when nothing stands under the label
    empty: bool  # blank, or only "无", "暂无", "/"


@dataclass(frozen=True, slots=True)
class Threshold:
    """An execution-rate threshold the report itself states ("执行率低于70%…请说明原因")."""

    percent: Decimal
    span: Span


@dataclass(frozen=True, slots=True)
class NameMention:
    """A project name as printed: in the title, the form's 项目名称, or the body."""

    name: str  # the name without year, unit prefix and 项目
    text: Mapped
    source: str  # title, form or body


@dataclass(frozen=True, slots=True)
class Numbered:
    """A heading or a paragraph that opens with outline numbering (一、 （二） 3. （4））."""

    kind: str  # cn, cn-paren, arabic, arabic-paren
    number: int
    span: Span  # the marker
    heading: bool  # False for a numbered paragraph of running text
    parent: int  # index of the enclosing heading in `Facts.numbered`, -1 at top level
    text: Mapped


@dataclass(frozen=True, slots=True)
class Wording:
    """A span of wording worth a look: template residue, a doubled character, a garble."""

    kind: str  # instruction, note_instruction, doubled, year_du, pair, unit_char, band_overlap, odd_unit
    text: Mapped
    suggestion: str = ""  # what was probably meant
    related: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class GradeBand:
    """One grade band: a label and the lowest total score (inclusive) that earns it."""

    label: str
    lower: Decimal


@dataclass(frozen=True, slots=True)
class GradeScale:
    """Grade bands a report states for itself ("得分≥85分为优秀；75≤得分＜85分为良好…"), best first."""

    bands: tuple[GradeBand, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class StatedGrade:
    """A grade the report gives itself in prose (等级为“优秀”, 结果为优); forms have `Form.grade`."""

    label: str
    span: Span
    score: Quantity | None = None  # a total score stated in the same sentence


@dataclass(frozen=True, slots=True)
class Grading:
    """What the report says about its own total score and grade."""

    scales: tuple[GradeScale, ...] = ()
    grades: tuple[StatedGrade, ...] = ()
    scores: tuple[Quantity, ...] = ()  # total scores stated in prose ("最终得分96分")


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
    wording: tuple[Wording, ...] = ()
    missing_units: tuple[Span, ...] = ()  # amounts printed without 元/万元 after a money word
    grading: Grading = field(default_factory=Grading)  # stated grade bands, grades, total scores

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
