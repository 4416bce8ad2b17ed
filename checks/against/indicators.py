"""A self-evaluation's indicators against the declared ones: the same set, values, weights, directions and units."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import Finding, Line, Pair, Severity, check, match_lines, module_checks, show

EVALUATIONS = ("self-evaluation", "narrative")
_DIRECTIONS = {"positive": "正向（≥）", "reverse": "反向（≤）", "equal": "等于（=）"}
_SAME = str.maketrans({"≧": "≥", "≦": "≤", "﹦": "=", "═": "="})


def _readable(pair: Pair) -> bool:
    """Both indicator tables read, every row with certainty: what a finding about their rows may rest on."""
    d, e = pair.declaration, pair.evaluation
    return (
        d is not None and bool(d.lines) and bool(e.lines)
        and all(line.certain for line in d.lines) and all(line.certain for line in e.lines)
    )  # fmt: skip


def _matched(pair: Pair) -> list[tuple[Line, Line, float]]:
    """The matched rows both read with certainty: a comparison of values may rest on them whatever the rest."""
    d, e = pair.declaration, pair.evaluation
    if d is None or not d.lines or not e.lines:
        return []
    return [(a, b, like) for a, b, like in match_lines(d.lines, e.lines).matched if a.certain and b.certain]


def _anchor(line: Line, lines: tuple[Line, ...]) -> Line:
    """Where a dropped row would have stood: the first evaluated row of its level-2 kind, else the first row."""
    return next((e for e in lines if e.level2 and e.level2 == line.level2), lines[0])


@check("SD01", category="target_changed", needs=("paired",), documents=EVALUATIONS)
def indicator_set_changed(pair: Pair) -> Iterator[Finding]:
    """自评表的三级指标不是申报表批复的那些：删去了申报的指标、新增了指标，或改了指标名称。

    ## 说明
    按指标名称对照（忽略空格、标点和“指标1：”编号）；名称不同的按字面相似度配对，计量单位和
    指标方向也须一致才算改名。申报表删去的指标报错误，新增和改名的报警告。两份表都读得确定时才核对。

    ## 为何重要
    财预〔2020〕10号第十三条：“单位自评指标是指预算批复时确定的绩效指标”。删去没完成的指标、
    换上能完成的，是抬高自评得分最常见的做法，单看自评表发现不了。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5200人次 | 50 | 50 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5200人次 | 40 | 40 | |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% | 100% | 10 | 10 | |
    ```
    """
    if not _readable(pair):
        return
    ev = pair.evaluation
    matching = match_lines(pair.declaration.lines, ev.lines)
    for line in matching.dropped:
        at = _anchor(line, ev.lines)
        yield pair.finding(
            at.at,
            f"申报的指标“{line.name}”（{line.target.text if line.target else '无指标值'}）在自评表中没有了。",
            f"the declared indicator '{line.name}' is missing from the self-evaluation",
            related=(line.at,),
            expected=line.name,
            actual="无",
        )
    for line in matching.added:
        yield pair.finding(
            line.at,
            f"指标“{line.name}”不在申报表批复的指标中，是自评时新增的。",
            f"indicator '{line.name}' was not declared; it was added at self-evaluation",
            severity=Severity.WARNING,
            actual=line.name,
        )
    for declared, evaluated, like in matching.matched:
        if like < 1:
            yield pair.finding(
                evaluated.at,
                f"指标“{evaluated.name}”在申报表中名为“{declared.name}”，自评时改了名称。",
                f"indicator '{evaluated.name}' was declared as '{declared.name}'",
                related=(declared.at,),
                severity=Severity.WARNING,
                expected=declared.name,
                actual=evaluated.name,
            )


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
        matched = _matched(pair)
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


@check("SD03", category="target_changed", needs=("paired",), documents=EVALUATIONS)
def weight_changed(pair: Pair) -> Iterator[Finding]:
    """自评表中指标的分值（权重）与申报表批复的不同。

    ## 说明
    申报表和自评表都有分值时逐个指标比较。自评时另加预算执行率10分、其余指标按同一比例缩放的
    （申报合计100、自评指标合计90，每项都是申报值的0.9倍）不算改动。

    ## 为何重要
    财预〔2021〕101号三(六)：指标权重“在预算批复中予以明确，设立后原则上不得调整”。把分值从没
    完成的指标挪到完成了的指标上，是抬高得分的常见做法。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 30 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% | 20 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 4100人次 | 10 | 8.2 | 两处助餐点装修停业 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% | 100% | 40 | 40 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 30 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% | 20 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 4100人次 | 30 | 24.6 | 两处助餐点装修停业 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% | 100% | 20 | 20 | |
    ```
    """
    if not _readable(pair) or not pair.declaration.weights or not pair.evaluation.weights:
        return  # the weights' totals need every row
    both = [(d, e) for d, e, _ in _matched(pair) if d.weight is not None and e.weight is not None]
    if not both:
        return
    declared = sum((d.weight for d in pair.declaration.lines if d.weight is not None), Decimal(0))
    evaluated = sum((e.weight for e in pair.evaluation.lines if e.weight is not None), Decimal(0))
    matching = match_lines(pair.declaration.lines, pair.evaluation.lines)
    # totals differ by a common factor only when the rows are the same ones (SD01 reports the others)
    same_rows = not matching.dropped and not matching.added
    scale = evaluated / declared if declared and same_rows else Decimal(1)
    if all(abs(d.weight * scale - e.weight) <= Decimal("0.01") for d, e in both):
        return  # the same weights, or all scaled alike (执行率's 10 added at self-evaluation)
    scaled = scale != 1
    for d, e in both:
        due = d.weight * scale
        if abs(due - e.weight) <= Decimal("0.01"):
            continue
        said = _points(d.weight) + (f"（按自评表指标分值合计{_points(evaluated)}折算为{_points(due)}）" if scaled else "")
        yield pair.finding(
            e.weight_at or e.at,
            f"指标“{e.name}”申报的分值为{said}，自评表为{_points(e.weight)}；权重设立后原则上不得调整。",
            f"indicator '{e.name}' was declared with weight {_points(d.weight)}"
            + (f" ({_points(due)} scaled to the self-evaluation's total)" if scaled else "")
            + f", the self-evaluation gives {_points(e.weight)}",
            related=(d.weight_at or d.at,),
            expected=_points(due),
            actual=_points(e.weight),
        )


def _points(value: Decimal) -> str:
    return show(value, 0 if value == value.to_integral() else 2)


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
    for d, e, _ in _matched(pair):
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
