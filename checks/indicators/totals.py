"""Total checks: the 总分 row's 得分 and 分值 add up."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import (
    Facts,
    Finding,
    Form,
    Profile,
    Quantity,
    Span,
    check,
    module_checks,
    rate_of,
    show,
    sum_mismatch,
    sum_tolerance,
)


def _leaf_weights(form: Form) -> Decimal:
    """The indicator rows' weights added up (a row without one counts nothing)."""
    return sum((i.weight.value for i in form.leaves if i.weight), Decimal(0))


def _fund_counts(form: Form) -> bool:
    """Whether the fund block's 分值/得分 belong in the 总分 (the national template says yes).

    Decided from the weights, which are rarely wrong: if the leaf weights alone reach the
    stated total, the budget score is one of the leaves (上海-style tables) and not added.
    """
    fund = form.fund_total
    fund_weight = fund.get("weight") if fund else None
    if fund_weight is None:
        return False
    total = form.total.weight if form.total else None
    if total is None:
        return True
    leaves = _leaf_weights(form)
    return abs(leaves - total.value) > total.tolerance or abs(leaves + fund_weight.value - total.value) <= total.tolerance


def _implied_fund(form: Form, profile: Profile) -> tuple[Decimal, Decimal] | None:
    """The budget-execution 分值 and 得分 a 总分 holds when the fund table prints neither.

    The regional weight (全国 10) and that weight times the execution rate: a form whose fund
    table has no 分值/得分 columns still counts budget execution in its 100 points.
    """
    fund = form.fund_total
    weight = profile.level1_weights.get("budget")
    if fund is None or weight is None or fund.get("weight") is not None or fund.get("score") is not None:
        return None
    total = form.total.weight if form.total else None
    leaves = _leaf_weights(form)
    if total is None or abs(total.value - leaves - weight) > total.tolerance:
        return None  # the leaves' weights do not leave the regional budget weight over: it is not in the 总分
    budget, spent, rate = fund.get("budget") or fund.get("initial"), fund.get("spent"), fund.get("rate")
    percent = rate.percent() if rate is not None else (rate_of(spent, budget)[0] if budget and spent and budget.value else None)
    score = profile.execution_score(weight, percent) if percent is not None else None
    return (weight, score) if score is not None else None


def _fund_out_of_view(form: Form, profile: Profile) -> Decimal | None:
    """The budget-execution 分值 a 总分 holds when the form has no fund block at all (a page or
    an excerpt that starts at the indicators: "绩效指标(90分)" … "合计 100"): the regional weight,
    when the leaves' weights make the points the indicator block states and those fall short of
    the 总分's 分值 by exactly that weight."""
    weight = profile.level1_weights.get("budget")
    total = form.total.weight if form.total else None
    if form.fund or weight is None or total is None or form.points is None:
        return None
    leaves = _leaf_weights(form)
    if abs(leaves - form.points.value) > total.tolerance:
        return None  # the rows read do not make the block's points: a row may be missing
    return weight if abs(total.value - leaves - weight) <= total.tolerance else None


def _in_doubt(form: Form) -> tuple[Span, ...]:
    """The rows read more than one way: a sum over every row rests on them too (the finding is then
    information, not an error)."""
    return tuple(i.span for i in form.leaves if not i.certain)


def _parts(form: Form, role: str) -> list[Quantity] | None:
    """The rows that add up to the 总分, or None when they are unknown (no indicator row read, or
    a fund row that printed figures nobody could read)."""
    if not form.leaves:
        return None  # no indicator row was read (an unknown header): the 总分 has nothing to add up
    values = [q for i in form.leaves if (q := getattr(i, role)) is not None]
    fund = form.fund_total
    if fund is not None and fund.unread:
        return None
    if fund is not None and _fund_counts(form) and (q := fund.get(role)) is not None:
        values.append(q)
    return values


