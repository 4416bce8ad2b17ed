"""A declaration's money: its parts add up, its unit is named, its amount agrees with its own 测算依据 and cost caps."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import Declaration, Facts, Finding, Quantity, Severity, check, module_checks, show

_SCOPES = {"annual": "年度", "period": "实施期"}
_TENFOLD = Decimal(10_000)
_CLOSE = Decimal("0.005")  # two amounts half a percent apart are one amount, rounded differently


def _yuan(q: Quantity) -> Decimal | None:
    return q.in_yuan() if q.is_money else None


def _wan(yuan: Decimal) -> str:
    shown = show(yuan / _TENFOLD, 6).rstrip("0").rstrip(".")
    return f"{shown}万元"


@check("DC10", category="arithmetic_total", needs=("declarations",), documents=("declaration",))
def fund_sum_mismatch(facts: Facts) -> Iterator[Finding]:
    """申报表的资金不对：资金总额不等于财政拨款与其他资金之和，年度资金超过实施期资金，或没有写金额单位。

    ## 说明
    同一口径（实施期或年度）下，各分项之和大于总额、或各分项齐全而合计不等于总额时报错；
    年度资金总额大于实施期资金总额时报错；资金栏和金额都没有写元或万元时报警告。

    ## 为何重要
    申报表的资金栏（财预〔2020〕10号附1等各级模板）：年度资金总额 = 财政拨款 + 其他资金（含上年
    结转），年度资金是实施期资金的一部分；加不拢的资金批复后无从核对执行。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 项目资金（万元） | 实施期资金总额 | 年度资金总额 |
    | 资金总额 | 300 | 100 |
    | 其中：财政拨款 | 250 | 80 |
    | 其他资金 | 50 | 30 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 项目资金（万元） | 实施期资金总额 | 年度资金总额 |
    | 资金总额 | 300 | 100 |
    | 其中：财政拨款 | 250 | 70 |
    | 其他资金 | 50 | 30 |
    ```
    """
    decl = facts.declaration
    if decl is None or not decl.funds:
        return
    for scope, name in _SCOPES.items():
        total = decl.fund("total", scope)
        parts = [f for role in ("fiscal", "carryover", "other") if (f := decl.fund(role, scope)) is not None]
        if total is None or not parts:
            continue
        summed = sum((p.quantity.value for p in parts), Decimal(0))
        slack = total.quantity.tolerance + sum((p.quantity.tolerance for p in parts), Decimal(0))
        complete = {p.role for p in parts} >= {"fiscal", "other"}
        if summed > total.quantity.value + slack or (complete and abs(summed - total.quantity.value) > slack):
            places = max(q.quantity.places for q in (total, *parts))
            yield Finding(
                total.span,
                f"{name}资金总额为{total.quantity.text}，其中各项（{'、'.join(p.label for p in parts)}）合计为{show(summed, places)}。",
                expected=show(summed, places),
                actual=total.quantity.text,
                related=tuple(p.span for p in parts),
                message_en=f"the {scope} total {total.quantity.text} is not the sum of its parts, {show(summed, places)}",
            )
    annual, period = decl.fund("total", "annual"), decl.fund("total", "period")
    if annual is not None and period is not None and annual.quantity.value > period.quantity.value + annual.quantity.tolerance:
        yield Finding(
            annual.span,
            f"年度资金总额{annual.quantity.text}大于实施期资金总额{period.quantity.text}。",
            expected=f"≤{period.quantity.text}",
            actual=annual.quantity.text,
            related=(period.span,),
            message_en=f"the annual amount {annual.quantity.text} exceeds the amount for the whole period {period.quantity.text}",
        )
    if not decl.money_unit and not any(f.quantity.is_money for f in decl.funds):
        first = decl.funds[0]
        yield Finding(
            first.span,
            "申报表的资金栏没有写金额单位（元或万元）。",
            expected="元或万元",
            severity=Severity.WARNING,
            message_en="the declaration's funds name no money unit (元 or 万元)",
        )


_AMOUNT = regex.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|万(?!元))(?![/／每])")
_TOTAL_WORD = regex.compile(r"(?:合计|共计|总计|总额|经费总额|合计为)[:：]?\s*$")
_UNITS = {"元": Decimal(1), "万元": _TENFOLD, "万": _TENFOLD, "亿元": Decimal(100_000_000)}


def _basis_amounts(decl: Declaration) -> tuple[list[Decimal], list[Decimal]]:
    """The amounts the 测算依据 states, in 元: each one and a total it names; and all of them added up.

    A rate ("22万元/年", "1000元/人") is no amount of this project's and is left out.
    """
    if decl.basis is None:
        return [], []
    text = decl.basis.value
    found, totals = [], []
    for m in _AMOUNT.finditer(text):
        value = Decimal(m["num"].replace(",", "")) * _UNITS[m["unit"]]
        (totals if _TOTAL_WORD.search(text[max(0, m.start() - 8) : m.start()]) else found).append(value)
    return [*totals, *found], [sum(found, Decimal(0))] if len(found) > 1 else []


def _caps(decl: Declaration) -> list[Decimal]:
    """The money caps the cost indicators set, in 元."""
    out = []
    for row in decl.targets:
        q = row.target
        if (row.kind == "cost" or row.kind_of_target == "cost") and q is not None and q.is_money and q.comparator in ("<=", "<", ""):
            out.append(q.in_yuan())
    return out


@check("DC14", category="narrative_table_mismatch", needs=("declarations",), documents=("declaration",))
def declared_amount_inconsistent(facts: Facts) -> Iterator[Finding]:
    """申报的年度资金与申报表自己的测算依据或成本指标对不上：填成了0，或按元填在了“万元”栏。

    ## 说明
    测算依据列出的金额（逐项、写明的合计、全部相加）和成本指标的金额上限是年度资金的旁证：
    年度资金填0而旁证有金额时报错；年度资金恰好是某个旁证金额的一万倍（或万分之一）、而与
    任何旁证都不相等时，是元和万元写混了，报错。其他差异可能另有原因，不报告。

    ## 为何重要
    绩效目标的金额应与预算安排一致（年度资金即申请的预算）；填成0或差一万倍的金额，批复、
    执行和自评都会随之出错。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 路灯节能评估服务 |
    | 本年度项目金额（万元） | 17840 |
    | 测算依据 | 节能评估服务费1.784万元 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 路灯节能评估服务 |
    | 本年度项目金额（万元） | 1.784 |
    | 测算依据 | 节能评估服务费1.784万元 |
    ```
    """
    decl = facts.declaration
    annual = decl.fund("total", "annual") if decl is not None else None
    if decl is None or annual is None:
        return
    amount = _yuan(annual.quantity)
    stated, summed = _basis_amounts(decl)
    named = [v for v in (*stated, *_caps(decl)) if v > 0]
    evidence = [*named, *(v for v in summed if v > 0)]
    if amount is None or not evidence:
        return
    where = (decl.basis.span,) if decl.basis is not None else ()
    if amount == 0:
        # the largest amount printed, never a sum: a basis may list a month's and a year's figure
        said = _wan(max(named or evidence))
        yield Finding(
            annual.span,
            f"{annual.label}填的是{annual.quantity.text}，测算依据或成本指标却写有{said}等金额。",
            expected=f"与测算依据一致的金额（如{said}）",
            actual=annual.quantity.text,
            related=where,
            message_en=f"the annual amount is {annual.quantity.text} while its basis or cost cap states amounts such as {said}",
        )
        return
    if any(abs(amount - v) <= v * _CLOSE for v in evidence):
        return
    for factor, said, said_en in ((_TENFOLD, "元", "yuan"), (1 / _TENFOLD, "亿元", "a larger unit")):
        match = next((v for v in evidence if abs(amount - v * factor) <= v * factor * _CLOSE), None)
        if match is None:
            continue
        unit = annual.quantity.unit
        about = "是" if abs(amount - match * factor) <= annual.quantity.yuan_tolerance() else "约为"
        yield Finding(
            annual.span,
            f"{annual.label}{annual.quantity.text}（{unit}）{about}测算依据或成本指标所列{_wan(match)}的"
            f"{'一万倍' if factor > 1 else '万分之一'}：金额按{said}填在了“{unit}”栏。",
            expected=show(match / _UNITS.get(unit, Decimal(1)), 6).rstrip("0").rstrip("."),
            actual=annual.quantity.text,
            related=where,
            message_en=f"the annual amount {annual.quantity.text} ({unit}) is {'10,000 times' if factor > 1 else '1/10,000 of'} "
            f"the {_wan(match)} its basis states: the figure is in {said_en} under a {unit} heading",
        )
        return


pfaudit_checks = module_checks(__name__)
