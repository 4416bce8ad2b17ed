"""Declarations (绩效目标申报表): which tables hold one, and what their labelled cells state.

A table is a declaration's when a declaration title stands in its first rows or just before
it ("项目支出绩效目标申报表", "部门整体绩效目标表", "转移支付区域绩效目标表"), or when it has a
declaration's indicator header together with a 项目名称 or 年度目标. The labelled values (项目名称 |
X, 年度目标: Y), the funds block and the goals are read from that table and any table right
after it that continues it; the indicator rows by `facts.declared`.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from auditor.facts.cells import BLANK
from auditor.facts.declared import (
    RESULT_CHARS,
    RESULT_HEADER,
    RESULT_WORDS,
    groups,
    header_role,
    header_row,
    indicators,
)
from auditor.facts.types.declaration import Declaration, DeclaredFund
from auditor.facts.types.form import Stated
from auditor.report.model import Cell, Heading, Paragraph, Report, Row, Span, Table
from auditor.report.numbers import MONEY_UNITS, Quantity, read_cell

TITLE = regex.compile(r"^[^。；;，,]{0,60}?绩效目标(?:申报|申请|审核)?表")
_DEPARTMENT = regex.compile(r"部门整体|单位整体")
_TRANSFER = regex.compile(r"转移支付|区域绩效")
_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年度?")
_LABEL_TAIL = regex.compile(r"(?:\s*[(（][^()（）]{0,24}[)）])*\s*[:：]?\s*$")
_LABELS = (
    ("project", regex.compile(r"^(?:二级)?(?:项目名称|转移支付(?:项目)?名称|部门(?:\(单位\)|（单位）)?名称|单位名称|专项(?:资金)?名称)$")),
    ("code", regex.compile(r"^(?:项目编码|项目代码|项目编号)$")),
    ("department", regex.compile(r"^(?:主管部门(?:及代码)?|一级预算单位|主管单位(?:及代码)?|中央主管部门|预算部门)$")),
    ("unit", regex.compile(r"^(?:实施单位|申请单位|申报单位|项目单位|项目实施单位|地方主管部门)$")),
    ("category", regex.compile(r"^(?:项目类别|项目类型|项目属性)$")),
    ("period", regex.compile(r"^(?:实施期限|项目期|实施期|项目周期|项目期限|起止时间|项目起止时间|实施周期|实施年限|项目实施期)$")),
    ("basis", regex.compile(r"^(?:测算依据|资金测算依据|测算依据及说明|资金测算)$")),
    ("goal", regex.compile(r"^(?:年度目标|年度绩效目标|年度总体目标|本年度目标)$")),
    ("long_goal", regex.compile(r"^(?:长期目标|总体目标|中期目标|实施期目标|实施期绩效目标|项目总体目标|长期绩效目标)$")),
)
_MONEY_ROLE = (
    ("carryover", regex.compile(r"上年结转|结转资金")),
    ("fiscal", regex.compile(r"财政拨款|财政资金|中央补助|财政补助|本级财政")),
    ("other", regex.compile(r"其他资金|自筹资金|单位自筹|地方资金")),
    ("total", regex.compile(r"资金总额|项目总金额|总金额|年度金额|本年度项目金额|项目金额|申请总额|金额合计")),
)
# The label of a block of cells ("项目资金（万元）"): a heading, never a value.
_BLOCK = regex.compile(r"[(（](?:万元|元)[)）]\s*[:：]?$|^(?:项目资金|资金情况|年度预算申请|资金来源|绩效指标)")
_PERIOD_SCOPE = regex.compile(r"中期|实施期|项目总|总金额|规划|总投资")
_ANNUAL_SCOPE = regex.compile(r"年度|本年|当年")


def _label(cell: Cell) -> str:
    return _LABEL_TAIL.sub("", cell.value.replace(" ", ""))


_ANY_LABEL = regex.compile("|".join(f"(?P<{name}>{p.pattern})" for name, p in _LABELS))
LABEL_CHARS = 40  # a label with its decorations ("长期目标（跨度多年的项目需填）：") is short


def _field(cell: Cell) -> str | None:
    if len(cell.value) > LABEL_CHARS:
        return None
    m = _ANY_LABEL.match(_label(cell))
    return m.lastgroup if m is not None else None


def _value(table: Table, row: Row, n: int) -> Cell | None:
    """The value of the label at cell `n`: the next filled cell on its right, else the one below it.

    A label whose right-hand neighbour is another label heads a column ("总体目标 | 中期目标 |
    年度目标"): its value stands below it.
    """
    label = row.cells[n]
    right = next((c for c in row.cells[n + 1 :] if c.value and c.value != label.value), None)
    if right is not None and not _field(right) and not _money_role(right):
        return right
    below = row.index + 1
    if below < len(table.rows):
        cell = next((c for c in table.rows[below].cells if c.column == label.column), None)
        if cell is not None and cell.value and cell.value != label.value and not _heading(cell):
            return cell
    return None


def _heading(cell: Cell) -> bool:
    """A cell that labels something itself: a field, an amount's label, an indicator table's column."""
    return bool(_field(cell) or _money_role(cell) or header_role(cell.value) or _BLOCK.search(cell.value))


def _money_role(cell: Cell) -> str | None:
    text = cell.value.replace(" ", "")
    if len(text) > 30 or read_cell(cell.text) is not None:
        return None
    return next((role for role, p in _MONEY_ROLE if p.search(text)), None)


def _unit_in(text: str) -> str:
    return next((u for u in ("万元", "亿元", "元") if u in text), "")


def _scope_above(table: Table, row: Row, column: int) -> str:
    """The scope a column header above names (实施期资金总额 | 年度资金总额 over the amounts)."""
    for above in reversed(table.rows[max(0, row.index - 3) : row.index]):
        cell = next((c for c in above.cells if c.column == column), None)
        if cell is None or not cell.value:
            continue
        if _PERIOD_SCOPE.search(cell.value):
            return "period"
        if _ANNUAL_SCOPE.search(cell.value):
            return "annual"
    return ""


def funds(table: Table, until: int) -> tuple[list[DeclaredFund], str]:
    """The amounts of the funds block above row `until`, and the money unit the block names."""
    out: list[DeclaredFund] = []
    unit = ""
    scopes: dict[int, str] = {}  # the scope of the total label standing in each column
    for row in table.rows[:until]:
        for n, cell in enumerate(row.cells):
            if not unit and len(cell.value) <= 30 and regex.search(r"资金|金额|单位", cell.value):
                unit = _unit_in(cell.value)
            role = _money_role(cell)
            if role is None:
                continue
            said = "period" if _PERIOD_SCOPE.search(cell.value) else "annual" if _ANNUAL_SCOPE.search(cell.value) else ""
            for k, value in enumerate(row.cells[n + 1 :], n + 1):
                if not value.value:
                    continue
                if value.value in BLANK or _money_role(value) or _field(value):
                    break
                q = read_cell(value.text)
                if q is None:
                    break
                scope = said or _scope_above(table, row, value.column) or scopes.get(cell.column, "annual")
                if role == "total" and said:
                    scopes[cell.column] = said
                label_unit = _unit_in(cell.value)
                if not q.unit and (label_unit or unit):
                    q = Quantity(q.value, q.places, label_unit or unit, q.span, q.text, q.comparator, q.approx)
                if not any(f.role == role and f.scope == scope for f in out):
                    out.append(DeclaredFund(role, scope, _label(cell).removeprefix("其中").lstrip(":："), q, value.span))
                if said or k + 1 >= len(row.cells) or _money_role(row.cells[k + 1]):
                    break
    return out, unit


def _stated(cell: Cell) -> Stated:
    return Stated(cell.value, cell.span)


def _before(report: Report, table: Table, n: int) -> list:
    """The `n` blocks just before a table (its title, its year), found without walking the report."""
    blocks = report.blocks
    where = report._cache.get("declaration_blocks")
    if where is None:
        where = report._cache["declaration_blocks"] = {id(b): k for k, b in enumerate(blocks)}
    k = where.get(id(table), 0)
    return [b for b in blocks[max(0, k - n) : k] if b.span.end <= table.span.start]


def _title(report: Report, table: Table) -> Stated | None:
    for row in table.rows[:3]:
        for cell in row.cells:
            if TITLE.match(cell.value) and not RESULT_WORDS.search(cell.value):
                return _stated(cell)
    before = _before(report, table, 3)
    for block in reversed(before):
        if isinstance(block, Table):
            break
        if isinstance(block, Paragraph | Heading) and TITLE.match(block.text.text) and len(block.text.text) <= 80:
            return Stated(block.text.text.strip(), block.span)
    return None


def _year(report: Report, table: Table, title: Stated | None) -> tuple[int | None, Span | None]:
    if title is not None and (m := _YEAR.search(title.value)):
        return int(m[1]), Span(title.span.start + m.start(1), title.span.start + m.end(1))
    for row in table.rows[:3]:
        for cell in row.cells:
            if (m := _YEAR.search(cell.value)) and len(cell.value) <= 20 and "年度" in cell.value:
                return int(m[1]), cell.text.span(m.start(1), m.end(1))
    before = _before(report, table, 2)
    for block in before:
        if isinstance(block, Paragraph) and len(block.text.text) <= 20 and (m := regex.search(r"((?:19|20)\d{2})\s*年度", block.text.text)):
            return int(m[1]), block.text.span(m.start(1), m.end(1))
    return None, None


def _fields(tables: list[Table], until: dict[int, int]) -> dict[str, Stated]:
    found: dict[str, Stated] = {}
    for table in tables:
        for row in table.rows[: until.get(table.index, len(table.rows))]:
            for n, cell in enumerate(row.cells):
                name = _field(cell)
                if name is None or name in found:
                    continue
                value = _value(table, row, n)
                if value is not None and value.value not in BLANK:
                    found[name] = _stated(value)
    return found


def _kind(title: Stated | None, fields: dict[str, Stated], tables: list[Table]) -> str:
    said = title.value if title is not None else ""
    if _TRANSFER.search(said) or any(_label(c).startswith("转移支付") for t in tables for r in t.rows for c in r.cells):
        return "transfer"
    if _DEPARTMENT.search(said):
        return "department"
    return "project"


def declaration(report: Report) -> Declaration | None:
    """The declaration a report holds, read from its first declaration table and those continuing it."""
    tables = report.tables
    for i, table in enumerate(tables):
        title = _title(report, table)
        header = header_row(table)
        if title is None and header is None:
            continue
        own = _fields([table], {table.index: header[0]} if header else {})
        if title is None and not own.keys() & {"project", "goal"}:
            continue
        if (header is None and not own) or _is_result_table(table):
            continue  # a title over a page's chrome, or over a self-evaluation's form
        group = [table]
        holder = table if header is not None else None
        if header is None:  # the indicator table may follow the one holding the labelled values
            for nxt in tables[i + 1 :]:
                if _title(report, nxt) is not None or _is_result_table(nxt):
                    break
                group.append(nxt)
                if (header := header_row(nxt)) is not None:
                    holder = nxt
                    break
        return _assemble(report, group, title, holder, header)
    return None


def _is_result_table(table: Table) -> bool:
    """A table with a column of results (实际完成值, 得分, 执行数): a self-evaluation's or a monitoring table's."""
    return any(
        len(c.value) <= RESULT_CHARS and RESULT_HEADER.match(c.value.replace(" ", "")) for row in table.rows for c in row.cells
    )


def _assemble(
    report: Report, group: list[Table], title: Stated | None, holder: Table | None, header: tuple[int, dict] | None
) -> Declaration:
    until = {holder.index: header[0]} if holder is not None and header is not None else {}
    fields = _fields(group, until)
    money: list[DeclaredFund] = []
    unit = ""
    for table in group:
        found, said = funds(table, until.get(table.index, len(table.rows)))
        money += [f for f in found if not any(m.role == f.role and m.scope == f.scope for m in money)]
        unit = unit or said
    rows = indicators(holder, *header) if holder is not None and header is not None else []
    year, year_span = _year(report, group[0], title)
    columns = tuple(header[1]) if header is not None else ()
    return Declaration(
        _kind(title, fields, group), group[0], title, year, year_span,
        fields.get("project"), fields.get("code"), fields.get("department"), fields.get("unit"),
        fields.get("category"), fields.get("period"), tuple(money), unit, fields.get("basis"),
        fields.get("goal"), fields.get("long_goal"), tuple(rows), groups(rows),
        holder.rows[header[0]] if holder is not None and header is not None else None, columns,
    )  # fmt: skip


def in_yuan(q: Quantity) -> Decimal | None:
    """A declared amount in 元, or None when it names no money unit."""
    return q.value * MONEY_UNITS[q.unit] if q.unit in MONEY_UNITS else None
