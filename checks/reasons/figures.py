"""Reason checks against the figures: a reason must not say the opposite of the numbers it explains."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import Facts, Finding, Profile, Report, check, module_checks, show

_NOTHING = ("", "/", "／", "—", "-", "–", "……", "无", "暂无", "没有", "无偏差")


@check("RS04", category="claim_mismatch", severity="warning", needs=("indicators",))
def overshoot_unexplained(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """指标大幅超额完成且已扣分，偏差原因却没有说明为什么超出这么多。

    ## 说明
    正向指标完成值达到目标的 `overachievement_ratio` 倍（全国默认130%）及以上、已按偏离度扣分，偏差原因
    写了内容，却既没有说明超额的原因（目标定得偏低、需求增加、追加任务等，区域配置
    `reason_words.overshoot`），也没有任何表示原因的说法（`reason_words.cause`）时报告，如只写“超额完成”。
    以百分比计、目标不低于 `overachievement_exempt_percent` 的指标不在此列，表头为“备注”的一栏不算偏差原因。
    超额而仍给满分或偏差原因为空的，由 IN14 报告。

    ## 为何重要
    财预〔2020〕10号 第十六条：完成值高于指标值较多的，要分析原因；因年初指标值设定明显偏低造成的，
    要按偏离度调减分值。只写“超额完成”，看不出目标是否定低了。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 280人 | 10 | 8 | 超额完成 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 参加培训人数 | ≥60人 | 280人 | 10 | 8 | 年初目标设定偏低，已按偏离度扣分 |
    ```
    """
    why = (profile.reason_pattern("overshoot"), profile.reason_pattern("cause"))
    for reason in facts.reason_cells():
        row, text = reason.row, reason.text.text
        pair = row.compared()
        if not reason.asks_cause or pair is None or row.direction != "positive" or pair[0] <= 0 or text.strip() in _NOTHING:
            continue
        a, b = pair
        if "%" in (row.target.unit, row.actual.unit) and a >= profile.overachievement_exempt_percent:
            continue
        if b / a < profile.overachievement_ratio or reason.full_marks(profile.score_floor):
            continue
        if any(p.search(text) for p in why):
            continue
        ratio = show(b / a * 100, 0)
        yield Finding(
            reason.text.extent(),
            f"指标“{row.title}”完成值{row.shown('actual')}是目标{row.shown('target')}的{ratio}%，偏差原因"
            f"“{report.quote(reason.text.extent())}”没有说明为什么超出这么多（目标是否定得偏低、需求是否增加）。",
            actual=report.quote(reason.text.extent()),
            related=(row.actual.span, row.target.span),
            message_en=f"actual is {ratio}% of the target; the reason does not say why it was exceeded by so much",
        )


@check("RS05", category="claim_mismatch", severity="warning", needs=("indicators",))
def reason_contradicts_figures(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """偏差原因说的方向与数字相反：完成值低于目标却说“超额完成”，目标已完成且得满分却说“未完成”。

    ## 说明
    按指标值、完成值和方向（正向、反向）判断是否完成，与偏差原因中的说法（区域配置
    `reason_words.exceeded`、`reason_words.shortfall`）比较；前面紧跟否定词（“无未完成”“未超过”，
    `reason_words.negation`）的不算。说“未完成”时，只在该指标已完成并得满分时报告；“未完成验收”一类
    说的是别的事，不算。只核对读得确定的指标行。

    ## 为何重要
    偏差原因与表中数字自相矛盾，说明原因是照抄的或数字填错了，自评结果不可信。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 120人 | 10 | 10 | 因场地改造未完成年度目标 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 120人 | 10 | 10 | 报名踊跃，超额完成 |
    ```
    """
    for reason in facts.reason_cells():
        row, text, att = reason.row, reason.text.text, reason.attainment()
        if att == "missed":
            found, truth = profile.reason_claim("exceeded", text), "未完成目标"
        elif att == "met" and reason.full_marks(profile.score_floor):
            found, truth = profile.reason_claim("shortfall", text), "已完成目标并得满分"
        else:
            continue
        if found is None:
            continue
        words = found.group()
        yield Finding(
            reason.text.span(found.start(), found.end()),
            f"指标“{row.title}”{truth}（目标{row.shown('target')}，完成{row.shown('actual')}，得分{row.score.text}），"
            f"偏差原因却说“{words}”，与表中数字相反。",
            actual=words,
            related=(row.actual.span, row.score.span),
            message_en=f"the reason says '{words}' ({'exceeded' if att == 'missed' else 'missed'}) but the figures say the opposite",
        )


pfaudit_checks = module_checks(__name__)
