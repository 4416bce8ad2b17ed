"""Glued printings: a form whose cells lost every separator ("一级指标二级指标…", "坡面水尺安装长度10≥266米≥266米10").

What is left to read by is the kind of each character run — words, figures — and what the
form's vocabulary and arithmetic allow. This module cuts glued text into *segments*, the
smallest runs a cell boundary can fall between: at every change between words and figures,
between the numbers a run of digits can be read as ("20100%100%20" is 20 | 100% | 100% | 20,
or 20 | 10 | 0% | …), before a category label (数量指标), a template marker (指标1：), a band
word (达成预期指标), the 总分 row and the form's closing words, and where a phrase repeats
("专项使用专项使用": a target and its actual). The decoders then join segments into cells
under the header's columns, choosing the joining that fits best; nothing here decides.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence

import regex

from auditor.facts.decode.cells import (
    ITEM_MARK,
    MANAGED,
    MEASURES,
    POINTS,
    RUBRIC,
    Atom,
    atoms,
    words_pattern,
)
from auditor.facts.decode.digits import number_cuts, repeated_numbers
from auditor.facts.decode.joins import join_labels
from auditor.facts.decode.pieces import Gap, Piece
from auditor.report.model import Mapped

# A figure as a glued form prints it: a comparator, digits, a percent sign or a unit.
# A span is one figure, not 1 | - | 12月: of months, days, ages or batches ("1-12月", "18—54周岁",
# "1-6期"), or of dates ("2021.1.1-12.31").
_SPAN = regex.compile(r"\d{1,3}[-—~～至]\d{1,3}(?:[月日天期岁]|周岁)|\d{4}\.\d{1,2}\.\d{1,2}[-—~～至](?:\d{4}\.)?\d{1,2}\.\d{1,2}")
# Amounts that lost their integer parts (".32.06.5" of 1,234.32 | 1,300.06 | 1,200.5, as a converter
# printed them) open with a point; a point and one figure after words ("…认同.8") is a sentence's end.
# OCR may read a figure's integer part as a capital ("3M.8万元": 3 | M.8万元, of 14.8万元).
_FIGURE_CHARS = regex.compile(
    rf"{_SPAN.pattern}|[≥≧≤≦<>=﹦═]*(?:(?<=\p{{Han}})\.(?=\d{{1,6}}\.\d)|(?<=[\d\p{{Han}}])[A-Z]\.(?=\d))?\d[\d.,%‰]*"
)
# A one-character unit that opens a common word is that word, not the figure's unit: "4项目立项…" is
# 4 | 项目立项…, "10个别事项" 10 | 个别事项, "…204年度绩效目标" …204 | 年度绩效目标 (and 年初…);
# OCR reads 项目's 目 as Latin letters ("7项Fl实施": 7 | 项目实施)
_WORD_AFTER = {"项": "目FHE", "个": "别人体", "次": "年日月", "名": "称单", "家": "庭", "户": "籍", "台": "账", "条": "件例",
               "所": "有属在", "场": "所地", "位": "于", "份": "额", "天": "然", "只": "有是要", "年": "度初"}  # fmt: skip
_UNIT_AFTER = regex.compile(
    rf"(?:{words_pattern((*MEASURES, '年', '月', '日', '分', '百分比', '百分点'))})"
    r"(?<!" + "|".join(f"{unit}(?=[{after}])" for unit, after in _WORD_AFTER.items()) + ")"
)
_POINTS = rf"\s*{POINTS}"
_LABEL = regex.compile(
    rf"(?:项目)?(?:产出|效益|效果|满意度|成本|决策|过程|管理)指标(?:{_POINTS})?|[项顼]目(?:决策|过程|管理|产出|效益){_POINTS}"
    rf"|(?:数量|质量|时效性?|日效性|经济成本|社会成本|生态环境成本|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)指标(?:{_POINTS})?"
    r"|产出(?:数量|质量|时效|成本)(?!指标)"  # a 二级 label some forms print without 指标
    # (the rubric's, where no word runs into them: "结转结余资金管理" is one label)
    rf"|(?<!\p{{Han}})(?:{RUBRIC})"
)
_MARK = regex.compile(r"(?:指标|任务)\s*\d{1,2}\s*[:：]|…{1,2}|\.{3,6}|达成(?:年度|预期)?(?:指标|目标)|部分达成|未达成|已达目标值?|已完成|总分|合计|注\s*[:：]|评价结论")
_PAGE_MARK = regex.compile(r"^\d{1,2}、")
# "任务1:" opens a name, no figure; "达成预期指标88" is a result and its figures, "定量指标90%" a column's word and a figure
_TEMPLATE_MARK = regex.compile(r"(?<!达成(?:年度|预期)?)(?:指标|任务)\s*\d{1,2}(?![\d%.．])\s*[:：]?")
DATE = regex.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末|前|以前|之前|内)?")  # a date is words
_LIST_MARK = regex.compile(r"[(（](?:\d{1,2}|\d+(?:\.\d+)?\s*[A-Za-z]{1,3}[²³]?)[)）]")  # "(1)财政拨款", "搅拌机(11kw)": no figure
# "…100.00%10101.预算执行率=…": a note's number glued to the row's last figure ends the figures
# "…投入管理2、预算执行率…": a list number or a page's number run into the text is words, no figure
_ITEM_NUMBER = regex.compile(rf"(?<![\d.]){ITEM_MARK}(?=\p{{Han}}|$)")
NOTE_NUMBER = r"[1-9][.．、]"  # a note's or an item's number: "1." "2、" (the fund decoder skips it as a cell)
# (a page's number between two percentages, "…相符率100%2、100%…", is no figure either)
_NOTE_NUMBER = regex.compile(rf"(?<=[\d%]){NOTE_NUMBER}(?=\p{{Han}}|$)|(?<=[%％])[1-9]、(?=\d)")


def _repeat_cuts(s: str) -> set[int]:
    """A phrase printed twice or three times at the end of a run: a target, its actual (and the name's end)."""
    cuts: set[int] = set()
    n = len(s)
    for size in range(2, n // 2 + 1):
        x = s[n - size :]
        if s[n - 2 * size : n - size] == x:
            cuts.update({n - 2 * size, n - size})
            if n - 3 * size >= 0 and s[n - 3 * size : n - 2 * size] == x:
                cuts.add(n - 3 * size)
    return {c for c in cuts if 0 < c < n}


def _word_cuts(s: str, after_figure: bool, yes_no: bool) -> set[int]:
    cuts: set[int] = set()
    for m in _COLUMN_WORD.finditer(s):  # 指标性质 and 计量单位 cells: 定量指标, %
        cuts.update({m.start(), m.end()})
    unit = _TRAILING_UNIT.search(s)
    if unit is not None:
        cuts.add(unit.start())  # "…学习次数" + "次": the 计量单位 cell before the figures
    if yes_no and after_figure and s[:1] in "是否":
        cuts.add(1)  # the 是否核心指标 cell of the row before
    at = 2 if s.startswith("指标") and not s[2:3].isdigit() else 0  # a label's tail a space cut: "效益" / "指标经济效益…"
    if at:
        cuts.add(at)
    if (after_figure or at) and (m := _BARE_LABEL.match(s, at)):
        cuts.add(m.end())  # "成本" + "年度财政补贴…": a 二级 label printed without 指标
    if after_figure and (m := _MANAGED.match(s)):
        cuts.add(m.end())  # "政府采购管控" + "执行率": a department-wide form's 二级 label opens the row
    for m in _LABEL.finditer(s):
        cuts.update({m.start(), m.end()})
    # "高高", "是是": a one-character target and its actual, at the run's end or before the next row's label
    for end in (len(s), *(c for c in cuts if c > 2 and s[c - 1] in "是否有无高中低好优良")):
        if len(s) >= 3 and s[end - 1] == s[end - 2] and not s[end - 1].isdigit():
            cuts.update({end - 2, end - 1})
    for m in _FUND_ROW.finditer(s):
        cuts.update({m.start(), m.end()})
    for m in _MARK.finditer(s):
        cuts.update({m.start(), m.end()})
    # "工程完工时限" + "2023年12月" + "2023年10月": a date after words opens a cell
    cuts.update(m.start() for m in DATE.finditer(s, 1))
    if after_figure and s[:1] in "一-—" and not _one_word(s):
        cuts.add(1)  # "一" after a 分值: a dash standing for an empty 指标值 (not "一次性…")
    for m in _DASHES.finditer(s):
        cuts.update({m.start(), m.end()})  # "//" + "单位资金": the empty cells a row ends with, then the next label
    if (opener := _OPENER.search(s)) is not None:
        # "…资金占比" + "小于5%": a target may open with its comparator (or hold words before it:
        # "全年开展宣传" + "不少于2次" is one target, so this is no cue)
        cuts.add(opener.start())
    return {c for c in cuts if 0 < c < len(s)}


def _dash_cell(s: str) -> bool:
    """Whether a word run after a figure opens with a dash that is a cell of its own: "-" or "—"
    before words, or "一" (a dash as OCR reads it) that opens no word with them."""
    return len(s) >= 3 and s[0] in "一-—" and regex.match(r"\p{Han}", s[1]) is not None and not _one_word(s)


def _change_opens(s: str) -> bool:
    """Whether the last character of a word run before a figure is a change standing alone ("增", "减"),
    which opens the cell with the figure ("…有所增加" + "增372人次"), not one that ends a word ("新增")."""
    return len(s) >= 3 and s[-1] in "增减" and _alone(s[-5:], -1)


def _one_word(s: str) -> bool:
    """Whether the run opens with a word that "一" begins: "一次性补助" is one, "一目标清晰" 一 + 目标清晰."""
    return s[:1] == "一" and len(s) >= 2 and not _alone(s[:6], 0)


def _alone(s: str, at: int) -> bool:
    """Whether jieba cuts the character at either end (0 or -1) of a few words as a word of its own (loaded lazily)."""
    from auditor.report.segmenter import cut_words

    return cut_words(s)[at] == s[at]


def cue_cuts(s: str) -> set[int]:
    """The cuts in a word run where the words themselves say one cell ends and the next opens:
    likelier cell edges than a cut anywhere else in the run."""
    cuts = {m.start() for m in _NAME_THEN_TARGET.finditer(s)}  # "…及时率" + "在规定时限内": a name's last word, then a target's first
    cuts.update(m.start() for m in _TARGET_THEN_ACTUAL.finditer(s))  # "依规定公开" + "已按时公开": a result opens with 已, 均已, 增加 …
    cuts |= _repeat_cuts(s)
    # a word that ends one cell and opens the next ("…诊疗服务" + "服务半径扩大"): a word seldom doubles
    cuts.update(m.start() + len(m[1]) for m in _DOUBLED_WORD.finditer(s))
    return {c for c in cuts if 0 < c < len(s)}


_DASHES = regex.compile(r"[/／]{2,}|^[/／—]+|[/／—]+$")
# Where words run on from an indicator's name into its target: a name ends in what it measures
# (…率, …数, …性, …度, …收入, …人次) and a worded target opens with a comparison or a rule.
_NAME_THEN_TARGET = regex.compile(
    r"(?<=[率数性度量额限次入本况比])(?=在\d|有所|高于|低于|不低于|不高于|不少于|不超过|按时|按期|小于|大于|达到|符合|签约率"
    r"|严守|严格|确保|于规定|于项目|于计划|全年)"
    r"|(?<=\p{Han})(?=在规定|较上年|较去年|依规定|依法依规|按规定|未发生|无违规|未超编|保质保量|持续(?:增强|提升|提高|改善|发挥|巩固))"
    # a worded target that closes the run, or comes before the result's band word: what the indicator
    # is to bring about ("…促进作用" + "成效显著" + "达成预期指标")
    r"|(?<=\p{Han}{4})(?=(?:成效|效果|作用|效益)(?:显著|明显|突出|良好)(?:$|已?达成|部分达成|基本达成|未达成))"
)
# …and from a worded target into its worded result: a result says what has been done.
_RESULT_OPENERS = r"已按|已达|已完成|均已|已全部|基本完成|全部完成"  # what a result opens with
_RESULT_START = regex.compile(_RESULT_OPENERS)
_TARGET_THEN_ACTUAL = regex.compile(rf"(?<=\p{{Han}})(?<![均已])(?={_RESULT_OPENERS}|增加收入|减少)")


_FUND_ROW = regex.compile(
    r"年度(?:财政)?资金总额[:：]?|其中[:：]?|(?:当年|本年)财政拨款|上年结转(?:资金)?|其他资金|财政资金|单位资金|"
    r"年度(?:总体)?目标|总体目标|预期目标|年初设定目标|实际完成情况"
)
_BARE_LABEL = regex.compile(r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续性|可持续影响|满意度)(?!指标)")
_MANAGED = regex.compile(MANAGED)
_DOUBLED_WORD = regex.compile(r"(\p{Han}{2,12})\1")  # a word or a phrase: "…创业本领增强" + "创业本领增强"
_COLUMN_WORD = regex.compile(r"定量指标|定性指标|正向指标|反向指标|%")
_OPENER = regex.compile(r"(?:不低于|不少于|不高于|不超过|不大于|不小于|小于|大于|低于|高于|超过|控制在)$")
_TRAILING_UNIT = regex.compile(rf"(?:{words_pattern(MEASURES)})$")


def _runs(s: str) -> Iterator[tuple[int, int, bool]]:
    """Figure runs (with the unit right after) and word runs, in order: (start, end, is_figure).

    A category label with its weight ("产出指标(70分)") is one word run, figures and all.
    """
    at = 0
    labels = [(m.start(), m.end()) for m in _LABEL.finditer(s)]
    marks = [(m.start(), m.end()) for m in _TEMPLATE_MARK.finditer(s)]
    labels += [(m.start(), m.end()) for m in _LIST_MARK.finditer(s)]
    labels += [(m.start(), m.end()) for m in _NOTE_NUMBER.finditer(s)]
    labels += [(m.start(), m.end()) for m in _ITEM_NUMBER.finditer(s)]
    labels += [(m.start(), m.end()) for m in DATE.finditer(s)]
    # "管理指标30" is a label and its weight, not the marker "指标3"
    labels += [(a, b) for a, b in marks if not any(x < b and a < y for x, y in labels)]
    for m in _FIGURE_CHARS.finditer(s):
        if any(a <= m.start() < b for a, b in labels):
            continue
        end = min([m.end(), *(a for a, _ in labels if m.start() < a < m.end())])  # a label inside ends the figures
        # a unit's character that opens a label is the label's ("20" + "日效性指标", 时效 as OCR read it)
        unit = None if any(a == end for a, _ in labels) else _UNIT_AFTER.match(s, end)
        if unit and unit[0] == "分" and not _alone(s[end : end + 6], 0):
            unit = None  # "1" + "分娩床…": 分 opens a word, no score's unit ("10分" + "数量指标" is one)
        if unit:
            end = unit.end()
        if m.start() > at:
            yield at, m.start(), False
        yield m.start(), end, True
        at = end
    if at < len(s):
        yield at, len(s), False


def segments(p: Piece, fine: bool, yes_no: bool = False) -> list[tuple[Mapped, Gap, bool]]:
    """A glued piece cut into segments, each with its gap and whether the words cue its start
    (`cue_cuts`); `fine` also cuts between the numbers of a figure run, `yes_no` after a 是/否
    that opens a word run (a 是否核心指标 column)."""
    s = p.value
    text = p.text
    cuts: set[int] = set()
    likely: set[int] = set()  # cuts a repeat makes likely ("100100": a target and its actual)
    cued: set[int] = set()  # cuts the words say a cell opens at (`cue_cuts`)
    skip_to = 0
    if p.gap >= Gap.LINE and (m := _PAGE_MARK.match(s)):
        skip_to = m.end()  # a document-sharing site's page number ("2、") cut into the text
    after_figure = False
    for i, j, figure in _runs(s):
        if i < skip_to:
            i = skip_to
            if i >= j:
                continue
        cuts.update({i, j})
        if figure:
            if fine and not _SPAN.fullmatch(s, i, j):
                core_end = j
                unit = _UNIT_AFTER.search(s, i, j)
                if unit is not None and unit.end() == j:
                    core_end = unit.start()
                    cuts.add(core_end)
                cuts |= {i + c for c in number_cuts(s[i:core_end])}
                likely |= {i + c for c in repeated_numbers(s[i:core_end])}
        else:
            cue = {i + c for c in cue_cuts(s[i:j])}
            if after_figure and _RESULT_START.match(s, i):
                cue.add(i)  # a result after the target's figure ("1-12月" + "已完成100%")
            if after_figure and _dash_cell(s[i:j]):
                cue.add(i + 1)  # "4" + "一" + "目标清晰…": a 分值, a dash for an empty 指标值, the result
            if j < len(s) and _change_opens(s[i:j]):
                cue.add(j - 1)  # "有所增加" + "增372人次": a result stated as a change and its figure
            cuts |= cue | {i + c for c in _word_cuts(s[i:j], after_figure or i == 0, yes_no)}
            cued |= cue
            # a page's or a list's number run into the text ("…投入管理2、预算执行率"): a piece of its own
            cuts |= {c for m in _ITEM_NUMBER.finditer(s, i, j) for c in (m.start(), m.end())}
        after_figure = figure
    points = sorted(c for c in cuts if skip_to <= c <= len(s))
    if not points or points[0] != skip_to:
        points = [skip_to, *points]
    if points[-1] != len(s):
        points.append(len(s))
    out: list[tuple[Mapped, Gap, bool]] = []
    for k, (a, b) in enumerate(itertools.pairwise(points)):
        if b > a:
            # NOTE: a likely cut is marked as a zero-width space, so that no digit-split cost applies to it
            # a page of a document-sharing site breaks anywhere, mid-word too: no evidence of a cell's edge
            first = Gap.GLUED if skip_to else p.gap
            out.append((text[a:b], first if k == 0 else Gap.SPACE if a in likely else Gap.GLUED, a in cued))
    return out


def glued_pieces(ps: Sequence[Piece], start: int, end: int, fine: bool, yes_no: bool = False) -> tuple[list[Piece], set[int]]:
    """The pieces of a glued region cut into segments, each a piece of its own, and the indices of
    those the words cue the start of."""
    out: list[Piece] = []
    cued: set[int] = set()
    for p in ps[start:end]:
        for text, gap, cue in segments(p, fine, yes_no):
            if cue:
                cued.add(len(out))
            out.append(Piece(text, gap, p.width if gap == p.gap else 0, p.block, p.row, p.column, p.grid))
    return out, cued


def glued_cells(ps: Sequence[Piece], start: int, end: int, cell_gap: tuple[Gap, int], fine: bool, yes_no: bool = False) -> list[Atom]:
    """The cells a glued region's segments make, a label's parts joined (a region not glued: its pieces' cells)."""
    if cell_gap[0] != Gap.GLUED:
        return atoms(ps, start, end, cell_gap)
    segs, cued = glued_pieces(ps, start, end, fine, yes_no)
    cells = atoms(segs, 0, len(segs), cell_gap)
    return join_labels([dataclasses.replace(a, cued=True) if a.first in cued else a for a in cells])
