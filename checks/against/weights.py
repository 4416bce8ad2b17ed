"""A self-evaluation's weights against the declared ones: unchanged, or all scaled alike."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Finding, Pair, check, match_lines, module_checks, show

EVALUATIONS = ("self-evaluation", "narrative")


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
    if not pair.readable or not pair.declaration.weights or not pair.evaluation.weights:
        return  # the weights' totals need every row
    both = [(d, e) for d, e, _ in pair.matched() if d.weight is not None and e.weight is not None]
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


pfaudit_checks = module_checks(__name__)
