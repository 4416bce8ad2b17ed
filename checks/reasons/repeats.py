"""Reason checks across rows: one reason pasted under several indicators explains none of them."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Facts, Finding, Profile, Reason, Report, check, module_checks

_PUNCT = regex.compile(r"[\s\p{P}]+")
MIN_CHARS = 6  # a shorter reason ("无", "已完成") is a non-answer, not a copy


@check("RS09", category="duplicated_text", severity="info", needs=("indicators",))
def reason_repeated_across_rows(report: Report, facts: Facts, profile: Profile, *, min_rows: int = 3) -> Iterator[Finding]:
    """同一段偏差原因原样出现在几个不同指标下，没有分别说明每个指标的偏差。

    ## 说明
    同一张自评表中，未完成目标或被扣分的指标里，至少 `min_rows` 个不同指标的偏差原因（去掉空白和标点后）
    一字不差、且不少于6个字时报告一次，指向第一处并列出其余各处。合并单元格（几行共用同一格）不算重复，
    表头为“备注”的一栏不算偏差原因。
    只核对读得确定的指标行；一句话（“已完成”）由 RS01 处理。

    ## 为何重要
    财预〔2020〕10号要求逐项分析偏差原因；同一句话照搬到不同指标下，说明并没有逐项分析。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 受多种因素影响，下一步加强管理 |
    | 产出指标 | 质量指标 | 培训合格率 | ≥95% | 90% | 10 | 9 | 受多种因素影响，下一步加强管理 |
    | 效益指标 | 社会效益指标 | 就业率 | ≥60% | 50% | 10 | 8 | 受多种因素影响，下一步加强管理 |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 培训人数 | ≥100人 | 80人 | 10 | 8 | 两期培训因场地改造推迟，下年补办 |
    | 产出指标 | 质量指标 | 培训合格率 | ≥95% | 90% | 10 | 9 | 新增实操考核，部分学员未通过，下年增加辅导 |
    | 效益指标 | 社会效益指标 | 就业率 | ≥60% | 50% | 10 | 8 | 当地企业招工减少，下年对接更多用工单位 |
    ```

    ## 选项
    - `min_rows`：同一原因至少出现在几个不同指标下才报告，默认 3。
    """
    groups: dict[tuple[int, str], list[Reason]] = {}
    for reason in facts.reason_cells():
        if not reason.asks_cause or (reason.attainment() != "missed" and not reason.deducted(profile.score_floor)):
            continue
        plain = _PUNCT.sub("", reason.text.text)
        if len(plain) < MIN_CHARS:
            continue
        group = groups.setdefault((reason.form, plain), [])
        if all(r.span != reason.span for r in group):  # a merged cell is one cell shared by its rows
            group.append(reason)
    for same in groups.values():
        names = dict.fromkeys(r.row.title for r in same)
        if len(names) < min_rows:
            continue
        first = same[0]
        listed = "、".join(f"“{n}”" for n in names)
        yield Finding(
            first.text.extent(),
            f"{len(names)}个指标（{listed}）的偏差原因都是“{report.quote(first.text.extent())}”，"
            "一字不差，没有分别说明各指标偏差的原因。",
            actual=report.quote(first.text.extent()),
            related=tuple(r.text.extent() for r in same[1:]),
            message_en=f"{len(names)} indicators give the very same deviation reason",
        )


pfaudit_checks = module_checks(__name__)
