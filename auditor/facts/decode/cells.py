"""Cells of a decoded table: pieces joined under the header's cell separator, and what each holds.

A cell's *kind* is what its text can be, read on its own: a blank, a bare number (a 分值, an
amount), a percentage, a quantity with a unit or comparator, a comparator alone, a unit alone,
a category label (产出指标, 数量指标 …), a band word (达成预期指标), or text. The decoders match
kinds against the header's columns.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from auditor.facts.decode.pieces import Gap, Piece
from auditor.report.model import BLANK_MARKS, Mapped
from auditor.report.numbers import MONEY_UNITS, Quantity, read_cell

BLANK_TEXTS = {*BLANK_MARKS, "…", "--", "——", "／"}
_COMPARATOR = regex.compile(r"^(?:≥|≧|>=|>|≤|≦|<=|<|=|﹦|═|正向|反向|定量(?:指标)?|定性(?:指标)?)$")
# The 计量单位 a form prints: what a unit cell holds, what follows a figure, what ends a name
# glued to its figures. Longest first, so that "万亩" is never read as "万" + "亩".
MEASURES = (
    "万元", "亿元", "元/人", "元", "万平方米", "平方公里", "平方米", "立方米", "公顷", "万亩", "亩", "万人次", "万人",
    "人次", "户次", "人", "次", "万株", "株", "棵", "万册", "册", "万吨", "吨", "公里", "km", "厘米", "米",
    "个", "项", "户", "家", "所", "台", "套", "座", "头", "只", "篇", "份", "名", "位", "场", "批", "条", "件", "辆", "天",
    "个月", "小时", "学时", "课时", "公斤", "千克", "起", "例", "宗", "栋", "张", "盏",
)  # fmt: skip
UNITS = (*MEASURES, "年", "月", "日", "分", "%", "‰", "百分比")


def words_pattern(words: Sequence[str]) -> str:
    """An alternation of `words`, the longest first."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = regex.compile(rf"^(?:{words_pattern(UNITS)})$")
_BAND = regex.compile(r"^(?:已?达成(?:年度|预期)?(?:指标|目标)?|部分达成.*|未达成.*|基本达成.*|部分实现.*|实现程度较低.*|已完成(?:\d+(?:\.\d+)?%)?|完成|已达目标值?|均已达成|全部完成)$")
# Category labels of the indicator tree, with the weight a label may carry ("产出指标(50分)").
POINTS = r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]"  # a label's weight: "(50分)"
_WEIGHT_NOTE = rf"(?:\s*{POINTS})?"
LEVEL1 = regex.compile(
    rf"^(?:项目)?(?:产出|效益|效果|满意度|成本|项目决策|项目过程|项目管理|决策|过程|管理)(?:指标)?{_WEIGHT_NOTE}$|^{POINTS}$"
    rf"|^[^\d()（）,，。]{{2,8}}\s*{POINTS}$"  # any short label with its weight: "影响力目标(15分)"
)
# The 二级 labels of a rubric form's 决策/过程 (项目立项 …), and a department-wide form's: what of
# the budget, the assets or the staff is managed ("预算执行管控", "结转结余资金管理", "国有资产管理")
RUBRIC = r"项目立项|项目目标|资金投入|投入管理|资金管理|财务管理|组织实施|项目实施|决策过程|资金分配"
MANAGED = r"(?:预算|预决算|结转结余|政府采购|国有资产|资产|财务|人员|内控|合同)\p{Han}{0,4}?(?:管理|管控)"
LEVEL2 = regex.compile(
    rf"^(?:(?:产出)?(?:数量|质量|时效|日效性|成本)(?:指标)?|(?:经济成本|社会成本|生态环境成本|经济效益|社会效益|生态效益|可持续影响|可持续性)(?:指标)?"
    rf"|{RUBRIC}|{MANAGED}"
    rf"|(?:服务对象|群众|社会公众)?满意度指标)(?:等)?{_WEIGHT_NOTE}$"  # "群众满意度" alone is an indicator's name
)
# The labels whose first piece a narrow column leaves on a row's line (`_kind_of`: "cut_label").
_LABEL_WORDS = ("产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "项目决策", "项目过程", "项目管理", "项目产出", "项目效益",
                "数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标")  # fmt: skip
