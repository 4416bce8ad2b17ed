"""A self-evaluation's indicator rows against the declared ones: the same set, none dropped, added or renamed."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import Finding, Line, Pair, Severity, check, match_lines, module_checks

EVALUATIONS = ("self-evaluation", "narrative")


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
    if not pair.readable:
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


pfaudit_checks = module_checks(__name__)
