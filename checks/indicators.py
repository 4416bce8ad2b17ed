"""Indicator checks: the 总分 row adds up, and every row that carries a 分值 is filled in."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import (
    BLANK_MARKS,
    Facts,
    Finding,
    Form,
    IndicatorRow,
    Profile,
    Quantity,
    Report,
    check,
    module_checks,
    show,
    sum_tolerance,
)


def _weighted_placeholder(row: IndicatorRow) -> bool:
    """A template row ("指标2：") with neither target nor actual: IN19 reports it when it carries a 分值."""
    return row.template_name and all(row.wording.get(r, "blank") == "blank" for r in ("target", "actual"))


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
    leaves = sum((i.weight.value for i in form.leaves if i.weight), Decimal(0))
    return abs(leaves - total.value) > total.tolerance or abs(leaves + fund_weight.value - total.value) <= total.tolerance


def _parts(form: Form, role: str) -> list[Quantity]:
    values = [q for i in form.leaves if (q := getattr(i, role)) is not None]
    fund = form.fund_total
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
        summed = sum((q.value for q in parts), Decimal(0))
        slack = max(profile.score_floor, stated.tolerance if stated.places else Decimal(0), sum_tolerance(parts))
        if abs(summed - stated.value) <= slack:
            continue
        places = max(q.places for q in (stated, *parts))
        blanks = [i for i in form.leaves if i.score is None and i.weight is not None and i.weight.value]
        hint = ""
        if blanks:
            names = "、".join(f"“{i.name}”" for i in blanks)
            missing = sum((i.weight.value for i in blanks), Decimal(0))
            hint = f"；{names}的得分为空"
            if abs(summed + missing - stated.value) <= slack:
                hint += f"（权重{show(missing, 0)}），若按满分计入则与{stated.text}相符，请补填该得分"
        yield Finding(
            stated.span,
            f"{form.total.label}的得分为{stated.text}，但各项得分相加为{show(summed, places)}{hint}。",
            expected=show(summed, places),
            actual=stated.text,
            related=tuple(q.span for q in parts),
            message_en=f"total score {stated.text} is not the sum of the rows ({show(summed, places)})",
        )


@check("IN02", category="arithmetic_total", needs=("indicators",))
def weight_total_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """“总分/合计”行的分值（权重）不等于各项分值之和。

    ## 说明
    与总得分的核对方法相同；只核对表中写出的合计行，不假定满分一定是 100。

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
        summed = sum((q.value for q in parts), Decimal(0))
        slack = max(profile.score_floor, sum_tolerance(parts))
        if abs(summed - stated.value) <= slack:
            continue
        places = max(q.places for q in (stated, *parts))
        yield Finding(
            stated.span,
            f"{form.total.label}的分值为{stated.text}，但各项分值相加为{show(summed, places)}。",
            expected=show(summed, places),
            actual=stated.text,
            related=tuple(q.span for q in parts),
            message_en=f"total weight {stated.text} is not the sum of the rows ({show(summed, places)})",
        )


@check("IN03", category="missing_value", needs=("indicators",))
def indicator_value_missing(facts: Facts) -> Iterator[Finding]:
    """有分值的指标行，得分、年度指标值或实际完成值为空。

    ## 说明
    只看有分值（权重大于 0）的行；“/”“—”等不适用标记视同空白。
    全行都空的模板占位行由 ST01 报告，计了分值的占位行由 IN19 报告，这里不重复。

    ## 为何重要
    模板要求每个计分指标都有目标值、完成值和得分；缺一项，得分就无从核实（财预〔2020〕10号）。

    ## 反例
    ```text
    | 一级指标 | 指标名称 | 权重 | 自评分 |
    | 效果目标 | 政策知晓率 | 7 | |
    ```

    ## 正例
    ```text
    | 一级指标 | 指标名称 | 权重 | 自评分 |
    | 效果目标 | 政策知晓率 | 7 | 7 |
    ```
    """
    labels = {"score": "得分", "target": "年度指标值", "actual": "实际完成值"}
    for form in facts.forms:
        for row in form.leaves:
            if row.weight is None or row.weight.value <= 0 or _weighted_placeholder(row):
                continue
            for role, label in labels.items():
                if role not in form.columns:
                    continue
                cell = row.cells.get(role)
                if cell is not None and cell.value not in BLANK_MARKS:
                    continue
                yield Finding(
                    cell.span if cell is not None else row.span,
                    f"指标“{row.name}”有分值{row.weight.text}，但{label}为空。",
                    actual="（空）",
                    message_en=f"indicator '{row.name}' has a weight of {row.weight.text} but no {role}",
                )


