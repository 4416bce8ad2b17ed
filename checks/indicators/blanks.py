"""Blank checks: every row that carries a 分值 is filled in, and no template row is weighted."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import (
    BLANK_MARKS,
    Facts,
    Finding,
    IndicatorRow,
    Report,
    Severity,
    check,
    module_checks,
)


def _weighted_placeholder(row: IndicatorRow) -> bool:
    """A template row ("指标2：") with neither target nor actual: IN19 reports it when it carries a 分值."""
    return row.template_name and all(row.wording.get(r, "blank") == "blank" for r in ("target", "actual"))


@check("IN03", category="missing_value", needs=("indicators",))
def indicator_value_missing(facts: Facts) -> Iterator[Finding]:
    """有分值的指标行，得分、年度指标值或实际完成值为空。

    ## 说明
    只看有分值（权重大于 0）的行；“/”“—”等不适用标记视同空白。某一栏在全部有分值的指标行中
    都为空（至少三行）时，是整栏没有填写，只报告一次，作为警告。项目决策、项目管理（过程）
    这类按评分标准打分的行只写实际完成情况，年度指标值一栏空着或印着“—”是表式本身的“无指标值”，
    填了实际完成值时不报告。
    全行都空的模板占位行由 ST01 报告，计了分值的占位行由 IN19 报告，这里不重复。

    ## 为何重要
    模板要求每个计分指标都有目标值、完成值和得分；缺一项，得分就无从核实（财预〔2020〕10号）。

    ## 反例
    ```text
    | 一级指标 | 指标名称 | 权重 | 自评分 |
    | 效果目标 | 政策知晓率 | 7 | |
    ```

    ## 正例
    ```text
    | 一级指标 | 指标名称 | 权重 | 自评分 |
    | 效果目标 | 政策知晓率 | 7 | 7 |
    ```
    """
    labels = {"score": "得分", "target": "年度指标值", "actual": "实际完成值"}
    for form in facts.forms:
        weighted = [r for r in form.leaves if r.weight is not None and r.weight.value > 0 and not _weighted_placeholder(r)]
        for role, label in labels.items():
            if role not in form.columns:
                continue
            blank = [r for r in weighted if _lacks(r, role)]
            if len(blank) >= WHOLE_COLUMN and len(blank) == len(weighted):
                # a column left blank in every row is one omission, as reviewers mark it: a warning, said once
                first = blank[0].cells.get(role)
                yield Finding(
                    first.span if first is not None else blank[0].span,
                    f"指标表的“{label}”一栏在全部{len(blank)}个有分值的指标行中都为空，应逐行填写。",
                    actual="（空）",
                    related=tuple(r.span for r in blank[1:]),
                    severity=Severity.WARNING,
                    message_en=f"the {role} column is blank in all {len(blank)} weighted indicator rows",
                )
                continue
            for row in blank:
                cell = row.cells.get(role)
                yield Finding(
                    cell.span if cell is not None else row.span,
                    f"指标“{row.name}”有分值{row.weight.text}，但{label}为空。",
                    actual="（空）",
                    message_en=f"indicator '{row.name}' has a weight of {row.weight.text} but no {role}",
                )


WHOLE_COLUMN = 3  # weighted rows a column must be blank in, every one, to be one omission


def _lacks(row: IndicatorRow, role: str) -> bool:
    """Whether a weighted row leaves the column blank (a 项目决策/项目管理 row states what was done and is
    scored by its rule: no target asked of it once its actual is filled)."""
    cell = row.cells.get(role)
    if cell is not None and cell.value not in BLANK_MARKS:
        return False
    return not (role == "target" and row.rubric and row.text("actual") not in BLANK_MARKS)


@check("IN19", category="placeholder_left", severity="warning", needs=("indicators",))
def placeholder_row_weighted(facts: Facts) -> Iterator[Finding]:
    """模板占位行（“指标2：”“……”“/”）没有填写指标内容，却计了分值。

    ## 说明
    名称只是模板标签、指标值和完成值都空着、分值大于 0 的行。分值为 0 或空白的“/”行
    是正常的“不适用”标记，不报告；完全空白的占位行由 ST01 报告。

    ## 为何重要
    占位行计了分，分值就落在一个不存在的指标上，总分因此失真（模板残留，E8）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | ≥60人 | 80人 | 10 | 10 |
    | | | 指标2： | | | 5 | 5 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | ≥60人 | 80人 | 10 | 10 |
    | 效益指标 | 生态效益 | / | / | / | 0 | |
    ```
    """
    for form in facts.forms:
        for row in form.indicators:
            if row.weight is None or row.weight.value <= 0 or not _weighted_placeholder(row):
                continue
            yield Finding(
                row.cells["name"].span,
                f"模板占位行“{row.title}”没有填写指标名称、指标值和完成值，却计了{row.weight.text}分；应补填指标或删除该行。",
                actual=row.weight.text,
                related=(row.weight.span,),
                message_en=f"template row '{row.title}' carries a weight of {row.weight.text}",
            )


@check("IN23", category="missing_value", severity="warning", needs=("sentences",))
def results_left_blank(report: Report, facts: Facts) -> Iterator[Finding]:
    """指标表的“实际完成值”或“得分”一栏整栏空白：每一行只填了目标值。

    ## 说明
    只看逐行排成文字的指标表（每行一个指标，行内只有指标名称和数字）：至少三行、每行都只有一个数字
    （目标值），而表头要求填写实际完成值和得分，说明这两栏都没有填。得分一栏与“总分”一并报告。
    单元格里写着文字的表格分不清名称和完成值，不在此核对；有表格结构的文件由 IN03 逐行核对。

    ## 为何重要
    没有实际完成值和得分，自评就没有结论，资金和目标的完成情况都无从判断（E2）。

    ## 反例
    ```text
    二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分
    产出指标 数量指标 标准化猪舍建筑面积(平方米) 5000
    管理用房建筑面积(平方米) 500
    饲料加工车间面积(平方米) 300
    总分
    ```

    ## 正例
    ```text
    二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分
    产出指标 数量指标 标准化猪舍建筑面积(平方米) 5000 5000 20
    管理用房建筑面积(平方米) 500 500 20
    饲料加工车间面积(平方米) 300 300 20
    总分 60
    ```
    """
    for blank in facts.blank_columns:
        label = report.quote(blank.header)
        if blank.role == "actual":
            message = f"指标表的“{label}”一栏在全部{blank.rows}行中都是空白，只填了目标值，应填写实际完成值。"
        else:
            message = f"指标表的“{label}”一栏和总分都没有填写，无法得出自评结论。"
        yield Finding(
            blank.span,
            message,
            expected="实际完成值" if blank.role == "actual" else "各指标得分及总分",
            actual="（空）",
            related=(blank.header,),
            message_en=f"the {'actual value' if blank.role == 'actual' else 'score'} column is blank in every row",
        )


@check("IN25", category="missing_value", severity="warning", needs=("sentences",))
def goal_left_blank(report: Report, facts: Facts) -> Iterator[Finding]:
    """“年度总体目标”一行没有填写目标和完成情况的文字。

    ## 说明
    表头列出“预期目标”“实际完成情况”两栏、其后紧接资金表或绩效指标表时，看两栏之间写了什么：
    一个字也没有，或只有数字（照抄了预算数、执行数）时报告警告；只有一段文字时，实际完成情况
    一栏很可能空着（也可能是两格被合并），作为提示报告，请对照原表核实。摘录在这一行中途截断的不报告。

    ## 为何重要
    年度总体目标及其完成情况是自评的结论部分，空着或只填金额，无法判断目标完成程度（E2）。

    ## 反例
    ```text
    年度总体目标 预期目标 实际完成情况
      287 171
    一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
    ```

    ## 正例
    ```text
    年度总体目标 预期目标 实际完成情况
      保障机关正常运转，完成年度各项工作任务。 机关运转正常，全年各项工作任务均按期完成。
    一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
    ```
    """
    for gap in facts.goal_gaps:
        if gap.texts:
            yield Finding(
                gap.span,
                f"“年度总体目标”一行只读到一段文字（“{gap.shown[:30]}”），“实际完成情况”一栏似乎没有填写；"
                f"若不是两格合并，请补填全年实际完成情况。",
                expected="全年实际完成情况",
                actual="（空）",
                severity=Severity.INFO,
                message_en="the annual goal row holds one text only: its actual results look unfilled",
            )
        else:
            held = f"只有数字“{gap.shown[:30]}”" if gap.shown else "是空白"
            yield Finding(
                gap.span,
                f"“年度总体目标”的预期目标和实际完成情况两栏{held}，没有写目标内容和完成情况。",
                expected="预期目标和实际完成情况的文字",
                actual=gap.shown or "（空）",
                message_en="the annual goal row states neither the goal nor its results"
                + (f" (only the figures {gap.shown})" if gap.shown else ""),
            )


pfaudit_checks = module_checks(__name__)
