"""Typo checks: doubled characters, garbled words, overlapping bands."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import DOCUMENTS, Facts, Finding, Report, check, module_checks


@check("TX03", category="typo", severity="info", needs=("sentences",), documents=DOCUMENTS)
def doubled_character(report: Report, facts: Facts) -> Iterator[Finding]:
    """虚词或双字词被误打了两遍（“在90%及以上上”“的的”“项目项目”）。

    ## 说明
    只检查在正常行文中不会重叠的虚词（的、在、和、对、为、上……）和非常用重叠的双字词（ABAB）；
    “常常”“人人”“看看”“年年”“个个”等合法叠词、AABB 式（“的的确确”“上上下下”）、
    “上上个月”以及“研究研究”一类动词重叠都不报告。三字以上的词组重复由 TX02 报告。

    ## 为何重要
    多打的字说明材料未经校对，容易让复核人对数据的可靠性产生怀疑。

    ## 反例
    ```text
    预算执行率在90%及以上上得8分。
    ```

    ## 正例
    ```text
    社区工作人员常常入户走访，人人参与，年年开展。
    ```
    """
    for w in facts.blemishes:
        if w.kind != "doubled":
            continue
        span = w.text.span()
        yield Finding(
            span,
            f"“{report.quote(span)}”疑似多打了一遍，应为“{w.suggestion}”。",
            expected=w.suggestion,
            actual=report.quote(span),
            message_en="a character or word typed twice",
        )


_TYPO_MESSAGES = {
    "year_du": ("“{found}”应为“{suggestion}”（年份后的“的度”是“年度”的笔误）。", "year followed by 的度; 年度 was meant"),
    "pair": ("“{found}”疑似漏字，固定搭配应为“{suggestion}”。", "a fixed pair lost a character"),
    "unit_char": (
        "数字后的“{suggestion}”不是单位或量词，疑似乱码或错字，请核对“{found}”。",
        "the character after a number is no unit; probably garbled",
    ),
}


@check("TX04", category="typo", severity="info", needs=("sentences",), documents=DOCUMENTS)
def garbled_wording(report: Report, facts: Facts) -> Iterator[Finding]:
    """笔误和乱码：“2020的度”（年度）、“量、定性”（定量、定性）、数字后跟着不是单位的字（“6.27倔”）。

    ## 说明
    按通用规则识别，不针对具体样本：年份后紧跟“的度”；“定量、定性”“事前、事中”等共用首字的固定搭配
    丢了首字；带小数的数字后紧跟的汉字既不是单位、量词，也不是“的”“为”等常见后续字。

    ## 为何重要
    错字和乱码会改变意思（“收6.27倔”无法判断是亿元还是万元），也说明材料未经校对。

    ## 反例
    ```text
    对2020的度社区办公项目进行量、定性分析，完成区级税收6.27倔。
    ```

    ## 正例
    ```text
    对2020年度社区办公项目进行定量、定性分析，完成区级税收6.27亿元。
    ```
    """
    for w in facts.blemishes:
        if w.kind not in _TYPO_MESSAGES:
            continue
        span = w.text.span()
        zh, en = _TYPO_MESSAGES[w.kind]
        yield Finding(
            span,
            zh.format(found=report.quote(span), suggestion=w.suggestion),
            expected=w.suggestion if w.kind != "unit_char" else None,
            actual=report.quote(span),
            message_en=en,
        )


@check("TX05", category="typo", severity="info", needs=("sentences",))
def overlapping_bands(report: Report, facts: Facts) -> Iterator[Finding]:
    """评分规则中相邻的执行率区间互相重叠（“78%以上不到90%”与“70%以上不到80%”）。

    ## 说明
    同一段或同一单元格中依次列出的“X%以上不到Y%”“X%-Y%”区间，前一档的下限应等于后一档的上限；
    重叠意味着同一个执行率可以落在两档，多半是某个界限写错（如 80 写成 78）。

    ## 为何重要
    区间重叠时打分没有唯一结果，规则本身无法执行。

    ## 反例
    ```text
    预算执行率在78%以上不到90%得6-8分；预算执行率在70%以上不到80%得4-6分。
    ```

    ## 正例
    ```text
    预算执行率在80%以上不到90%得6-8分；预算执行率在70%以上不到80%得4-6分。
    ```
    """
    for w in facts.blemishes:
        if w.kind != "band_overlap":
            continue
        span = w.text.span()
        other = report.quote(w.related[0]) if w.related else ""
        yield Finding(
            span,
            f"区间“{report.quote(span)}”与下一档“{other}”重叠，界限疑似写错（可能应为“{w.suggestion}”）。",
            expected=w.suggestion,
            actual=report.quote(span),
            related=w.related,
            message_en="two consecutive bands overlap",
        )


pfaudit_checks = module_checks(__name__)
