"""Copying checks (CP): passages copied from another report of the run or of the audit history."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

from auditor import Corpus, Finding, Location, Span, check, module_checks


def _where(loc: Location) -> str:
    """A place in another report, in words a reviewer can follow: ``path:line`` or ``path 表1 第3行``."""
    at = f":{loc.line}" if loc.line is not None else f" {loc.anchor()}"
    return f"{loc.path}{at}".rstrip()


def _findings(copies: list, min_chars: int, zh: str, en: str) -> Iterator[Finding]:
    for c in copies:
        if c.chars < min_chars:
            continue
        first, last, source = c.passages[0], c.passages[-1], c.others[0]
        location = first.location
        if last.location.end_line is not None:
            location = dataclasses.replace(
                location, end_line=last.location.end_line, end_column=last.location.end_column
            )
        words = {
            "n": len(c.passages),
            "chars": c.chars,
            "title": c.other.title,
            "where": _where(source.location),
            "sim": c.similarity,
            "share": c.share,
            "year": c.other.year,
        }
        yield Finding(
            Span(first.span.start, last.span.end),
            zh.format(**words),
            actual=f"{c.share}%",
            path=c.record.path,
            location=location,
            related_locations=tuple(p.location for p in c.others),
            snippet=first.snippet,
            message_en=en.format(**words),
        )


@check("CP01", category="duplicated_text", severity="warning", needs=("sentences",), requires=("datasketch",))
def copied_passage(
    corpus: Corpus,
    *,
    threshold: Decimal = Decimal("0.7"),
    min_chars: int = 60,
    template_share: Decimal = Decimal("0.5"),
    template_reports: int = 10,
) -> Iterator[Finding]:
    """报告中有一段文字与另一个项目的报告（本次检查的或历史记录中的）几乎一字不差。

    ## 说明
    逐句比较本次检查的全部报告和审计历史（`--db`）中的报告（MinHash LSH），把连续雷同的句子合成
    一段，给出两份报告中的位置、本段字数，以及与该报告雷同的文字合计占本报告正文的比例。
    数字不参与比较：只改了金额和年份的段落仍算雷同。许多项目共有的文字（自评表的填写说明、本地区
    的格式套话）是从报告集中学到的模板，不报告。报告集中至少要有 3 个项目，才能学到模板。
    不是自评报告的文件（目标申报表、公函等，年度、资金、指标、得分都没有读到）不参与比较：
    同类项目的申报材料共用项目背景是常态。

    ## 为何重要
    照搬别的单位或别的项目的报告，说明自评没有针对本项目，绩效结论不可信，是财政局抽查的重点。

    ## 反例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    通过开展邻里互助、老年助餐和政策宣传活动，辖区居民的获得感明显增强，社区治理水平稳步提升，群众满意度保持在较高水平，为创建文明社区打下了坚实基础。
    ```

    ```text
    某镇人民政府2021年度环境整治项目绩效自评报告
    项目名称：环境整治项目
    通过开展邻里互助、老年助餐和政策宣传活动，辖区居民的获得感明显增强，社区治理水平稳步提升，群众满意度保持在较高水平，为创建文明社区打下了坚实基础。
    ```

    ## 正例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    通过开展邻里互助、老年助餐和政策宣传活动，辖区居民的获得感明显增强，社区治理水平稳步提升，群众满意度保持在较高水平，为创建文明社区打下了坚实基础。
    ```

    ```text
    某镇人民政府2021年度环境整治项目绩效自评报告
    项目名称：环境整治项目
    全年清运垃圾一万二千吨，整治背街小巷三十六条，新增绿化面积两万平方米，镇容镇貌明显改善。
    ```

    ## 选项
    - `threshold`：两句话 3 字片段的 Jaccard 相似度（0～1）达到此值即视为相同，默认 0.7。
    - `min_chars`：雷同段落至少有多少字（不计标点和空格）才报告，默认 60。
    - `template_share`：一句话出现在全部项目的这一比例（0～1）以上、且至少 3 个项目中时视为模板，默认 0.5。
    - `template_reports`：一句话出现在这么多个项目中时，无论比例如何都视为模板，默认 10。
    """
    copies = corpus.copies(threshold=threshold, template_share=template_share, template_reports=template_reports)
    yield from _findings(
        [c for c in copies if not c.record.same_project(c.other)],
        min_chars,
        "这段文字（{n}句，{chars}字）与{title}的报告（{where}）几乎相同（相似度{sim}%）；与该报告雷同的文字共占本报告正文的{share}%。",
        "this passage ({n} sentences, {chars} characters) is nearly identical to the report {where} "
        "({sim}% similar); text shared with that report covers {share}% of this one",
    )


@check("CP02", category="duplicated_text", severity="info", needs=("sentences",), requires=("datasketch",))
def passage_carried_over(
    corpus: Corpus,
    *,
    threshold: Decimal = Decimal("0.7"),
    min_chars: int = 60,
    template_share: Decimal = Decimal("0.5"),
    template_reports: int = 10,
) -> Iterator[Finding]:
    """报告中有一段文字与同一项目上一年度的报告几乎一字不差。

    ## 说明
    与 CP01 的比较方法相同，但对象是同一项目（项目名称相同，写明单位时单位也相同）以前年度的
    报告：本次检查中的，或审计历史（`--db`）中的。同一年度的两个版本不算。

    ## 为何重要
    项目概况可以沿用，但绩效目标完成情况、存在问题和改进措施逐年照抄，说明自评流于形式。

    ## 反例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    存在问题：部分活动宣传覆盖面不够广，老年居民和上班族的参与率有待进一步提高，下一步将通过微信群、楼道公告和入户走访等多种方式扩大宣传。
    ```

    ```text
    某街道办事处2022年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    存在问题：部分活动宣传覆盖面不够广，老年居民和上班族的参与率有待进一步提高，下一步将通过微信群、楼道公告和入户走访等多种方式扩大宣传。
    ```

    ## 正例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    存在问题：部分活动宣传覆盖面不够广，老年居民和上班族的参与率有待进一步提高，下一步将通过微信群、楼道公告和入户走访等多种方式扩大宣传。
    ```

    ```text
    某街道办事处2022年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    存在问题：老年助餐点只覆盖了八个社区中的五个，其余三个社区的选址因场地问题推迟到明年。
    ```

    ## 选项
    - `threshold`：两句话 3 字片段的 Jaccard 相似度（0～1）达到此值即视为相同，默认 0.7。
    - `min_chars`：雷同段落至少有多少字（不计标点和空格）才报告，默认 60。
    - `template_share`：一句话出现在全部项目的这一比例（0～1）以上、且至少 3 个项目中时视为模板，默认 0.5。
    - `template_reports`：一句话出现在这么多个项目中时，无论比例如何都视为模板，默认 10。
    """
    copies = corpus.copies(threshold=threshold, template_share=template_share, template_reports=template_reports)
    earlier = [
        c
        for c in copies
        if c.record.same_project(c.other) and None not in (c.record.year, c.other.year) and c.other.year < c.record.year
    ]
    yield from _findings(
        earlier,
        min_chars,
        "这段文字（{n}句，{chars}字）与本项目{year}年度的报告（{where}）几乎相同（相似度{sim}%）；沿用上年的文字共占本报告正文的{share}%。",
        "this passage ({n} sentences, {chars} characters) repeats the project's {year} report {where} "
        "({sim}% similar); text carried over covers {share}% of this report",
    )


pfaudit_checks = module_checks(__name__)
