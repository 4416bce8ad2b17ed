"""Count checks: a stated number of items must match the list, and 其中 shares their total."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Facts, Finding, Quantity, Report, Severity, check, module_checks, show


@check("CT01", category="count_mismatch", severity="warning", needs=("sentences",))
def count_mismatch(report: Report, facts: Facts) -> Iterator[Finding]:
    """正文写的个数与紧随其后（或其前）列出的项数不符。

    ## 说明
    “分为4个等级：…；…”“原因有2个方面：1. …；2. …”“包括投入、过程、效益三个方面”
    “项目6个，包括：”加其后的（一）至（六）小标题，都是个数与清单并列。由“即”“分别为”“包括”或冒号引出的清单
    视为完整；以“等”结尾的清单不完整，只在列出的项已多于所写个数时报告。各项自带个数的分组
    （“指标8个：产出指标5个、效益指标2个、满意度指标1个”）核对各组之和。括号里的别称、引号和书名号中的顿号不算分项；
    “和”“及”可能连接两项也可能是一项的一部分，两种读法都不符时才报告。
    “共有项目10个”之后没有紧接清单、而是分组叙述的，不在此核对；但“10个项目……其中3个……，其余……”
    中，“其中”的个数加上“其余”之后逐一列出（各带金额或比率）的项数，应等于总数。
    同一句写了全年总数（“共”“合计”“总计”）、年初的个数和年中新增（追加）的个数，且三者是同一种事物
    （“全年共实施项目15个……年初获批预算项目8个……年度中期新增项目8个”）时，年初与新增之和应等于总数；
    括号里的“内含…个”是说明，不算；句中另有个数，或提到结转、上年、取消、调减、合并等会多出或
    减去一组的字样时，不核对。

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
        if listing.counted:
            listed = f"其中{listing.counted}个加上“其余”列出的{n}项只有{found}个"
        if listing.parted:
            yield Finding(
                listing.span,
                f"此处写“{report.quote(listing.span)}”，但“{report.quote(listing.items[0])}”与"
                f"“{report.quote(listing.items[1])}”相加为{found}个，与总数{listing.count}个不符。",
                expected=found,
                actual=str(listing.count),
                related=listing.items,
                message_en=f"the text counts {listing.count} in all, but the start-of-year and added counts make {found}",
            )
            continue
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


@check("CT02", category="arithmetic_total", needs=("sentences",))
def parts_sum_mismatch(report: Report, facts: Facts, *, near: Decimal = Decimal("0.05")) -> Iterator[Finding]:
    """正文中的合计金额与其分项之和不符：“下达X万元。其中：A…万元，B…万元”，或“A…；B…。共计X万元”。

    ## 说明
    合计与分项在同一句（“其中”“分别为”“用于”或金额后的冒号引出分项，“由…构成”列出分项；“其中”开头的
    下一句、金额后紧跟的“（其中…）”括号也算；“主要用于”的分项可以不全），
    或分项列完后以“共计/合计”收尾，或“共计”之后
    同一句逐一写出各资金来源的金额（“政府拨款支出…万元，……自筹资金支出…万元”）。金额统一换算为元，
    容差为各数显示精度之和。分项之和大于合计，或分项列完（不以“等”结尾）而差额不超过合计的
    `near`（默认5%），为错误：多半是某一项抄错；分项只占合计的一部分时，“其中”可能只列了主要项目，
    报告为提示。前几项之和已等于合计时（后面是另起的事项，如“后调减40万元”），不报告；以“等”结尾的
    分项只要不超过合计也不报告。其余括号内的金额是补充说明，不算分项；句中有几个并列的合计
    （“送审金额…审定金额…核减…，其中…”）时不知道分解的是哪一个，不核对。

    ## 为何重要
    分项与合计对不上，说明至少有一个金额抄错（E1）。

    ## 反例
    ```text
    向**川县下达2023年中央水利发展资金2263万元。其中：中小河流治理工程1435万元，小型水库工程维修养护25万元，小流域综合治理700万元，农业水价综合改革93万元。
    ```

    ## 正例
    ```text
    向**川县下达2023年中央水利发展资金2263万元。其中：中小河流治理工程1435万元，小型水库工程维修养护25万元，小流域综合治理700万元，农业水价综合改革103万元。
    ```

    ## 选项
    - `near`：分项之和少于合计、差额不超过合计的这个比例时按错误报告，否则按提示，默认 0.05。
    """
    for item in facts.sums:
        total = item.total.quantity
        parts = [p.quantity for p in item.parts]
        if _some_run_adds_up(total, parts, item.shape):
            continue
        summed = sum((q.in_yuan() for q in parts), Decimal(0))
        over = summed > total.in_yuan()
        if not item.closed and not over:
            continue  # "…等": a list that may leave items out only has to stay under the total
        gap = abs(total.in_yuan() - summed)
        # Parts closed by 共计 are the whole list by the report's own words.
        close = over or item.shape in ("closing", "by_source") or gap <= near * total.in_yuan()
        scale = _scale(total)
        shown = show(summed / scale, max(q.places for q in (total, *parts)))
        unit = total.unit
        how = "超过了合计数" if over else "少于合计数" + ("" if close else "（若只列了部分项目，请忽略）")
        yield Finding(
            total.span,
            f"合计为{total.text}，但列出的{len(parts)}项之和为{shown}{unit}，{how}，请核对各项金额。",
            expected=f"{shown}{unit}",
            actual=total.text,
            related=tuple(q.span for q in parts),
            severity=Severity.ERROR if close else Severity.INFO,
            message_en=f"the parts add up to {shown}{unit}, the total says {total.text}",
        )


def _some_run_adds_up(total: Quantity, parts: list[Quantity], shape: str) -> bool:
    """Whether the parts, or their first few (after 其中) or last few (before 共计), make the total."""
    if shape == "breakdown":
        runs = [parts[:k] for k in range(1, len(parts) + 1)]
    elif shape == "closing":
        runs = [parts[k:] for k in range(len(parts) - 1)]
    else:
        runs = [parts]  # by source: every source named makes up the total
    for run in runs:
        summed = sum((q.in_yuan() for q in run), Decimal(0))
        slack = sum((q.tolerance * _scale(q) for q in (total, *run)), Decimal(0))
        if abs(summed - total.in_yuan()) <= slack:
            return True
    return False


pfaudit_checks = module_checks(__name__)
