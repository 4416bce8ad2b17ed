"""Tables to forms: find the 项目资金 block, the indicator rows and the 总分 row by their labels.

Flattened text loses merged cells, so rows are matched to the header by content, not only by
position: a row with an extra leading cell (a vertical label) or a shifted name is realigned
on its 分值/得分 pair.
"""

from __future__ import annotations

import regex

from auditor.facts.types import FundLine, IndicatorRow, Stated, Total
from auditor.model import Cell, Row, Table
from auditor.numbers import MONEY_UNITS, Quantity, read_cell

# Order matters: "执行率(预算执行数/全年预算数)" names the rate, not the amounts in it.
_FUND_HEADER = (
    ("rate", regex.compile(r"执行率|完成率")),
    ("initial", regex.compile(r"年初预算")),
    ("spent", regex.compile(r"执行数|支出数|实际支出|决算数")),
    ("budget", regex.compile(r"预算数|调整后预算|预算金额")),
    ("weight", regex.compile(r"分值|权重")),
    ("score", regex.compile(r"得分")),
)
_INDICATOR_HEADER = (
    ("level1", regex.compile(r"^一级指标")),
    ("level2", regex.compile(r"^二级指标")),
    ("name", regex.compile(r"^(三级指标|指标名称|绩效指标名称)")),
    ("actual", regex.compile(r"实际|完成值|实际值")),
    ("target", regex.compile(r"指标值|目标值")),
    ("weight", regex.compile(r"^(分值|权重|指标分值|指标权重)")),
    ("score", regex.compile(r"^(得分|自评分|自评得分|指标得分)")),
    ("reason", regex.compile(r"偏差|原因|备注")),
)
_TOTAL_LABEL = regex.compile(r"^(总分|合计|总计|总得分|得分合计|总分值)")
_FUND_LABEL = regex.compile(r"资金总额|总额|其中|财政拨款|财政资金|上年结转|结转|其他资金|单位资金|自有资金|专户")
_FUND_TOTAL = regex.compile(r"资金总额|^总额|^合计|^总计|年度资金")
_PLACEHOLDER = regex.compile(r"^(指标\s*\d+\s*[:：]?|…+|\.{3,}|/)$")
_BLANK_MARKS = {"", "—", "–", "-", "/", "／", "……", "…"}
_GRADE_LABEL = regex.compile(r"^(绩效等级|评价等级|自评等级|等级|自评结果)$")
_PROJECT_LABEL = regex.compile(r"^项目名称$")


