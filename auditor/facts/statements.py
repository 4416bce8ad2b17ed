"""Statements a reviewer weighs in the prose: weights listed in a sentence, results written as
targets, and a fund-execution section that gives no figure.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import regex

from auditor.facts.prose import split_sentences
from auditor.facts.types.prose import SilentSection, TargetAsResult, WeightStatement
from auditor.report.model import Mapped, Report, Table
from auditor.report.numbers import Quantity, decimals

# "指标权重统一设置为：产出指标50%、效益指标30%、服务对象满意度指标10%"
_WEIGHT_INTRO = regex.compile(r"(?:权重|分值)[^。;；]{0,12}?(?:设置为|设定为|确定为|为|:|：)")
_WEIGHT_ITEM = regex.compile(
    r"(?P<label>\p{Han}{0,10}?(?:产出|效益|效果|满意度|预算执行|执行率|资金执行)\p{Han}{0,6}?)"
    r"\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|分)"
)
_KIND = (("budget", regex.compile(r"预算执行|执行率|资金执行")), ("satisfaction", regex.compile(r"满意")),
         ("output", regex.compile(r"产出")), ("outcome", regex.compile(r"效益|效果")))  # fmt: skip
_BRACKETS = regex.compile(r"[(（][^()（）]*[)）]")


def weight_statements(report: Report) -> list[WeightStatement]:
    """Level-1 weights listed in one sentence, with what they add up to."""
    out: list[WeightStatement] = []
    for paragraph in report.paragraphs:
        if not _WEIGHT_INTRO.search(paragraph.text.text):
            continue
        for sentence in split_sentences(paragraph.text):
            s = sentence.text
            intro = _WEIGHT_INTRO.search(s)
            if intro is None:
                continue
            plain = _BRACKETS.sub(lambda m: "\0" * len(m.group()), s)
            items: list[tuple[str, Quantity]] = []
            kinds: set[str] = set()
            for m in _WEIGHT_ITEM.finditer(plain, intro.end()):
                kind = next((k for k, p in _KIND if p.search(m["label"])), "")
                if not kind or kind in kinds:
                    items = []
                    break
                kinds.add(kind)
                piece = sentence[m.start("num") : m.end("unit")]
                items.append((m["label"], Quantity(Decimal(m["num"]), decimals(m["num"]), m["unit"], piece.span(), piece.text)))
            if len(items) >= 3:
                total = sum((q.value for _, q in items), Decimal(0))
                out.append(WeightStatement(tuple(items), sentence.span(intro.start(), len(s)), total))
    return out


# A result stated as a target: "群众满意度≥95%", "满意度95%以上" where the report says what was achieved.
_COMPLETION_SECTION = regex.compile(r"完成情况|实现情况|完成值|实际完成|绩效分析|指标分析|效益分析")
_AS_TARGET = regex.compile(
    r"(?P<subject>\p{Han}{0,12}?(?:满意度|满意率|率|水平|比例))\s*(?:提升|提高|保持|达到|达|为)?\s*"
    r"(?P<value>(?:≥|>=|≧|不低于|不少于)\s*\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%\s*(?:及)?以上)"
)
_TARGET_WORDS = regex.compile(r"目标|指标值|要求|计划|预期|力争|确保|标准|控制在")
# NOTE: compiled once: every pair of equal neighbouring cells asks.
_RANGE_CELL = regex.compile(r"(?:≥|>=|≧)\s*\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%\s*(?:及)?以上")
_RATE_NAME = regex.compile(r"满意|率")


def targets_as_results(report: Report) -> list[TargetAsResult]:
    """Results written as targets: in the prose that reports what was achieved, and in result cells."""
    out: list[TargetAsResult] = []
    for paragraph in report.paragraphs:
        if not any(_COMPLETION_SECTION.search(h) for h in paragraph.section):
            continue
        for sentence in split_sentences(paragraph.text):
            for m in _AS_TARGET.finditer(sentence.text):
                if _TARGET_WORDS.search(sentence.text[: m.start("value")]):
                    continue
                subject = m["subject"]
                out.append(TargetAsResult(sentence[m.start() : m.end()], subject, "满意" in subject))
    for table in report.tables:
        out.extend(_copied_ranges(table))
    return out


def _copied_ranges(table: Table) -> list[TargetAsResult]:
    """A row whose result cell repeats its target range ("项目建设单位满意度 | ≥90% | ≥90% |")."""
    out: list[TargetAsResult] = []
    for row in table.rows:
        cells = row.nonblank()
        for left, right in pairwise(cells):
            if right.column != left.column + 1 or left.value != right.value:
                continue
            if not _RANGE_CELL.fullmatch(left.value):
                continue
            names = [c.value for c in cells if c.column < left.column]
            name = names[-1] if names else ""
            if _RATE_NAME.search(name):
                text: Mapped = right.text
                out.append(TargetAsResult(text, name, "满意" in name))
    return out


# A section on how the money was spent: "2.项目资金执行情况分析", "（二）资金使用情况".
_EXECUTION_HEADING = regex.compile(r"资金(?:执行|使用|支出|支付)情况|预算执行情况|支出情况")
_FIGURE = regex.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:%|万元|元|亿元)|百分之")


def silent_sections(report: Report) -> list[SilentSection]:
    """Fund-execution sections whose text gives neither an amount nor a rate."""
    out: list[SilentSection] = []
    headings = report.headings
    for n, h in enumerate(headings):
        if not _EXECUTION_HEADING.search(h.text.text) or _FIGURE.search(h.text.text):
            continue
        end = next((x.span.start for x in headings[n + 1 :] if x.level <= h.level), len(report.text) + 1)
        if any(h.span.end <= x.span.start < end for x in headings[n + 1 :]):
            continue  # sub-sections carry the figures
        tables = [t for t in report.tables if h.span.end <= t.span.start < end]
        body = [p for p in report.paragraphs if h.span.end <= p.span.start < end]
        if tables or not body or any(_FIGURE.search(p.text.text) for p in body):
            continue
        out.append(SilentSection(h.span, body[0].span))
    return out
