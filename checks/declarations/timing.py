"""A declaration's dates: the period ends after it starts, and the year's deadlines fall inside the year and the period."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Facts, Finding, Severity, check, module_checks

# "2023年1月-2025年12月", "2023-2025年", "2023.01—2025.12", "2024 年 1 月 1 日-2024 年 12 月 31 日"
_PERIOD = regex.compile(
    r"(?P<a>(?:19|20)\d{2})\s*(?:年|[.\-/])?\s*(?:(?P<am>\d{1,2})\s*(?:月|[.\-/])?\s*(?:\d{1,2}\s*日?)?)?\s*"
    r"(?:[-—~～至到]|－)+\s*(?P<b>(?:19|20)\d{2})\s*(?:年|[.\-/])?\s*(?:(?P<bm>\d{1,2})\s*月?)?"
)
_DEADLINE = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月|底|末|年底|年末)")


def _period(text: str) -> tuple[int, int, int, int] | None:
    """Start and end (year, month) of a printed period, months 1 and 12 when unsaid."""
    m = _PERIOD.search(text)
    if m is None:
        return None
    a, b = int(m["a"]), int(m["b"])
    am, bm = int(m["am"] or 1), int(m["bm"] or 12)
    return a, am, b, bm


@check("DC11", category="year_inconsistency", needs=("declarations",), documents=("declaration",))
def declared_dates_inconsistent(facts: Facts) -> Iterator[Finding]:
    """申报表的日期不对：实施期的结束早于开始，时效指标的期限晚于实施期或不在预算年度内，一年期项目却另填了实施期指标。

    ## 说明
    实施期写成起止年月（“2023年1月-2025年12月”“2023-2025年”）时核对起止先后；时效指标值写明
    年份（“2023年6月底前”）时，核对它不晚于实施期结束、且（申报表写明年度时）在预算年度内。
    实施期只有一年、指标表却另有实施期指标值且与年度指标值不同时报警告。

    ## 为何重要
    绩效目标按年度批复、按年度自评（郑州市绩效目标管理办法附件2-2二(三)(四)：实施期只有一年的
    项目只填年度指标）；期限落在年度之外的时效指标，年底自评时无从判断。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区服务中心改造工程 | 实施期 | 2023年1月-2023年12月 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 时效指标 | 竣工验收时间 | 2024年6月底前 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区服务中心改造工程 | 实施期 | 2023年1月-2023年12月 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 时效指标 | 竣工验收时间 | 2023年10月底前 |
    ```
    """
    decl = facts.declaration
    if decl is None:
        return
    period = _period(decl.period.value) if decl.period is not None else None
    if period is not None and (period[2], period[3]) < (period[0], period[1]):
        yield Finding(
            decl.period.span,
            f"实施期“{decl.period.value}”的结束早于开始。",
            actual=decl.period.value,
            message_en=f"the period '{decl.period.value}' ends before it starts",
        )
        period = None
    if not decl.read:
        return
    for row in decl.targets:
        m = _DEADLINE.search(row.text("target"))
        if row.kind != "timeliness" or m is None:
            continue
        year, month = int(m["y"]), int(m["m"] or 12)
        if period is not None and (year, month) > (period[2], period[3]):
            yield Finding(
                row.cell_span("target"),
                f"时效指标“{row.name}”的期限（{row.text('target')}）晚于实施期结束（{decl.period.value}）。",
                expected=f"不晚于{period[2]}年{period[3]}月",
                actual=row.text("target"),
                related=(decl.period.span,),
                message_en=f"the deadline of '{row.name}' ({row.text('target')}) is after the period ends",
            )
        elif decl.year is not None and year != decl.year:
            yield Finding(
                row.cell_span("target"),
                f"时效指标“{row.name}”的期限（{row.text('target')}）不在预算年度{decl.year}年内，年度指标应在当年完成。",
                expected=f"{decl.year}年内",
                actual=row.text("target"),
                related=(decl.year_span,) if decl.year_span is not None else (),
                message_en=f"the deadline of '{row.name}' ({row.text('target')}) falls outside the budget year {decl.year}",
            )
    if period is None or period[0] != period[2] or "period" not in decl.columns:
        return
    for row in decl.targets:
        own, whole = row.text("target"), row.text("period")
        if own and whole and own != whole:
            yield Finding(
                row.cell_span("period"),
                f"项目实施期只有一年（{decl.period.value}），指标“{row.name}”的实施期指标值（{whole}）却与年度指标值（{own}）不同。",
                expected=own,
                actual=whole,
                severity=Severity.WARNING,
                related=(row.cell_span("target"),),
                message_en=f"a one-year project with a period target for '{row.name}' ({whole}) other than its annual one ({own})",
            )


pfaudit_checks = module_checks(__name__)