@check("IN19", category="placeholder_left", severity="warning", needs=("indicators",))
def placeholder_row_weighted(facts: Facts) -> Iterator[Finding]:
    """模板占位行（“指标2：”“……”“/”）没有填写指标内容，却计了分值。

    ## 说明
    名称只是模板标签、指标值和完成值都空着、分值大于 0 的行。分值为 0 或空白的“/”行
    是正常的“不适用”标记，不报告；完全空白的占位行由 ST01 报告。

    ## 为何重要
    占位行计了分，分值就落在一个不存在的指标上，总分因此失真（模板残留，E8）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | ≥60人 | 80人 | 10 | 10 |
    | | | 指标2： | | | 5 | 5 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | ≥60人 | 80人 | 10 | 10 |
    | 效益指标 | 生态效益 | / | / | / | 0 | |
    ```
    """
    for form in facts.forms:
        for row in form.indicators:
            if row.weight is None or row.weight.value <= 0 or not _weighted_placeholder(row):
                continue
            yield Finding(
                row.cells["name"].span,
                f"模板占位行“{row.title}”没有填写指标名称、指标值和完成值，却计了{row.weight.text}分；应补填指标或删除该行。",
                actual=row.weight.text,
                related=(row.weight.span,),
                message_en=f"template row '{row.title}' carries a weight of {row.weight.text}",
            )


@check("IN23", category="missing_value", severity="warning", needs=("sentences",))
def results_left_blank(report: Report, facts: Facts) -> Iterator[Finding]:
    """指标表的“实际完成值”或“得分”一栏整栏空白：每一行只填了目标值。

    ## 说明
    只看逐行排成文字的指标表（每行一个指标，行内只有指标名称和数字）：至少三行、每行都只有一个数字
    （目标值），而表头要求填写实际完成值和得分，说明这两栏都没有填。得分一栏与“总分”一并报告。
    单元格里写着文字的表格分不清名称和完成值，不在此核对；有表格结构的文件由 IN03 逐行核对。

    ## 为何重要
    没有实际完成值和得分，自评就没有结论，资金和目标的完成情况都无从判断（E2）。

    ## 反例
    ```text
    二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分
    产出指标 数量指标 标准化猪舍建筑面积(平方米) 5000
    管理用房建筑面积(平方米) 500
    饲料加工车间面积(平方米) 300
    总分
    ```

    ## 正例
    ```text
    二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分
    产出指标 数量指标 标准化猪舍建筑面积(平方米) 5000 5000 20
    管理用房建筑面积(平方米) 500 500 20
    饲料加工车间面积(平方米) 300 300 20
    总分 60
    ```
    """
    for blank in facts.blank_columns:
        label = report.quote(blank.header)
        if blank.role == "actual":
            message = f"指标表的“{label}”一栏在全部{blank.rows}行中都是空白，只填了目标值，应填写实际完成值。"
        else:
            message = f"指标表的“{label}”一栏和总分都没有填写，无法得出自评结论。"
        yield Finding(
            blank.span,
            message,
            expected="实际完成值" if blank.role == "actual" else "各指标得分及总分",
            actual="（空）",
            related=(blank.header,),
            message_en=f"the {'actual value' if blank.role == 'actual' else 'score'} column is blank in every row",
        )


pfaudit_checks = module_checks(__name__)
