"""A declaration's scale against its money: the unit cost the funds give, and a total cost cap they exceed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import Facts, Finding, Quantity, check, module_checks, show

_UNITS = {"元": Decimal(1), "万元": Decimal(10_000)}


def _yuan(q: Quantity) -> Decimal | None:
    return q.in_yuan() if q.is_money else None


def _yuan_fits(unit: str, figure: Decimal, cap: Decimal, slack: Decimal = Decimal(1)) -> bool:
    """Whether a figure printed in `unit` (万元), read in 元 instead, is a plausible amount under the cap:
    the 元/万元 slip DC14 names."""
    return unit != "元" and cap / 10 <= figure <= cap * slack


_WHOLE = regex.compile(r"^(?:项目)?总(?:成本|费用|支出|投入)$")
_PER = regex.compile(r"^(?P<money>万元|元)\s*[/／每]\s*(?P<per>.+)$")


@check("DC15", category="target_setting", severity="warning", needs=("declarations",), documents=("declaration",))
def unit_cost_mismatch(facts: Facts) -> Iterator[Finding]:
    """申报的资金与目标规模不相称：年度资金 ÷ 数量指标得出的单位成本高于成本指标，或年度资金超过成本总额上限。

    ## 说明
    成本指标按单位计（“≤500元/人”）、且有以同一单位计的数量指标（“≥1000人”）时，用年度资金
    总额除以数量得出单位成本，高于上限5%以上时报告（年度资金的数字按元读时单位成本正好在上限之内
    （上限的十分之一到上限）的，是元与万元写混了，见 DC14，不报告）。唯一的金额成本指标是总额上限（名称为“总成本”，
    指标值“不超过X万元”）而年度资金超过它时也报告（几个金额上限是成本的各个部分，不与总额比较）；年度资金的数字按元读正好在上限之内（上限的十分之一到上限）时，
    多半是元与万元写混了（见 DC14），不报告。

    ## 为何重要
    财政部门审核绩效目标的“适当性”：目标规模要与资金相匹配（财预〔2020〕10号附2“绩效目标
    合理性”；各地绩效目标管理办法的适当性审核）。钱与量对不上，不是目标定低了就是预算多要了。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 职业技能培训 |
    | 年度资金总额（万元） | 80 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 培训人数 | ≥1000人 |
    | 产出指标 | 成本指标 | 人均培训成本 | ≤500元/人 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 职业技能培训 |
    | 年度资金总额（万元） | 50 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 培训人数 | ≥1000人 |
    | 产出指标 | 成本指标 | 人均培训成本 | ≤500元/人 |
    ```
    """
    decl = facts.declaration
    annual = decl.fund("total", "annual") if decl is not None and decl.read else None
    amount = _yuan(annual.quantity) if annual is not None else None
    if not amount:
        return
    counts = [r for r in decl.targets if r.kind == "quantity" and r.target is not None and r.target.value > 0]
    # a cap on the whole cost, alone among the money caps: several caps are parts of the cost, each below the total
    money = [r for r in decl.targets if (r.kind == "cost" or r.kind_of_target == "cost") and r.target and r.target.is_money]
    total_cap = len(money) == 1 and bool(_WHOLE.match(money[0].name))
    for row in decl.targets:
        q = row.target
        if q is None or not (row.kind == "cost" or row.kind_of_target == "cost") or q.comparator not in ("<=", "<", ""):
            continue
        per = _PER.match(row.unit or "")
        if per is not None:
            count = next((c for c in counts if c.unit == per["per"].strip()), None)
            if count is None:
                continue
            cap = q.value * _UNITS[per["money"]]
            unit_cost = amount / count.target.value
            # the funds' figure read in 元 giving a cost within the cap is the 元/万元 slip DC14 names
            slip = _yuan_fits(annual.quantity.unit, unit_cost / _UNITS["万元"], cap, Decimal("1.05"))
            if unit_cost > cap * Decimal("1.05") and not slip:
                shown = f"{show(unit_cost, 2)}元/{per['per']}"
                counted = f"{show(count.target.value, count.target.places)}{count.target.unit}"
                yield Finding(
                    row.cell_span("target"),
                    f"年度资金{annual.quantity.text}{annual.quantity.unit}÷{count.name}{counted}="
                    f"{shown}，高于成本指标“{row.name}”的上限{row.shown()}。",
                    expected=f"≤{show(q.value, q.places)}{row.unit}",
                    actual=shown,
                    related=(annual.span, count.cell_span("target")),
                    message_en=f"annual funds ÷ {counted} gives {shown}, above the cost cap {row.shown()}",
                )
        elif total_cap and q.is_money and amount > q.in_yuan() * Decimal("1.05") and not _yuan_fits(annual.quantity.unit, annual.quantity.value, q.in_yuan()):
            yield Finding(
                row.cell_span("target"),
                f"年度资金总额{annual.quantity.text}{annual.quantity.unit}超过成本指标“{row.name}”的上限{row.shown()}。",
                expected=f"≤{show(q.value, q.places)}{q.unit}",
                actual=f"{annual.quantity.text}{annual.quantity.unit}",
                related=(annual.span,),
                message_en=f"the annual amount exceeds the cost cap {row.shown()} of '{row.name}'",
            )


pfaudit_checks = module_checks(__name__)
