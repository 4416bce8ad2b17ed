"""Reason checks on timing: a reason that says the works were late must agree with the form's 时效 rows."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Facts, Finding, IndicatorRow, Profile, Report, check, module_checks

# A 时效 row about finishing the works, by what it times; never one about starting or paying.
_FINISH = regex.compile(r"完工|竣工|工期|完成(?:时间|时限|期限|进度|率)|按期|按时|如期")
_ACCEPT = regex.compile(r"验收")
_OTHER = regex.compile(r"开工|启动|拨付|发放|支付|到位|兑付|资金|采购|招标|申报|报送")


def _timely_rows(facts: Facts, form: int, profile: Profile) -> list[IndicatorRow]:
    """The form's 时效 rows about finishing or accepting the works, met and kept at full marks."""
    out = []
    for row in facts.forms[form].indicators:
        if "时效" not in row.level2 or not row.certain or not row.scored or _OTHER.search(row.name):
            continue
        if not (_FINISH.search(row.name) or _ACCEPT.search(row.name)):
            continue
        tolerance = max(row.score.tolerance, profile.score_floor)
        if abs(row.score.value - row.weight.value) > tolerance:
            continue
        pair = row.compared()
        if pair is not None and row.direction == "positive" and pair[1] < pair[0]:
            continue  # a missed deadline rate scored in full is IN10's
        out.append(row)
    return out


@check("RS07", category="claim_mismatch", severity="warning", needs=("indicators",))
def timing_reason_contradicted(report: Report, facts: Facts, profile: Profile) -> Iterator[Finding]:
    """偏差原因称工程未完工、延期或未验收，同一张表的时效指标却得了满分。

    ## 说明
    偏差原因说“尚未完工”“工期延误”“延期竣工”“未验收”（区域配置 `reason_words.timing`，前面有否定词的不算），
    而同一张自评表中考核完工、竣工、工期或验收的时效指标（不含开工、拨付资金一类）读得确定、得满分时报告，
    并指出该时效指标。说“未验收”只与考核验收的时效指标比较，说“未完工”“延期竣工”只与考核完工、工期、
    完成时间的比较。

    ## 为何重要
    一处说项目没有按期完成，一处又给按期完成打满分，至少有一处不实；与 IN10（未完成却得满分）互为补充。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 新建水池 | ≥10座 | 8座 | 10 | 8 | 受雨季影响工程尚未完工，下年4月前完成 |
    | 产出指标 | 时效指标 | 工程按期完工率 | 100% | 100% | 10 | 10 | |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 新建水池 | ≥10座 | 8座 | 10 | 8 | 受雨季影响工程尚未完工，下年4月前完成 |
    | 产出指标 | 时效指标 | 工程按期完工率 | 100% | 80% | 10 | 8 | 两座水池延期至下年 |
    ```
    """
    cache: dict[int, list[IndicatorRow]] = {}
    for reason in facts.reason_cells():
        found = profile.reason_claim("timing", reason.text.text)
        if found is None:
            continue
        rows = cache.setdefault(reason.form, _timely_rows(facts, reason.form, profile))
        object_ = _ACCEPT if "验收" in found.group() else _FINISH
        timely = next((r for r in rows if object_.search(r.name) and r is not reason.row), None)
        if timely is None:
            continue
        words = report.quote(reason.text.span(found.start(), found.end()))
        yield Finding(
            reason.text.span(found.start(), found.end()),
            f"指标“{reason.row.title}”的偏差原因称“{words}”，但时效指标“{timely.title}”"
            f"（目标{timely.shown('target')}，完成{timely.shown('actual')}）得了满分{timely.score.text}分，两者矛盾。",
            actual=words,
            related=(timely.score.span,),
            message_en=f"the reason says the works were late ('{words}') yet the timeliness indicator '{timely.title}' has full marks",
        )


pfaudit_checks = module_checks(__name__)
