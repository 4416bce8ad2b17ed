"""Tables to forms: find the 项目资金 block, the indicator rows and the 总分 row by their labels.

Flattened text loses merged cells, so rows are matched to the header by content, not only by
position: a row with an extra leading cell (a vertical label) or a shifted name is realigned
on its 分值/得分 pair.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import regex

from auditor.facts.grades import stated_label
from auditor.facts.types import FundLine, IndicatorGroup, IndicatorRow, ScoreBand, Stated, Total
from auditor.model import Cell, Mapped, Row, Table
from auditor.numbers import MONEY_UNITS, Quantity, decimals, read_cell

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
    ("nature", regex.compile(r"^(指标性质|指标方向|指标属性)$")),
    ("unit", regex.compile(r"^(度量单位|计量单位|单位)$")),
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
        template = bool(_PLACEHOLDER.match(name))
        placeholder = template and all(_is_blank(c) for c in others)
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
                category=_kind(level1) or _kind2(level2),
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
# Without a comparator, these words make "lower is better" the natural reading.
_REVERSE_WORDS = regex.compile(r"成本|费用|投诉|事故|差错|超支|发生率|违规|违纪|损失|延误|故障|误差|失误|返工|不合格率")
# Usual qualitative targets (domain §4.5): checkable wording, not vague.
_STANDARD = regex.compile(
    r"合理|健全|合规|有效|可控|提高|提升|规范|及时|按时|按期|准时|达标|合格|良好|明显|显著|满意|完善|到位|"
    r"符合|达到|达成|改善|增强|降低|减少|下降|增加|优良|优秀|完成|正常|安全|稳定|持续|长效|覆盖|验收|杜绝|"
    r"年底|年内|年末|月底|之前|以前|无[^,，;；]{0,6}(事故|投诉|纠纷|违规|违纪|差错|问题)|"
    r"^(是|否|无|有|好|高|低|强)$"
)
_BANDS = ((3, regex.compile(r"^未达成")), (2, regex.compile(r"^部分达成")), (1, regex.compile(r"^达成(年度|预期)?(指标|目标)")))
_HAS_DIGIT = regex.compile(r"\d")
TIME_UNITS = ("年", "月", "日", "天", "周", "季度", "小时")
VAGUE_CHARS = 12  # a phrase longer than this is a description, not a wording to judge


def wording(text: str) -> str:
    """Classify how a 指标值 or 完成值 cell is worded (see `WORDINGS` in facts.types)."""
    if text in _BLANK_MARKS:
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


def _comparator(cells: dict[str, Cell], target: Quantity | None) -> str:
    nature = cells.get("nature")
    if nature is not None and nature.value:
        return next((c for c, p in _NATURE if p.match(nature.value)), "")
    return target.comparator if target is not None else ""


def _direction(comparator: str, target: Quantity | None, words: str) -> str:
    if comparator:
        return _DIRECTION[comparator]
    if target is None or target.unit in TIME_UNITS:
        return ""  # "12月" alone is a deadline: finishing in 11月 meets it
    if _REVERSE_WORDS.search(words):
        return "reverse"
    return "" if target.is_money else "positive"  # 50万元 alone may be a cap or a floor


def _with_column_unit(q: Quantity | None, cells: dict[str, Cell]) -> Quantity | None:
    unit = cells.get("unit")
    if q is None or q.unit or unit is None or not unit.value or unit.value in _BLANK_MARKS:
        return q
    printed = "%" if unit.value in ("%", "百分比") else unit.value
    return Quantity(q.value, q.places, printed, q.span, q.text, q.comparator, q.approx)


def _reading(cells: dict[str, Cell], level2: str) -> dict:
    """The parsed target and actual of a row, with its comparator, direction and wording."""
    target = _with_column_unit(_number(cells.get("target")), cells)
    actual = _with_column_unit(_number(cells.get("actual")), cells)
    comparator = _comparator(cells, target)
    actual_text = cells["actual"].value if "actual" in cells else ""
    band = next((b for b, p in _BANDS if p.match(actual_text)), None)
    return {
        "target": target,
        "actual": actual,
        "comparator": comparator,
        "direction": _direction(comparator, target, f"{level2} {cells['name'].value if 'name' in cells else ''}"),
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


def _kind(label: str) -> str:
    bare = _LABEL_WEIGHT.sub("", label)
    return next((k for k, p in _KINDS if p.search(bare)), "")


_LEVEL2_KINDS = (("output", regex.compile(r"数量|质量|时效|成本")), ("outcome", regex.compile(r"效益|影响")))


def _kind2(label: str) -> str:
    return _kind(label) or next((k for k, p in _LEVEL2_KINDS if p.search(label)), "")


# Rates that cannot pass 100%; growth, execution and completion rates can.
_CAPPED = regex.compile(r"满意度|率")
_UNCAPPED = regex.compile(r"增长|增幅|增速|同比|环比|提高|提升|执行率|完成率|超额|利润|收益率|回报")


def groups(indicators: list[IndicatorRow], certain: bool) -> tuple[IndicatorGroup, ...]:
    """一级 and 二级 categories in row order.

    Flattened text loses merged cells: a label can land on any row of its block (seed 004), so
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
    """The grade stated in the form (绩效等级 | 优), trimmed to the grade word ("优秀（96分）")."""
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            if not _GRADE_LABEL.match(cell.value):
                continue
            value = next((c for c in row.cells[n + 1 :] if c.value), None)
            if value is None:
                continue
            found = stated_label(value.text)
            if found is None:
                return Stated(value.value, value.span)
            word, i, j = found
            return Stated(word, value.text.span(i, j))
    return None


