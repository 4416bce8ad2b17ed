"""Indicator rows: found under their header, realigned, read for target, actual and wording, grouped by category.

Flattened text loses merged cells, so rows are matched to the header by content, not only by
position: a row with an extra leading cell (a vertical label) or a shifted name is realigned
on its 分值/得分 pair.
"""

from __future__ import annotations

import dataclasses

import regex

from auditor.facts.cells import BLANK, cell_at, cell_number, header_roles, is_blank, label_before, total_label
from auditor.facts.types.form import IndicatorGroup, IndicatorRow
from auditor.report.model import Cell, Mapped, Row, Table
from auditor.report.numbers import Quantity, decimals, read_cell

_INDICATOR_HEADER = (
    ("level1", regex.compile(r"^一级指标")),
    ("level2", regex.compile(r"^二级指标")),
    ("name", regex.compile(r"^(三级指标|指标名称|绩效指标名称)")),
    ("nature", regex.compile(r"^(指标性质|指标方向|指标属性)$")),
    ("unit", regex.compile(r"^(度量单位|计量单位|单位)$")),
    ("actual", regex.compile(r"实际|完成值|实际值")),
    ("target", regex.compile(r"指标值|目标值|预期值")),
    ("weight", regex.compile(r"^(分值|权重|指标分值|指标权重)")),
    ("score", regex.compile(r"^(得分|自评分|自评得分|指标得分|评分$)")),
    ("reason", regex.compile(r"偏差|原因|备注")),
)
_POINTS = ("", "分")  # the units a 分值 or 得分 cell may print
_PLACEHOLDER = regex.compile(r"^(指标\s*\d+\s*[:：]?|…+|\.{3,}|/)$")


def _indicator_header(table: Table) -> tuple[int, dict[str, int]] | None:
    for row in table.rows:
        roles = header_roles(row.cells, _INDICATOR_HEADER)
        if "name" in roles and "weight" in roles and "score" in roles:
            return row.index, roles
    return None


def _align(row: Row, roles: dict[str, int], width: int) -> int:
    """The column shift that puts numbers under 分值 and 得分 (a blank 得分 as a last resort)."""
    extra = len(row.cells) - width
    # then any other shift, nearest first: a spaced or flattened row loses every empty cell, its
    # merged 一级/二级 on the left and its empty 偏差原因 on the right together
    rest = sorted(range(-roles["weight"], len(row.cells) - roles["score"]), key=lambda s: (abs(s - extra), s))
    shifts = list(dict.fromkeys((extra, 0, -1, 1, *rest)))
    # NOTE: points first: a row one cell short may have lost its merged category on the left or
    # its empty 偏差原因 on the right, and "520人次 | 20" fits 分值/得分 as well as "20 | 20" does.
    # A 分值 of points beside an empty 得分 fits better than a shift that puts "93%" under 分值.
    for blank_score_ok, points_only in ((False, True), (True, True), (False, False), (True, False)):
        for shift in shifts:
            w = cell_number(cell_at(row, roles["weight"] + shift))
            s = cell_at(row, roles["score"] + shift)
            if w is None or (points_only and w.unit not in _POINTS):
                continue
            score = cell_number(s)
            if (score is not None and not (points_only and score.unit not in _POINTS)) or (blank_score_ok and is_blank(s)):
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
        if total_label(row) is not None:
            break
        shift = _align(row, roles, width)
        cells = {role: c for role, col in roles.items() if (c := cell_at(row, col + shift))}
        name_cell = cells.get("name")
        if name_cell is None or not name_cell.value:
            # A shifted row: the nearest text to the left of the name column is the name.
            name_cell = label_before(row, roles["name"] + shift)[1]
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
        weight, score = cell_number(cells.get("weight")), cell_number(cells.get("score"))
        if not name and weight is None and score is None:
            continue
        others = [c for r, c in cells.items() if r not in ("name", "level1", "level2")]
        template = bool(_PLACEHOLDER.match(name))
        placeholder = template and all(is_blank(c) for c in others)
        out.append(
            IndicatorRow(
                name,
                row,
                level1,
                level2,
                cells,
                weight,
                score,
                placeholder,
                template_name=template,
                category=category(level1, level2),
                capped=bool(_CAPPED.search(name)) and not _UNCAPPED.search(name),
                **_reading(cells, level2),
            )
        )
    return out, roles, h


