"""Narrative checks: a figure the report states in prose must agree with its attached form."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Profile, Quantity, Report, Severity, check, module_checks, rate_of, show

# Which table columns a prose amount may restate, by its label and basis.
_ROLES = {
    ("budget", "initial"): ("initial", "budget"),
    ("budget", "adjusted"): ("budget",),
    ("budget", ""): ("initial", "budget"),
    ("spent", ""): ("spent",),
}
_GENERIC_BIGRAMS = {"人数", "数量", "人次", "指标", "完成", "情况", "实际", "工作", "项目"}
TEN_THOUSAND = Decimal(10_000)


def _agree(a: Decimal, b: Decimal, tol: Decimal) -> bool:
    return abs(a - b) <= tol


def table_values(form, fig) -> list[Quantity]:
    """The form's values a prose amount may restate."""
    roles = _ROLES.get((fig.label, fig.basis), ())
    return [q for line in form.fund for role in roles if (q := line.get(role)) is not None and q.is_money]


@check("NT01", category="narrative_table_mismatch", needs=("fund_lines",))
def narrative_table_mismatch(facts: Facts) -> Iterator[Finding]:
    """正文写的预算数、执行数或执行率与所附自评表不一致。

    ## 说明
    同一个数在正文和表中各写一次，换算单位（元、万元、亿元）后应当相等，按两处中较粗的显示精度比较。
    按标签配对：正文“年初预算”只与表中年初预算数比，“调整后预算”只与全年预算数比，
    “预算”“安排”可与二者之一相符，“支出”“支付”“执行”与全年执行数比；到位资金表中没有对应列，不比较。
    只比较说明资金情况的段落（同段有预算数和支出数、有执行率，或写明“年初”“调整后”预算），
    每段只取第一个预算数和第一个支出数（其后多为分项金额）；“市财政每年安排”、人均标准、
    增减额、结转资金、下一年计划、“其中”分项都不比较。正文逐个叙述多个子项目、有两个以上不同金额都与表不符时，
    无法确定哪个是本项目总额，不报告。报告附有多张资金表时不做此项检查。
    正文执行率只在同段预算数与表一致（或同段没有金额）时与表中执行率比较。
    相差正好一万倍的金额由 UN01 报告为单位错误。

    ## 为何重要
    正文与附表是同一组数据，不一致说明至少一处填错（“确保数据准确”，E9）。

    ## 反例
    ```text
    2021年社区发展治理工作经费年初预算30000元，实际支付17890元，由于疫情影响培训推迟，支出进度偏慢。

    | 项目资金（万元） | 年初预算数 | 全年预算数 | 预算执行数 | 执行率 |
    | 年度资金总额 | 3 | 3 | 1.798 | 59.93% |
    ```

    ## 正例
    ```text
    2021年社区发展治理工作经费年初预算30000元，实际支付17980元，由于疫情影响培训推迟，支出进度偏慢。

    | 项目资金（万元） | 年初预算数 | 全年预算数 | 预算执行数 | 执行率 |
    | 年度资金总额 | 3 | 3 | 1.798 | 59.93% |
    ```
    """
    form = facts.fund_form
    if form is None:
        return
    # Only funding statements are compared: a paragraph with a budget and its spending, an
    # execution rate, or a budget named by its basis (年初, 调整后). "用于支付劳务费1.2万元" is not one.
    funding = {e.paragraph for e in facts.executions} | {r.paragraph for r in facts.rates if r.label == "execution"}
    funding |= {a.paragraph for a in facts.amounts if a.basis in ("initial", "adjusted")}
    checked_paragraphs: dict[int, bool] = {}
    judged = []
    # Only each paragraph's first budget and spending figure: the later ones are mostly itemised amounts.
    for fig in facts.headlines(("budget", "spent")):
        values = table_values(form, fig)
        if not values or fig.paragraph not in funding:
            continue
        q = fig.quantity
        ok = any(_agree(q.in_yuan(), v.in_yuan(), max(q.yuan_tolerance(), v.yuan_tolerance())) for v in values)
        if fig.label == "budget":
            checked_paragraphs[fig.paragraph] = checked_paragraphs.get(fig.paragraph, True) and ok
        judged.append((fig, values, ok))
    for label in ("budget", "spent"):
        if len({f.quantity.in_yuan() for f, _, ok in judged if f.label == label and not ok}) > 1:
            # Several different figures, none in the form: sub-projects told one by one, not a slip.
            judged = [j for j in judged if j[0].label != label]
    for fig, values, ok in judged:
        q = fig.quantity
        if ok:
            continue
        if any(_agree(q.in_yuan() * k, v.in_yuan(), v.yuan_tolerance() * 2) for v in values for k in (TEN_THOUSAND, 1 / TEN_THOUSAND)):
            continue  # 10 000 times off: a unit slip, reported by UN01
        what = {"budget": "预算数", "spent": "执行（支出）数"}[fig.label]
        shown = "、".join(f"{v.text}{form.fund_total.unit if not v.text.endswith('元') else ''}" for v in values)
        yield Finding(
            q.span,
            f"正文的{what}为{q.text}，与自评表中的{shown}不一致（已按元、万元换算），请核对哪一处填错。",
            expected=values[0].text,
            actual=q.text,
            related=tuple(v.span for v in values),
            message_en=f"the narrative states {q.text} but the form says {values[0].text}",
        )
    rate = form.fund_total.get("rate")
    if rate is None:
        return
    for fig in facts.rates:
        if fig.label != "execution" or fig.scope != "project" or not checked_paragraphs.get(fig.paragraph, fig.paragraph not in {a.paragraph for a in facts.amounts}):
            continue
        q = fig.quantity
        if _agree(q.percent(), rate.percent(), max(q.percent_tolerance(), rate.percent_tolerance())):
            continue
        budget, spent = form.fund_total.get("budget"), form.fund_total.get("spent")
        note = ""
        if budget is not None and spent is not None and budget.value:
            computed = rate_of(spent, budget)[0]
            right = q.text if _agree(q.percent(), computed, q.percent_tolerance() * 2) else rate.text if _agree(rate.percent(), computed, rate.percent_tolerance() * 2) else ""
            note = f"按表中金额计算为{show(computed)}%，{'正文' if right == q.text else '表中'}的{right}是对的。" if right else f"按表中金额计算为{show(computed)}%。"
        yield Finding(
            q.span,
            f"正文写执行率为{q.text}，自评表中为{rate.text}，两处不一致。{note}",
            expected=rate.text,
            actual=q.text,
            related=(rate.span,),
            message_en=f"the narrative states an execution rate of {q.text}, the form {rate.text}",
        )


