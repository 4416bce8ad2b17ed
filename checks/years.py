"""Year checks: the body must speak of the report's own fiscal year."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import DOCUMENTS, Facts, Finding, Report, check, module_checks


@check("YR01", category="year_inconsistency", needs=("fiscal_year",))
def fiscal_year_mismatch(report: Report, facts: Facts) -> Iterator[Finding]:
    """正文中资金、预算的年份与报告年度不一致。

    ## 说明
    报告年度取自标题和自评表表头（“（2021年度）”）。只核对直接说明本项目资金的句子
    （“2020年……经费年初预算30000元”）；文号（郑发〔2019〕18号）、书名号内的文件名、
    日期（次年的报送日期、“截至2021年12月31日”）、上年结转、同比比较和下一年计划都不算；
    同一句里也写了报告年度的（“办结2022年度……还款，以及2023年度……兑付资金”）是有意并提两个年度，也不算。
    资金统计截止到另一年年底（2023年度报告写“截至2022年12月31日，资金已拨付”）也在此报告。
    标题与表头写的年度互相矛盾也在此报告。一个项目的工作簿里常有各个环节的表（申报、立项、评审、监控、自评），
    此时以自评表的年度为报告年度，其他环节的表写另一个年度不算矛盾。

    ## 为何重要
    资金段落写错年份，通常是照搬上一年报告没有改全，所列数字可能也是上一年的。

    ## 反例
    ```text
    2021年度社区治理项目绩效自评报告
    2020年社区发展治理工作经费年初预算30000元，实际支付17980元。
    ```

    ## 正例
    ```text
    2021年度社区治理项目绩效自评报告
    2021年社区发展治理工作经费年初预算30000元，实际支付17980元；2020年结转资金5000元。
    ```
    """
    fiscal = facts.fiscal_year
    if fiscal is None:
        return
    for year, span in fiscal.conflicts:
        yield Finding(
            span,
            f"报告年度写为{fiscal.year}年度，此处却写{year}年度，二者不一致。",
            expected=str(fiscal.year),
            actual=str(year),
            related=fiscal.sources,
            message_en=f"the report is for {fiscal.year} but this says {year}",
        )
    # A sentence that also names the report's own year speaks of both years on purpose
    # ("办结2022年度…还款，以及2023年度…兑付资金").
    own = {m.sentence for m in facts.years if m.year == fiscal.year}
    for mention in facts.years:
        if mention.context == "cutoff" and mention.year != fiscal.year and mention.sentence not in own:
            yield Finding(
                mention.span,
                f"本报告为{fiscal.year}年度，这里的截止日期却是{mention.year}年年底"
                f"（“{report.quote(mention.clause.span())}”），与评价年度不一致，请核对。",
                expected=f"{fiscal.year}年12月31日",
                actual=report.quote(mention.clause.span()),
                related=fiscal.sources[:1],
                message_en=f"the report is for {fiscal.year} but counts up to the end of {mention.year}",
            )
            continue
        if mention.context != "funding" or mention.year == fiscal.year or mention.sentence in own:
            continue
        yield Finding(
            mention.span,
            f"本报告为{fiscal.year}年度，这里说明资金的句子却写的是{mention.year}年"
            f"（“{report.quote(mention.clause.span())}”），请核对是否照搬了其他年度的内容。",
            expected=str(fiscal.year),
            actual=str(mention.year),
            related=fiscal.sources[:1],
            message_en=f"the report is for {fiscal.year} but its funding statement says {mention.year}",
        )


@check("YR02", category="year_inconsistency", severity="warning", needs=("sentences",), documents=DOCUMENTS)
def truncated_year(report: Report, facts: Facts) -> Iterator[Finding]:
    """日期的年份少了一位（“202年1月11日”），无法判断是哪一年。

    ## 说明
    只看后面紧跟月份的三位数年份（“202年1月”），文号中粘连的数字（“岷财社〔2020165号”）不算。

    ## 为何重要
    资金到位、支付和完工的日期决定年度归属和时效指标是否达成；年份残缺时这些都无从核实。

    ## 反例
    ```text
    其中专项资金20万元于202年1月11日全部到位。
    ```

    ## 正例
    ```text
    其中专项资金20万元于2022年1月11日全部到位，依据岷财社〔2020〕165号文件下达。
    ```
    """
    for w in facts.blemishes:
        if w.kind != "short_year":
            continue
        span = w.text.span()
        yield Finding(
            span,
            f"日期中的年份“{report.quote(span)}”只有三位数字，应为完整的四位年份，请核实。",
            expected="四位年份",
            actual=report.quote(span),
            message_en=f"the year {report.quote(span)} in a date has only three digits",
        )


pfaudit_checks = module_checks(__name__)