@check("IN01", category="arithmetic_total", needs=("indicators",))
def score_total_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """“总分/合计”行的得分不等于各项得分之和。

    ## 说明
    总得分应等于预算执行得分加各三级指标得分（上海等表格中预算执行率本身就是一行指标，
    此时不重复相加；按权重能否对上来判断）。空白的得分按 0 计，并在消息中指出：
    若空白行补上分数正好能对上，说明是漏填而不是加错。
    资金表没有分值、得分两栏时，按区域配置的预算执行分值（全国10分）和执行率算出的得分计入。
    资金表的总额行印有数字却读不出各列时，预算执行的分值和得分无从得知，不核对。一行指标也没有读出
    （表头各列不认识）时同样不核对。表中没有资金表（只印出指标部分），各指标分值之和等于表头写明的
    指标总分（“绩效指标(90分)”），且比总分的分值正好少了区域的预算执行分值时，预算执行在表外：
    总得分比各项得分之和多出不超过这一分值时不报告。

    ## 为何重要
    总分决定等级，是财政部门复核的第一个数字；加总错误是最常见的可机读错误（E1）。

    ## 反例
    ```text
    | 一级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 完成率 | 60 | 60 |
    | 效益指标 | 满意度 | 40 | 40 |
    | 总分 | | 100 | 1000 |
    ```

    ## 正例
    ```text
    | 一级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 完成率 | 60 | 58 |
    | 效益指标 | 满意度 | 40 | 40 |
    | 总分 | | 100 | 98 |
    ```
    """
    for form in facts.forms:
        stated = form.total.score if form.total else None
        parts = _parts(form, "score")
        if stated is None or not parts:
            continue
        slack = max(profile.score_floor, stated.tolerance if stated.places else Decimal(0), sum_tolerance(parts))
        summed = sum_mismatch(stated, parts, slack)
        if summed is None:
            continue
        implied = _implied_fund(form, profile)
        if implied is not None and abs(summed.value + implied[1] - stated.value) <= slack + profile.score_tolerance(stated):
            continue  # the budget-execution score the fund table does not print makes the total
        unseen = _fund_out_of_view(form, profile)
        if unseen is not None and Decimal(0) <= stated.value - summed.value <= unseen:
            continue  # a budget-execution score up to its weight, printed where this form's fund block is
        also = f"（资金表未列出的预算执行得分按执行率应为{show(implied[1])}分，合计{show(summed.value + implied[1])}）" if implied else ""
        blanks = [i for i in form.leaves if i.score is None and i.weight is not None and i.weight.value]
        hint = ""
        if blanks:
            names = "、".join(f"“{i.name}”" for i in blanks)
            missing = sum((i.weight.value for i in blanks), Decimal(0))
            hint = f"；{names}的得分为空"
            if abs(summed.value + missing - stated.value) <= slack:
                hint += f"（权重{show(missing, 0)}），若按满分计入则与{stated.text}相符，请补填该得分"
        yield Finding(
            stated.span,
            f"{form.total.label}的得分为{stated.text}，但各项得分相加为{summed.text}{also}{hint}。",
            expected=summed.text,
            actual=stated.text,
            related=(*summed.parts, *_in_doubt(form)),
            message_en=f"total score {stated.text} is not the sum of the rows ({summed.text})",
        )


@check("IN02", category="arithmetic_total", needs=("indicators",))
def weight_total_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """“总分/合计”行的分值（权重）不等于各项分值之和。

    ## 说明
    与总得分的核对方法相同；只核对表中写出的合计行，不假定满分一定是 100。表中没有资金表，各项
    分值之和等于表头写明的指标总分（“绩效指标(90分)”），且正好比合计少了区域的预算执行分值（全国
    10分）时，这部分在表外，不报告。

    ## 为何重要
    分值加总不对，说明指标体系有漏项或多项，得分也就失去了比较基础。

    ## 反例
    ```text
    | 一级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 完成率 | 60 | 60 |
    | 效益指标 | 满意度 | 30 | 30 |
    | 合计 | | 100 | 90 |
    ```

    ## 正例
    ```text
    | 一级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 完成率 | 60 | 60 |
    | 效益指标 | 满意度 | 40 | 30 |
    | 合计 | | 100 | 90 |
    ```
    """
    for form in facts.forms:
        stated = form.total.weight if form.total else None
        parts = _parts(form, "weight")
        if stated is None or not parts:
            continue
        summed = sum_mismatch(stated, parts, max(profile.score_floor, sum_tolerance(parts)))
        if summed is None:
            continue
        implied = _implied_fund(form, profile)
        if implied is not None and summed.value + implied[0] == stated.value:
            continue  # the budget-execution weight the fund table does not print makes the total
        if _fund_out_of_view(form, profile) is not None:
            continue  # the budget-execution weight of a fund block this form does not show makes the total
        yield Finding(
            stated.span,
            f"{form.total.label}的分值为{stated.text}，但各项分值相加为{summed.text}。",
            expected=summed.text,
            actual=stated.text,
            related=(*summed.parts, *_in_doubt(form)),
            message_en=f"total weight {stated.text} is not the sum of the rows ({summed.text})",
        )