# "服务对象满意度": the level-2 label without its 指标, or a name; a name after it makes it the label
_SUBLABEL = regex.compile(r"^服务对象满意度$")
_POINTS_MAX = Decimal(100)
# The kinds that are words, not figures or blanks.
WORDS = frozenset({"text", "template", "marked", "sentence", "rule", "level1", "level2", "level12", "sublabel", "cut_label", "band"})
LABELS = frozenset({"level1", "level2", "level12"})
_LEADING_ZERO = regex.compile(r"^[≥≧≤≦<>=﹦═]*0\d")
_FIGURES = regex.compile(r"[≥≧≤≦<>=﹦═]*\.?\d[\d.,%]*")  # (".32.06.5": amounts that lost their integer parts)
_TEMPLATE = regex.compile(r"^(?:指标\s*\d{1,2}\s*[:：]?|任务\s*\d{1,2}\s*[:：]?)(?:…+|\.{3,})?$")  # (with the template's dots: "指标2……")
_SENTENCE = regex.compile(r"[。；;]")
_RULE = regex.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]|得\s*\d+(?:\.\d+)?\s*分|扣\s*\d+(?:\.\d+)?\s*分|不得分")
_OCR_FIGURE = regex.compile(r"(?=.*[OolI])(?:(?=.*\d)|(?=[lI][Oo]))[\dOolI]{2,4}")
_LOOKALIKES = str.maketrans("OolI", "0011")
_MARKED = regex.compile(r"^(?:指标|任务)\s*\d{1,2}\s*[:：]\s*\S")
_BARE_NUMBER = regex.compile(r"[\d.,]+分?")


@dataclass(frozen=True, slots=True)
class Atom:
    """One cell of a decoded region: its text, what it holds, and how it is set apart."""

    text: Mapped
    gap: Gap
    width: int
    kind: str  # blank, number, percent, quantity, comparator, unit, level1, level2, band, template, sentence, text
    quantity: Quantity | None = None
    column: int = -1
    grid: bool = False
    first: int = -1  # index of its first piece
    fixed: bool = False  # a cell of a real grid: its column can be trusted
    held: bool = False  # an empty cell a delimited row prints between two filled ones: it holds a column
    tight: bool = False  # in the column right after the cell before it (its line prints every empty cell)
    cued: bool = False  # glued, the words say a new cell opens here: a likelier cell edge than a guess

    @property
    def value(self) -> str:
        """The reading text."""
        return self.text.text

    @property
    def points(self) -> bool:
        """A bare number that can be a 分值 or 得分 (0 to 100, no unit but 分)."""
        q = self.quantity
        return (
            q is not None and self.kind == "number" and q.unit in ("", "分") and not q.comparator and q.places <= 2
            and Decimal(0) <= q.value <= _POINTS_MAX
        )  # fmt: skip


ITEM_MARK = r"[1-9]、"  # a list's or a glued page's number
_ITEM_MARK = regex.compile(ITEM_MARK)


def kind_of(text: str, q: Quantity | None) -> str:
    """What a cell's text can be, on its own."""
    if len(text) > _KIND_CACHED:
        return _kind_of(text, q)
    return _kind_of_short(text, None if q is None else (q.unit, q.comparator, q.approx))


_KIND_CACHED = 40  # a longer text is prose, read afresh: the cache keeps cells


@functools.lru_cache(maxsize=4096)
def _kind_of_short(text: str, q: tuple[str, str, bool] | None) -> str:
    # NOTE: a cell's kind is read once per text and what its number's unit says (cells repeat)
    return _kind_of(text, None if q is None else _Unit(*q))


@dataclass(frozen=True, slots=True)
class _Unit:
    """What `_kind_of` reads of a quantity."""

    unit: str
    comparator: str
    approx: bool


def _kind_of(text: str, q: Quantity | _Unit | None) -> str:
    if text in ("……", "…", "...", "......"):
        return "template"  # the template's "……" row under its "指标2："
    if text in BLANK_TEXTS:
        return "blank"
    if _ITEM_MARK.fullmatch(text):
        return "mark"  # "2、": a list's or a glued page's number, no cell's figure
    if _LEADING_ZERO.match(text):
        return "invalid"  # "0100%": a glued run cut in the wrong place
    if q is None and _FIGURES.fullmatch(text):
        return "figures"  # digits that hold several numbers glued together
    if _COMPARATOR.match(text):
        return "comparator"
    if _UNIT.match(text) and q is None:
        return "unit"
    if q is not None:
        if q.unit == "%" and not q.comparator:
            return "percent"
        if q.unit in ("", "分") and not q.comparator and not q.approx and _BARE_NUMBER.fullmatch(text):
            return "number"
        return "quantity"
    if LEVEL2.match(text):
        return "level12" if LEVEL1.match(text) else "level2"  # "满意度指标" is either
    if LEVEL1.match(text):
        return "level1"
    if _SUBLABEL.match(text):
        return "sublabel"
    if len(text) >= 3 and any(w.startswith(text) for w in _LABEL_WORDS):
        return "cut_label"  # "数量指", "项目决": a label a narrow column cut, its rest on the lines below
    if _BAND.match(text):
        return "band"
    if _TEMPLATE.match(text):
        return "template"
    if _MARKED.match(text):
        return "marked"  # "任务1：病历文书完成及时率": a name opened by its numbering
    if _RULE.search(text) and len(text) > 12:
        return "rule"  # a scoring rule: "年度工作计划齐全且能落地(3分)", "…得8分"
    if _SENTENCE.search(text) or len(text) > 40:
        return "sentence"
    return "text"


