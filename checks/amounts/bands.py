"""Budget-execution score checks: the score is the weight times the execution rate, or lies within the
band the rate falls in where a region scores by bands; the fund table's score, or a rubric's 预算执行率 row's."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Form, FundLine, Profile, Severity, check, module_checks, rate_of, show


@check("AM02", category="execution_score_mismatch", needs=("fund_lines",))
def execution_score_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """预算执行得分不等于“分值 × 执行率”（执行率超过100%按100%计）。

    ## 说明
    执行率用全年执行数 ÷ 全年预算数重新计算，不采信表中可能填错的执行率。资金表没有分值和得分、
    指标表里有“预算执行率”一行（共性指标评分表）时，核对这一行的得分；这一行可能另有评分规则印在
    别处，故只作警告；表中印有执行率区间评分规则时由 AM05 核对，这一行自带评分说明时不核对。
    容差取得分显示精度的一半与 0.01 分中的较大者。区域配置 `budget_score_mode`
    不是 `linear`（按执行率区间打分）时不做此项检查。

    ## 为何重要
    海淀等地模板规定“执行率×该指标分值，最高不得超过分值上限”，得分算错会抬高总分。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 2175.9657 | 1960.5869 | 10 | 90.10% | 10 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 3 | 1.798 | 10 | 59.93% | 5.99 |
    ```
    """
    default = profile.level1_weights.get("budget")
    for form in facts.forms:
        total = form.fund_total
        for line in form.fund:
            if line is not total and total is not None and _same_numbers(line, total):
                continue  # a 其中 row repeating the total is reported once, on the total
            yield from _line_score(line, profile, default)
        yield from _rate_row_score(form, profile)


def _same_numbers(a: FundLine, b: FundLine) -> bool:
    return {k: q.value for k, q in a.values.items()} == {k: q.value for k, q in b.values.items()}


def _line_score(line: FundLine, profile: Profile, default: Decimal | None) -> Iterator[Finding]:
    budget, spent = line.get("budget"), line.get("spent")
    weight, score = line.get("weight"), line.get("score")
    if not (budget and spent and weight and score) or budget.value == 0:
        return
    rate, _ = rate_of(spent, budget)
    expected = profile.execution_score(weight.value, rate)
    if expected is None or abs(expected - score.value) <= profile.score_tolerance(score):
        return
    used = _scored_rate(rate, profile)
    hint = hint_en = ""
    at_default = profile.execution_score(default, rate) if default is not None and default != weight.value else None
    if at_default is not None and abs(at_default - score.value) <= profile.score_tolerance(score):
        hint = f"；得分与本地区预算执行分值{show(default, 0)}分相符，请核对分值是否误填为{weight.text}"
        hint_en = f"; the score fits the usual weight of {show(default, 0)}: is the weight {weight.text} a slip?"
    label = line.label.rstrip(":：") or "年度资金总额"
    yield Finding(
        score.span,
        f"“{label}”的预算执行得分应为{show(expected)}分（分值{weight.text} × 执行率{show(used)}%），表中为{score.text}分{hint}。",
        expected=show(expected),
        actual=score.text,
        related=(weight.span, budget.span, spent.span),
        message_en=f"execution score should be {show(expected)} ({weight.text} x {show(used)}%), table says {score.text}{hint_en}",
    )


def _scored_rate(rate: Decimal, profile: Profile) -> Decimal:
    """The rate a score is the weight's share of: capped at 100% where the region caps it."""
    return min(rate, Decimal(100)) if profile.budget_score_cap else rate


def _rate_row_score(form: Form, profile: Profile) -> Iterator[Finding]:
    """A rubric's 预算执行率 row scored off its weight × the fund table's rate, where the fund table
    prints no score of its own."""
    fund = form.fund_total
    if form.budget_bands or fund is None or fund.get("weight") is not None or fund.get("score") is not None:
        return  # (a form that prints its own bands for the rate is AM05's)
    budget, spent = fund.get("budget"), fund.get("spent")
    row = next((r for r in form.indicators if r.budget_rate and r.scored), None)
    if row is None or budget is None or spent is None or not budget.value:
        return
    if any(role.startswith("note") and "分" in cell.value for role, cell in row.cells.items()):
        return  # the row prints its own scoring rule, in words no band reading took: it is the rule

    rate, _ = rate_of(spent, budget)
    expected = profile.execution_score(row.weight.value, rate)
    if expected is None or abs(expected - row.score.value) <= profile.score_tolerance(row.score):
        return
    used = _scored_rate(rate, profile)
    yield Finding(
        row.score.span,
        f"指标“{row.title}”的得分应为{show(expected)}分（分值{row.weight.text} × 资金表的执行率{show(used)}%），"
        f"表中为{row.score.text}分；若另有评分规则，请一并写明。",
        expected=show(expected),
        actual=row.score.text,
        related=(row.weight.span, budget.span, spent.span),
        severity=Severity.WARNING,
        message_en=f"the 预算执行率 row should score {show(expected)} ({row.weight.text} x {show(used)}%), table says {row.score.text}",
    )


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
            row = next((r for r in form.indicators if r.budget_rate and r.weight and r.score), None)
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