# A leaf that is the budget-execution item itself (上海-style tables list it among the indicators).
_BUDGET_LEAF = regex.compile(r"预算执行|资金执行|执行率|支付率|资金使用率|资金到位")


@check("IN24", category="weight_sum", needs=("fund_lines", "indicators"))
def fund_weight_beyond_total(facts: Facts) -> Iterator[Finding]:
    """指标分值合计已等于总分，资金表的预算执行又另有分值：全表分值合计超过总分。

    ## 说明
    国家模板中预算执行率（10分）与各项绩效指标（90分）合计100分。若三级指标的分值加起来已是总分
    （如100分），而资金表“年度资金总额”行另印有分值（如10分），表内分值合计就是110分：要么指标分值
    多给了，要么总分漏算了预算执行。指标中已有预算执行率一行（上海等表格的做法）时不核对。

    ## 为何重要
    总分只计入了一部分分值，预算执行的分数游离在总分之外，评分口径就不统一（E1）。

    ## 反例
    ```text
    项目资金	年初预算数	全年预算数	全年执行数	分值	执行率	得分
    年度资金总额	287	287	171	10	60%	6
    一级指标	二级指标	三级指标	分值	年度指标值	实际完成值	得分
    产出指标	数量指标	受益对象人数	50	100人次	100人次	50
    满意度指标	服务对象满意度指标	受益单位满意程度	50	90%	90%	45
    总分			100			95
    ```

    ## 正例
    ```text
    项目资金	年初预算数	全年预算数	全年执行数	分值	执行率	得分
    年度资金总额	287	287	171	10	60%	6
    一级指标	二级指标	三级指标	分值	年度指标值	实际完成值	得分
    产出指标	数量指标	受益对象人数	50	100人次	100人次	50
    满意度指标	服务对象满意度指标	受益单位满意程度	40	90%	90%	35
    总分			100			91
    ```
    """
    for form in facts.forms:
        fund = form.fund_total
        weight = fund.get("weight") if fund is not None else None
        total = form.total.weight if form.total is not None else None
        leaves = [i for i in form.leaves if i.weight is not None]
        if weight is None or not weight.value or total is None or not leaves or any(_BUDGET_LEAF.search(i.name) for i in leaves):
            continue
        summed = sum((i.weight.value for i in leaves), Decimal(0))
        if abs(summed - total.value) > max(total.tolerance, sum_tolerance([i.weight for i in leaves])):
            continue  # the leaves alone do not make the total: IN02's case
        every = summed + weight.value
        places = max(q.places for q in (total, weight, *(i.weight for i in leaves)))
        yield Finding(
            total.span,
            f"三级指标分值合计{show(summed, places)}分，已等于{form.total.label}的分值{total.text}分；资金表预算执行另有{weight.text}分，"
            f"全表分值合计{show(every, places)}分，超过总分。请核对指标分值或总分是否计入了预算执行。",
            expected=show(every, places),
            actual=total.text,
            related=(weight.span, *(i.weight.span for i in leaves), *_in_doubt(form)),
            message_en=f"the indicators' weights add up to the total {total.text} and the fund table adds {weight.text} for budget execution: {show(every, places)} in all",
        )


pfaudit_checks = module_checks(__name__)