def atom(text: Mapped, gap: Gap, width: int, column: int = -1, grid: bool = False, first: int = -1, fixed: bool = False) -> Atom:
    """One cell from its reading text."""
    s = text.text.strip()
    q = read_cell(text) if s and s not in BLANK_TEXTS and any(c.isdigit() for c in s) else None
    if q is None and _OCR_FIGURE.fullmatch(s):
        # "IO" under 得分 is 10 as OCR read it: a figure of its digits' kind, at its printed place
        s = s.translate(_LOOKALIKES)
        q = read_cell(Mapped(s, text.offsets, text.anchor))
    if q is not None and len(q.unit) > 2 and q.unit not in MONEY_UNITS:
        q = None  # "2022年末以前": a date in a phrase, not a quantity
    return Atom(text, gap, width, kind_of(s, q), q, column, grid, first, fixed)


def extended(a: Atom, rest: Iterable[Mapped]) -> Atom:
    """The cell with the rest of its text joined on (a wrapped cell's tail), read again in its place."""
    return atom(Mapped.join((a.text, *rest)), a.gap, a.width, a.column, a.grid, a.first, a.fixed)


def _parts(gap: Gap, width: int, cell_gap: tuple[Gap, int]) -> bool:
    """Whether a separator parts two cells under the header's cell separator."""
    return gap > cell_gap[0] if gap != cell_gap[0] else width >= cell_gap[1]


def atoms(ps: Sequence[Piece], start: int, end: int, cell_gap: tuple[Gap, int], width: int = 0) -> list[Atom]:
    """The cells of pieces[start:end]: pieces parted by less than the cell separator are one cell.

    `width` is the header's number of columns: the empty cells a grid row prints past it (and
    one more, a label merged down the left) are its padding, not cells.
    """
    out: list[Atom] = []
    group: list[int] = []

    def flush() -> None:
        if not group:
            return
        first = ps[group[0]]
        text = Mapped.join(ps[k].text for k in group) if len(group) > 1 else first.text
        out.append(atom(text, first.gap, first.width, first.column, first.grid, group[0], first.fixed))
        group.clear()

    for k in range(start, end):
        p = ps[k]
        if group:
            q = ps[group[-1]]
            if p.grid and q.grid and cell_gap[0] > Gap.GLUED:  # a grid says where its cells end, line breaks or not
                new_cell = (p.block, p.row, p.column) != (q.block, q.row, q.column)
            else:
                new_cell = _parts(p.gap, p.width, cell_gap)
            if new_cell:
                flush()
        group.append(k)
        if p.grid and not p.value:
            flush()  # an empty grid cell is a cell of its own
    flush()
    return _unpadded(out, ps, width + 1 if width else 0)


def _unpadded(xs: list[Atom], ps: Sequence[Piece], keep_width: int) -> list[Atom]:
    """Without the empty cells that pad a grid row after its last filled cell ("| a | b | ||||")."""
    keep = [True] * len(xs)
    n = len(xs)
    i = 0
    while i < n:
        j = i + 1
        key = (ps[xs[i].first].block, ps[xs[i].first].row) if xs[i].grid else None
        while j < n and key is not None and xs[j].grid and (ps[xs[j].first].block, ps[xs[j].first].row) == key:
            j += 1
        if key is not None and j - i >= 2:  # a row of one empty cell is a cell printed empty
            k = j
            while k > i and xs[k - 1].kind == "blank" and not xs[k - 1].value:
                k -= 1
            for m in range(max(k, i + 1, i + keep_width), j):
                keep[m] = False
        i = j
    return [a for a, k in zip(xs, keep, strict=True) if k]


COMPARED = regex.compile(r"[≥≧≤≦<>=﹦═]+\d")


def into_figure(a: Atom, b: Atom) -> bool:
    """Words running on into a figure, or a figure running on into words ("30" + "预算编制…", "人" + "237")."""
    if not a.value[-1:].isdigit() and (b.value[:1].isdigit() or COMPARED.match(b.value)):
        return True  # "…合格率" + "≥100": a name does not run on into a target's comparator either
    return a.kind in ("number", "quantity", "percent") and b.kind in WORDS
