"""A declaration's indicator table: the header, then one `DeclaredIndicator` per level-3 row.

A declaration's table has a 三级指标 (or 指标名称) column and a 指标值 column, and no column for
what was achieved (实际完成值, 得分, 执行数): those make a self-evaluation or a monitoring table.
The national form of 10号 prints the 实施期 targets and the 年度 targets side by side under
one header; the right-hand set is the year's. Rows are read until the table ends or a note
(备注, 填报说明) closes it.
"""

from __future__ import annotations

import dataclasses

import regex

from auditor.facts.cells import BLANK, cell_number
from auditor.facts.rows import bare_label, direction, label_weight, nature_comparator
from auditor.facts.types.declaration import DeclaredGroup, DeclaredIndicator
from auditor.report.model import Cell, Row, Table
from auditor.report.numbers import Quantity

_DECOR = r"(?:\s*[(（][^()（）]{0,16}[)）])*\s*[:：]?$"
_HEADER = (
    ("level1", regex.compile(rf"^一级(?:指标)?{_DECOR}")),
    ("level2", regex.compile(rf"^二级(?:指标)?{_DECOR}")),
    ("name", regex.compile(rf"^(?:三级指标|(?:绩效)?指标名称|指标内容){_DECOR}")),
    ("nature", regex.compile(rf"^(?:指标性质|指标方向|指标属性|计算符号|符号|指标类型){_DECOR}")),
    ("period", regex.compile(rf"^(?:实施期|中期|总体|长期)(?:指标值|目标值){_DECOR}")),
    ("target", regex.compile(rf"^(?:年度)?(?:指标值|目标值|预期值|绩效指标值|指标目标值){_DECOR}")),
    ("unit", regex.compile(rf"^(?:度量单位|计量单位|单位){_DECOR}")),
    ("weight", regex.compile(rf"^(?:指标)?(?:分值|权重){_DECOR}")),
    ("note", regex.compile(rf"^(?:指标解释|指标说明|备注|评分标准|指标值确定依据|指标来源|指标值说明){_DECOR}")),
)
# Columns of what was achieved or scored: a table with one is a self-evaluation or a monitoring table.
RESULT_WORDS = regex.compile(r"实际|完成值|完成情况|得分|执行数|执行率|完成进度|执行进度|预计|偏差|完成目标可能性")
RESULT_HEADER = regex.compile(
    r"^(?:(?:全年|年度)?实际(?:完成)?值|实际完成|完成值|(?:指标|自评)?得分|(?:全年|本年|预算)?执行数|(?:预算)?执行率"
    r"|偏差原因|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|全年预计|完成目标可能性)"
)
RESULT_CHARS = 24  # a header cell is short; a longer cell is prose that may mention a result
_END = regex.compile(r"^(?:备注|注[:：]|注\d|填报说明|说明[:：]|总分|合计|审核意见|单位负责人|填表人)")
_NOT_APPLICABLE = {*BLANK, "不适用", "无", "暂无", "不涉及", "否"}
_WAIVED = {"不适用", "不涉及"}  # a value that says the row does not apply, whatever its name says
_PLACEHOLDER = regex.compile(r"^(?:指标\s*\d+\s*[:：]?|…+|\.{3,}|x+|X+|\*+|_+)$")
_NUMBERED = regex.compile(r"^指标\s*\d+\s*[:：]\s*")
_CATEGORY = (
    ("cost", regex.compile(r"^成本")),
    ("output", regex.compile(r"产出")),
    ("outcome", regex.compile(r"效益|效果")),
    ("satisfaction", regex.compile(r"满意")),
)
_KIND = (
    ("quantity", regex.compile(r"数量")),
    ("quality", regex.compile(r"质量")),
    ("timeliness", regex.compile(r"时效|进度")),
    ("cost", regex.compile(r"成本")),
    ("economic", regex.compile(r"经济")),
    ("social", regex.compile(r"社会")),
    ("ecological", regex.compile(r"生态|环境")),
    ("sustainable", regex.compile(r"可持续")),
    ("satisfaction", regex.compile(r"满意")),
)


# One pass per cell: every header word as a named group (the first role listed wins, as above).
_ANY_HEADER = regex.compile("|".join(f"(?P<{role}>{p.pattern})" for role, p in _HEADER))
HEADER_CHARS = 24  # a header word with its decorations is short; a longer cell is a value


def header_role(text: str) -> str | None:
    """The column a declaration's indicator header word names (level1, name, target …), or None."""
    if len(text) > HEADER_CHARS:
        return None
    m = _ANY_HEADER.match(text.replace(" ", ""))
    return m.lastgroup if m is not None else None


_role = header_role


