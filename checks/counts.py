"""Count checks: a stated number of items must match the list, and 其中 shares their total."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Report, Severity, check, module_checks, show


@check("CT01", category="count_mismatch", severity="warning", needs=("sentences",))
def count_mismatch(report: Report, facts: Facts) -> Iterator[Finding]:
    """正文写的个数与紧随其后（或其前）列出的项数不符。

    ## 说明
    “分为4个等级：…；…”“原因有2个方面：1. …；2. …”“包括投入、过程、效益三个方面”
    “项目6个，包括：”加其后的（一）至（六）小标题，都是个数与清单并列。由“即”“分别为”“包括”或冒号引出的清单
    视为完整；以“等”结尾的清单不完整，只在列出的项已多于所写个数时报告。各项自带个数的分组
    （“指标8个：产出指标5个、效益指标2个、满意度指标1个”）核对各组之和。括号里的别称、引号和书名号中的顿号不算分项；
    “和”“及”可能连接两项也可能是一项的一部分，两种读法都不符时才报告。
    “共有项目10个”之后没有紧接清单、而是分组叙述的，不在此核对。

    ## 为何重要
    个数与清单不符，说明清单漏项或个数写错，读者无法确认范围是否完整。

    ## 反例
    ```text
    项目综合绩效评价分为4个等级：得分≥85分为优秀；75≤得分<85分为良好；得分<75分为一般。
    ```

    ## 正例
    ```text
    项目综合绩效评价分为4个等级：得分≥85分为优秀；75≤得分<85分为良好；60≤得分<75分为一般；得分<60分为较差。
    ```
    """
    for listing in facts.listings:
        n = len(listing.items)
        if listing.low <= listing.count <= listing.high:
            continue
        if not listing.complete and listing.low <= listing.count:
            continue  # a list ending in 等 may name fewer items than it counts
        found = str(listing.low) if listing.low == listing.high else f"{listing.low}–{listing.high}"
        listed = f"各分项合计{found}" if listing.breakdown else f"随后列出的是{found}项"
        yield Finding(
            listing.span,
            f"此处写“{report.quote(listing.span)}”，但{listed}"
            f"（{'、'.join(report.quote(s, 8) for s in listing.items[:6])}{'…' if n > 6 else ''}），个数与清单不符。",
            expected=found,
            actual=str(listing.count),
            related=listing.items,
            message_en=f"the text counts {listing.count} items but lists {found}",
        )


def _scale(q) -> Decimal:
    """元 per printed unit (10 000 for 万元)."""
    return q.in_yuan() / q.value if q.value else Decimal(1)


@check("CT02", category="count_mismatch", severity="warning", needs=("sentences",))
def parts_sum_mismatch(report: Report, facts: Facts) -> Iterator[Finding]:
    """“共计/合计X万元，其中：A…万元、B…万元”中各分项之和与合计数不符。

    ## 说明
    只核对同一句中合计数与“其中”后列出的两个以上分项金额（单位换算为元，容差为各数显示精度之和）。
    分项之和大于合计为警告；分项之和小于合计时，“其中”可能只列了一部分，报告为提示。

    ## 为何重要
    分项与合计对不上，说明至少有一个金额抄错（E1）。

    ## 反例
    ```text
    项目预算共计50万元，其中：培训经费30万元、宣传经费25万元。
    ```

    ## 正例
    ```text
    项目预算共计50万元，其中：培训经费30万元、宣传经费20万元。
    ```
    """
    for item in facts.sums:
        total = item.total.quantity
        parts = [p.quantity for p in item.parts]
        summed = sum((q.in_yuan() for q in parts), Decimal(0))
        slack = sum((q.tolerance * _scale(q) for q in (total, *parts)), Decimal(0))
        if abs(summed - total.in_yuan()) <= slack:
            continue
        scale = _scale(total)
        shown = show(summed / scale, max(q.places for q in (total, *parts)))
        unit = total.unit
        over = summed > total.in_yuan()
        yield Finding(
            total.span,
            f"合计为{total.text}，但“其中”列出的{len(parts)}项之和为{shown}{unit}"
            + ("，超过了合计数。" if over else "，少于合计数（若其中只列了部分项目，请忽略）。"),
            expected=f"{shown}{unit}",
            actual=total.text,
            related=tuple(q.span for q in parts),
            severity=Severity.WARNING if over else Severity.INFO,
            message_en=f"the parts add up to {shown}{unit}, the total says {total.text}",
        )


pfaudit_checks = module_checks(__name__)
