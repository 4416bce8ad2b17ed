"""Weight checks: 分值 must add up within each category and follow the regional defaults."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import (
    Facts,
    Finding,
    Form,
    FundLine,
    IndicatorRow,
    Profile,
    Quantity,
    Report,
    Severity,
    check,
    module_checks,
    rate_of,
    show,
    sum_tolerance,
)

_KIND_NAMES = {"budget": "预算执行", "output": "产出指标", "outcome": "效益指标", "satisfaction": "满意度指标"}


def _leaves(form: Form, rows: tuple[int, ...] | None = None) -> list[IndicatorRow]:
    picked = form.indicators if rows is None else [form.indicators[i] for i in rows]
    return [r for r in picked if not r.placeholder and r.weight is not None]


def _weight_sum(rows: list[IndicatorRow]) -> Decimal:
    return sum((r.weight.value for r in rows), Decimal(0))


@check("IN15", category="weight_sum", needs=("indicators",))
def category_weight_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """一级或二级指标标签里写的分值（“产出指标（50分）”）不等于其下各三级指标分值之和。

    ## 说明
    只在能确定哪些行属于该标签时核对：读入 .docx/.xlsx 时合并单元格已还原，或者每一行都重复
    写了同一个标签。从纯文本中读入的表格，合并单元格的标签可能落在其所属区块的任意一行
    （如古美路街道表），此时不核对、也不报告。

    ## 为何重要
    财政系统保存自评表时会拒绝三级分值之和不等于二级、二级之和不等于一级的表格；
    对不上说明漏列或多列了指标（E1）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标（50分） | 数量指标 | 培训人数 | 30 | 30 |
    | 产出指标（50分） | 质量指标 | 培训合格率 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标（50分） | 数量指标 | 培训人数 | 30 | 30 |
    | 产出指标（50分） | 质量指标 | 培训合格率 | 20 | 20 |
    ```
    """
    for form in facts.forms:
        for group in form.groups:
            if group.weight is None or not group.certain:
                continue
            rows = _leaves(form, group.rows)
            if not rows:
                continue
            summed = _weight_sum(rows)
            if abs(summed - group.weight.value) <= max(profile.score_floor, sum_tolerance([r.weight for r in rows])):
                continue
            places = max(q.places for q in (group.weight, *(r.weight for r in rows)))
            yield Finding(
                group.weight.span,
                f"“{group.label}”标明{group.weight.text}分，但其下{len(rows)}个指标的分值合计为{show(summed, places)}分。",
                expected=show(summed, places),
                actual=group.weight.text,
                related=tuple(r.weight.span for r in rows),
                message_en=f"category '{group.label}' states {group.weight.text} but its rows add up to {show(summed, places)}",
            )


@check("IN16", category="weight_sum", severity="warning", needs=("indicators",))
def level1_weight_unexpected(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """一级指标的分值与本地区默认分值不同（全国默认：产出50、效益30、满意度10）。

    ## 说明
    默认值取区域配置 `level1_weights`；配置中没有的类别不核对，配置为空时整项不核对。
    一级分值取标签中写明的分值，或能确定归属时取其下各行之和。表格用的是别的指标框架
    （出现“投入与管理”“影响力目标”等无法对应的一级指标）时不核对。缺少满意度指标、
    其分值并入其他类别时只作提示。预算执行的分值由 IN17 核对。

    ## 为何重要
    财政部统一规定一级指标分值（产出50、效益30、满意度10、预算执行10），
    “如有特殊情况”才可调整，调整应有说明。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标（60分） | 数量指标 | 培训人数 | 60 | 60 |
    | 效益指标（20分） | 社会效益 | 群众知晓率 | 20 | 20 |
    | 满意度指标（10分） | 服务对象满意度 | 群众满意度 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标（50分） | 数量指标 | 培训人数 | 50 | 50 |
    | 效益指标（30分） | 社会效益 | 群众知晓率 | 30 | 30 |
    | 满意度指标（10分） | 服务对象满意度 | 群众满意度 | 10 | 10 |
    ```
    """
    defaults = profile.level1_weights
    for form in facts.forms:
        groups = [g for g in form.groups if g.level == 1]
        if not groups or any(not g.kind for g in groups):
            continue
        kinds = {g.kind for g in groups}
        moved = "satisfaction" in defaults and "satisfaction" not in kinds
        for group in groups:
            expected = defaults.get(group.kind)
            if expected is None or group.kind == "budget":
                continue
            stated = group.weight
            rows = _leaves(form, group.rows)
            value = stated.value if stated is not None else (_weight_sum(rows) if group.certain and rows else None)
            if value is None or abs(value - expected) <= profile.score_floor:
                continue
            note = "（表中没有满意度指标，其分值可能已并入此类）" if moved else ""
            shown = show(value, 0 if value == value.to_integral() else 2)
            # The label's own figure when it prints one; else the label cell, with the leaf weights it sums.
            where, related = (stated.span, ()) if stated is not None else (group.span, tuple(r.weight.span for r in rows))
            said = "的分值为" if stated is not None else "下各项分值合计为"
            yield Finding(
                where,
                f"“{group.label}”{said}{shown}分，本地区默认为{show(expected, 0)}分；调整一级指标分值须说明理由{note}。",
                related=related,
                expected=show(expected, 0),
                actual=show(value, 2),
                severity=Severity.INFO if moved else None,
                message_en=f"level-1 weight of {_KIND_NAMES[group.kind]} is {shown}"
                f"{'' if stated is not None else ' (the sum of its rows)'}, not the default {show(expected, 0)}",
            )


@check("IN17", category="weight_sum", severity="warning", needs=("fund_lines", "indicators"))
def budget_weight_unexpected(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """资金表“年度资金总额”行的分值与本地区预算执行分值不同（全国10分，江苏市区20分）。

    ## 说明
    默认值取区域配置 `level1_weights` 中的 `budget`；配置中没有时不核对。

    ## 为何重要
    财政部规定预算执行率指标10分，江苏市区模板为20分；“特殊情况”方可调整，故只作警告。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 100 | 20 | 100% | 20 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 100 | 10 | 100% | 10 |
    ```
    """
    expected = profile.level1_weights.get("budget")
    if expected is None:
        return
    for form in facts.forms:
        fund = form.fund_total
        weight = fund.get("weight") if fund is not None else None
        if weight is None or abs(weight.value - expected) <= profile.score_floor:
            continue
        if "weight" in fund.displaced:
            continue  # the template's own header states it ("得分（20分*执行率）"): no adjustment by the unit
        if _score_contradicts(fund, weight, profile):
            continue  # the weight and the score disagree: AM02 reports that row
        yield Finding(
            weight.span,
            f"预算执行的分值为{weight.text}分，本地区模板规定为{show(expected, 0)}分；如有调整须说明理由。",
            expected=show(expected, 0),
            actual=weight.text,
            message_en=f"budget execution weight {weight.text}, the profile expects {show(expected, 0)}",
        )


def _score_contradicts(fund: FundLine, weight: Quantity, profile: Profile) -> bool:
    budget, spent, score = fund.get("budget"), fund.get("spent"), fund.get("score")
    if budget is None or spent is None or score is None or not budget.value:
        return False
    expected = profile.execution_score(weight.value, rate_of(spent, budget)[0])
    return expected is not None and abs(expected - score.value) > profile.score_tolerance(score)


@check("IN18", category="weight_sum", severity="warning", needs=("indicators",))
def weight_concentrated(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """单个指标的分值占绩效指标总分的比例过高（默认达到一半）。

    ## 说明
    比例取区域配置 `max_leaf_weight_share`。指标总分为各三级指标分值之和；只在这些分值与
    合计行（扣除预算执行分值）对得上，或至少有三个指标时核对，以免漏读的行抬高比例。

    ## 为何重要
    分值应体现各项产出和效益的相对重要性（“分值合理”）；一个指标独占大部分分值，
    其他指标便形同虚设，是复核关注点（E6）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | 80 | 80 |
    | 效益指标 | 社会效益 | 群众知晓率 | 10 | 10 |
    | 满意度指标 | 服务对象满意度 | 群众满意度 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | 40 | 40 |
    | 效益指标 | 社会效益 | 群众知晓率 | 40 | 40 |
    | 满意度指标 | 服务对象满意度 | 群众满意度 | 20 | 20 |
    ```
    """
    for form in facts.forms:
        rows = [r for r in _leaves(form) if r.weight.value > 0]
        total = _weight_sum(rows)
        if not rows or total <= 0:
            continue
        stated = form.total.weight if form.total else None
        fund = form.fund_total.get("weight") if form.fund_total else None
        complete = stated is not None and any(
            abs(stated.value - extra - total) <= profile.score_floor
            for extra in (Decimal(0), fund.value if fund else Decimal(0))
        )
        if not complete and len(rows) < 3:
            continue
        for row in rows:
            share = row.weight.value / total
            if share < profile.max_leaf_weight_share:
                continue
            yield Finding(
                row.weight.span,
                f"指标“{row.title}”的分值{row.weight.text}占绩效指标总分{show(total, 0)}的{show(share * 100, 0)}%，"
                "分值过于集中，其他指标难以反映绩效。",
                expected=f"<{show(profile.max_leaf_weight_share * 100, 0)}%",
                actual=f"{show(share * 100, 0)}%",
                message_en=f"one indicator carries {show(share * 100, 0)}% of the indicator weight",
            )


@check("IN21", category="weight_sum", severity="warning", needs=("sentences",))
def stated_weights_sum(report: Report, facts: Facts) -> Iterator[Finding]:
    """正文列出的一级指标权重（“产出指标50%、效益指标30%、满意度指标10%”）加起来不是100。

    ## 说明
    只看在一句话中逐项列出、至少三类一级指标（产出、效益、满意度、预算执行）的权重；
    括号里的补充说明不算。缺的那一部分（常见的是预算执行率10分）应写明如何设置。

    ## 为何重要
    总分为100分，一级指标权重之和不是100时，要么漏了一类指标，要么权重写错，得分无从核对（E6）。

    ## 反例
    ```text
    指标权重统一设置为：产出指标50%、效益指标30%、服务对象满意度指标10%。
    ```

    ## 正例
    ```text
    一级指标权重统一设置为：产出指标40分（包含数量、质量、时效、成本）、预算执行率指标10分、效益指标40分、满意度指标10分。
    ```
    """
    for statement in facts.weight_statements:
        if statement.total == 100:
            continue
        unit = statement.items[0][1].unit
        listed = "＋".join(q.text for _, q in statement.items)
        yield Finding(
            statement.span,
            f"列出的一级指标权重{listed}，合计{show(statement.total, 0)}{unit}，不是100{unit}；"
            f"缺的{show(100 - statement.total, 0)}{unit}应说明如何设置（常见为预算执行率）。",
            expected=f"100{unit}",
            actual=f"{show(statement.total, 0)}{unit}",
            message_en=f"the level-1 weights listed add up to {show(statement.total, 0)}, not 100",
        )


pfaudit_checks = module_checks(__name__)
