"""Facts a form states: its fund block, indicator rows and groups, 总分 row and printed scoring rule.

Every fact carries the span it was read from. Checks compare facts; they never re-read text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from auditor.report.model import Cell, Mapped, Row, Span, Table
from auditor.report.numbers import Quantity

# The budget's own execution rate as an indicator's name, after any numbering ("指标1:", "1.", "(1)").
_BUDGET_RATE = regex.compile(
    r"^(?:指标\d{1,2}[:：]|\d{1,2}[.、．]|[(（]\d{1,2}[)）])?\s*(?:项目|部门|年度|整体)*(?:预算|资金|财政资金|支出)?(?:支出)?执行率"
)
# The framework's blocks scored by a rule, not against a target (财预〔2020〕10号: 决策, 过程; a department's 管理)
_RUBRIC_BLOCK = regex.compile(r"决策|过程|管理")


def rubric_block(level1: str, category: str) -> bool:
    """Whether rows under this 一级 label, of this category, are scored by a rule and set no target."""
    return not category and _RUBRIC_BLOCK.search(level1) is not None

# How a 指标值 or 完成值 cell is worded: blank; number (the whole cell is one quantity); figure
# (prose with digits, a date); band (a qualitative band phrase); standard (a usual qualitative
# target: 合理, 健全, 提升…); vague (a short phrase with nothing to verify); prose (longer text).
WORDINGS = ("blank", "number", "figure", "band", "standard", "vague", "prose")


# A fund row's amount columns, by the names the template prints.
AMOUNT_COLUMNS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}


@dataclass(frozen=True, slots=True)
class FundLine:
    """One row of the 项目资金 block: 年度资金总额 (the total) or a 其中 row.

    Roles: initial (年初预算数), budget (the rate's denominator: 全年预算数, or what the rate's
    printed formula names), spent, weight (分值), rate (执行率), score (得分), and others a form
    may print (received, received_rate).
    """

    label: str
    span: Span
    is_total: bool
    unit: str  # the money unit the block is printed in: 万元 or 元
    values: dict[str, Quantity] = field(default_factory=dict)  # role -> quantity
    blanks: dict[str, Span] = field(default_factory=dict)  # roles the row shows empty, and where
    displaced: frozenset[str] = frozenset()  # roles whose value the layout printed away from the row
    interim: bool = False  # a mid-year monitoring figure ("1-7月执行率"), not the year's
    unread: bool = False  # the row printed figures that could not be placed in its columns
    certain: bool = True  # every value stands where only one reading of the row puts it
    label_span: Span | None = None  # where the label stands, when the row prints one
    lost: str | None = None  # "budget" or "spent": the amount the row dropped, its header printing both

    def get(self, role: str) -> Quantity | None:
        """The quantity in a role, or None when blank, not a number, or cut short (".32": the
        integer part lost, so no check may weigh it; `values` keeps it as printed)."""
        q = self.values.get(role)
        return None if q is not None and q.cut_short else q


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
    certain: bool = True  # the row's cells stand where only one placing of them puts them
    doubts: frozenset[str] = frozenset()  # the columns (分值, 指标值, 完成值, 得分) another close placing fills otherwise

    @property
    def span(self) -> Span:
        """The span of the whole row."""
        return self.row.span

    @property
    def budget_rate(self) -> bool:
        """True for a row that scores the budget's own execution rate (预算执行率, 资金执行率), not another
        rate a department form scores (政府采购执行率)."""
        return _BUDGET_RATE.match(self.name) is not None

    @property
    def rubric(self) -> bool:
        """True for a row of a block scored by its rule (项目决策, 项目管理, 过程): it states what was done,
        and a blank or dash 年度指标值 is the form's own "no target" rather than a cell left blank."""
        return rubric_block(self.level1, self.category)

    @property
    def scored(self) -> bool:
        """True for a filled-in row with a positive 分值 and a 得分."""
        return not self.placeholder and self.weight is not None and self.weight.value > 0 and self.score is not None

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
        if text and role == "target" and nature in ("≥", "≤", "=", ">", "<", "≧", "≦", "﹦", "═"):
            text = nature + text
        return text

    @property
    def title(self) -> str:
        """The name for a message: a bare template label ("指标1：") gets its category in front."""
        if self.template_name and (self.level2 or self.level1):
            return f"{self.level2 or self.level1}·{self.name.rstrip(':：')}"
        return self.name

    def attainment(self) -> str:
        """"met" or "missed" by the 完成值 against the 指标值 and the direction, or "" when they cannot be compared.

        A qualitative 完成值 naming a band below 达成 ("部分达成年度指标") is missed.
        """
        pair = self.compared()
        if pair is not None and self.direction:
            a, b = pair
            if self.direction == "reverse":
                return "met" if b <= a else "missed"
            if self.direction == "equal" and a == 0:
                return "met" if b <= 0 else "missed"
            return "met" if b >= a else "missed"
        return "missed" if self.band in (2, 3) else ""

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

    table: Table | None  # None for a form read from flattened text outside any table
    fund: tuple[FundLine, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    columns: dict[str, int] = field(default_factory=dict)  # indicator role -> header column
    total: Total | None = None
    grade: Stated | None = None
    project: Stated | None = None
    groups: tuple[IndicatorGroup, ...] = ()
    budget_bands: tuple[ScoreBand, ...] = ()  # the execution-rate scoring rule the form prints
    unitless: bool = False  # the fund block names no money unit in its header, title or numbers
    header_starts: tuple[int, ...] = ()  # where each header cell starts (glued, "执行率执行率权重" are two cells)
    points: Quantity | None = None  # the points the indicator block states: "绩效指标(90分)"

    def uncertain(self) -> list[Span]:
        """Where the form's cells could be read another way: rows whose placing was not unique."""
        spans = [row.span for row in self.indicators if not row.certain]
        spans += [line.span for line in self.fund if not line.certain]
        return spans

    @property
    def leaves(self) -> tuple[IndicatorRow, ...]:
        """The indicator rows that are not template placeholders: the leaves of the weight tree."""
        return tuple(i for i in self.indicators if not i.placeholder)

    @property
    def fund_total(self) -> FundLine | None:
        """The 年度资金总额 line, if the form has one."""
        return next((f for f in self.fund if f.is_total), None)


@dataclass(frozen=True, slots=True)
class Reason:
    """A stated deviation reason: an indicator row's 偏差原因 cell, or a section of the report giving reasons.

    A cell explains its own row; a section (偏离绩效目标的原因和改进措施, 存在的问题和原因分析, a
    form's 偏差大或目标未完成原因分析 field) explains the project as a whole.
    """

    text: Mapped  # what the reason says
    span: Span  # the cell, or the section's heading or label
    source: str  # "cell" or "section"
    row: IndicatorRow | None = None  # the row a cell explains
    form: int = -1  # the row's form, as an index into Facts.forms
    asks_cause: bool = True  # its column header or title asks for a reason (偏差原因, not a 备注 column)
    asks_measure: bool = False  # its column header or section title asks for 改进措施 as well as the cause
    concluded: bool = True  # a section the report goes on after (an excerpt may end inside it)

    def attainment(self) -> str:
        """How the row's 完成值 stands against its 指标值 (see `IndicatorRow.attainment`)."""
        return self.row.attainment() if self.row is not None else ""

    def deducted(self, floor: Decimal) -> bool:
        """The row lost points: its 得分 is below its 分值 by more than the score's precision (at least `floor`)."""
        row = self.row
        if row is None or not row.scored:
            return False
        return row.score.value < row.weight.value - max(row.score.tolerance, floor)

    def full_marks(self, floor: Decimal) -> bool:
        """The row kept its whole 分值."""
        row = self.row
        return row is not None and row.scored and abs(row.score.value - row.weight.value) <= max(row.score.tolerance, floor)
