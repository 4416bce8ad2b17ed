"""Blemishes in the text: template instructions left in, doubled characters, garbles, a year left
as 20xx or cut short, overlapping bands, odd units, and amounts printed without a unit.

Each detector is a general rule with a narrow trigger (a year followed by 的度, a decimal
followed by a character that is no unit), so that ordinary report prose never matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

import regex

from auditor.facts.types.prose import Blemish
from auditor.report.model import Mapped, Report, Span

_INSTRUCTION = regex.compile(
    r"[(（]\s*(?:限|不超过|不少于)?\s*\d{2,4}\s*字(?:以内|以下|左右)?\s*[)）]"
    r"|请(?:简要|详细|如实|逐项|分别|在此)?(?:说明|填写|列明|注明|描述|阐述|概述|填报)"
    r"|默认显示|提示信息|此处填写|点击(?:此处)?输入"
)
_NOTE_LABEL = regex.compile(r"^(?:说明|备注|填表说明|注|填报说明)[:：]?")
# Characters that do not double in prose, with the neighbours that make a doubling legitimate:
# 目的|的确 (目的的实现, 有的的确), 现在|在在, 以及|及时, 参与|与否, 以上|上报, 上上级/上上个月.
_NO_DOUBLE = {
    "的": ("目端有", "确"),
    "在": ("现存正实所自内好", ""),
    "与": ("参给赋", ""),
    "及": ("以涉普波企", "时格早"),
    "把": ("", "关"),
    "被": ("", ""),
    "从": ("服自听", ""),
    "而": ("然因反继进", ""),
    "或": ("", ""),
    "于": ("", ""),
    "之": ("", ""),
    "按": ("", ""),
    "各": ("", ""),
    "已": ("", ""),
    "未": ("尚", ""),
    "我": ("自", ""),
    "上": ("", "报级年半述交缴门涨升调线岗墙传网市课月周次届个签策下期"),
}
_X_MU = set("项题节科栏条细数要名书")
# NOTE: every placeholder and fill-in pattern below needs one of these letters; a text without any skips both scans.
_X_MARK = regex.compile(r"[xX×ｘＸ]")
_DOUBLED = regex.compile(r"(\p{Han})\1")
_ABAB = regex.compile(r"(\p{Han}{2})\1")
_ABAB_OK = {
    "研究研究", "学习学习", "讨论讨论", "商量商量", "了解了解", "休息休息", "考虑考虑", "打扫打扫",
    "整理整理", "锻炼锻炼", "活动活动", "交流交流", "检查检查", "一个一个", "一次一次", "一步一步",
    "一年一年", "一天一天", "一点一点", "一件一件", "一项一项", "一批一批", "一条一条",
}  # fmt: skip
_YEAR_DU = regex.compile(r"(?<!\d)((?:19|20)\d{2})的度")
# A year left as the template's placeholder: "20xx年度", "〔20XX〕", "xx年度" (never a site's "**" mask).
_YEAR_PLACEHOLDER = regex.compile(r"(?<![A-Za-z\d×])(?:20[xX×ｘＸ]{2}(?![A-Za-z])|[xX×]{2,4}(?=\s*年(?!级)))")
# A name or a figure the template left to fill in: "XX镇", "××社区", "X月X日", "××万元", "XX%".
# One letter stands for a digit only in a date; a name or an amount needs the letter twice.
_FILL_IN = regex.compile(
    r"(?<![A-Za-z\d])(?:[xX×]{2,}(?:省|市|县|区|镇|乡|村|街道|社区|局|委|办|中心|公司|单位|学校|医院|项目|工程"
    r"|\s*(?:万元|亿元|元|%|个|人|项|户))|[xX×]{1,2}\s*月\s*[xX×]{1,2}\s*日)"
)
# A date whose year lost a digit: "202年1月11日".
_SHORT_YEAR = regex.compile(r"(?<![\d.])(?:19|20)\d年(?=\s*\d{1,2}\s*月)")
# Fixed pairs that share their first character: "量、定性" lost the 定 of 定量.
_PAIRS = (("定量", "定性"), ("定性", "定量"), ("事前", "事中"), ("事中", "事后"), ("线上", "线下"))
_PAIR_RES = tuple(
    (regex.compile(rf"(?<!{a[0]}){a[1]}(?P<sep>[、和与及])(?={b})"), a, b) for a, b in _PAIRS
)
_AFTER_DECIMAL_OK = set(
    "万亿千百十元角分%‰倍个人次项件册户家所台套座年月日天时秒米吨斤克升度平方亩栋间张本辆架只头棵株号届轮季周成折期批"
    "条篇份名位场处块幅笔单宗例级点版寸尺里斗瓦伏码兆字页层段节课门的为是和与及至到或以余多左右美港欧英毫厘微纳立标岁部"
    "片盒包袋箱瓶桶罐支根粒颗把对双副组类种公海千"
)
_DECIMAL_THEN_HAN = regex.compile(r"(?<![\d.])\d+\.\d+(?P<char>\p{Han})")
_ODD_UNIT = regex.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?P<unit>百分比|%%|％%)")
_BAND = regex.compile(
    r"(?P<lo>\d+(?:\.\d+)?)%?\s*(?:\(含\)|（含）)?\s*(?:以上|及以上)?\s*(?:不到|不足|-|－|~|～|至|到)\s*(?P<hi>\d+(?:\.\d+)?)%"
)
_MONEY_WORD_NUMBER = regex.compile(
    r"(?:预算|资金|经费|支出|支付|到位|拨付|安排|投入|批复|下达|核定|调整为)(?:数|金额|资金)?(?:为|是|共计|合计|共|:)?"
    r"(?P<num>\d{3,}(?:\.\d+)?|\d+\.\d+)(?=[,。;、)]|$)(?!,\d{3}(?!\d))"  # not the head of "463,142万元"
)


def _texts(report: Report) -> Iterator[tuple[Mapped, bool]]:
    """Every paragraph and cell, and whether it is a note (说明：…) rather than content."""
    for paragraph in report.paragraphs:
        yield paragraph.text, bool(_NOTE_LABEL.match(paragraph.text.text))
    for table in report.tables:
        for row in table.rows:
            filled = [c for c in row.cells if len(c.value) > 1]  # one character holds no wording
            note_row = bool(filled) and bool(_NOTE_LABEL.match(row.nonblank()[0].value))
            for cell in filled:
                yield cell.text, note_row or bool(_NOTE_LABEL.match(cell.value))


def _doubles(text: Mapped) -> Iterator[Blemish]:
    s = text.text
    for m in _DOUBLED.finditer(s):
        char, at = m[1], m.start()
        after = s[m.end() : m.end() + 1]
        before = s[at - 1 : at]
        if after == char or before == char:
            continue  # three in a row is something else
        if s[m.end() : m.end() + 2][:1] and _DOUBLED.match(s[m.end() : m.end() + 2]):  # NOTE: the same pattern, compiled once
            continue  # AABB reduplication: 的的确确, 上上下下
        if before and s[at - 2 : at - 1] == before:
            continue  # the BB of an AABB
        if char not in _NO_DOUBLE or not text.contiguous(at, m.end()):
            continue  # "及时 及时": two cells of a flattened table, not a typo
        bad_before, bad_after = _NO_DOUBLE[char]
        # "项目的的管理" is a typo although "目的的实现" is not: 项目, 题目, 科目 end in 目 too.
        x_mu = char == "的" and before == "目" and s[at - 2 : at - 1] in _X_MU
        if ((before and before in bad_before) or (after and after in bad_after)) and not x_mu:
            continue
        yield Blemish("doubled", text[at : m.end()], char)
    for m in _ABAB.finditer(s):
        word = m.group()
        if word in _ABAB_OK or "一" in m[1] or m[1][0] == m[1][1] or not text.contiguous(m.start(), m.end()):
            continue  # "长效 长效": a target and its actual side by side in a flattened row
        if s[m.end() : m.end() + 1].isdigit():
            continue  # "数量指标指标1…": a glued table's label, then its next cell's numbered item
        yield Blemish("doubled", text[m.start() : m.end()], m[1])


def _bands(text: Mapped) -> Iterator[Blemish]:
    """Consecutive rate bands that overlap ("78%以上不到90%" then "70%以上不到80%")."""
    found = [(Decimal(m["lo"]), Decimal(m["hi"]), m) for m in _BAND.finditer(text.text)]
    for (lo1, hi1, m1), (lo2, hi2, m2) in pairwise(found):
        if not (lo1 < hi1 and lo2 < hi2) or lo1 == lo2:
            continue
        overlap = hi2 > lo1 if lo2 < lo1 else lo2 < hi1
        if not overlap:
            continue
        edge = m2["hi"] if lo2 < lo1 else m2["lo"]
        suggestion = m1.group().replace(m1["lo"] if lo2 < lo1 else m1["hi"], edge, 1)
        yield Blemish("band_overlap", text[m1.start() : m1.end()], suggestion, (text.span(m2.start(), m2.end()),))


def blemishes(report: Report) -> list[Blemish]:
    """Template instructions, doubled characters, garbles and overlapping bands."""
    out: list[Blemish] = []
    for text, note in _texts(report):
        s = text.text
        found = list(_INSTRUCTION.finditer(s))
        if found:
            kind = "note_instruction" if note else "instruction"
            out.append(Blemish(kind, text[found[0].start() : found[-1].end()]))
        out.extend(_doubles(text))
        # NOTE: each scan below runs only when the text holds a character its pattern requires
        # (的度, an x, 年, the pair's second word, a decimal point, %); the same matches, fewer scans.
        if "的度" in s:
            for m in _YEAR_DU.finditer(s):
                out.append(Blemish("year_du", text[m.start() : m.end()], f"{m[1]}年度"))
        if _X_MARK.search(s):
            for m in _YEAR_PLACEHOLDER.finditer(s):
                out.append(Blemish("year_placeholder", text[m.start() : m.end()]))
            for m in _FILL_IN.finditer(s):
                out.append(Blemish("fill_in", text[m.start() : m.end()]))
        if "年" in s:
            for m in _SHORT_YEAR.finditer(s):
                out.append(Blemish("short_year", text[m.start() : m.end() - 1]))
        for pattern, first, second in _PAIR_RES:
            if second in s:
                for m in pattern.finditer(s):
                    out.append(Blemish("pair", text[m.start() : m.end() + len(second)], f"{first}{m['sep']}{second}"))
        if "." in s:
            for m in _DECIMAL_THEN_HAN.finditer(s):
                if m["char"] not in _AFTER_DECIMAL_OK and text.contiguous(m.start(), m.end()):
                    out.append(Blemish("unit_char", text[m.start() : m.end()], m["char"]))
        if "%" in s or "百分比" in s:
            for m in _ODD_UNIT.finditer(s):
                out.append(Blemish("odd_unit", text[m.start() : m.end()], m["unit"]))
        if "%" in s:
            out.extend(_bands(text))
    return out


def missing_units(report: Report) -> list[Span]:
    """Amounts printed after a money word with no 元/万元 ("预算30000，实际支付17980，")."""
    out: list[Span] = []
    for paragraph in report.paragraphs:
        text = paragraph.text
        for m in _MONEY_WORD_NUMBER.finditer(text.text):
            out.append(text.span(m.start("num"), m.end("num")))
    return out
