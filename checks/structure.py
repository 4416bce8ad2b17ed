"""Structure checks: template residue left in the form."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import Facts, Finding, Report, check, hookimpl


@check("ST01", category="placeholder_left", severity="info")
def placeholder_row(report: Report, facts: Facts) -> Iterator[Finding]:
    """自评表中留有未填写的模板占位行（“指标2：”“……”）。

    ## 说明
    整行除了“指标N：”或“……”之外都空着的行，是模板预留、未使用也未删除的行。
    每张表报告一次，指向第一行，其余行作为相关位置列出。有分值的占位行不在此列，
    由 IN03 作为缺失值报告。

    ## 为何重要
    占位行说明表格是照模板原样提交的，复核人需要确认是否漏填了指标（模板残留，E8）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | 10 | 10 |
    | | | 指标2： | | |
    | | | …… | | |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | 10 | 10 |
    | | | 培训场次 | 5 | 5 |
    ```
    """
    for form in facts.forms:
        rows = [i for i in form.indicators if i.placeholder]
        if not rows:
            continue
        names = "”“".join(dict.fromkeys(report.quote(i.cells["name"].span) for i in rows))
        yield Finding(
            rows[0].cells["name"].span,
            f"表中有{len(rows)}行未填写的模板占位行（“{names}”），应删除或补填指标。",
            actual=str(len(rows)),
            related=tuple(i.cells["name"].span for i in rows[1:]),
            message_en=f"{len(rows)} empty template rows left in the table",
        )


@hookimpl
def pfaudit_checks() -> list:
    """The structure checks."""
    return [placeholder_row]
