"""Execution rates as a reviewer gathers them: every rate a fund table or the prose gives, and
the sentences that deny any deviation between spending and budget.
"""

from __future__ import annotations

import regex

from auditor.facts.prose import glued_sections, split_sentences, texts
from auditor.facts.types.form import Form
from auditor.facts.types.prose import Execution, ExecutionRate, ProseFigure
from auditor.report.model import Report, Span
from auditor.report.numbers import rate_of

# An outline marker opening a later paragraph: the report has moved on to another section.
_INLINE_SECTION = regex.compile(r"[。；;！!？?]\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.](?!\d))")
_SECTION = regex.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.](?!\d))")
# "执行数与预算数不存在较大偏差", "预算执行无偏差", "支出与预算基本一致".
_DENIAL = regex.compile(
    r"(?:不存在|没有|无|未出现|未发生)(?:较大|明显|重大|大的)?的?偏差|基本一致|完全一致|基本相符|无偏离|没有偏离"
)
_ABOUT_EXECUTION = regex.compile(r"执行|支出|支付")
_ABOUT_BUDGET = regex.compile(r"预算|下达|额度|计划")


def _moved_on_after(report: Report) -> tuple[int, int]:
    """When the passage that states a rate is over: a rate at `at` has moved on when ``at < last``
    (a numbered section starts after it) or ``at <= inline`` (a page that lost its line breaks
    still numbers its sections after a full stop: "…。(二)总体…").

    NOTE: found once per report; asking each rate whether a section follows it was quadratic.
    """
    starts = [block.span.start for block in report.headings if block.marker]
    starts += [p.span.start for p in report.paragraphs if _SECTION.match(p.text.text)]
    inline = -1
    m = _INLINE_SECTION.search(report.text)
    while m is not None:  # the last place a match can start (each search finds the next one)
        inline = m.start()
        m = _INLINE_SECTION.search(report.text, m.start() + 1)
    for p in report.paragraphs:  # a page glued into one line: "…留待下年使用四、预算支出绩效情况…"
        cuts = glued_sections(p.text.text)
        if cuts:
            inline = max(inline, p.text.span(cuts[-1], cuts[-1] + 1).start)
    return max(starts, default=-1), inline


# A cut-off before the year's end ("截至6月30日", "1-9月", "上半年"), or a report that calls itself a
# monitoring report in its title: its rates are for a period, not the year.
_MID_YEAR = regex.compile(
    r"截[至止]\s*(?:\d{4}\s*年\s*)?(?:[1-9]|1[01])\s*月(?!份?\s*\d{1,2}\s*日前)|\d{1,2}\s*[-—–~至]\s*(?:[1-9]|1[01])\s*月|上半年|前三季度|[一二三]季度"
)
_MONITORING = regex.compile(r"运行监控|执行监控|监控报告|监控表")
MONITORING_TITLE_CHARS = 200
MID_YEAR_LOOK = 400  # characters a rate's sentence is searched back for its cut-off date


def _mid_year(report: Report, paragraph: int, span: Span) -> bool:
    """Whether the sentence that holds `span` counts to a date before the year's end."""
    text = report.paragraphs[paragraph].text
    at = text.index_at(span.start)
    lo = max(0, at - MID_YEAR_LOOK)  # NOTE: bounded, so many rates in one long run stay linear
    start = max(lo, max(text.text.rfind(c, lo, at) for c in "。；;!?！？") + 1)
    return bool(_MID_YEAR.search(text.text, start, at))


def execution_rates(
    report: Report, forms: tuple[Form, ...], executions: list[Execution], rates: list[ProseFigure]
) -> list[ExecutionRate]:
    """The project's execution rates: each form's total row, then the prose's pairs and stated rates."""
    out: list[ExecutionRate] = []
    last_section, inline = _moved_on_after(report)
    for form in forms:
        line = form.fund_total
        if line is None or line.interim:
            continue  # a monitoring table's rate is for its period, never the year's
        budget, spent, rate = line.get("budget"), line.get("spent"), line.get("rate")
        if budget is not None and spent is not None and budget.value:
            where = rate.span if rate is not None else spent.span
            out.append(ExecutionRate(rate_of(spent, budget)[0], where, rate is not None, "form", True))
        elif rate is not None:
            out.append(ExecutionRate(rate.percent(), rate.span, True, "form", True))
    monitoring = bool(_MONITORING.search(report.text, 0, MONITORING_TITLE_CHARS))
    for e in executions:
        if monitoring or _mid_year(report, e.paragraph, e.spent.quantity.span):
            continue  # "截至6月30日，支出30万元": the period's rate, never the year's
        where = e.stated.quantity.span if e.stated else e.spent.quantity.span
        # NOTE: the rate the report prints is the one it answers for; when its amounts give
        # another (a 元/万元 slip makes 0.01%), AM01 and UN01 say so.
        percent = e.stated.quantity.percent() if e.stated and e.stated.quantity.unit == "%" else e.rate
        out.append(ExecutionRate(percent, where, e.stated is not None, "prose", where.end < last_section or where.end <= inline))
    paired = {e.stated.quantity.span for e in executions if e.stated}
    for r in rates:
        if r.label == "execution" and r.scope == "project" and r.quantity.span not in paired:
            span = r.quantity.span
            if monitoring or _mid_year(report, r.paragraph, span):
                continue
            out.append(ExecutionRate(r.quantity.percent(), span, True, "prose", span.end < last_section or span.end <= inline))
    return out


def deviation_denials(report: Report) -> list[Span]:
    """Sentences saying spending matched the budget: "执行数与预算数不存在较大偏差"."""
    out: list[Span] = []
    for text in texts(report):
        if not _DENIAL.search(text.text):
            continue
        for sentence in split_sentences(text):
            s = sentence.text
            m = _DENIAL.search(s)
            if m and _ABOUT_EXECUTION.search(s[: m.start()]) and _ABOUT_BUDGET.search(s[: m.start()]):
                out.append(sentence.span())
    return out
