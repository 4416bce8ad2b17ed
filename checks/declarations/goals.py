"""A declaration's goal and its indicators: every quantity the 年度目标 promises is among the indicator values."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import Facts, Finding, check, module_checks

# A quantity a goal promises: a number and what it counts ("培训500人次", "改造3处", "95%").
_QUANTITY = regex.compile(
    r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|万?人次|人|次|个|项|场|户|家|所|台|套|座|件|篇|份|名|位|批|条|公里|千米|米|"
    r"平方米|㎡|亩|吨|辆|册|栋|处|盏|株|集|期|课时|学时|小时|天|棵|张|块|间|部|本|公顷)"
)
_NUMBER = regex.compile(r"\d+(?:\.\d+)?")


@check("DC13", category="target_setting", severity="warning", needs=("declarations",), documents=("declaration",))
def goal_quantity_unmatched(facts: Facts) -> Iterator[Finding]:
    """年度目标中写出的数量（“培训500人次”）在绩效指标中找不到对应的指标值。

    ## 说明
    从年度目标中取出“数字 + 计量单位”（人次、个、项、场、户、平方米、%……），在各指标的指标值和
    名称中找同一个数；金额、年份和日期不核对。每个找不到的数量报一处。

    ## 为何重要
    年度目标要由绩效指标细化、量化（财预〔2020〕10号附2“绩效指标明确性”）：目标里许诺的数量不在
    指标里，年底自评时这部分目标就没有指标去衡量。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 职业技能培训 |
    | 年度目标 | 全年开展培训40期，培训1000人次 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 培训人次 | ≥1000人次 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 职业技能培训 |
    | 年度目标 | 全年开展培训40期，培训1000人次 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 培训人次 | ≥1000人次 |
    | 产出指标 | 数量指标 | 培训期数 | ≥40期 |
    ```
    """
    decl = facts.declaration
    if decl is None or decl.goal is None or not decl.read or not decl.targets:
        return
    stated = {Decimal(n) for row in decl.targets for text in (row.text("target"), row.name) for n in _NUMBER.findall(text)}
    goal = decl.goal
    for m in _QUANTITY.finditer(goal.value):
        if Decimal(m["num"]) in stated:
            continue
        yield Finding(
            goal.span,
            f"年度目标中的“{m[0]}”在绩效指标的指标值中找不到对应的数。",
            expected=f"含“{m[0]}”的绩效指标",
            actual=m[0],
            message_en=f"the annual goal's '{m[0]}' has no matching indicator value",
        )


pfaudit_checks = module_checks(__name__)
