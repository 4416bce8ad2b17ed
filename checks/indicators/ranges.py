"""Range checks: a score must lie within its 分值 and within the band its 完成值 falls in."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Profile, check, module_checks, show

_BAND_NAMES = {1: "达成年度指标", 2: "部分达成年度指标", 3: "未达成年度指标"}


def _band_name(band: int, profile: Profile) -> str:
    """A band as the profile's forms word it first."""
    words = profile.band_words
    return words[band - 1][0] if len(words) >= band and words[band - 1] else _BAND_NAMES[band]


@check("IN11", category="execution_score_mismatch", needs=("indicators",))
def qualitative_band_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """定性指标的完成值写明了档次（达成/部分达成/未达成），得分却不在该档的分数区间内。

    ## 说明
    三档按区域配置 `qual_bands` 的两个分界点（全国默认 80%、60%）换算为分值的比例：
    达成年度指标 [80%, 100%]，部分达成 [60%, 80%)，未达成 [0, 60%)。只在完成值以这些
    说法开头时核对（财预〔2020〕10号的“达成/部分达成/未达成”与财预〔2021〕101号的
    “基本达成/部分实现/实现程度较低”是同样的三档）；其他文字不做推断。

    ## 为何重要
    财预〔2020〕10号规定定性指标按三档计分；得分越档说明评分与自评结论不一致。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 效益指标 | 社会效益 | 群众获得感 | 明显提升 | 部分达成年度指标 | 10 | 10 | 宣传覆盖不足 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 效益指标 | 社会效益 | 群众获得感 | 明显提升 | 部分达成年度指标 | 10 | 7 | 宣传覆盖不足 |
    ```
    """
    high, low = profile.qual_bands[0], profile.qual_bands[1]
    shares = {1: (high, Decimal(1)), 2: (low, high), 3: (Decimal(0), low)}
    for row in facts.scored_rows():
        if row.band is None:
            continue
        least, most = shares[row.band]
        w, score, tol = row.weight.value, row.score, profile.score_tolerance(row.score)
        lo, hi = least * w, most * w
        upper_open = row.band != 1
        if lo - tol <= score.value and (score.value < hi or (not upper_open and score.value <= hi + tol)):
            continue
        span = f"[{show(lo)}, {show(hi)}{']' if not upper_open else ')'}"
        yield Finding(
            score.span,
            f"指标“{row.title}”完成值为“{row.text('actual')}”（{_band_name(row.band, profile)}档），"
            f"得分应在{span}分之间，表中为{score.text}分。",
            expected=span,
            actual=score.text,
            related=(row.cells["actual"].span,),
            message_en=f"qualitative band {row.band} allows {span}, table says {score.text}",
        )


@check("IN12", category="score_exceeds_weight", needs=("indicators",))
def score_exceeds_weight(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """得分高于分值（权重）。

    ## 说明
    核对每个三级指标和预算执行得分；总分行由 IN01、IN02 核对，不在此重复。

    ## 为何重要
    江苏等地模板规定“得分不得突破权重总额”，财政系统保存时也会拒绝超过分值的得分。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训场次 | ≥4场 | 6场 | 5 | 6 | |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训场次 | ≥4场 | 6场 | 5 | 5 | |
    ```
    """
    for form in facts.forms:
        pairs = [(r.name, r.weight, r.score) for r in form.leaves]
        fund = form.fund_total
        if fund is not None:
            pairs.append(("预算执行", fund.get("weight"), fund.get("score")))
        for name, weight, score in pairs:
            if weight is None or score is None:
                continue
            if score.value <= weight.value + profile.score_tolerance(score):
                continue
            yield Finding(
                score.span,
                f"“{name}”的得分{score.text}超过了分值{weight.text}，最多只能得{weight.text}分。",
                expected=weight.text,
                actual=score.text,
                related=(weight.span,),
                message_en=f"score {score.text} exceeds the weight {weight.text}",
            )


pfaudit_checks = module_checks(__name__)
