"""Grades: the bands a report states for itself, the grades it gives, the total scores it quotes.

Band statements come in many shapes ("得分≥85分为优秀；75≤得分＜85分为良好", "自评分90（含）-100分
为优秀", "60分以下为差"); each clause is read as one label and the lowest score that earns it.
Only the lower bounds matter: bands are half-open with inclusive lower bounds, so an integer
form "80–89分为良" leaves 89.5 in 良, as the domain rules require.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor.facts.prose import texts
from auditor.facts.types.prose import GradeBand, GradeScale, Grading, StatedGrade
from auditor.report.model import Mapped, Report
from auditor.report.numbers import Quantity, decimals

GRADE_WORDS = "优秀|良好|中等|一般|不合格|不及格|合格|及格|较差|优|良|中|差"
_LABEL = regex.compile(rf"(?:{GRADE_WORDS})")
_CLAUSE = regex.compile(r"[;；,，、。]")
_NUMBER = regex.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_DIGIT = regex.compile(r"\d")
_UPPER_BEFORE = regex.compile(r"(<|≤|<=|不足|低于|不到|小于)\s*$")
_LOWER_BEFORE = regex.compile(r"(>|≥|>=|不低于|大于等于)\s*$")
_AFTER = regex.compile(r"^\s*分?\s*(\(含\))?\s*(?P<word>及以上|以上|及以下|以下|[-~—–至到](?=\s*\d)|≤|<|<=)?")
# A grade the report gives itself: "绩效评价等级为“优秀”", "结果为优，", "评为良好".
_STATED_GRADE = regex.compile(
    r"(?:等级|等次|结果|结论|评级|评定|评为)(?:为|是|:|评定为|确定为)?\s*[“\"'「『]?"
    rf"(?P<label>{GRADE_WORDS})[”\"'」』]?(?:(?!\p{{Han}})|(?=等次|等级|级))"
)
# A total score the report quotes: "最终得分96分", "自评得分为 95.58", "综合得分：88.5分" (not an
# item's: "该项指标评价得分12"; nor a year a heading runs into, glued: "(一)自评得分2022年度…").
_STATED_SCORE = regex.compile(
    r"(?:(?<!指标)(?:最终|最后|综合|自评|评价|合计|总)总?得分|(?:自评|评价|综合|最终)总分|自评分(?=为|是|:)"
    r"|(?:综合|最终|自评|总)评分(?=为|是|:|达)|(?:(?<=^|[,;:。\s])|本|该|此)项目(?:自评|绩效)?得分)"
    r"(?:为|是|:|达到|达)?\s*(?P<num>\d+(?:\.\d+)?)(?!\s*(?:\(含\)|[-~—–至到%.\d年月]|以上|以下))"
)


# "良好（78分）": the score the grade was given for, in brackets after it (not a band's "（90分）、").
_SCORE_AFTER = regex.compile(r"\s*[(（]\s*(?:得分|总分)?\s*(?P<num>\d+(?:\.\d+)?)\s*分\s*[)）](?!\s*[、/])")


def _bound(clause: str) -> tuple[str, Decimal] | None:
    """One band clause: its label and inclusive lower bound, or None when it is not one."""
    labels = _LABEL.findall(clause)
    if len(set(labels)) != 1 or "%" in clause:
        return None  # "满意度90%以上为优秀" rates an indicator, not the total score
    numbers = list(_NUMBER.finditer(clause))
    if not numbers:
        return None
    lower: Decimal | None = None
    upper = False
    for m in numbers:
        value = Decimal(m.group())
        before = clause[: m.start()]
        after = _AFTER.match(clause[m.end() :])
        word = after["word"] if after else None
        if (
            _UPPER_BEFORE.search(before)
            or word in ("以下", "及以下")
            or before.rstrip().endswith(("-", "~", "—", "–", "至", "到"))
        ):
            upper = True
        elif _LOWER_BEFORE.search(before) or word is not None:
            lower = value if lower is None else max(lower, value)
    if lower is None and upper:
        lower = Decimal(0)
    return (labels[0], lower) if lower is not None else None


def _scales(text: Mapped) -> Iterator[GradeScale]:
    """Runs of two or more consecutive band clauses with distinct labels and bounds."""
    # NOTE: a text with no grade word or no digit has no band clause; most prose and cells are skipped whole.
    if not _LABEL.search(text.text) or not _DIGIT.search(text.text):
        return
    run: list[tuple[str, Decimal, int, int]] = []
    start = 0
    pieces = [(m.start(), m.end()) for m in _CLAUSE.finditer(text.text)] + [(len(text.text), len(text.text))]
    for cut, nxt in pieces:
        clause = text.text[start:cut]
        found = _bound(clause)
        if found is not None:
            run.append((*found, start, cut))
        else:
            yield from _scale(text, run)
            run = []
        start = nxt
    yield from _scale(text, run)


def _scale(text: Mapped, run: list[tuple[str, Decimal, int, int]]) -> Iterator[GradeScale]:
    labels = [r[0] for r in run]
    lowers = [r[1] for r in run]
    if len(run) < 2 or len(set(labels)) != len(labels) or len(set(lowers)) != len(lowers):
        return
    if len(run) < 3 and min(lowers) != 0:
        return  # two clauses that do not reach down to 0 are more likely prose than a scale
    bands = tuple(sorted((GradeBand(label, lower) for label, lower, _, _ in run), key=lambda b: -b.lower))
    yield GradeScale(bands, text.span(run[0][2], run[-1][3]))


# What follows a grade word in a list of bands rather than a verdict: "优秀（90分以上）、良好…".
_LISTING = regex.compile(r"^[”\"'」』]?\s*(?:[、/]|[(（]\s*\d|[≥>:：]?\s*\d)")
_LISTING_AT = regex.compile(_LISTING.pattern.removeprefix("^"))  # the same, matched at a position
_SENTENCE_STOP = regex.compile(r"[。;!?]")


def stated_label(text: Mapped) -> tuple[str, int, int] | None:
    """The grade word a cell opens with ("优", "良好（88分）"), with its offsets, or None."""
    m = regex.match(rf"\s*(?P<label>{GRADE_WORDS})(?!\p{{Han}})", text.text)
    return (m["label"], m.start("label"), m.end("label")) if m else None


def _quantity(text: Mapped, m: regex.Match) -> Quantity:
    num = m["num"]
    return Quantity(Decimal(num), decimals(num), "分", text.span(m.start("num"), m.end("num")), num)


def grading(report: Report) -> Grading:
    """Stated grade bands (prose and table notes), prose grades and prose total scores."""
    scales = [s for text in texts(report) for s in _scales(text)]
    grades: list[StatedGrade] = []
    scores: list[Quantity] = []
    for paragraph in report.paragraphs:
        text = paragraph.text
        found = [_quantity(text, m) for m in _STATED_SCORE.finditer(text.text)]
        scores.extend(found)
        # NOTE: positions looked up by bisection, not by a scan per grade word (quadratic in a
        # paragraph of thousands of them); the scores are in text order.
        ends = [q.span.end for q in found]
        stops: list[int] | None = None  # where sentences end, found at the first grade word
        for m in _STATED_GRADE.finditer(text.text):
            after = _SCORE_AFTER.match(text.text, m.end())
            if after is None and _LISTING_AT.match(text.text, m.end("label")):
                continue
            if after is not None:
                last = _quantity(text, after)  # "自评结果为良好（78分）": the score the grade is for
                scores.append(last)
            else:
                before = found[: bisect_right(ends, text.span(m.start(), m.end()).start)]
                stops = stops if stops is not None else [x.start() for x in _SENTENCE_STOP.finditer(text.text)]
                stop = bisect_left(stops, m.start())
                sentence_start = stops[stop - 1] if stop else -1
                near = bool(before) and before[-1].span.start >= text.span(sentence_start + 1).start
                last = before[-1] if near else None
            grades.append(StatedGrade(m["label"], text.span(m.start("label"), m.end("label")), last))
    return Grading(tuple(scales), tuple(grades), tuple(scores))