def _roles(cells: tuple[Cell, ...], table: tuple[tuple[str, regex.Pattern], ...]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for cell in cells:
        for role, pattern in table:
            if pattern.search(cell.value):
                roles.setdefault(role, cell.column)
                break
    return roles


def _number(cell: Cell | None) -> Quantity | None:
    if cell is None or cell.value in _BLANK_MARKS:
        return None
    return read_cell(cell.text)


def _is_blank(cell: Cell | None) -> bool:
    return cell is None or cell.value in _BLANK_MARKS


def _unit_of(text: str, default: str) -> str:
    for unit in sorted(MONEY_UNITS, key=len, reverse=True):
        if unit in text:
            return unit
    return default


def _label(row: Row, before: int) -> tuple[str, Cell | None]:
    for cell in reversed(row.cells[:before]):
        if cell.value:
            return cell.value, cell
    return "", None


def _with_unit(q: Quantity | None, unit: str, role: str) -> Quantity | None:
    if q is None or q.unit or role not in ("initial", "budget", "spent"):
        return q
    return Quantity(q.value, q.places, unit, q.span, q.text, q.comparator, q.approx)


def fund_block(table: Table) -> tuple[list[FundLine], set[int]]:
    """The fund lines of a table and the row indices they use."""
    lines: list[FundLine] = []
    used: set[int] = set()
    rows = table.rows
    for h, header in enumerate(rows):
        roles = _roles(header.cells, _FUND_HEADER)
        if len({"budget", "spent", "rate", "initial"} & roles.keys()) < 2:
            continue
        if any(_number(c) for c in header.cells):
            continue  # labels with their values beside them: see keyed_fund
        header_text = "".join(header.values) + "".join(rows[h - 1].values if h else [])
        unit = _unit_of(header_text, "万元")
        first = min(roles.values())
        used.add(h)
        for row in rows[h + 1 :]:
            shift = len(row.cells) - len(header.cells)
            cells = {role: _cell_at(row, col + max(shift, 0)) for role, col in roles.items()}
            label, _ = _label(row, first + max(shift, 0))
            values = {r: _with_unit(_number(c), unit, r) for r, c in cells.items()}
            values = {r: q for r, q in values.items() if q is not None}
            if not values and not _FUND_LABEL.search(label):
                break
            used.add(row.index)
            is_total = bool(_FUND_TOTAL.search(label)) or not lines
            lines.append(FundLine(label, row.span, is_total, unit, values, cells))
        break
    return lines, used


def _cell_at(row: Row, col: int) -> Cell | None:
    return row.cells[col] if 0 <= col < len(row.cells) else None


def keyed_fund(table: Table, used: set[int]) -> list[FundLine]:
    """A form that prints "当年预算数(元) | 242,400.00 | 预算执行率(%) | … | 100.00%" pairs."""
    values: dict[str, Quantity] = {}
    cells: dict[str, Cell] = {}
    spans = []
    unit = "元"
    for row in table.rows:
        if row.index in used:
            continue
        for n, cell in enumerate(row.cells):
            label = cell.value
            if not label or label.startswith(("上年", "以前")) or read_cell(cell.text):
                continue
            role = next((r for r, p in _FUND_HEADER if p.search(label)), None)
            if role not in ("budget", "spent", "rate") or role in values:
                continue
            value_cell = next((c for c in row.cells[n + 1 :] if c.value), None)
            q = _number(value_cell)
            if q is None or value_cell is None:
                continue
            if role != "rate":
                unit = _unit_of(label, unit)
                q = _with_unit(q, unit, role)
            values[role] = q
            cells[role] = value_cell
            spans.append(row.span)
    if not {"budget", "spent"} <= values.keys():
        return []
    span = spans[0].cover(spans[-1])
    return [FundLine("预算执行情况", span, True, unit, values, cells)]


def _indicator_header(table: Table) -> tuple[int, dict[str, int]] | None:
    for row in table.rows:
        roles = _roles(row.cells, _INDICATOR_HEADER)
        if "name" in roles and "weight" in roles and "score" in roles:
            return row.index, roles
    return None


def _align(row: Row, roles: dict[str, int], width: int) -> int:
    """The column shift that puts numbers under 分值 and 得分 (a blank 得分 as a last resort)."""
    extra = len(row.cells) - width
    shifts = list(dict.fromkeys((extra, 0, -1, 1)))
    for blank_score_ok in (False, True):
        for shift in shifts:
            w = _cell_at(row, roles["weight"] + shift)
            s = _cell_at(row, roles["score"] + shift)
            if w is None or _number(w) is None:
                continue
            if _number(s) is not None or (blank_score_ok and _is_blank(s)):
                return shift
    return extra if extra > 0 else 0


def indicator_rows(table: Table, skip: set[int]) -> tuple[list[IndicatorRow], dict[str, int], int]:
    """Indicator rows under the indicator header, the header's roles, and the header row."""
    found = _indicator_header(table)
    if not found:
        return [], {}, -1
    h, roles = found
    width = len(table.rows[h].cells)
    out: list[IndicatorRow] = []
    level1 = level2 = ""
    for row in table.rows[h + 1 :]:
        if row.index in skip or not row.nonblank():
            continue
        first = row.nonblank()[0].value
        if _TOTAL_LABEL.match(first):
            break
        shift = _align(row, roles, width)
        cells = {role: c for role, col in roles.items() if (c := _cell_at(row, col + shift))}
        name_cell = cells.get("name")
        if name_cell is None or not name_cell.value:
            # A shifted row: the nearest text to the left of the name column is the name.
            name_cell = _label(row, roles["name"] + shift)[1]
            if name_cell is not None:
                cells["name"] = name_cell
                for level in ("level1", "level2"):
                    if cells.get(level) is name_cell:
                        del cells[level]
        name = name_cell.value if name_cell is not None else ""
        if cells.get("level1") and cells["level1"].value:
            level1, level2 = cells["level1"].value, ""
        if cells.get("level2") and cells["level2"].value:
            level2 = cells["level2"].value
        weight, score = _number(cells.get("weight")), _number(cells.get("score"))
        if not name and weight is None and score is None:
            continue
        others = [c for r, c in cells.items() if r not in ("name", "level1", "level2")]
        placeholder = bool(_PLACEHOLDER.match(name)) and all(_is_blank(c) for c in others)
        out.append(IndicatorRow(name, row, level1, level2, cells, weight, score, placeholder))
    return out, roles, h


def total_row(table: Table, roles: dict[str, int], skip: set[int]) -> Total | None:
    """The 总分/合计 row: aligned with the header, labelled pairs, or label plus two numbers."""
    for row in table.rows:
        if row.index in skip:
            continue
        cells = row.nonblank()
        if not cells or not _TOTAL_LABEL.match(cells[0].value):
            continue
        weight = score = None
        numbers = [q for c in cells[1:] if (q := _number(c)) is not None]
        labels = [c for c in cells if _number(c) is None]
        if len(labels) >= 2:  # labelled pairs: 总分值 | 100 | … | 总得分 | 95.58
            for n, cell in enumerate(cells[:-1]):
                q = _number(cells[n + 1])
                if q is None:
                    continue
                if regex.match(r"^总?分值|^总分$|^满分", cell.value):
                    weight = weight or q
                elif regex.search(r"得分$|自评分$", cell.value):
                    score = score or q
        elif len(numbers) == 2 and len(cells) == 3:  # 总分 | 100 | 96: 分值 comes first
            weight, score = numbers
        elif roles:
            weight = _number(_cell_at(row, roles.get("weight", -1)))
            score = _number(_cell_at(row, roles.get("score", -1)))
        if weight is None and score is None:
            continue
        return Total(cells[0].value, row.span, weight, score)
    return None


def labelled(table: Table, pattern: regex.Pattern) -> Stated | None:
    """The value in the cell after a label cell (项目名称 | X, 绩效等级 | 优)."""
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            if pattern.match(cell.value):
                value = next((c for c in row.cells[n + 1 :] if c.value), None)
                if value is not None:
                    return Stated(value.value, value.span)
    return None


def grade(table: Table) -> Stated | None:
    """The grade stated in the form (绩效等级 | 优)."""
    return labelled(table, _GRADE_LABEL)


def project(table: Table) -> Stated | None:
    """The project name stated in the form."""
    return labelled(table, _PROJECT_LABEL)
