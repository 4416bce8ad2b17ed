"""Budget checks: the fund total row is filled in and within budget, 其中 rows carry no score, and the
execution section states its figures; amounts that lost their integer parts are named."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AMOUNT_COLUMNS, Facts, Finding, Report, Severity, check, module_checks, rate_of, show


@check("AM04", category="missing_value", needs=("fund_lines",))
def execution_value_blank(facts: Facts) -> Iterator[Finding]:
    """资金表已有全年预算数和全年执行数，“执行率”或“得分”却空着；或已有预算数，执行数空着。

    ## 说明
    只看“年度资金总额”行：有全年预算数而全年执行数一栏空白时报告（执行率和得分随之无从核对）；
    表头有预算数和执行数两栏、该行印了执行率却只有一个金额（少了一格，不是空格）时，为警告；
    执行率一栏存在而空白时报告；得分一栏存在、该行有分值而得分空白时
    报告。预算数为 0 时执行率无从计算，不报告。“其中”行不要求填写执行率和得分。

    ## 为何重要
    模板要求由预算数和执行数算出执行率和得分；留空则预算执行得分无法核实，总分也缺一块（E2）。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 90 | 89.974 | 10 | | 10 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 90 | 89.974 | 10 | 99.97% | 10 |
    ```
    """
    for line in facts.fund_totals():
        budget, spent, weight = line.get("budget"), line.get("spent"), line.get("weight")
        if line.lost is not None and (printed := budget or spent) is not None:
            yield Finding(
                line.label_span or line.span,
                f"“{line.label.rstrip(':：')}”一行印了执行率{line.get('rate').text}，全年预算数和全年执行数却只有一个"
                f"金额（{printed.text}）：另一栏漏填，执行率无从核对。",
                actual=printed.text,
                related=(printed.span,),
                severity=Severity.WARNING,
                message_en="the fund total prints a rate but only one of its budget and spending",
            )
            continue
        if budget is not None and budget.value and spent is None and (where := line.blanks.get("spent")) is not None:
            yield Finding(
                where,
                f"“{line.label.rstrip(':：')}”已有全年预算数{budget.text}，全年执行数却为空。",
                actual="（空）",
                related=(budget.span,),
                message_en="the fund total has a budget but no spending",
            )
            continue
        if budget is None or spent is None or budget.value == 0:
            continue
        wanted = [("rate", "执行率")]
        if weight is not None and weight.value > 0:
            wanted.append(("score", "得分"))
        for role, label in wanted:
            where = line.blanks.get(role)
            if where is None:
                continue
            yield Finding(
                where,
                f"“{line.label.rstrip(':：')}”已有全年预算数{budget.text}和全年执行数{spent.text}，{label}却为空。",
                actual="（空）",
                related=(budget.span, spent.span),
                message_en=f"the fund total has a budget and spending but no {'rate' if role == 'rate' else 'score'}",
            )


@check("AM06", category="structure", severity="info", needs=("fund_lines",))
def subrow_scored(facts: Facts) -> Iterator[Finding]:
    """资金表的“其中”行（财政拨款、上年结转、其他资金）填了分值或得分。

    ## 说明
    模板只在“年度资金总额”行计分，“其中”行的分值和得分应为“—”或“/”。总额行没有分值和得分、
    只有一行其中行计分时不提示：这是整块资金表共用的一个计分格（合并单元格），文字版把它排在了最后一行之后。

    ## 为何重要
    其中行计分会让预算执行得分被重复计算或与总额行矛盾，是模板结构错误。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 100 | 10 | 100% | 10 |
    | 其中：当年财政拨款 | 100 | 100 | 10 | 100% | 10 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 100 | 10 | 100% | 10 |
    | 其中：当年财政拨款 | 100 | 100 | — | 100% | — |
    ```
    """
    for form in facts.forms:
        scored = [line for line in form.fund if line.get("weight") is not None or line.get("score") is not None]
        if len(scored) == 1 and any(line.is_total for line in form.fund):
            continue  # the block's one scoring cell, merged over its rows: printed after the last
        for line in form.fund:
            if line.is_total:
                continue
            for role, label in (("weight", "分值"), ("score", "得分")):
                q = line.get(role)
                if q is None:
                    continue
                yield Finding(
                    q.span,
                    f"“{line.label.rstrip(':：')}”是其中行，不应填写{label}（此处为{q.text}），应为“—”或“/”。",
                    expected="—",
                    actual=q.text,
                    message_en=f"sub-row '{line.label}' carries a {role}",
                )


@check("AM09", category="missing_value", severity="info", needs=("fund_lines",))
def amount_cut_short(facts: Facts) -> Iterator[Finding]:
    """资金表的金额只剩小数部分（“.32”），整数部分缺失。

    ## 说明
    以小数点开头的金额多半是文档转换时丢了整数部分（1,234.32 只剩“.32”）。这样的金额不参与任何
    核对（执行率、其中行之和等），每行提示一次，请对照原表补全。

    ## 为何重要
    金额不全，执行率和预算执行得分都无从复核；按残缺的数字计算会得出荒谬的结论。

    ## 反例
    ```text
    部门整体绩效自评表年初预算数全年预算数全年执行数执行率执行率权重执行率得分年度总金额.32.06.5其中财政拨款.32.06.579.27%107.93年初绩效目标
    ```

    ## 正例
    ```text
    部门整体绩效自评表年初预算数全年预算数全年执行数执行率执行率权重执行率得分年度总金额505040其中财政拨款50504080%108年初绩效目标
    ```
    """
    for form in facts.forms:
        for line in form.fund:
            cut = [(q, label) for role, label in AMOUNT_COLUMNS.items() if (q := line.values.get(role)) is not None and q.cut_short]
            if not cut:
                continue
            said = "、".join(f"{label}“{q.text}”" for q, label in cut)
            yield Finding(
                cut[0][0].span,
                f"“{line.label.rstrip(':：')}”的{said}只有小数部分，整数部分缺失（多半是文档转换所致），"
                "这些金额未参与核对，请对照原表补全。",
                actual=cut[0][0].text,
                related=tuple(q.span for q, _ in cut[1:]),
                message_en=f"'{line.label}': amounts {', '.join(q.text for q, _ in cut)} lost their integer parts",
            )


@check("AM07", category="low_execution_unexplained", severity="warning", needs=("fund_lines",))
def over_execution(facts: Facts) -> Iterator[Finding]:
    """全年执行数超过全年预算数（执行率超过100%）。

    ## 说明
    按金额的显示精度比较；超支需在偏差原因或报告中说明。得分若没有按100%封顶，消息会一并指出
    （封顶后的正确得分由 AM02 核对）。

    ## 为何重要
    执行数超过调整后预算，意味着超预算支出或预算数填错，都需要解释。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 120 | 10 | 120% | 10 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 100 | 10 | 100% | 10 |
    ```
    """
    for line in facts.fund_totals():
        budget, spent = line.get("budget"), line.get("spent")
        if budget is None or spent is None or budget.value <= 0:
            continue
        rate, slack = rate_of(spent, budget)
        if rate - slack <= 100:
            continue
        weight, score = line.get("weight"), line.get("score")
        uncapped = weight is not None and score is not None and score.value > weight.value
        extra = f"；得分{score.text}超过分值{weight.text}，执行率超过100%时得分应以分值封顶" if uncapped else ""
        yield Finding(
            spent.span,
            f"全年执行数{spent.text}超过全年预算数{budget.text}（执行率{show(rate)}%），需说明超支原因{extra}。",
            expected=f"≤{budget.text}",
            actual=spent.text,
            related=(budget.span,),
            message_en=f"spending {spent.text} exceeds the budget {budget.text} ({show(rate)}%)",
        )


@check("AM08", category="missing_value", severity="warning", needs=("sentences",))
def execution_not_stated(report: Report, facts: Facts) -> Iterator[Finding]:
    """说明资金执行情况的一节没有写出支出金额或执行率。

    ## 说明
    标题为“资金执行情况”“资金使用情况”“预算执行情况”“支出情况”的一节（不含下级小标题、表格），
    正文里既没有金额也没有百分比时报告，指向该节正文。

    ## 为何重要
    执行了多少、执行率多少是自评的核心数据；只写“已按合同进度完成支付”，读者无从判断资金执行到什么程度（E2）。

    ## 反例
    ```text
    2.项目资金执行情况分析
    建设东屿镇凤尾村蔬菜基地产业项目，该笔专项资金已依照合同约定按项目进度完成支付。
    ```

    ## 正例
    ```text
    2.项目资金执行情况分析
    该笔专项资金105万元已依照合同约定全部支付，预算执行率100%。
    ```
    """
    for section in facts.silent_sections:
        yield Finding(
            section.body,
            f"“{report.quote(section.heading)}”一节没有写出支出金额和执行率，无法判断资金执行到了什么程度。",
            expected="支出金额及执行率",
            actual=report.quote(section.body),
            related=(section.heading,),
            message_en="the fund-execution section states neither the amount spent nor the rate",
        )


pfaudit_checks = module_checks(__name__)
