"""Facts a target declaration (绩效目标申报表) states: who and what it is for, its funds, goals and targets.

Three forms share one shape: the 项目支出绩效目标申报表 of a project, the 部门整体绩效目标表 of a
department and the 转移支付区域绩效目标表 of a transfer. Every value carries the span it was
read from; a row read from a grid whose cells stand where only one reading puts them is
`certain`, and only certain rows may carry a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.facts.types.form import Stated
from auditor.report.model import Cell, Row, Span, Table
from auditor.report.numbers import Quantity

DECLARATION_KINDS = ("project", "department", "transfer")
# The level-1 kind of a declared indicator; 101号 makes 成本 a level-1 kind of its own.
LEVEL1_KINDS = ("output", "cost", "outcome", "satisfaction")
# The level-2 kinds under each level-1 kind (101号 二).
KINDS = (
    "quantity", "quality", "timeliness", "cost", "economic", "social", "ecological",
    "sustainable", "satisfaction",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DeclaredIndicator:
    """One level-3 indicator of a declaration, with its cells by role.

    Roles: level1, level2, name, nature (指标性质/方向), target (the annual 指标值), period
    (实施期/中期指标值), unit (度量单位), weight (分值/权重), note (指标解释).
    """

    name: str
    row: Row
    level1: str = ""
    level2: str = ""
    cells: dict[str, Cell] = field(default_factory=dict)
    target: Quantity | None = None  # the annual value when the whole cell is one quantity, unit column applied
    comparator: str = ""  # >=, >, <=, <, = or "" (inline, or from 指标性质)
    direction: str = ""  # positive, reverse, equal or ""
    category: str = ""  # one of LEVEL1_KINDS or ""
    kind: str = ""  # one of KINDS or ""
    weight: Quantity | None = None
    applicable: bool = True  # False for a row the form marks 不适用/无/“/”: not a target
    certain: bool = True

    @property
    def span(self) -> Span:
        """The span of the whole row."""
        return self.row.span

    def text(self, role: str) -> str:
        """The stripped text of the cell in a role ("" when absent)."""
        cell = self.cells.get(role)
        return cell.value if cell else ""

    def cell_span(self, role: str) -> Span:
        """Where the cell of a role stands, else the row."""
        cell = self.cells.get(role)
        return cell.span if cell is not None else self.span

    @property
    def unit(self) -> str:
        """The 计量单位: the unit column, else the unit the value prints."""
        column = self.text("unit")
        if column and column not in ("/", "-", "—", "无"):
            return "%" if column == "百分比" else column
        return self.target.unit if self.target is not None else ""

    @property
    def quantitative(self) -> bool:
        """Whether the value is stated in figures (a number, a count, a date), not in words."""
        return any(ch.isdigit() for ch in self.text("target"))

    @property
    def kind_of_target(self) -> str:
        """The level-1 kind, from the level-1 label or else the level-2 one."""
        if self.category:
            return self.category
        return {"quantity": "output", "quality": "output", "timeliness": "output", "cost": "cost",
                "economic": "outcome", "social": "outcome", "ecological": "outcome", "sustainable": "outcome",
                "satisfaction": "satisfaction"}.get(self.kind, "")  # fmt: skip

    def shown(self) -> str:
        """The value as a reader would say it, with the 指标性质 and 计量单位 columns."""
        text = self.text("target")
        unit, nature = self.text("unit"), self.text("nature")
        if text and unit and unit not in ("/", "-", "—") and not text.endswith(unit):
            text += unit
        if text and nature in ("≥", "≤", "=", ">", "<", "≧", "≦"):
            text = nature + text
        return text


@dataclass(frozen=True, slots=True)
class DeclaredFund:
    """One amount of the funds block: a role (total, fiscal, carryover, other) over a scope (annual, period)."""

    role: str
    scope: str
    label: str
    quantity: Quantity  # with its money unit (the block's when the cell prints none)
    span: Span


@dataclass(frozen=True, slots=True)
class DeclaredGroup:
    """A level-1 label with the weight it prints ("产出指标（40分）") and the rows under it."""

    label: str
    span: Span
    category: str
    rows: tuple[int, ...]  # indexes into Declaration.indicators
    weight: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Declaration:
    """One declaration: a project's (or a department's, or a transfer's) approved targets."""

    kind: str  # one of DECLARATION_KINDS
    table: Table | None
    title: Stated | None = None
    year: int | None = None
    year_span: Span | None = None
    project: Stated | None = None  # the project, the department (部门整体) or the transfer's name
    code: Stated | None = None  # 项目编码
    department: Stated | None = None  # 主管部门 / 一级预算单位
    unit: Stated | None = None  # 实施单位 / 申请单位
    category: Stated | None = None  # 项目类别 / 项目类型 / 项目属性
    period: Stated | None = None  # 实施期 / 项目周期 as printed
    funds: tuple[DeclaredFund, ...] = ()
    money_unit: str = ""  # 万元 or 元 when the block names one
    basis: Stated | None = None  # 测算依据: how the amount was worked out
    goal: Stated | None = None  # 年度目标
    long_goal: Stated | None = None  # 总体 / 中期 / 长期 / 实施期目标
    indicators: tuple[DeclaredIndicator, ...] = ()
    groups: tuple[DeclaredGroup, ...] = ()
    header: Row | None = None  # the indicator table's header row
    # The indicator table's columns, by role: a declaration printing no 分值 column has no weights to check.
    columns: tuple[str, ...] = ()

    @property
    def read(self) -> bool:
        """Whether the indicator table was read, every row of it with certainty: what a finding may rest on."""
        return self.header is not None and all(i.certain for i in self.indicators)

    @property
    def targets(self) -> tuple[DeclaredIndicator, ...]:
        """The indicators that are targets: named, and not marked 不适用."""
        return tuple(i for i in self.indicators if i.applicable)

    def fund(self, role: str, scope: str = "annual") -> DeclaredFund | None:
        """The amount of a role over a scope, or None."""
        return next((f for f in self.funds if f.role == role and f.scope == scope), None)

    @property
    def span(self) -> Span:
        """Where the declaration stands: its table, else its first value."""
        if self.table is not None:
            return self.table.span
        first = self.title or self.project
        return first.span if first is not None else Span(0, 0)
