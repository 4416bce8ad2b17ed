"""Target checks: each indicator's 指标值 and 完成值 must be measurable, comparable and plausible."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Facts, Finding, Profile, Report, Severity, check, misread_comparator, module_checks

_UNMEASURABLE = ("vague", "prose")


@check("IN04", category="unquantified_indicator", severity="warning", needs=("indicators",))
def unquantified_indicator(facts: Facts) -> Iterator[Finding]:
    """指标值或完成值没有可核实的内容：产出指标只写了“按实际支出”“制度执行”，或完成值照抄指标值。

    ## 说明
    产出指标（数量、质量、时效、成本）的指标值或完成值是一句既无数字、比较符、时限，也不是
    常见定性标准（合理、健全、合规、有效、提升、按时完成……）的短语时报告；完成值与指标值
    一字不差、又不是数字或上述定性标准（“环境建设”/“环境建设”）时，无论哪类指标都报告。
    较长的描述性文字无法判断，不报告。每个指标行报告一次。

    ## 为何重要
    绩效指标应当细化、量化、可衡量（财预〔2020〕10号）；没有可比的目标值和完成值，
    得分就没有依据（E4）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 开展地区宜居环境建设 | 环境建设 | 环境建设 | 5 | 5 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 整治背街小巷 | ≥10条 | 12条 | 5 | 5 |
    ```
    """
    for form in facts.forms:
        for row in form.leaves:
            if row.weight is not None and row.weight.value <= 0:
                continue
            target, actual = row.cells.get("target"), row.cells.get("actual")
            kinds = row.wording
            if target is None or actual is None:
                continue
            if target.value == actual.value and kinds.get("target") in _UNMEASURABLE:
                yield Finding(
                    actual.span,
                    f"指标“{row.title}”的完成值照抄了指标值“{target.value}”，两者都没有可衡量的数量或标准，无法判断是否完成。",
                    actual=actual.value,
                    related=(target.span,),
                    message_en=f"indicator '{row.title}': the actual repeats the target '{target.value}', nothing measurable",
                )
                continue
            if row.category != "output" or kinds.get("target") == "number":
                continue
            cell = target if kinds.get("target") == "vague" else actual if kinds.get("actual") == "vague" else None
            if cell is None:
                continue
            what = "指标值" if cell is target else "完成值"
            yield Finding(
                cell.span,
                f"产出指标“{row.title}”的{what}“{cell.value}”没有数量、标准或时限，无法衡量；应写明可核实的目标值和完成值。",
                actual=cell.value,
                message_en=f"output indicator '{row.title}': '{cell.value}' is not measurable",
            )


@check("IN05", category="unquantified_indicator", severity="warning", needs=("indicators",))
def actual_not_numeric(facts: Facts) -> Iterator[Finding]:
    """定量指标（指标值是数字，如“≤30万元”）的完成值却是文字（“完成”“达标”）。

    ## 说明
    指标值整格是一个数量（可带比较符和单位）、完成值非空却不含任何数字时报告。
    指标值是时间长度或日期（“1年”“12月”）时不报告。完成值只写了完成进度（“已完成100%”）而指标
    本身不是完成率、进度类指标时，同样报告：进度不是指标要衡量的数值。两者都是警告：表中数字
    本身没有矛盾，只是完成情况无从核实（复核人员把这类问题记为提示或警告，从不记为错误）。

    ## 为何重要
    定量指标要用数值比较完成情况，财政系统会拒绝保存：“定量指标的指标值为数值！”；
    写“完成”无法核实完成程度（E4）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 成本指标 | 项目总成本 | ≤30万元 | 完成 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 成本指标 | 项目总成本 | ≤30万元 | 28.6万元 | 10 | 10 |
    ```
    """
    for form in facts.forms:
        for row in form.leaves:
            if row.target is None or row.target.is_time:
                continue
            cell = row.cells.get("actual")
            if cell is not None and _PROGRESS.match(cell.value) and not _PROGRESS_NAME.search(row.title):
                yield Finding(
                    cell.span,
                    f"指标“{row.title}”的指标值是{row.shown('target')}，完成值却只写了完成进度“{cell.value}”，"
                    f"没有写实际达到的数值；应填写与指标值同口径的实际数值。",
                    expected=f"数值（与{row.shown('target')}同口径）",
                    actual=cell.value,
                    related=(row.target.span,),
                    message_en=f"target {row.target.text} answered with the progress '{cell.value}', not the value reached",
                )
                continue
            if row.wording.get("actual") not in ("standard", "vague", "prose", "band"):
                continue
            yield Finding(
                cell.span,
                f"指标“{row.title}”的指标值是数值{row.shown('target')}，完成值却写成“{cell.value}”；应填写实际完成的数值。",
                expected=f"数值（与{row.shown('target')}同单位）",
                actual=cell.value,
                related=(row.target.span,),
                message_en=f"quantitative target {row.target.text} answered with text '{cell.value}'",
            )


# "已完成100%": how far the work got, not the value the indicator measures — unless the indicator
# is itself a completion or progress rate ("任务完成率", "项目进度"), whose value this is.
_PROGRESS = regex.compile(r"^(?:已|均已|全部|已全部)?完成(?:了)?\s*\d+(?:\.\d+)?%$")
_PROGRESS_NAME = regex.compile(r"完成|进度|执行|实施率")


@check("IN06", category="unit_mismatch", needs=("indicators",))
def percent_out_of_range(facts: Facts) -> Iterator[Finding]:
    """满意度、合格率等比率的指标值或完成值超过100%。

    ## 说明
    只看名称含“满意度”或“率”、数值以“%”表示的指标；增长率、执行率、完成率等可以超过
    100%的比率不在此列。

    ## 为何重要
    满意度、合格率、覆盖率不可能超过100%；超过说明单位或数字写错（E7）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 满意度指标 | 服务对象满意度 | 居民满意度 | ≥90% | 195% | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 满意度指标 | 服务对象满意度 | 居民满意度 | ≥90% | 95% | 10 | 10 |
    ```
    """
    for form in facts.forms:
        for row in form.leaves:
            if not row.capped:
                continue
            for q, what in ((row.target, "指标值"), (row.actual, "完成值")):
                if q is None or q.unit != "%" or q.value <= 100 or misread_comparator(q):
                    continue
                yield Finding(
                    q.span,
                    f"“{row.title}”是不超过100%的比率，{what}却为{q.text}；请核对数字或单位。",
                    expected="≤100%",
                    actual=q.text,
                    message_en=f"'{row.title}' cannot exceed 100%, the {what} says {q.text}",
                )


@check("IN07", category="unit_mismatch", severity="warning", needs=("indicators",))
def indicator_unit_mismatch(facts: Facts) -> Iterator[Finding]:
    """同一指标的指标值和完成值用了不同的计量单位（“个”与“项”，“万元”与“人”）。

    ## 说明
    元、万元、亿元之间可以换算，不算不一致；一方没写单位、或一方单位只是另一方的前半部分
    （“个”与“个社区”）时也不报告。

    ## 为何重要
    单位不同，完成值与指标值就无法比较，得分也无从核实（E7）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 开展活动 | ≥10个 | 12项 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 开展活动 | ≥10项 | 12项 | 10 | 10 |
    ```
    """
    for form in facts.forms:
        for row in form.leaves:
            a, b = row.target, row.actual
            if a is None or b is None or not a.unit or not b.unit or "%" in (a.unit, b.unit):
                continue
            if (a.is_money and b.is_money) or a.unit.startswith(b.unit) or b.unit.startswith(a.unit):
                continue
            yield Finding(
                b.span,
                f"指标“{row.title}”的指标值以“{a.unit}”计（{a.text}），完成值却以“{b.unit}”计（{b.text}），无法比较；请统一单位。",
                expected=a.unit,
                actual=b.unit,
                related=(a.span,),
                message_en=f"target in {a.unit}, actual in {b.unit}",
            )


@check("IN08", category="unquantified_indicator", severity="warning", needs=("indicators",))
def satisfaction_unsurveyed(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """满意度指标得满分，完成值却没有任何调查数字（只写“满意”“提升”）。

    ## 说明
    满意度类指标（一级指标为满意度指标）的完成值不含数字、得分等于分值时报告。

    ## 为何重要
    满意度应以问卷等调查结果为据；没有调查数字的满分无法核实，是“抬高分数”的复核重点。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 满意度指标 | 服务对象满意度 | 居民满意度 | ≥90% | 满意 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 满意度指标 | 服务对象满意度 | 居民满意度 | ≥90% | 96.5% | 10 | 10 |
    ```
    """
    for form in facts.forms:
        for row in form.leaves:
            if row.category != "satisfaction" or not row.scored:
                continue
            if row.wording.get("actual") not in ("standard", "vague", "prose", "band"):
                continue
            if abs(row.score.value - row.weight.value) > profile.score_tolerance(row.score):
                continue
            cell = row.cells["actual"]
            yield Finding(
                cell.span,
                f"满意度指标“{row.title}”得满分{row.score.text}分，完成值只写了“{cell.value}”，没有调查得出的满意度数字。",
                actual=cell.value,
                related=(row.score.span,),
                message_en=f"satisfaction indicator '{row.title}' has full marks but no survey figure",
            )


@check("IN22", category="unquantified_indicator", severity="warning", needs=("sentences", "indicators"))
def result_as_target(report: Report, facts: Facts) -> Iterator[Finding]:
    """完成情况写的是目标区间（“群众满意度≥95%”“满意度95%以上”），没有实际测得的数值。

    ## 说明
    看两处：报告“完成情况”“实现情况”一节中写成“≥X%”的结果（满意度来自调查，应写调查得到的具体数值，
    为警告；其他比率为提示；写明“目标”“要求”“计划”的句子是在说目标，不算），以及指标表中实际完成值
    写成区间（“≥X%”“X%以上”“≥266米”）的行：满意度指标得了满分的为警告，其余为提示。同一张表有多行时
    合为一条，列出各行。

    ## 为何重要
    完成值照抄目标区间，等于没有报告完成情况，得分也就无从核实（E4）。

    ## 反例
    ```text
    二、绩效目标完成情况分析
    7.服务对象满意度指标。项目沿线群众满意度≥95%。
    ```

    ## 正例
    ```text
    二、绩效目标完成情况分析
    7.服务对象满意度指标。发放问卷200份，项目沿线群众满意度为97.5%，高于≥95%的目标。
    ```
    """
    table = list(_table_results_as_targets(facts))
    yield from table
    cells = [sp for f in table for sp in (f.span, *f.related)]
    for found in facts.targets_as_results:
        span = found.text.span()
        if any(span.start < c.end and c.start < span.end for c in cells):
            continue  # a table cell the finding above already names
        words = report.quote(span, 40)
        yield Finding(
            span,
            f"“{words}”写的是目标区间，不是实际完成值；"
            + ("满意度应写明调查得到的具体数值。" if found.satisfaction else "应写明实际达到的数值。"),
            expected="实际测得的数值，如97.5%",
            actual=words,
            severity=None if found.satisfaction else Severity.INFO,
            message_en="the result is written as a target range, not a measured value",
        )



GROUP_NAMED = 3  # rows a grouped finding names


def _table_results_as_targets(facts: Facts) -> Iterator[Finding]:
    """Indicator rows whose 实际完成值 is a range ("≥80%"), most often the target copied over;
    several in one form are one finding at the first, naming the rest."""
    for form in facts.forms:
        rows = [r for r in form.leaves if r.actual is not None and r.actual.comparator and "actual" in r.cells]
        if not rows:
            continue
        # a satisfaction range given full marks: the score rests on no survey figure (a warning, as
        # in prose); another rate's range is a hint
        full = [r for r in rows if r.scored and r.score.value >= r.weight.value]
        warned = [r for r in full if r.category == "satisfaction"]
        first = rows[0]
        cell = first.cells["actual"]
        copied = all(r.target is not None and r.target.text == r.actual.text for r in rows)
        if len(rows) == 1:
            what = f"指标“{first.title}”的实际完成值“{cell.value}”是一个区间"
        else:
            names = "、".join(f"“{r.title}”" for r in rows[:GROUP_NAMED]) + ("等" if len(rows) > GROUP_NAMED else "")
            what = f"{len(rows)}个指标（{names}）的实际完成值是区间（如“{cell.value}”）"
        yield Finding(
            cell.span,
            what + ("，与年度指标值相同，像是照抄了目标" if copied else "") + "，没有写出实际达到的数值"
            + ("，却给了满分" if full else "") + "。",
            expected="实际达到的数值，如85%",
            actual=cell.value,
            related=tuple(r.cells["actual"].span for r in rows[1:]),
            severity=None if warned else Severity.INFO,
            message_en=f"{len(rows)} indicator result(s) written as a range ({cell.value}), not a measured value",
        )


pfaudit_checks = module_checks(__name__)