# -- what an indicator row says: its target, actual, direction and wording -------------

_NATURE = (
    (">=", regex.compile(r"^(≥|>=|≧|正向|大于等于|不低于|不少于)")),
    (">", regex.compile(r"^(>|大于|高于|超过)")),
    ("<=", regex.compile(r"^(≤|<=|≦|反向|小于等于|不高于|不超过)")),
    ("<", regex.compile(r"^(<|小于|低于)")),
    ("=", regex.compile(r"^(=|﹦|═|等于)")),
)
_DIRECTION = {">=": "positive", ">": "positive", "<=": "reverse", "<": "reverse", "=": "equal"}
# Without a comparator, these words make "lower is better" the natural reading; so does a rate of harm or waste ("受害率", "结余率"; a 防治率 is no such rate).
_REVERSE_WORDS = regex.compile(r"成本|费用|投诉|事故|差错|超支|发生率|违规|违纪|损失|延误|故障|误差|失误|返工|不合格率|受害率|成灾率|死亡率|病死率|流失率|闲置率|空置率|辍学率|返贫率|逾期率|超标率|[结节]余率|失业率|发案率|预算调整率|调整次数")
# Usual qualitative targets: checkable wording, not vague.
_STANDARD = regex.compile(
    r"合理|健全|合规|有效|可控|提高|提升|规范|及时|按时|按期|准时|达标|合格|良好|明显|显著|满意|完善|到位|"
    r"符合|达到|达成|改善|增强|降低|减少|下降|增加|优良|优秀|完成|正常|安全|稳定|持续|长效|覆盖|验收|杜绝|"
    r"年底|年内|年末|月底|之前|以前|无[^,，;；]{0,6}(事故|投诉|纠纷|违规|违纪|差错|问题)|"
    r"^(是|否|无|有|好|高|低|强)$"
)
# 10号's wording and 101号's (基本达成 / 部分实现 / 实现程度较低) name the same three bands.
_BANDS = (
    (3, regex.compile(r"^(?:未达成|实现程度较低)")),
    (2, regex.compile(r"^(?:部分达成|部分实现)")),
    (1, regex.compile(r"^(?:基本)?达成(年度|预期)?(指标|目标)")),
)
_HAS_DIGIT = regex.compile(r"\d")
VAGUE_CHARS = 12  # a phrase longer than this is a description, not a wording to judge


def wording(text: str) -> str:
    """Classify how a 指标值 or 完成值 cell is worded (see `WORDINGS` in facts.types.form)."""
    if text in BLANK:
        return "blank"
    if read_cell(Mapped.of(text, 0)) is not None:
        return "number"
    if _HAS_DIGIT.search(text):
        return "figure"
    if any(p.match(text) for _, p in _BANDS):
        return "band"
    if _STANDARD.search(text):
        return "standard"
    return "vague" if len(text) <= VAGUE_CHARS else "prose"


def nature_comparator(nature: str) -> str:
    """The comparator a 指标性质/指标方向 cell names ("正向", "≥", "不高于"), or ""."""
    return next((c for c, p in _NATURE if p.match(nature)), "")


def _comparator(cells: dict[str, Cell], target: Quantity | None) -> str:
    nature = cells.get("nature")
    if nature is not None and nature.value:
        return nature_comparator(nature.value)
    return target.comparator if target is not None else ""


def direction(comparator: str, target: Quantity | None, words: str) -> str:
    """Which way a target counts: positive, reverse or equal from its comparator; without one,
    reverse for words such as 成本 or 投诉 (`words`: the row's labels and name), else positive."""
    if comparator:
        return _DIRECTION[comparator]
    if target is None or target.is_time:
        return ""  # "12月" alone is a deadline: finishing in 11月 meets it
    if _REVERSE_WORDS.search(words):
        return "reverse"
    return "" if target.is_money else "positive"  # 50万元 alone may be a cap or a floor


def _with_column_unit(q: Quantity | None, cells: dict[str, Cell]) -> Quantity | None:
    unit = cells.get("unit")
    if q is None or q.unit or unit is None or not unit.value or unit.value in BLANK:
        return q
    return dataclasses.replace(q, unit="%" if unit.value in ("%", "百分比") else unit.value)


