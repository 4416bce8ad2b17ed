"""Tables to forms: find the 项目资金 block, the 总分 row, the labelled values and the printed scoring rule.

A table becomes a `Form` when it holds a fund block, indicator rows (read in `rows`) or a
总分 row; everything else in it is read relative to those labels.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from decimal import Decimal

import regex

from auditor.facts.cells import BLANK, cell_at, cell_number, total_label, value_after
from auditor.facts.funds.blocks import FundBlock
from auditor.facts.grades import GRADE_WORDS, stated_label
from auditor.facts.types.form import Form, FundLine, ScoreBand, Stated, Total
from auditor.report.model import Cell, Mapped, Report, Span, Table
from auditor.report.numbers import MONEY_UNITS, Quantity, read_cell

# Order matters: "执行率(预算执行数/全年预算数)" names the rate, not the amounts in it.
LABEL_CHARS = 30  # a fund label's length at most ("全年预算数（调整后）（万元）")
_FUND_HINT = regex.compile(r"预算|执行|支出|决算|率")
_FUND_HEADER = (
    ("rate", regex.compile(r"执行率|完成率")),
    ("initial", regex.compile(r"年初预算")),
    ("spent", regex.compile(r"执行数|支出数|实际支出|决算数")),
    ("budget", regex.compile(r"预算数|调整后预算|预算金额")),
    ("weight", regex.compile(r"分值|权重")),
    ("score", regex.compile(r"得分")),
)
_GRADE_LABEL = regex.compile(r"^(绩效等级|评价等级|自评等级|等级|自评结果)$")
_PROJECT_LABEL = regex.compile(r"^项目名称$")
_SHARE = regex.compile(r"\s*其\s*中")


def _unit_of(text: str, default: str) -> str:
    for unit in sorted(MONEY_UNITS, key=len, reverse=True):
        if unit in text:
            return unit
    return default


def _with_unit(q: Quantity | None, unit: str, role: str) -> Quantity | None:
    if q is None or q.unit or role not in ("initial", "budget", "spent"):
        return q
    return dataclasses.replace(q, unit=unit)


def fund_lines(block: FundBlock) -> list[FundLine]:
    """A fund block's rows as fund lines; the first row is the total when no row says so, unless
    it says it is a share ("其中:财政资金" first: the total row was lost, and no row stands for it)."""
    lines: list[FundLine] = []
    for row in block.rows:
        if not row.values and not row.blanks and not row.unread:
            continue  # an unread row stays: what the rows add up to is then unknown
        is_total = row.is_total or (not lines and not _SHARE.match(row.label))
        lines.append(
            FundLine(
                row.label, row.span, is_total, block.unit, dict(row.values), dict(row.blanks), row.displaced,
                block.interim, row.unread, row.certain, row.label_span, row.lost,
            )
        )
    return lines


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
            # NOTE: a label is short and names a budget, a spending or a rate: most cells are
            # passed over before any pattern or number is read
            if not label or len(label) > LABEL_CHARS or not _FUND_HINT.search(label) or label.startswith(("上年", "以前")) or read_cell(cell.text):
                continue
            role = next((r for r, p in _FUND_HEADER if p.search(label)), None)
            if role not in ("budget", "spent", "rate") or role in values:
                continue
            value_cell = value_after(row, n)
            q = cell_number(value_cell)
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
    blanks = {role: cell.span for role, cell in cells.items() if cell.value in BLANK}
    return [FundLine("预算执行情况", span, True, unit, values, blanks)]


def total_row(table: Table, roles: dict[str, int], skip: set[int]) -> Total | None:
    """The 总分/合计 row: aligned with the header, labelled pairs, or label plus two numbers."""
    for row in table.rows:
        if row.index in skip:
            continue
        at = total_label(row)
        if at is None:
            continue
        # a grade word after the figures ("总分 | 100 | 88.69 | 优") is the form's grade, not a label
        cells = [c for c in row.nonblank()[at:] if not _GRADE_ALONE.fullmatch(c.value)]
        weight = score = None
        numbers = [q for c in cells[1:] if (q := cell_number(c)) is not None]
        labels = [c for c in cells if cell_number(c) is None]
        if len(labels) >= 2:  # labelled pairs: 总分值 | 100 | … | 总得分 | 95.58
            for n, cell in enumerate(cells[:-1]):
                q = cell_number(cells[n + 1])
                if q is None:
                    continue
                if regex.match(r"^总?分值|^总分$|^满分", cell.value):
                    weight = weight or q
                elif regex.search(r"得分$|自评分$", cell.value):
                    score = score or q
        elif len(numbers) == 2 and len(cells) == 3:  # 总分 | 100 | 96: 分值 comes first
            weight, score = numbers
        elif roles:
            weight = cell_number(cell_at(row, roles.get("weight", -1)))
            score = cell_number(cell_at(row, roles.get("score", -1)))
        if weight is None and score is None:
            continue
        return Total(cells[0].value, row.span, weight, score)
    return None


def _after_label(table: Table, pattern: regex.Pattern) -> Cell | None:
    """The first value printed beside a label cell the pattern matches."""
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            if pattern.match(cell.value) and (value := value_after(row, n)) is not None:
                return value
    return None


def labelled(table: Table, pattern: regex.Pattern) -> Stated | None:
    """The value in the cell after a label cell (项目名称 | X, 绩效等级 | 优)."""
    value = _after_label(table, pattern)
    return Stated(value.value, value.span) if value is not None else None


_GRADE_ALONE = regex.compile(rf"(?:{GRADE_WORDS})(?:等|级)?")


def grade(table: Table) -> Stated | None:
    """The grade stated in the form (绩效等级 | 优), trimmed to the grade word ("优秀（96分）")."""
    value = _after_label(table, _GRADE_LABEL) or _total_row_grade(table)
    if value is None:
        return None
    found = stated_label(value.text)
    if found is None:
        return Stated(value.value, value.span)
    word, i, j = found
    return Stated(word, value.text.span(i, j))


def _total_row_grade(table: Table) -> Cell | None:
    """A grade word alone in a cell of the 总分 row, after its figures ("总分 | 100 | 88.69 | 优")."""
    for row in table.rows:
        if total_label(row) is None:
            continue
        numbers = [n for n, c in enumerate(row.cells) if cell_number(c) is not None]
        if numbers and (cell := next((c for c in row.cells[numbers[-1] + 1 :] if _GRADE_ALONE.fullmatch(c.value)), None)):
            return cell
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
        if "执行率" not in cell.value or "%" not in cell.value or "分" not in cell.value:
            continue
        text = cell.text
        cuts = [0, *(m.end() for m in _RULE_CLAUSE.finditer(text.text)), len(text.text)]
        bands = [b for i, j in itertools.pairwise(cuts) if (b := _rule_band(text, i, j)) is not None]
        if len(bands) >= 2:
            return tuple(sorted(bands, key=lambda b: -b.lower))
    return ()


# -- the form: everything above, read from one table ------------------------------------


def forms(report: Report, decoded: list[Form]) -> list[Form]:
    """Every form of the report: the decoded ones, with what their tables state besides (grade,
    project, scoring rule), and the tables no header was decoded in that still state a form's
    figures as labelled pairs or a 总分 row."""
    out: list[Form] = []
    # NOTE: read once per table: one table may hold many forms (a workbook sheet, a long text)
    stated: dict[int, _Stated] = {}
    starts = [t.span.start for t in report.tables]
    for f in decoded:
        table = f.table or _table_at(report, starts, _extent(f))
        if table is not None:
            said = stated.get(table.index) or stated.setdefault(table.index, _Stated.of(table))
            fund = f.fund if any(line.values for line in f.fund) else said.fund or f.fund
            # a 总分 printed as labelled pairs above the indicator table ("总分值 | 100 | … | 总得分 | 95.58")
            total = f.total or (said.total if f.indicators else None)
            f = dataclasses.replace(
                f, table=table, fund=fund, total=total, grade=said.grade, project=said.project, budget_bands=said.bands
            )
        out.append(f)
    for table in report.tables:
        if table.index in stated:
            continue
        said = _Stated.of(table)
        if not said.fund and said.total is None:
            continue
        out.append(Form(table, said.fund, (), {}, said.total, said.grade, said.project, (), said.bands))
    return sorted(out, key=_form_start)


@dataclasses.dataclass(frozen=True, slots=True)
class _Stated:
    """What a table states besides its decoded rows."""

    fund: tuple[FundLine, ...]
    total: Total | None
    grade: Stated | None
    project: Stated | None
    bands: tuple[ScoreBand, ...]

    @classmethod
    def of(cls, table: Table) -> _Stated:
        return cls(tuple(keyed_fund(table, set())), total_row(table, {}, set()), grade(table), project(table), budget_bands(table))


def _extent(f: Form) -> Span | None:
    spans = [line.span for line in f.fund] + [row.span for row in f.indicators]
    if f.total is not None:
        spans.append(f.total.span)
    if not spans:
        return None
    return Span.around(spans)


def _table_at(report: Report, starts: list[int], span: Span | None) -> Table | None:
    """The table a form's figures stand in, when they stand in one (`starts`: the tables' starts, in order)."""
    if span is None:
        return None
    k = bisect.bisect_right(starts, span.start) - 1
    if k >= 0 and report.tables[k].span.start <= span.start < report.tables[k].span.end:
        return report.tables[k]
    return None


def _form_start(f: Form) -> int:
    extent = _extent(f)
    if extent is not None:
        return extent.start
    return f.table.span.start if f.table is not None else 0
