"""Explanation checks: low execution needs a reason, claims of success need the money spent."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import ExecutionRate, Facts, Finding, Profile, Report, Severity, check, module_checks, show

_BLANK = {"", "无", "/", "／", "-", "—", "–", "暂无"}


def _has_reason(facts: Facts) -> bool:
    if any(e.kind == "exec_reason" and not e.empty for e in facts.entries):
        return True
    for form in facts.forms:
        for row in form.indicators:
            if "执行率" in row.name and row.text("reason") not in _BLANK:
                return True
    return bool(facts.reasons)


@check("EX01", category="low_execution_unexplained", severity="warning", needs=("fund_lines", "rates", "amounts"))
def low_execution_unexplained(
    report: Report, facts: Facts, profile: Profile, *, printed_from: Decimal = Decimal(60)
) -> Iterator[Finding]:
    """预算执行率低于应说明原因的标准，却没有说明原因，或“存在问题”写的是“无”。

    ## 说明
    标准优先取报告或自评表自己写明的（“预算执行率低于70%……请说明原因”），否则取区域配置的
    `exec_reason_threshold`（全国默认90%）。执行率按表中全年执行数÷全年预算数计算，没有表时取正文。
    执行率低于标准时：若“存在问题”一节（或表中“主要问题”）只写“无”“暂无”，报告于该处；
    若全文既没有“存在问题”内容，也找不到说明资金执行偏差原因的句子（资金表的“原因”栏、
    “预算执行率”指标行的偏差原因也算），报告于执行率处。有几个执行率时只报告最低的一个。

    为免误报：执行率只能由金额算出、报告本身没有写出时，只在低于 `printed_from` 时核对；
    正文中的执行率，只在其后报告还有下一节（另起编号的段落或标题）时核对——摘录或报告在
    数字之后戛然而止，原因可能写在后面。截至年底以前某日（“截至6月30日”“1-9月”“上半年”）的执行率、
    标题为“运行监控”报告中的执行率，是该时段的进度，不按全年标准核对。报告写“执行数与预算数不存在较大偏差”一类的话时，
    由 NT03 报告，本项不再重复。

    正文中“按每生1000元标准安排，总计239万元”的总计，是前一分句“安排”的预算数。整页失去换行、
    各节标题夹在正文中（“…正常运行二、项目资金使用情况…”，一、二、三依次出现）时，按节读金额：
    一节的“其中”“建议”不影响另一节的金额，其后还有下一节标题的，也算报告已往下写。

    ## 为何重要
    财预〔2020〕10号要求对未完成目标、偏离较大的情况分析原因并提出改进措施；
    四川等地模板规定“预算执行率未达到90%的需说明原因”。执行率明显偏低却称“无问题”，复核时会被退回（E5）。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 3 | 1.798 | 59.93% |

    二、存在的问题
    无
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 3 | 1.798 | 59.93% |

    二、存在的问题
    受疫情影响，外出培训未能按计划开展，资金支出进度滞后。
    ```

    ## 选项
    - `printed_from`：执行率（%）不低于此值、且报告没有写出执行率本身时不核对，默认 60。
    """
    stated = facts.thresholds[0] if facts.thresholds else None
    threshold = stated.percent if stated else profile.exec_reason_threshold * 100
    source = f"报告自身规定的{show(threshold, 0)}%" if stated else f"{show(threshold, 0)}%（区域配置）"
    low = [r for r in facts.execution_rates if r.percent < threshold and _reviewable(r, printed_from)]
    if not low or facts.denials:
        return  # a sentence denying any deviation is reported by NT03 instead
    lowest = min(low, key=lambda r: (round(r.percent, 2), r.source != "form"))  # the form's own at a tie
    rate, where = lowest.percent, lowest.span
    problems = [e for e in facts.entries if e.kind == "problems"]
    related = (where, *((stated.span,) if stated else ()))
    if problems and all(e.empty for e in problems):
        entry = problems[0]
        at = entry.text.span() if entry.text is not None and entry.text.text.strip() else entry.label
        yield Finding(
            at,
            f"预算执行率为{show(rate)}%，低于{source}，但“{report.quote(entry.label)}”填写为“{report.quote(at) if entry.text else '（空）'}”，"
            "应说明执行率偏低的原因和改进措施。",
            actual=report.quote(at),
            related=related,
            message_en=f"execution rate {show(rate)}% is below {show(threshold, 0)}% yet the problems section says none",
        )
    elif not problems and not _has_reason(facts):
        yield Finding(
            where,
            f"预算执行率为{show(rate)}%，低于{source}，报告中未见对执行率偏低原因的说明。",
            actual=f"{show(rate)}%",
            related=related[1:],
            message_en=f"execution rate {show(rate)}% is below {show(threshold, 0)}% and no reason is given",
        )


def _reviewable(rate: ExecutionRate, printed_from: Decimal) -> bool:
    """A rate a reviewer would hold against the report.

    A moderately low rate counts when the report prints it; one stated in prose counts when the
    report goes on to another section (an excerpt cut off right after the figures may still
    explain them).
    """
    if not rate.printed and rate.percent >= printed_from:
        return False
    return rate.source == "form" or rate.concluded


@check("EX02", category="claim_mismatch", severity="warning", needs=("amounts", "rates"))
def claim_mismatch(report: Report, facts: Facts, *, max_rate: Decimal = Decimal(40)) -> Iterator[Finding]:
    """称目标“均已完成”“基本已完成”，同段的资金却大部分没有花出去。

    ## 说明
    在同一段中写有预算数和支出数（或执行率），执行率低于 `max_rate` 时，
    该段“目标均已基本完成”“设置的预期绩效目标基本已完成”一类的说法需要解释：资金多半未用，
    产出和目标如何完成？每个说法各报告一条，指向说法本身。否定（“未完成”）和计划（“确保完成”）不算。

    ## 为何重要
    资金执行与目标完成是自评的两条主线，互相矛盾时自评结论不可信（“严禁刻意抬高分数”，E3）。

    ## 反例
    ```text
    该项目安排一般公共预算资金共计150万元，支出29.5896万元。设置的预期绩效目标基本已完成，由于财政资金紧张，资金未拨付到位。
    ```

    ## 正例
    ```text
    该项目安排一般公共预算资金共计43.2万元，支出37.38万元。设置的预期绩效目标基本已完成，由于财政资金紧张，资金未拨付到位。
    ```

    ## 选项
    - `max_rate`：执行率（%）低于此值时认为资金大部分未使用，默认 40。
    """
    by_paragraph: dict[int, list] = {}
    for e in facts.executions:
        by_paragraph.setdefault(e.paragraph, []).append(e)
    for claim in facts.claims:
        found = by_paragraph.get(claim.paragraph)
        if not found:
            continue
        e = found[0]
        rate = e.stated.quantity.percent() if e.stated else e.rate
        if rate >= max_rate:
            continue
        words = report.quote(claim.text.span())
        rate_text = e.stated.quantity.text if e.stated else f"{show(e.rate, 1)}%"
        yield Finding(
            claim.text.span(),
            f"此处称目标“{words}”，但同段写明预算{e.budget.quantity.text}、仅支出{e.spent.quantity.text}"
            f"（执行率{rate_text}），资金大部分未使用，应说明目标如何完成或如实修正结论。",
            actual=rate_text,
            related=(e.budget.quantity.span, e.spent.quantity.span),
            severity=Severity.WARNING,
            message_en=f"claims the targets were met ({words}) while only {rate_text} of the budget was spent",
        )


@check("EX03", category="claim_mismatch", severity="warning", needs=("forms",))
def recurring_flag_mismatch(report: Report, facts: Facts) -> Iterator[Finding]:
    """表中“是否为经常性项目”空着或填“否”，文字却说“项目为经常性项目”。

    ## 说明
    经常性项目应有上年的执行情况；“是否为经常性项目”栏与报告文字矛盾时，
    一并列出“上年预算完成率”，便于核对该栏是否也漏填（如填 0.00）。

    ## 为何重要
    是否经常性决定了是否需要与上年对比、能否沿用以前年度的绩效目标，表内信息自相矛盾会误导复核。

    ## 反例
    ```text
    | 具体实施处(科室) | 党建办 | 是否为经常性项目 | |
    | 改进措施 | 项目为经常性项目，具有大量以前年度工作经验。 | | |
    ```

    ## 正例
    ```text
    | 具体实施处(科室) | 党建办 | 是否为经常性项目 | 是 |
    | 改进措施 | 项目为经常性项目，具有大量以前年度工作经验。 | | |
    ```
    """
    flags = [e for e in facts.entries if e.kind == "recurring"]
    claims = [e for e in facts.entries if e.kind == "recurring_claim"]
    if not flags or not claims:
        return
    flag = flags[0]
    value = flag.text.text.strip() if flag.text is not None else ""
    if value and value not in ("否", "×", "N", "不是"):
        return
    previous = [e for e in facts.entries if e.kind == "previous_rate" and e.text is not None]
    extra = ""
    if previous and regex.fullmatch(r"0+(?:\.0+)?%?", previous[0].text.text.strip()):
        extra = f"；“上年预算完成率”又填为{previous[0].text.text.strip()}，与经常性项目也不相符"
    yield Finding(
        flag.label,
        f"“是否为经常性项目”{'填为“' + value + '”' if value else '未填写'}，但文中写“{report.quote(claims[0].label)}”{extra}，请核对。",
        expected="是",
        actual=value or "（空）",
        related=(claims[0].label, *(e.text.span() for e in previous[:1])),
        message_en="the form does not mark the project as recurring but the text says it is",
    )


pfaudit_checks = module_checks(__name__)
