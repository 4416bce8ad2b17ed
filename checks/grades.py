"""Grade checks: the stated grade must follow from the total score, and the score must be stated once."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Profile, Quantity, Span, check, module_checks, quantize, rate_of, show


def _family(label: str, profile: Profile) -> int | str:
    for n, group in enumerate(profile.grade_synonyms):
        if label in group:
            return n
    return label


def _same(stated: str, band: str, labels: list[str], profile: Profile) -> bool:
    if stated == band:
        return True
    if stated in labels:  # the report's own label for another band
        return False
    return _family(stated, profile) == _family(band, profile)


def _table_scores(facts: Facts) -> list[Quantity]:
    return [f.total.score for f in facts.forms if f.total is not None and f.total.score is not None]


def _only(values: list[Quantity]) -> Quantity | None:
    return values[0] if values and len({q.value for q in values}) == 1 else None


@check("GR01", category="grade_mismatch", needs=("grades", "totals"))
def grade_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """报告给出的绩效等级与总分所在的等级区间不符。

    ## 说明
    等级区间优先取报告自己写明的标准（“得分≥85分为优秀；75≤得分＜85分为良好……”，
    “自评分90（含）-100分为优秀……”），否则取区域配置 `grade_bands`（全国：优≥90、良≥80、
    中≥60、差<60）。区间下限含本数，“80–89分为良”中的89.5分也算良。等级的不同写法
    （“优”与“优秀”）按区域配置 `grade_synonyms` 视为同一档。表中的等级（绩效等级 | 优，或总分行
    分数之后单独一格的“优”）与该表的总分比较；正文中的等级（“评价等级为‘优秀’”“结果为优”）与同一句的得分（“综合评分为…分”
    “本项目得分为…分”，或等级后括号里的“良好（78分）”）比较，同一句没有得分时与表中总分比较。

    ## 为何重要
    等级由总分按区间确定（财预〔2020〕10号）；等级与分数不符，评价结论就不可信。

    ## 反例
    ```text
    本项目自评得分为88分，绩效评价等级为“优”。
    ```

    ## 正例
    ```text
    本项目自评得分为92分，绩效评价等级为“优”。
    ```
    """
    scale = facts.grading.scales[0] if facts.grading.scales else None
    if scale is not None:
        bands = [(b.label, b.lower) for b in scale.bands]
        source, related = "报告自己规定的等级标准", (scale.span,)
    else:
        bands = list(profile.grade_bands)
        source, related = "等级标准", ()
    if not bands:
        return
    labels = [label for label, _ in bands]
    table_score = _only(_table_scores(facts))
    prose_score = _only(list(facts.grading.scores))
    stated: list[tuple[str, Span, Quantity | None]] = []
    for form in facts.forms:
        if form.grade is not None:
            score = form.total.score if form.total is not None and form.total.score is not None else prose_score
            stated.append((form.grade.value, form.grade.span, score))
    for grade in facts.grading.grades:
        stated.append((grade.label, grade.span, grade.score or table_score or prose_score))
    for label, span, score in stated:
        if score is None:
            continue
        band = next((name for name, lower in bands if score.value >= lower), None)
        if band is None or _same(label, band, labels, profile):
            continue
        scale_text = "、".join(
            f"{name}≥{lower.normalize():f}" if lower or n == 0 else f"{name}<{bands[n - 1][1].normalize():f}"
            for n, (name, lower) in enumerate(bands)
        )
        yield Finding(
            span,
            f"总分{score.text}分按{source}（{scale_text}）应为“{band}”，报告写的是“{label}”。",
            expected=band,
            actual=label,
            related=(score.span, *related),
            message_en=f"a total of {score.text} is '{band}' under the applicable bands, the report says '{label}'",
        )


@check("GR02", category="narrative_table_mismatch", needs=("grades", "totals"))
def total_score_mismatch(facts: Facts) -> Iterator[Finding]:
    """正文写的总得分（“最终得分96分”“自评得分为95.58”）与自评表的总分不一致。

    ## 说明
    按两者中较粗的显示精度比较：表中 95.58 与正文“96分”视为一致。报告中只有一张表有总分时
    与该表比较；没有表时，正文中前后写的总得分应当一致。

    ## 为何重要
    总分决定等级，正文和表格必须是同一个数（“数据真实”，E9）。

    ## 反例
    ```text
    项目自评得分为 92.5，结果为优。

    | 一级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 培训人数 | 60 | 55.5 |
    | 效益指标 | 满意度 | 40 | 40 |
    | 总分 | | 100 | 95.5 |
    ```

    ## 正例
    ```text
    项目自评得分为 95.5，结果为优。

    | 一级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 培训人数 | 60 | 55.5 |
    | 效益指标 | 满意度 | 40 | 40 |
    | 总分 | | 100 | 95.5 |
    ```
    """
    tables = _table_scores(facts)
    reference = tables[0] if len(tables) == 1 else None
    prose = list(facts.grading.scores)
    if reference is None:
        if tables or not prose:
            return
        reference, prose = prose[0], prose[1:]
        where = "正文前面写的"
    else:
        where = "自评表中的总分"
    for q in prose:
        places = min(q.places, reference.places)
        if quantize(q.value, places) == quantize(reference.value, places):
            continue
        diff = q.value - reference.value
        yield Finding(
            q.span,
            f"正文写的总得分为{q.text}分，{where}为{reference.text}分，两者相差{abs(diff).normalize():f}分。",
            expected=reference.text,
            actual=q.text,
            related=(reference.span,),
            message_en=f"the text states a total of {q.text}, the table says {reference.text}",
        )


@check("GR03", category="claim_mismatch", severity="warning", needs=("fund_lines", "rates", "amounts"))
def full_marks_with_shortfall(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """报告自评满分（100分），自己给出的预算执行率却不足100%。

    ## 说明
    总分取自评表的总分或正文写的自评得分；执行率取资金表或正文的预算数与执行数。资金表本身填了
    预算执行得分时，得分与执行率是否相符由 AM02、总分由 IN01 核对，这里不重复。按本地区的预算执行
    计分办法（全国为“执行率×分值”），执行率不足100%时预算执行一项就拿不到满分，总分不可能是100分。
    按执行率区间打分的地区（`budget_score_mode = "bands"`）不核对。

    ## 为何重要
    “严禁刻意抬高分数”：资金没有用完却自评满分，是复核时首先要问的问题（E3）。

    ## 反例
    ```text
    2020年度县财政安排村(居)法律顾问全覆盖经费，指标额度为110万元，实际拨付108万元。
    三、绩效自评结论
    项目自评分:100分
    ```

    ## 正例
    ```text
    2020年度县财政安排村(居)法律顾问全覆盖经费，指标额度为110万元，实际拨付110万元。
    三、绩效自评结论
    项目自评分:100分
    ```
    """
    pairs = []  # (full score, execution rate): each form with its own fund, the prose with its own figures
    for form in facts.forms:
        fund = form.fund_total
        if form.total is None or form.total.score is None or form.total.score.value != 100 or fund is None:
            continue
        if fund.get("score") is not None:
            continue  # a scored fund row: AM02 and IN01 say what is wrong with it
        budget, spent = fund.get("budget"), fund.get("spent")
        if budget is not None and spent is not None and budget.value:
            pairs.append((form.total.score, rate_of(spent, budget)[0], spent.span))
    scored = any(f.fund_total is not None and f.fund_total.get("score") is not None for f in facts.forms)
    prose = [r for r in facts.execution_rates if r.source == "prose" or (len(facts.forms) == 1 and not scored)]
    for score in facts.grading.scores:
        if score.value == 100 and prose:
            lowest_prose = min(prose, key=lambda r: r.percent)
            pairs.append((score, lowest_prose.percent, lowest_prose.span))
    pairs = [p for p in pairs if p[1] < 100]
    if not pairs:
        return
    full, rate, where = min(pairs, key=lambda p: p[1])
    weight = profile.level1_weights.get("budget", Decimal(10))
    earned = profile.execution_score(weight, rate)
    if earned is None or weight - earned < profile.score_floor:
        return
    yield Finding(
        full.span,
        f"自评总分为满分{full.text}，但执行率只有{show(rate)}%，预算执行一项按“执行率×分值”只能得"
        f"{show(earned)}分，总分不应为100分；请核对扣分或说明理由。",
        expected=f"≤{show(100 - weight + earned)}",
        actual=full.text,
        related=(where,),
        message_en=f"a full score of 100 while the execution rate is {show(rate)}%",
    )


pfaudit_checks = module_checks(__name__)
