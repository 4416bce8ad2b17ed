"""Scoring checks: an indicator's 得分 must follow from its target and 完成值; a deduction or overshoot needs a reason."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import BLANK_MARKS, Facts, Finding, IndicatorRow, Profile, Severity, check, module_checks, show

_NO_REASON = (*BLANK_MARKS, "无", "暂无", "无偏差", "没有")


def _expected(row: IndicatorRow, profile: Profile) -> tuple[list[Decimal], list[Decimal]] | None:
    """Scores the profile accepts, and scores that only the other reverse formula gives."""
    pair = row.compared()
    if pair is None or row.weight is None or not row.direction:
        return None
    a, b = pair[0], max(pair[1], Decimal(0))
    w = row.weight.value
    banded = _satisfaction_band(row, b, profile)
    if banded is not None:
        return banded
    if row.direction == "equal" and a == 0:
        return [w if b <= 0 else Decimal(0)], []
    if row.direction in ("positive", "equal"):
        if a <= 0:
            return None
        if b >= a:
            return [w], []
        share, floor = b / a, profile.quantitative_pass
        if profile.quantitative_formula != "pass_mark":
            return [share * w], []
        # 101号 三(七): nothing below the pass mark, the rest of the way to the target in proportion
        passed = Decimal(0) if share < floor else (share - floor) / (1 - floor) * w
        return [passed], [share * w]
    if b <= a:
        return [w], []
    if a <= 0:
        return None
    ratio, linear = w * a / b, max(Decimal(0), w * (1 - (b - a) / a))
    formulas = {"ratio": ([ratio], [linear]), "linear": ([linear], [ratio])}
    return formulas.get(profile.reverse_formula, ([ratio, linear], []))


def _satisfaction_band(row: IndicatorRow, b: Decimal, profile: Profile) -> tuple[list[Decimal], list[Decimal]] | None:
    """A satisfaction row scored by the profile's bands (101号 三(七)): the band's share of the weight."""
    if not profile.satisfaction_bands or row.category != "satisfaction" or row.actual is None or row.actual.unit != "%":
        return None
    share = next((s for low, s in profile.satisfaction_bands if b >= low), Decimal(0))
    return [share * row.weight.value], []


def _describe(row: IndicatorRow) -> str:
    return f"目标{row.shown('target')}，完成{row.shown('actual')}"


def _values(row: IndicatorRow) -> tuple:
    return tuple(c.span for r in ("target", "actual") if (c := row.cells.get(r)))


@check("IN09", category="execution_score_mismatch", needs=("indicators",))
def indicator_score_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """未完成目标的指标，得分不等于按完成比例计算的分数。

    ## 说明
    正向指标（≥、不低于）未完成时得分 = 完成值 ÷ 指标值 × 分值；反向指标（≤、不高于）超出时按
    区域配置 `reverse_formula` 计分（ratio：分值 × 指标值 ÷ 完成值；linear：分值 × (1 − 超出比例)；
    either：两者皆可；只符合另一公式时报警告）。区域配置 `quantitative_formula` 为 pass_mark 时
    （财预〔2021〕101号 三(七)），正向指标完成率低于 `quantitative_pass`（60%）不得分，否则得
    (完成率 − 60%) ÷ (1 − 60%) × 分值；按完成比例计分的只报警告。区域配置有 `satisfaction_bands`
    时，满意度指标按实际满意度所在区间得分（101号：90%及以上满分，80%–90%得八成，60%–80%得五成，
    低于60%不得分）。等于型指标按正向处理，指标值为 0 时完成值为 0
    得满分、否则 0 分。完成值带比较符（“≥95%”）、为约数（“100余人”）或单位不一致时不核对。
    得分按自身显示精度和 0.01 分中较大者比较。已完成却扣分由 IN13 处理，未完成却满分由 IN10 处理。

    ## 为何重要
    财预〔2020〕10号：未完成目标的按完成比例计分；财政系统按同一公式复核，算错会改变总分。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 6 | 受疫情影响少办两期 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受疫情影响少办两期 |
    ```
    """
    for row in facts.scored_rows():
        found = _expected(row, profile)
        if found is None:
            continue
        accepted, other = found
        score, w, tol = row.score, row.weight.value, profile.score_tolerance(row.score)
        if any(abs(score.value - e) <= tol for e in accepted):
            continue
        if any(e == w for e in accepted) or abs(score.value - w) <= tol:
            continue  # deducted although met: IN13; full marks although missed: IN10
        best = show(accepted[0])
        if any(abs(score.value - e) <= tol for e in other):
            yield Finding(
                score.span,
                f"指标“{row.title}”（{_describe(row)}）的得分{score.text}是按另一种"
                f"{'反向指标' if row.direction == 'reverse' else '定量指标'}公式算的，按本地区规定的公式应得{best}分。",
                expected=best,
                actual=score.text,
                related=_values(row),
                severity=Severity.WARNING,
                message_en=f"score {score.text} follows the other {'reverse' if row.direction == 'reverse' else 'quantitative'} "
                f"formula; the profile's gives {best}",
            )
            continue
        how = "按反向指标公式" if row.direction == "reverse" else "按完成比例"
        both = "或".join(dict.fromkeys(show(e) for e in accepted))
        yield Finding(
            score.span,
            f"指标“{row.title}”（{_describe(row)}）{how}应得{both}分（分值{row.weight.text}），表中为{score.text}分。",
            expected=best,
            actual=score.text,
            related=_values(row),
            message_en=f"indicator score should be {best} by completion ratio, table says {score.text}",
        )


@check("IN10", category="claim_mismatch", needs=("indicators",))
def full_marks_target_missed(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """指标未完成目标（或执行率不足100%），却给了满分。

    ## 说明
    按指标值与完成值判断是否完成（正向：完成值 ≥ 指标值；反向：完成值 ≤ 指标值），未完成而
    得分等于分值、且按完成比例计算的分数与满分的差距超出得分显示精度时报告。
    预算执行率作为一行指标（指标值100%、完成值59.90%）同样适用。
    时效指标写成期限（“2022年10月底前”）、完成值写成月份（“2022年12月”）时，完成月份晚于期限
    而得满分的也报告。

    ## 为何重要
    未完成目标仍给满分是自评得分虚高的典型表现（财政部《项目支出绩效评价管理办法》解读：
    防止“绩效自评不实、得分虚高”；财预〔2020〕10号第十六条按完成比例计分）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 10 | 受疫情影响少办两期 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 120人 | 10 | 10 | |
    ```
    """
    for row in facts.scored_rows():
        found = _expected(row, profile)
        if found is None:
            yield from _deadline_missed(row, profile)
            continue
        accepted = found[0] + found[1]
        score, w, tol = row.score, row.weight.value, profile.score_tolerance(row.score)
        if abs(score.value - w) > tol or any(abs(score.value - e) <= tol for e in accepted):
            continue
        best = show(found[0][0])
        yield Finding(
            score.span,
            f"指标“{row.title}”未完成目标（{_describe(row)}），却得满分{score.text}分；按完成比例应得{best}分。",
            expected=best,
            actual=score.text,
            related=_values(row),
            message_en=f"target missed ({row.text('target')} vs {row.text('actual')}) but full marks; expected {best}",
        )


# A deadline target ("2022年10月底前", "10月前") and the month it was done ("2022年12月").
_DEADLINE = regex.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:底|末|\d{1,2}日)?(?:前|之前|以前)(?:完成)?")
_DONE_IN = regex.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:\d{1,2}日|底|末)?(?:完成)?")


def _deadline_missed(row: IndicatorRow, profile: Profile) -> Iterator[Finding]:
    """A 时效 row done in a later month than its deadline, scored in full."""
    due, done = _DEADLINE.fullmatch(row.text("target")), _DONE_IN.fullmatch(row.text("actual"))
    if due is None or done is None or row.score is None or row.weight is None:
        return
    year = due["y"] or done["y"]
    if (done["y"] or year) != year or not 1 <= int(due["m"]) <= 12:
        return  # another year, or a month that is no month: not comparable by the printed words
    if int(done["m"]) <= int(due["m"]) or abs(row.score.value - row.weight.value) > profile.score_tolerance(row.score):
        return
    yield Finding(
        row.score.span,
        f"指标“{row.title}”未按期完成（要求{row.text('target')}，实际{row.text('actual')}），却得满分{row.score.text}分。",
        actual=row.score.text,
        related=_values(row),
        message_en=f"deadline missed ({row.text('target')} vs {row.text('actual')}) but full marks",
    )


@check("IN13", category="low_execution_unexplained", needs=("indicators",))
def deviation_reason_missing(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """指标未得满分，“偏差原因分析及改进措施”却是空的（或只写“无”）。

    ## 说明
    只在表格有偏差原因（或“备注”“未完成原因”）一栏时核对；“/”“无”“暂无”视同空白。
    若按指标值和完成值目标已经完成却被扣分，消息会指出扣分同样需要说明理由；这时未完成目标
    须说明偏差原因的规定并不适用，只作警告。

    ## 为何重要
    财预〔2020〕10号：未完成目标或偏差较大的，须分析原因并提出改进措施；扣分而无说明，
    复核人无法判断扣分依据。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 无 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受疫情影响少办两期，下年提前安排 |
    ```
    """
    for form in facts.forms:
        if "reason" not in form.columns:
            continue
        for row in form.indicators:
            if not row.scored:
                continue
            if row.score.value >= row.weight.value - profile.score_tolerance(row.score):
                continue
            reason = row.cells.get("reason")
            if reason is not None and reason.value not in _NO_REASON:
                continue
            found = _expected(row, profile)
            met = found is not None and row.weight.value in found[0]
            why = "目标已完成却扣了分，" if met else ""
            said = f"只写了“{reason.value}”" if reason is not None and reason.value else "为空"
            yield Finding(
                reason.span if reason is not None else row.score.span,
                f"指标“{row.title}”得{row.score.text}分（分值{row.weight.text}），{why}但偏差原因分析及改进措施{said}，应说明扣分原因和改进措施。",
                actual=reason.value if reason is not None and reason.value else "（空）",
                related=(row.score.span,),
                message_en=f"indicator '{row.title}' lost points but gives no reason",
                # a met target asks no 偏差原因 (domain.md's rule is a missed one); the unexplained
                # deduction is still worth a look, and reviewers mark it no more than that
                severity=Severity.WARNING if met else None,
            )


@check("IN14", category="claim_mismatch", severity="warning", needs=("indicators",))
def overachievement(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """正向指标大幅超额完成（默认达到目标的130%），却未说明原因或仍给满分。

    ## 说明
    比例取区域配置 `overachievement_ratio`；以百分比计、目标不低于 `overachievement_exempt_percent`
    （默认85%）的指标（满意度、合格率）不在此列。超额较多通常说明目标定得过低。

    ## 为何重要
    财预〔2020〕10号：因目标设定明显偏低导致超额较多的，应分析原因并按偏离度扣分；
    广西等地规定完成值达到目标130%以上须说明“超计划较大”的原因。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 280人 | 10 | 10 | |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 66人 | 10 | 10 | |
    ```
    """
    for row in facts.scored_rows():
        pair = row.compared()
        if pair is None or row.direction != "positive" or pair[0] <= 0:
            continue
        a, b = pair
        if "%" in (row.target.unit, row.actual.unit) and a >= profile.overachievement_exempt_percent:
            continue
        if b / a < profile.overachievement_ratio:
            continue
        reason = row.cells.get("reason")
        explained = reason is not None and reason.value not in _NO_REASON
        full = abs(row.score.value - row.weight.value) <= profile.score_tolerance(row.score)
        if explained and not full:
            continue
        ratio = show(b / a * 100, 0)
        why = "仍给满分且未说明原因" if full and not explained else ("仍给满分" if full else "未说明原因")
        yield Finding(
            row.actual.span,
            f"指标“{row.title}”完成值{row.shown('actual')}是目标{row.shown('target')}的{ratio}%，超额较多，{why}；"
            "请说明目标是否定得过低，并按偏离程度酌情扣分。",
            expected=f"<{show(profile.overachievement_ratio * 100, 0)}%",
            actual=f"{ratio}%",
            related=(row.target.span, row.score.span),
            message_en=f"actual is {ratio}% of the target with no explanation or with full marks",
        )


pfaudit_checks = module_checks(__name__)