def _bigrams(name: str) -> set[str]:
    return {name[i : i + 2] for i in range(len(name) - 1)} - _GENERIC_BIGRAMS


@check("NT02", category="narrative_table_mismatch", severity="warning", needs=("indicators",))
def tally_mismatch(facts: Facts) -> Iterator[Finding]:
    """表中指标的实际完成值与正文逐项列出的人数之和不符。

    ## 说明
    正文常在冒号后用分号逐项列出各场活动的人数（“参加人员100余人；120余人参加；30人；40余人参加”）。
    若表中某个以“人”计的指标（如“参加培训人数”）与这段列举用词相同（名称中的“培训”出现在列举的引导语中），
    其实际完成值应等于各项之和；写有“余”“多”的数只是下限，此时只在合计已超过表中数值时报告。

    ## 为何重要
    实际完成值决定指标得分，正文列举的数字是它的依据；二者对不上，说明其中之一有误。

    ## 反例
    ```text
    组织社治干部观摩、培训4场次：1月15日参加人员100余人；3月30日120余人参加；7月14日30人；7月15日40余人参加。

    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 280人 | 10 | 10 |
    ```

    ## 正例
    ```text
    组织社治干部观摩、培训4场次：1月15日参加人员100余人；3月30日120余人参加；7月14日30人；7月15日40余人参加。

    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 300人 | 10 | 10 |
    ```
    """
    for tally in facts.tallies:
        context = tally.intro.text
        for form in facts.forms:
            for row in form.indicators:
                actual = getattr(row, "actual", None)
                if actual is None or actual.unit != tally.unit or actual.approx or actual.comparator:
                    continue
                if not any(b in context for b in _bigrams(row.name)):
                    continue
                listed = "+".join(q.text.removesuffix(tally.unit) for q in tally.figures)
                if tally.lower_bound and tally.total >= actual.value:
                    said = f"多于{show(tally.total, 0)}{tally.unit}"
                elif not tally.lower_bound and tally.total != actual.value:
                    said = f"共{show(tally.total, 0)}{tally.unit}"
                else:
                    continue
                yield Finding(
                    row.cells["actual"].span if "actual" in row.cells else actual.span,
                    f"表中“{row.name}”的实际完成值为{actual.text}，但正文逐项列出的人数为{listed}，合计{said}，二者不符。",
                    expected=said,
                    actual=actual.text,
                    related=tuple(q.span for q in tally.figures),
                    severity=Severity.WARNING,
                    message_en=f"the form reports {actual.text} for {row.name}; the narrative lists {listed}",
                )


@check("NT03", category="narrative_table_mismatch", severity="warning", needs=("fund_lines", "rates"))
def deviation_denied(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """报告称执行数与预算数“不存在较大偏差”“基本一致”，执行率却低于应说明原因的标准。

    ## 说明
    执行率取资金表或正文给出的最低执行率；标准优先取报告自己写明的，否则取区域配置的
    `exec_reason_threshold`（全国默认90%）。这样的说法等于没有说明执行偏差，EX01 不再重复报告。

    ## 为何重要
    “执行准确性”“执行偏差”一栏本应如实说明未执行的资金和原因；称无偏差而表内执行率明显偏低，
    是自评结论与数据相互矛盾（E9）。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 808.1 | 692.98 | 86% |
    | 执行准确性 | 依照上级下达额度执行，执行数与预算数不存在较大偏差。 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 808.1 | 800.1 | 99.01% |
    | 执行准确性 | 依照上级下达额度执行，执行数与预算数不存在较大偏差。 |
    ```
    """
    if not facts.denials:
        return
    stated = facts.thresholds[0].percent if facts.thresholds else profile.exec_reason_threshold * 100
    low = [r for r in facts.execution_rates if r.percent < stated]
    if not low:
        return
    lowest = min(low, key=lambda r: r.percent)
    denial = facts.denials[0]
    words = report.quote(denial, 40)
    yield Finding(
        denial,
        f"此处称“{words}”，但执行率只有{show(lowest.percent)}%，低于{show(stated, 0)}%，应如实说明未执行的资金及原因。",
        expected=f"说明执行率{show(lowest.percent)}%的偏差原因",
        actual=words,
        related=(lowest.span,),
        message_en=f"says spending did not deviate from the budget, yet the execution rate is {show(lowest.percent)}%",
    )


pfaudit_checks = module_checks(__name__)
