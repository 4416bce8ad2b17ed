"""Reason checks on what a reason answers: a cause and a measure where a target was missed, nothing that says nothing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import BLANK_MARKS, Facts, Finding, Profile, Reason, Report, check, module_checks, show

# What IN13 already reports on a row that lost points: a blank cell, or one that says only "无".
_NOTHING = (*BLANK_MARKS, "无", "暂无", "没有", "无偏差")
_PUNCT = regex.compile(r"[\s\p{P}]+")
_HAN = regex.compile(r"\p{Han}")
_CLAUSE = regex.compile(r"[，,；;。.！!？?\n]")
MIN_HAN = 2  # a reason with fewer characters of content is not read for a cause or a measure
# A figure, or a thing counted in words ("两期", "三个月"): a reason that has one is not generic.
_COUNTED = regex.compile(r"\d|[一二三四五六七八九十两]+(?:个|项|期|次|月|人|户|场|批|天|家|所)")


def _plain(text: str) -> str:
    return _PUNCT.sub("", text)


def _shortfall(reason: Reason, floor: Decimal) -> str:
    """How the row deviates, in words ("" when it does not): the target missed, or points lost."""
    row = reason.row
    if reason.attainment() == "missed":
        return f"未完成目标（目标{row.shown('target')}，完成{row.shown('actual')}）"
    if reason.deducted(floor):
        return f"扣了分（分值{row.weight.text}，得分{row.score.text}）"
    return ""


def _deviation(facts: Facts, profile: Profile, *, rows_only: bool) -> str:
    """What tells that the project deviated, for a section's reasons: a missed row, or a low execution rate."""
    for row in facts.scored_rows():
        if row.certain and row.attainment() == "missed":
            return f"自评表中“{row.title}”未完成目标（目标{row.shown('target')}，完成{row.shown('actual')}）"
    low = [r for r in facts.execution_rates if r.percent < profile.exec_reason_threshold * 100]
    if low and not rows_only:
        return f"预算执行率为{show(min(r.percent for r in low))}%"
    return ""


def _judged(facts: Facts, profile: Profile, *, rows_only: bool = False) -> Iterator[tuple[Reason, str]]:
    """Each reason cell of a deviating row, and each section when the project deviated, with how.

    `rows_only`: a section counts only when a row missed its target (a low execution rate with a
    section saying "无" is EX01's).
    """
    for reason in facts.reason_cells():
        if not reason.asks_cause:
            continue  # a 备注 column holds remarks; the form never asked it for a reason
        how = _shortfall(reason, profile.score_floor)
        if how and not (reason.deducted(profile.score_floor) and reason.text.text.strip() in _NOTHING):
            yield reason, f"指标“{reason.row.title}”{how}"
    sections = [r for r in facts.reason_sections() if r.concluded]
    how = _deviation(facts, profile, rows_only=rows_only) if sections else ""
    for reason in sections if how else ():
        yield reason, how


def _classes(profile: Profile, text: str) -> str:
    found = profile.cause_class(text)
    return "、".join(found) if found else "其他"