def header_row(table: Table) -> tuple[int, dict[str, int]] | None:
    """The declaration header of a table: its row and the column of each role (the year's set when two).

    A header with a result column (实际完成值, 得分) is not a declaration's.
    """
    for row in table.rows:
        values = [c.value.replace(" ", "") for c in row.cells]
        roles = [(_role(v), c) for c, v in enumerate(values) if v]
        names = [r for r, _ in roles]
        if "name" not in names or ("target" not in names and "period" not in names):
            continue
        if any(RESULT_WORDS.search(v) for v in values if v and _role(v) is None and len(v) <= 16):
            return None
        found: dict[str, int] = {}
        for role, col in roles:
            if role is None:
                continue
            if role == "name" and "name" in found:
                # the 年度 set beside the 实施期 set: the first set's targets are the period's
                found.setdefault("period", found.pop("target", -1))
            found[role] = col
        found = {r: c for r, c in found.items() if c >= 0}
        return row.index, _sub_header(table, row.index, found)
    return None


def _sub_header(table: Table, h: int, found: dict[str, int]) -> dict[str, int]:
    """A second header row under a group word ("年度指标值" over 指标性质 | 指标值 | 度量单位)."""
    if h + 1 >= len(table.rows):
        return found
    below = {role: cell.column for cell in table.rows[h + 1].cells if cell.value and (role := _role(cell.value))}
    if len(below) >= 2 and "name" not in below:
        return {**found, **below}
    return found


def _category(label: str) -> str:
    bare = bare_label(label)
    return next((k for k, p in _CATEGORY if p.search(bare)), "")


def _kind(label: str) -> str:
    return next((k for k, p in _KIND if p.search(label)), "")


def _comparator(nature: str, target: Quantity | None) -> str:
    # a declaration's 指标性质 the vocabulary does not know leaves the target's own comparator
    found = nature_comparator(nature) if nature else ""
    return found or (target.comparator if target is not None else "")


def _target(cells: dict[str, Cell]) -> Quantity | None:
    q = cell_number(cells.get("target"))
    unit = cells.get("unit")
    if q is None or q.unit or unit is None or unit.value in _NOT_APPLICABLE:
        return q
    return dataclasses.replace(q, unit="%" if unit.value in ("%", "百分比") else unit.value)


def _cell(row: Row, col: int) -> Cell | None:
    return row.cells[col] if 0 <= col < len(row.cells) else None


def indicators(table: Table, h: int, roles: dict[str, int]) -> list[DeclaredIndicator]:
    """The level-3 rows under the header at row `h`, in order."""
    start = h + 2 if h + 1 < len(table.rows) and _is_sub_header(table.rows[h + 1]) else h + 1
    width = len(table.rows[h].cells)
    out: list[DeclaredIndicator] = []
    level1 = level2 = ""
    for row in table.rows[start:]:
        filled = row.nonblank()
        if not filled:
            continue
        if _END.match(filled[0].value) or header_row(Table((row,), row.span, 0, table.layout)) is not None:
            break
        cells = {role: c for role, col in roles.items() if (c := _cell(row, col)) is not None}
        if cells.get("level1") and cells["level1"].value:
            level1, level2 = cells["level1"].value, ""
        if cells.get("level2") and cells["level2"].value:
            level2 = cells["level2"].value
        name = cells["name"].value if "name" in cells else ""
        value = cells["target"].value if "target" in cells else ""
        bare = _NUMBERED.sub("", name)
        placeholder = bool(_PLACEHOLDER.match(name)) or (bare != name and not bare)
        # a row the form leaves for a category it does not use ("生态效益 | 不适用 | 不适用")
        applicable = not ((name in _NOT_APPLICABLE or placeholder) and value in _NOT_APPLICABLE) and value not in _WAIVED
        target = _target(cells)
        nature = cells["nature"].value if "nature" in cells else ""
        comparator = _comparator(nature, target)
        # NOTE: a grid read from the file's structure, or a text row with every cell of the
        # header, puts each value under its own column; any other row could be read two ways.
        certain = table.grouping_certain or len(row.cells) == width
        out.append(
            DeclaredIndicator(
                bare or name,
                row,
                level1,
                level2,
                cells,
                target,
                comparator,
                direction(comparator, target, f"{level2} {name}"),
                _category(level1) or ("cost" if _kind(level2) == "cost" and not level1 else ""),
                _kind(level2) or (_kind(level1) if _category(level1) in ("cost", "satisfaction") else ""),
                cell_number(cells.get("weight")),
                applicable,
                certain,
            )
        )
    return out


def _is_sub_header(row: Row) -> bool:
    roles = [r for c in row.cells if c.value and (r := _role(c.value))]
    return len(roles) >= 2 and "name" not in roles


def groups(rows: list[DeclaredIndicator]) -> tuple[DeclaredGroup, ...]:
    """The level-1 labels in row order, each with the weight it prints and the rows under it."""
    out: list[DeclaredGroup] = []
    run: list[int] = []
    for n, row in enumerate(rows):
        if run and row.level1 != rows[run[0]].level1:
            out.append(_group(rows, run))
            run = []
        if row.level1:
            run.append(n)
    if run:
        out.append(_group(rows, run))
    return tuple(out)


def _group(rows: list[DeclaredIndicator], run: list[int]) -> DeclaredGroup:
    first = rows[run[0]]
    cell = first.cells.get("level1")
    weight = label_weight(cell.text) if cell is not None else None
    span = cell.span if cell is not None else first.span
    return DeclaredGroup(first.level1, span, first.category, tuple(run), weight)
