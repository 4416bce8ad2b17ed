"""A self-evaluation's targets against the declared ones: the same values, directions and units."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import Finding, Line, Pair, Severity, check, module_checks

EVALUATIONS = ("self-evaluation", "narrative")
_DIRECTIONS = {"positive": "正向（≥）", "reverse": "反向（≤）", "equal": "等于（=）"}
_SAME = str.maketrans({"≧": "≥", "≦": "≤", "﹦": "=", "═": "="})


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).translate(_SAME).split())


_NUMBER = regex.compile(r"\d+(?:\.\d+)?")


def _number(text: str) -> Decimal | None:
    found = _NUMBER.findall(text.replace(",", ""))
    return Decimal(found[0]) if len(found) == 1 else None


def change(declared: Line, value: str, number: Decimal | None, actual: str) -> str | None:
    """How a target moved from what was declared: lowered, to-actual, raised, reworded, or None (the same).

    Lowered means less ambitious: a smaller floor, or a larger cap.
    """
    before = declared.target.text if declared.target is not None else ""
    if not before or not value or _plain(before) == _plain(value):
        return None
    if declared.value is None or number is None:
        return "reworded"
    if number == declared.value:
        return None  # the same figure, written another way ("5000人次以上" for "≥5000人次")
    achieved = _number(actual) if actual else None
    if achieved is not None and number == achieved:
        return "to-actual"
    lower = number < declared.value if declared.direction != "reverse" else number > declared.value
    return "lowered" if lower else "raised"


_SAID = {
    "lowered": ("调低了（目标更容易达到）", "lowered (easier to meet)"),
    "to-actual": ("改成了实际完成值", "changed to the value achieved"),
    "raised": ("调高了", "raised"),
    "reworded": ("改了写法", "reworded"),
}


@check("SD02", category="target_changed", needs=("paired", "indicators"), documents=EVALUATIONS)
def target_value_changed(pair: Pair) -> Iterator[Finding]:
    """自评表的年度指标值不是申报表批复的值（调低了，或改成了实际完成值），又没有说明经批准调整。

    ## 说明
    同一指标的年度指标值与申报的指标值比较：正向指标调低、反向指标调高、或改成与实际完成值
    相同的，报错误；调高或改了写法的报警告（只比较两表都读得确定的行）。报告中写明经批准调整（“调整……经……批复”
    “按程序报批”）时只作提示。自评表本身同时列出年初指标值和调整后指标值时，没有申报表也按
    同样的规则比较这两列。计量单位不同的由 SD04 报告。

    ## 为何重要
    财预〔2020〕10号第十六条：自评按“与年初指标值相比”的完成程度计分；绩效目标批复后“一般不予
    调整”，确需调整的按程序报批。事后调低目标，未完成的指标就成了“已完成”。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥4000人次 | 4100人次 | 50 | 50 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 4100人次 | 50 | 41 | 下半年两处助餐点装修停业 |
    ```
    """
    ev = pair.evaluation
    if pair.declaration is None:
        # the table alone: its own 年初 column against its 调整后 column
        pairs = [(line, line.adjusted, line.adjusted_value) for line in ev.lines if line.adjusted and line.certain]
    else:
        matched = pair.matched()
        pairs = [(d, e.target, e.value) for d, e, _ in matched if e.target is not None and (not d.unit or not e.unit or d.unit == e.unit)]
    actuals = {id(line.target): line.actual for line in ev.lines}
    for declared, now, number in pairs:
        how = change(declared, now.text, number, actuals.get(id(now), "") or (declared.actual if pair.declaration is None else ""))
        if how is None:
            continue
        serious = how in ("lowered", "to-actual")
        cited = ev.adjustment
        severity = None if serious and cited is None else Severity.INFO if serious else Severity.WARNING
        source = "申报表" if pair.declaration is not None else "年初指标值"
        note = f"（报告称“{cited.text}”，请核实调整的批复）" if serious and cited is not None else ""
        name = declared.name
        yield pair.finding(
            now,
            f"指标“{name}”的{source}为{declared.target.text}，自评表{'调整后' if pair.declaration is None else ''}为{now.text}，"
            f"{_SAID[how][0]}{'，又没有说明经批准调整' if serious and cited is None else ''}{note}。",
            f"indicator '{name}': {declared.target.text} approved, {now.text} in the self-evaluation, {_SAID[how][1]}"
            + (" with no approved adjustment cited" if serious and cited is None else ""),
            related=(declared.target, cited),
            severity=severity,
            expected=declared.target.text,
            actual=now.text,
        )


@check("SD04", category="target_changed", needs=("paired",), documents=EVALUATIONS)
def direction_or_unit_changed(pair: Pair) -> Iterator[Finding]:
    """自评表中指标的方向（≥/≤/=）或计量单位与申报表不同（“人次”变成了“场次”）。

    ## 说明
    同一指标（名称相同或改名后配对的）比较指标方向和计量单位；元和万元之间的换算不算改动。

    ## 为何重要
    方向和单位是指标的一部分：≥变成≤、“人次”变成“场次”，同一个数字衡量的已经是另一件事，
    自评得分因此失去依据（财预〔2020〕10号第十三条、第十六条）。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助老活动 | ≥40场次 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助老活动 | ≥40人次 | 45人次 | 50 | 50 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助老活动 | ≥40场次 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助老活动 | ≥40场次 | 45场次 | 50 | 50 | |
    ```
    """
    for d, e, _ in pair.matched():
        at = e.target or e.at
        if d.direction and e.direction and d.direction != e.direction:
            yield pair.finding(
                at,
                f"指标“{e.name}”申报为{_DIRECTIONS[d.direction]}（{d.target.text if d.target else ''}），"
                f"自评表为{_DIRECTIONS[e.direction]}（{e.target.text if e.target else ''}）。",
                f"indicator '{e.name}' was declared {d.direction}, the self-evaluation makes it {e.direction}",
                related=(d.target or d.at,),
                expected=_DIRECTIONS[d.direction],
                actual=_DIRECTIONS[e.direction],
            )
        money = {"元", "万元", "亿元"}
        if d.unit and e.unit and d.unit != e.unit and not {d.unit, e.unit} <= money:
            yield pair.finding(
                at,
                f"指标“{e.name}”申报的计量单位是“{d.unit}”，自评表用的是“{e.unit}”。",
                f"indicator '{e.name}' was declared in {d.unit}, the self-evaluation counts {e.unit}",
                related=(d.target or d.at,),
                expected=d.unit,
                actual=e.unit,
            )


pfaudit_checks = module_checks(__name__)