def project(table: Table) -> Stated | None:
    """The project name stated in the form."""
    return labelled(table, _PROJECT_LABEL)


# -- a printed execution-rate scoring rule ---------------------------------------------

_RULE_CLAUSE = regex.compile(r"[;；。①②③④⑤⑥⑦⑧]")
_RULE_RATE = regex.compile(r"(?P<cmp>低于|不足|不到|小于|<|≤)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*(?P<suffix>及以上|以上|及以下|以下)?")
_RULE_POINTS = regex.compile(r"得\s*(?P<least>\d+(?:\.\d+)?)\s*(?:[-~—–至]\s*(?P<most>\d+(?:\.\d+)?))?\s*分|(?P<none>不得分)")


def _rule_band(text: Mapped, start: int, end: int) -> ScoreBand | None:
    clause = text.text[start:end]
    rate, points = _RULE_RATE.search(clause), _RULE_POINTS.search(clause)
    if rate is None or points is None:
        return None
    upper = bool(rate["cmp"]) or rate["suffix"] in ("及以下", "以下")
    lower = Decimal(0) if upper else Decimal(rate["pct"])
    if points["none"]:
        least = most = Decimal(0)
    else:
        least = Decimal(points["least"])
        most = Decimal(points["most"]) if points["most"] else least
    return ScoreBand(lower, min(least, most), max(least, most), text.span(start, end))


def budget_bands(table: Table) -> tuple[ScoreBand, ...]:
    """The execution-rate scoring rule a form prints in a cell, best band first.

    "预算执行率在90%及以上得8分；在80%以上不到90%得6-8分；…；在70%以下，不得分。"
    """
    for _, _, cell in ((table, r, c) for r in table.rows for c in r.cells):
        if "执行率" not in cell.value or "%" not in cell.value:
            continue
        text = cell.text
        cuts = [0, *(m.end() for m in _RULE_CLAUSE.finditer(text.text)), len(text.text)]
        bands = [b for i, j in itertools.pairwise(cuts) if (b := _rule_band(text, i, j)) is not None]
        if len(bands) >= 2:
            return tuple(sorted(bands, key=lambda b: -b.lower))
    return ()