def _reading(cells: dict[str, Cell], level2: str) -> dict:
    """The parsed target and actual of a row, with its comparator, direction and wording."""
    target = _with_column_unit(cell_number(cells.get("target")), cells)
    actual = _with_column_unit(cell_number(cells.get("actual")), cells)
    comparator = _comparator(cells, target)
    actual_text = cells["actual"].value if "actual" in cells else ""
    band = next((b for b, p in _BANDS if p.match(actual_text)), None)
    return {
        "target": target,
        "actual": actual,
        "comparator": comparator,
        "direction": direction(comparator, target, f"{level2} {cells['name'].value if 'name' in cells else ''}"),
        "band": band,
        "wording": {r: wording(cells[r].value) if r in cells else "blank" for r in ("target", "actual")},
    }


# -- categories: 一级 and 二级 labels and the rows under them ----------------------------

_LABEL_WEIGHT = regex.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_KINDS = (
    ("budget", regex.compile(r"预算执行|资金执行")),
    ("output", regex.compile(r"产出")),
    ("outcome", regex.compile(r"效益|效果")),
    ("satisfaction", regex.compile(r"满意")),
)


def label_weight(text: Mapped) -> Quantity | None:
    """The weight printed inside a category label: "产出指标（50分）" -> 50."""
    m = _LABEL_WEIGHT.search(text.text)
    if m is None:
        return None
    value = read_cell(text[m.start(1) : m.end(1)])
    if value is None:
        return None
    return Quantity(value.value, decimals(m[1]), "分", text.span(m.start(1), m.end(1)), m[1])


def bare_label(label: str) -> str:
    """A category label without the weight it prints: "产出指标（50分）" -> "产出指标"."""
    return _LABEL_WEIGHT.sub("", label)


def _kind(label: str) -> str:
    return next((k for k, p in _KINDS if p.search(bare_label(label))), "")


_LEVEL2_KINDS = (("output", regex.compile(r"数量|质量|时效|成本")), ("outcome", regex.compile(r"效益|影响")))


def category(level1: str, level2: str) -> str:
    """A row's category by its 一级 label, else by its 二级 label ("数量指标": output), or ""."""
    return _kind(level1) or _kind(level2) or next((k for k, p in _LEVEL2_KINDS if p.search(level2)), "")


# Rates that cannot pass 100%; growth, execution and completion rates can.
_CAPPED = regex.compile(r"满意度|率")
_UNCAPPED = regex.compile(r"增长|增幅|增速|同比|环比|提高|提升|执行率|完成率|超额|利润|收益率|回报")


def groups(indicators: list[IndicatorRow], certain: bool) -> tuple[IndicatorGroup, ...]:
    """一级 and 二级 categories in row order.

    Flattened text loses merged cells: a label can land on any row of its block (the gumei sample), so
    the rows under a label are only known when the reader resolved merged cells (`certain`) or
    when every row repeats its own label.
    """
    out: list[IndicatorGroup | None] = []
    for level, role in ((1, "level1"), (2, "level2")):
        run: list[int] = []
        for n, row in enumerate(indicators):
            key = _key(row, level)
            if run and key != _key(indicators[run[0]], level):
                out.append(_group(indicators, run, level, role, certain))
                run = []
            if key:
                run.append(n)
        if run:
            out.append(_group(indicators, run, level, role, certain))
    return tuple(g for g in out if g is not None)


def _key(row: IndicatorRow, level: int) -> tuple[str, ...]:
    if level == 1:
        return (row.level1,) if row.level1 else ()
    return (row.level1, row.level2) if row.level2 else ()


def _group(indicators: list[IndicatorRow], run: list[int], level: int, role: str, certain: bool) -> IndicatorGroup | None:
    own = [indicators[n].cells.get(role) for n in run]
    cells = [c for c in own if c is not None and c.value]
    if not cells:
        return None
    label = cells[0]
    # One row carrying a label proves nothing: a merged label can land on any row of its block.
    repeated = len(own) > 1 and all(c is not None and c.value == label.value for c in own)
    return IndicatorGroup(
        level,
        label.value,
        label.span,
        _kind(label.value) if level == 1 else "",
        tuple(run),
        label_weight(label.text),
        certain or repeated,
    )
