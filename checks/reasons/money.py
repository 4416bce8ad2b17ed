"""Reason checks on money: a reason that blames the funds must agree with the fund table."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Facts, Finding, FundLine, IndicatorRow, Profile, Reason, Report, check, module_checks


def _arrived(line: FundLine | None) -> bool:
    """Every budgeted yuan was spent, and the budget was not cut during the year (so none can be missing)."""
    if line is None or not line.certain or line.interim:
        return False
    budget, spent, initial = line.get("budget"), line.get("spent"), line.get("initial")
    if budget is None or spent is None or budget.value <= 0:
        return False
    slack = max(budget.tolerance, spent.tolerance)
    if initial is not None and abs(initial.value - budget.value) > max(slack, initial.tolerance):
        return False  # a budget cut to what arrived makes "资金未到位" true at 100%
    return spent.value >= budget.value - slack


def _fund_of(facts: Facts, reason: Reason) -> FundLine | None:
    if 0 <= reason.form < len(facts.forms) and facts.forms[reason.form].fund_total is not None:
        return facts.forms[reason.form].fund_total
    form = facts.fund_form
    return form.fund_total if form is not None else None


def _money_row(row: IndicatorRow | None) -> bool:
    """A row about the budget as a whole (预算执行率, 资金支出), not a cost cap of its own (成本指标)."""
    return row is None or (bool(regex.search(r"执行率|支出|资金|预算", row.name)) and "成本" not in row.level2)


@check("RS06", category="claim_mismatch", severity="warning", needs=("indicators", "fund_lines"))
def money_reason_contradicted(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """偏差原因称资金未到位、未拨付，或称资金有结余，资金表却显示预算已全部支出。

    ## 说明
    资金表“年度资金总额”行读得确定，全年执行数不少于全年预算数（执行率100%），年初预算数与全年预算数
    相同（年中没有调减）时：偏差原因说资金“未到位”“未拨付”（区域配置 `reason_words.money_absent`；
    “到位较晚”“拨付不及时”说的是时间，不算），与资金已全部支出相矛盾；说资金“结余”“节约”
    （`reason_words.saving`）的，只核对预算执行率、资金支出一类的指标行和报告的原因一节，成本指标节约的是
    指标自己的上限，不算。

    ## 为何重要
    资金已全部到位并支出，却用“资金未到位”解释偏差，原因不实；同样，执行率100%就不会有结余。

    ## 反例
    ```text
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 50 | 50 | 50 | 10 | 100% | 10 |

    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 改造户数 | ≥100户 | 80户 | 10 | 8 | 上级资金未到位，下年继续实施 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 50 | 40 | 40 | 10 | 100% | 10 |

    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 改造户数 | ≥100户 | 80户 | 10 | 8 | 上级资金未到位，下年继续实施 |
    ```
    """
    reasons = [*facts.reason_cells(), *facts.reason_sections()]
    for reason in reasons:
        line = _fund_of(facts, reason)
        if not _arrived(line):
            continue
        text = reason.text.text
        found = profile.reason_claim("money_absent", text)
        kind = "资金未到位"
        if found is None and _money_row(reason.row):
            found, kind = profile.reason_claim("saving", text), "资金有结余"
        if found is None:
            continue
        budget, spent = line.get("budget"), line.get("spent")
        yield Finding(
            reason.text.span(found.start(), found.end()),
            f"偏差原因称“{report.quote(reason.text.span(found.start(), found.end()))}”，但资金表全年预算数"
            f"{budget.text}、全年执行数{spent.text}，预算已全部支出，年中也没有调减，两者矛盾。",
            actual=found.group(),
            related=(budget.span, spent.span),
            message_en=f"the reason says the money {'did not arrive' if kind == '资金未到位' else 'was saved'}, "
            "yet the fund table shows the whole budget spent",
        )


pfaudit_checks = module_checks(__name__)
