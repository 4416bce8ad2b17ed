"""Band checks: the budget-execution score lies within the band its execution rate falls in."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Profile, check, module_checks, rate_of, show


@check("AM05", category="execution_score_mismatch", needs=("fund_lines",))
def execution_score_outside_band(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """预算执行得分不在执行率所在区间规定的分数范围内（按执行率区间打分时）。

    ## 说明
    区间表优先取报告自己印的评分规则（“预算执行率在90%及以上得8分；80%以上不到90%得6-8分；
    70%以下不得分”）；报告没有印、而区域配置 `budget_score_mode` 为 `bands` 时，取配置的
    `budget_score_bands`（以分值的比例表示）。得分取资金表的得分，或名为“预算执行率”的指标行；
    执行率按执行数 ÷ 预算数重新计算，落在区间边界的舍入误差内时两侧区间都接受。

    ## 为何重要
    执行率区间打分是上海等地模板印明的规则，得分越档会抬高或压低总分。

    ## 反例
    ```text
    | 当年预算数(元) | 100,000.00 | 预算执行数(元) | 60,000.00 |
    | 一级指标 | 指标名称 | 权重 | 评分规则 | 自评分 |
    | 投入与管理 | 预算执行率 | 8 | 预算执行率在90%及以上得8分；在80%以上不到90%得6-8分；在80%以下不得分。 | 8 |
    ```

    ## 正例
    ```text
    | 当年预算数(元) | 100,000.00 | 预算执行数(元) | 95,000.00 |
    | 一级指标 | 指标名称 | 权重 | 评分规则 | 自评分 |
    | 投入与管理 | 预算执行率 | 8 | 预算执行率在90%及以上得8分；在80%以上不到90%得6-8分；在80%以下不得分。 | 8 |
    ```
    """
    for form in facts.forms:
        fund = form.fund_total
        budget, spent = (fund.get("budget"), fund.get("spent")) if fund is not None else (None, None)
        if budget is None or spent is None or not budget.value:
            continue
        weight, score = fund.get("weight"), fund.get("score")
        if weight is None or score is None:
            row = next((r for r in form.indicators if "执行率" in r.name and r.weight and r.score), None)
            if row is None:
                continue
            weight, score = row.weight, row.score
        if form.budget_bands:
            table = [(b.lower, b.least, b.most) for b in form.budget_bands]
            source, related = "按表中印的执行率区间规则", (form.budget_bands[0].span,)
        elif profile.budget_score_mode == "bands" and profile.budget_score_bands:
            table = [(lo, least * weight.value, most * weight.value) for lo, least, most in profile.budget_score_bands]
            source, related = "按本地区执行率区间打分规则", ()
        else:
            continue
        rate, slack = rate_of(spent, budget)
        tol = profile.score_tolerance(score)
        allowed = [_band(table, r) for r in (rate - slack, rate, rate + slack)]
        if any(lo - tol <= score.value <= hi + tol for lo, hi in allowed):
            continue
        lo, hi = allowed[1]
        expected = show(lo) if lo == hi else f"{show(lo)}–{show(hi)}"
        yield Finding(
            score.span,
            f"执行率为{show(rate)}%，{source}应得{expected}分（分值{weight.text}），表中为{score.text}分。",
            expected=expected,
            actual=score.text,
            related=(budget.span, spent.span, *related),
            message_en=f"execution rate {show(rate)}% scores {expected} under the band rule, table says {score.text}",
        )


def _band(table: list[tuple[Decimal, Decimal, Decimal]], rate: Decimal) -> tuple[Decimal, Decimal]:
    for lower, least, most in table:
        if rate >= lower:
            return least, most
    return Decimal(0), Decimal(0)


pfaudit_checks = module_checks(__name__)
