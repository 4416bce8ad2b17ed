"""Range checks: a score must lie within its 分值 and within the band its 完成值 or execution rate falls in."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Profile, check, module_checks, rate_of, show

_BAND_NAMES = {1: "达成年度指标", 2: "部分达成年度指标", 3: "未达成年度指标"}


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


@check("IN11", category="execution_score_mismatch", needs=("indicators",))
def qualitative_band_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """定性指标的完成值写明了档次（达成/部分达成/未达成），得分却不在该档的分数区间内。

    ## 说明
    三档按区域配置 `qual_bands` 的两个分界点（全国默认 80%、60%）换算为分值的比例：
    达成年度指标 [80%, 100%]，部分达成 [60%, 80%)，未达成 [0, 60%)。只在完成值以这些
    说法开头时核对；其他文字不做推断。

    ## 为何重要
    财预〔2020〕10号规定定性指标按三档计分；得分越档说明评分与自评结论不一致。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 效益指标 | 社会效益 | 群众获得感 | 明显提升 | 部分达成年度指标 | 10 | 10 | 宣传覆盖不足 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 效益指标 | 社会效益 | 群众获得感 | 明显提升 | 部分达成年度指标 | 10 | 7 | 宣传覆盖不足 |
    ```
    """
    high, low = profile.qual_bands[0], profile.qual_bands[1]
    shares = {1: (high, Decimal(1)), 2: (low, high), 3: (Decimal(0), low)}
    for row in facts.scored_rows():
        if row.band is None:
            continue
        least, most = shares[row.band]
        w, score, tol = row.weight.value, row.score, profile.score_tolerance(row.score)
        lo, hi = least * w, most * w
        upper_open = row.band != 1
        if lo - tol <= score.value and (score.value < hi or (not upper_open and score.value <= hi + tol)):
            continue
        span = f"[{show(lo)}, {show(hi)}{']' if not upper_open else ')'}"
        yield Finding(
            score.span,
            f"指标“{row.title}”完成值为“{row.text('actual')}”（{_BAND_NAMES[row.band]}档），"
            f"得分应在{span}分之间，表中为{score.text}分。",
            expected=span,
            actual=score.text,
            related=(row.cells["actual"].span,),
            message_en=f"qualitative band {row.band} allows {span}, table says {score.text}",
        )


@check("IN12", category="score_exceeds_weight", needs=("indicators",))
def score_exceeds_weight(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """得分高于分值（权重）。

    ## 说明
    核对每个三级指标和预算执行得分；总分行由 IN01、IN02 核对，不在此重复。

    ## 为何重要
    江苏等地模板规定“得分不得突破权重总额”，财政系统保存时也会拒绝超过分值的得分。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训场次 | ≥4场 | 6场 | 5 | 6 | |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训场次 | ≥4场 | 6场 | 5 | 5 | |
    ```
    """
    for form in facts.forms:
        pairs = [(r.name, r.weight, r.score) for r in form.leaves]
        fund = form.fund_total
        if fund is not None:
            pairs.append(("预算执行", fund.get("weight"), fund.get("score")))
        for name, weight, score in pairs:
            if weight is None or score is None:
                continue
            if score.value <= weight.value + profile.score_tolerance(score):
                continue
            yield Finding(
                score.span,
                f"“{name}”的得分{score.text}超过了分值{weight.text}，最多只能得{weight.text}分。",
                expected=weight.text,
                actual=score.text,
                related=(weight.span,),
                message_en=f"score {score.text} exceeds the weight {weight.text}",
            )


pfaudit_checks = module_checks(__name__)