@check("RS01", category="low_execution_unexplained", severity="warning", needs=("indicators", "fund_lines", "rates"))
def reason_non_answer(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """指标未完成或被扣分，偏差原因却只写“已完成”“正常”“无偏差”一类的话。

    ## 说明
    偏差原因整栏只是一句完成或正常的说法（词表为区域配置 `reason_words.non_answer`），不是原因。
    只核对读得确定的指标行，表头为“备注”的一栏不算偏差原因；得分低于分值且只写“无”“无偏差”的，
    由 IN13 报告。自评表没有偏差原因一栏时，核对报告的“偏差原因”“问题和原因分析”一节：表中有指标
    未完成而该节只写“无”或“已完成”的也报告（执行率偏低而“存在问题”写“无”的由 EX01 报告）。

    ## 为何重要
    财预〔2020〕10号 第十一条：未完成绩效目标或偏离较大的，要分析并说明原因，提出改进措施。
    “已完成”回答不了为什么没有完成。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 已按计划完成 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 两期培训因场地改造推迟，下年一季度补办 |
    ```
    """
    non_answer = profile.reason_pattern("non_answer")
    for reason, how in _judged(facts, profile, rows_only=True):
        said = report.quote(reason.text.extent(), 40)
        plain = _plain(reason.text.text)
        nothing = reason.source == "section" and plain in _NOTHING
        if not plain and not nothing:
            continue
        if not nothing and not non_answer.fullmatch(plain):
            continue
        where = "偏差原因" if reason.source == "cell" else "报告中说明偏差原因的部分"
        yield Finding(
            reason.text.extent(),
            f"{how}，{where}却只写了“{said}”，没有说明偏差的原因和改进措施。",
            actual=said,
            related=(reason.row.score.span,) if reason.row is not None else (reason.span,),
            message_en=f"the target was missed or points were lost, yet the reason only says '{said}'",
        )


@check("RS02", category="low_execution_unexplained", severity="info", needs=("indicators", "fund_lines", "rates"))
def reason_without_cause(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """偏差原因没有说明原因：只写了改进措施或“有待完善”一类的评语，看不出为什么没有完成。

    ## 说明
    在未完成目标或被扣分的指标行，偏差原因至少有两个汉字，找不到任何表示原因的说法（“由于”“受……影响”
    “导致”“未到位”“滞后”等，区域配置 `reason_words.cause`），而且按逗号、分号、句号分开的每一小句都是措施
    或评语（含“下一步”“加强”“完善”等，`reason_words.measure`）时报告。原因常常只是一句陈述
    （“培训物资涨价，下年集中采购”），这样的小句算作原因。整格一起判断。没有偏差原因一栏时，
    核对报告中说明偏差原因的一节（如“偏离绩效目标的原因和下一步改进措施”“存在的问题和原因分析”），
    该节须在报告中完整（其后还有下一节）。

    ## 为何重要
    财预〔2020〕10号 第十一条要求“分析并说明原因”；只有措施、没有原因，复核人无法判断扣分或偏差是否合理。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 下一步加强组织宣传 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 因宣传不到位报名不足，下一步加强组织宣传 |
    ```
    """
    cause, measure = profile.reason_pattern("cause"), profile.reason_pattern("measure")
    non_answer = profile.reason_pattern("non_answer")
    for reason, how in _judged(facts, profile):
        text = reason.text.text
        plain = _plain(text)
        if len(_HAN.findall(plain)) < MIN_HAN or non_answer.fullmatch(plain) or cause.search(text):
            continue
        # NOTE: a cause is often a plain statement ("培训物资涨价"); only a cell whose every clause
        # is a measure ("下一步加强宣传") or a verdict ("有待完善") states none.
        clauses = [c for c in _CLAUSE.split(text) if _HAN.search(c)]
        if not all(measure.search(c) for c in clauses):
            continue
        quoted = report.quote(reason.text.extent(), 40)
        yield Finding(
            reason.text.extent(),
            f"{how}，但“{quoted}”没有说明造成偏差的原因，只写了措施或评语。",
            actual=quoted,
            message_en="the reason gives no cause for the deviation, only a measure or a verdict",
        )


@check("RS03", category="low_execution_unexplained", severity="info", needs=("indicators", "fund_lines", "rates"))
def reason_without_measure(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """偏差原因只写了原因，没有改进措施（表头或标题要求写“改进措施”时）。

    ## 说明
    只在偏差原因一栏的表头（“偏差原因分析及改进措施”）或报告该节的标题写明“改进措施”时核对：
    未完成目标或被扣分的指标行，原因写了、却找不到任何改进的说法（“下一步”“将加快”“加强”“提前”等，
    词表为区域配置 `reason_words.measure`）时报告。整格一起判断。消息给出原因所属的类别
    （经费、制度、人员、硬件条件或其他，区域配置 `cause_classes`）。

    ## 为何重要
    财预〔2020〕10号 第十一条、第二十六条要求对偏差“研究提出改进措施”“提出整改措施”；表头要求写措施
    而只写原因，是填报不完整。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受场地改造影响少办两期 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 未完成原因分析 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受场地改造影响少办两期 |
    ```
    """
    cause, measure = profile.reason_pattern("cause"), profile.reason_pattern("measure")
    for reason, how in _judged(facts, profile):
        text = reason.text.text
        if not reason.asks_measure or not cause.search(text) or measure.search(text):
            continue
        quoted = report.quote(reason.text.extent(), 40)
        kind = _classes(profile, text)
        yield Finding(
            reason.text.extent(),
            f"{how}，“{quoted}”说明了原因（原因类别：{kind}），但没有提出改进措施。",
            actual=quoted,
            message_en=f"the reason names a cause (class: {kind}) but no improvement measure",
        )


@check("RS08", category="low_execution_unexplained", severity="info", needs=("indicators",))
def reason_too_generic(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """偏差原因过于笼统：只写“客观原因”“时间紧、任务重”“受疫情影响”，没有具体的事、数字或时间。

    ## 说明
    未完成目标或被扣分的指标行，偏差原因含有笼统的说法（区域配置 `reason_words.generic`），而且
    没有数字、日期，也不属于经费、制度、人员、硬件条件任何一类（区域配置 `cause_classes`），去掉笼统说法
    和“部分”“工作”“进度”一类的虚词（`reason_words.vague`）后剩不到两个字时报告。

    ## 为何重要
    河南省绩效运行监控办法要求从经费、制度、人员、硬件条件保障等方面具体说明偏差原因；
    “客观原因”说明不了偏差是怎样造成的，也无从提出改进措施。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受客观原因影响，工作进度滞后 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受疫情影响，11月两期培训停办 |
    ```
    """
    generic, vague = profile.reason_pattern("generic"), profile.reason_pattern("vague")
    for reason, how in _judged(facts, profile):
        text = reason.text.text
        found = generic.search(text)
        if reason.source != "cell" or found is None or _COUNTED.search(text) or profile.cause_class(text):
            continue
        rest = vague.sub("", generic.sub("", _plain(text)))
        if len(_HAN.findall(rest)) >= MIN_HAN:
            continue
        yield Finding(
            reason.text.span(found.start(), found.end()),
            f"{how}，偏差原因“{report.quote(reason.text.extent(), 40)}”过于笼统（原因类别：其他），"
            "没有说明具体是什么事、多少、何时造成的偏差。",
            actual=report.quote(reason.text.extent(), 40),
            message_en="the reason is too generic: no figure, date, named object or cause class",
        )


pfaudit_checks = module_checks(__name__)
