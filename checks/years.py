"""Year checks: the body must speak of the report's own fiscal year."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import Facts, Finding, Report, check, module_checks


@check("YR01", category="year_inconsistency", needs=("fiscal_year",))
def fiscal_year_mismatch(report: Report, facts: Facts) -> Iterator[Finding]:
    """正文中资金、预算的年份与报告年度不一致。

    ## 说明
    报告年度取自标题和自评表表头（“（2021年度）”）。只核对直接说明本项目资金的句子
    （“2020年……经费年初预算30000元”）；文号（郑发〔2019〕18号）、书名号内的文件名、
    日期（次年的报送日期、“截至2021年12月31日”）、上年结转、同比比较和下一年计划都不算。
    标题与表头写的年度互相矛盾也在此报告。

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
    for mention in facts.years:
        if mention.context != "funding" or mention.year == fiscal.year:
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


pfaudit_checks = module_checks(__name__)
