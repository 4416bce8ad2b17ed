"""Budget-execution checks in the indicator table: the execution rate is scored once, not twice."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import Facts, Finding, check, module_checks


@check("IN20", category="structure", severity="info", needs=("indicators",))
def execution_rate_scored_twice(facts: Facts) -> Iterator[Finding]:
    """预算执行率既在资金表中计分，又作为一行指标再计分。

    ## 说明
    资金表“年度资金总额”行有分值，指标表中又有名为“预算执行率”（或“资金执行率”）且有分值的行。
    别的执行率（“政府采购执行率”）不是预算执行率，不算重复。

    ## 为何重要
    同一事项计分两次，执行率偏低时会被重复扣分、偏高时会被重复加分，分值结构需要复核。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 3 | 1.798 | 10 | 59.93% | 5.99 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |
    | 投入和管理目标 | 投入管理 | 预算执行率 | 100% | 59.93% | 1.00 | 0.60 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 3 | 1.798 | 10 | 59.93% | 5.99 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |
    | 投入和管理目标 | 投入管理 | 预算编制合理性 | 合理 | 合理 | 1.00 | 1.00 |
    ```
    """
    for form in facts.forms:
        fund = form.fund_total
        weight = fund.get("weight") if fund is not None else None
        if weight is None or weight.value <= 0:
            continue
        for row in form.indicators:
            if row.budget_rate and row.weight is not None and row.weight.value > 0:
                yield Finding(
                    row.cells["name"].span,
                    f"预算执行率已在资金表中计{weight.text}分，这里又作为指标“{row.title}”计{row.weight.text}分，属重复计分。",
                    related=(weight.span,),
                    message_en="the execution rate is scored twice (fund block and an indicator row)",
                )


pfaudit_checks = module_checks(__name__)
