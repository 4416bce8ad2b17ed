"""Amount checks: budgets, spending, execution rates and execution scores must agree."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import (
    AMOUNT_COLUMNS,
    Facts,
    Finding,
    FundLine,
    ProseFigure,
    Quantity,
    check,
    module_checks,
    printed_slack,
    rate_agrees,
    rate_of,
    show,
    sum_mismatch,
)


def _stated_rates_matching(facts: Facts, rate: Decimal) -> list[ProseFigure]:
    return [
        r
        for r in facts.rates
        if r.label == "execution" and abs(r.quantity.percent() - rate) <= r.quantity.percent_tolerance()
    ]


@check("AM01", category="execution_rate_mismatch", needs=("fund_lines", "rates"))
def execution_rate_mismatch(facts: Facts) -> Iterator[Finding]:
    """执行率与“全年执行数 ÷ 全年预算数”不符。

    ## 说明
    按报告自己写出的精度比较：表中写 34.7%，实际 34.697% 视为一致；写 100%，
    实际 90.10% 则不一致。预算数和执行数本身的四舍五入误差也计算在内。
    正文中的“预算执行率为…%”同样与同段落写明的预算数、支出数核对：本句和上一句中任一支出数与预算数
    之比与写明的比率一致即视为一致（合计数和“其中”分项都写“支出”时）；只有项目本身的支出数和预算数
    都能确定时才报告；
    “支出资金45万元，占预算资金100万元的45%”中的比例也按支出数÷预算数核对；
    同一句只写“已支付…万元，尚有…万元未支付，支付率…%”而没有预算数时，按已支付数÷(已支付数+未支付数)核对。

    ## 为何重要
    执行率决定预算执行得分，算错会直接改变总分和等级（财预〔2020〕10号附1《项目支出绩效自评表》：
    执行率 = 全年执行数 ÷ 全年预算数）。

    ## 反例
    ```text
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 2175.9657 | 2175.9657 | 1960.5869 | 10 | 100% | 9.01 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 2175.9657 | 2175.9657 | 1960.5869 | 10 | 90.10% | 9.01 |
    ```
    """
    for form in facts.forms:
        for line in form.fund:
            yield from _table_rate(facts, line)
    yield from _prose_rates(facts)
    yield from _share_rates(facts)


def _table_rate(facts: Facts, line: FundLine) -> Iterator[Finding]:
    budget, spent, rate = line.get("budget"), line.get("spent"), line.get("rate")
    if budget is None or spent is None or rate is None or budget.value == 0:
        return
    computed, _ = rate_of(spent, budget)
    if rate_agrees(rate, computed):
        return
    places = max(rate.places, 2)
    prose = _stated_rates_matching(facts, computed)
    also = f"；正文写的是{prose[0].quantity.text}，与计算一致" if prose else ""
    yield Finding(
        rate.span,
        f"“{line.label.rstrip(':：')}”的执行率按全年执行数÷全年预算数计算应为{show(computed, places)}%"
        f"（{spent.text}÷{budget.text}），表中填的是{rate.text}{also}。",
        expected=f"{show(computed, places)}%",
        actual=rate.text,
        related=(budget.span, spent.span, *(r.quantity.span for r in prose)),
        message_en=f"execution rate should be {show(computed, places)}% ({spent.text}/{budget.text}), table says {rate.text}",
    )


# A prose rate, the figure it divides and what it may be divided by, by the rate's label: an
# execution (or payment) rate is spending over the budget or the money received, 到位率 is the
# money received over the budget.
_PROSE_RATE = {"execution": ("spent", ("budget", "received")), "received": ("received", ("budget",))}


# NOTE: a rate is checked against at most this many budget figures before it in its paragraph
# (the nearest), found among this many amounts: all of them made a long paragraph quadratic.
MAX_BOTTOMS, MAX_LOOK_BACK, MAX_TOPS = 64, 1024, 8


def _ten_thousand_apart(stated: Quantity, computed: Decimal) -> bool:
    """Whether a printed rate is the computed one times or divided by 10,000 (元 read as 万元)."""
    return any(rate_agrees(stated, computed * factor) for factor in (Decimal(10000), Decimal("0.0001")))


def _prose_rates(facts: Facts) -> Iterator[Finding]:
    by_paragraph: dict[int, list] = {}
    for a in facts.amounts:
        by_paragraph.setdefault(a.paragraph, []).append(a)
    ends = {p: [a.quantity.span.end for a in figs] for p, figs in by_paragraph.items()}
    for rate in facts.rates:
        if rate.label not in _PROSE_RATE or rate.scope != "project":
            continue
        top_label, bottom_labels = _PROSE_RATE[rate.label]
        # The paragraph's amounts are in text order: those before the rate are a prefix.
        figs = by_paragraph.get(rate.paragraph, [])
        last = bisect_right(ends.get(rate.paragraph, []), rate.quantity.span.start) - 1
        before = range(last, max(-1, last - MAX_LOOK_BACK), -1)
        # NOTE: every spending figure of the rate's sentence and the one before may be its
        # numerator (a total and its 其中 shares both say 支出); any pair that gives the rate
        # printed makes it consistent, and only the project's own figures are named as wrong.
        near = (figs[i] for i in before if figs[i].label == top_label and rate.sentence - figs[i].sentence <= 1)
        tops = list(itertools.islice(near, MAX_TOPS))
        nearest = (figs[i] for i in before if figs[i].label in bottom_labels and figs[i].quantity.value)
        bottoms = list(itertools.islice(nearest, MAX_BOTTOMS))[::-1]
        if tops and not bottoms:
            yield from _paid_and_unpaid(rate, tops, [figs[i] for i in before if figs[i].label == "unspent"])
            continue
        if not tops or not bottoms:
            continue
        if any(rate_agrees(rate.quantity, rate_of(t.quantity, b.quantity)[0]) for t in tops for b in bottoms if b is not t):
            continue
        top = next((t for t in tops if t.scope == "project"), None)
        own = [b for b in bottoms if b.scope == "project" and b is not top]
        if top is None or not own:
            continue
        bottom = own[-1].quantity
        computed = rate_of(top.quantity, bottom)[0]
        places = max(rate.quantity.places, 2)
        what = "执行率按文中支出数÷预算数" if rate.label == "execution" else "到位率按文中到位资金÷预算数"
        slip = "；两者相差约一万倍，疑似某个金额把“元”与“万元”写混了" if _ten_thousand_apart(rate.quantity, computed) else ""
        yield Finding(
            rate.quantity.span,
            f"{what}计算应为{show(computed, places)}%（{top.quantity.text}÷{bottom.text}），"
            f"文中写的是{rate.quantity.text}{slip}。",
            expected=f"{show(computed, places)}%",
            actual=rate.quantity.text,
            related=(bottom.span, top.quantity.span),
            message_en=f"the rate should be {show(computed, places)}% ({top.quantity.text}/{bottom.text}), the text says {rate.quantity.text}",
        )


def _paid_and_unpaid(rate: ProseFigure, tops: list[ProseFigure], unspent: list[ProseFigure]) -> Iterator[Finding]:
    """"已支付18501.096万元,尚有703万元未支付,支付率95%": with no budget printed, the paid and the
    unpaid amounts of the rate's own sentence are the budget it divides by."""
    top = tops[0]
    left = next((u for u in unspent if u.sentence == rate.sentence == top.sentence), None)
    if left is None or top.scope != "project" or left.scope != "project" or top.quantity.unit != left.quantity.unit:
        return
    whole = top.quantity.value + left.quantity.value
    if not whole:
        return
    computed = rate_of(top.quantity, Quantity(whole, max(top.quantity.places, left.quantity.places), top.quantity.unit, top.quantity.span, ""))[0]
    if rate_agrees(rate.quantity, computed):
        return
    places = max(rate.quantity.places, 2)
    total = f"{show(whole, max(top.quantity.places, left.quantity.places))}{top.quantity.unit}"
    yield Finding(
        rate.quantity.span,
        f"支付率按文中已支付数÷(已支付数+未支付数)计算应为{show(computed, places)}%"
        f"（{top.quantity.text}÷{total}，{total}为{top.quantity.text}与未支付的{left.quantity.text}之和），"
        f"文中写的是{rate.quantity.text}。",
        expected=f"{show(computed, places)}%",
        actual=rate.quantity.text,
        related=(top.quantity.span, left.quantity.span),
        message_en=f"the rate should be {show(computed, places)}% ({top.quantity.text}/{total}, paid plus the "
        f"{left.quantity.text} unpaid), the text says {rate.quantity.text}",
    )


def _share_rates(facts: Facts) -> Iterator[Finding]:
    """"支出资金45万元，占预算资金100万元的54%": the share printed after the pair is the rate."""
    for e in facts.executions:
        share = e.stated
        if share is None or share.label == "execution" or rate_agrees(share.quantity, e.rate):
            continue  # an execution rate so named is checked with the prose rates
        places = max(share.quantity.places, 2)
        yield Finding(
            share.quantity.span,
            f"支出占预算的比例按文中支出数÷预算数计算应为{show(e.rate, places)}%"
            f"（{e.spent.quantity.text}÷{e.budget.quantity.text}），文中写的是{share.quantity.text}。",
            expected=f"{show(e.rate, places)}%",
            actual=share.quantity.text,
            related=(e.budget.quantity.span, e.spent.quantity.span),
            message_en=f"the share should be {show(e.rate, places)}% ({e.spent.quantity.text}/{e.budget.quantity.text}), the text says {share.quantity.text}",
        )


@check("AM03", category="arithmetic_total", needs=("fund_lines",))
def fund_subtotal_mismatch(facts: Facts) -> Iterator[Finding]:
    """资金表的“年度资金总额”不等于各“其中”行之和。

    ## 说明
    对年初预算数、全年预算数、全年执行数三列分别核对；空白的其中行按 0 计，
    全部其中行都空白时不核对。容差为各数显示精度误差之和。部门整体支出表常把总额按资金来源
    （财政拨款、上年结转、其他资金）和按支出性质（基本支出、项目支出）各分一次，两组各自与总额核对。
    某一其中行印有数字却读不出各列（如粘连成“10,200%”），各行之和无从得知，不核对。
    只列出一个其中行时，它只是总额的一部分：小于总额不报告，大于总额才报告。

    ## 为何重要
    年度资金总额 = 财政拨款 + 上年结转 + 其他资金，是模板结构本身的要求。

    ## 反例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 |
    | 年度资金总额 | 100 | 90 |
    | 其中：财政拨款 | 80 | 70 |
    | 上年结转资金 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 全年预算数 | 全年执行数 |
    | 年度资金总额 | 100 | 90 |
    | 其中：财政拨款 | 90 | 80 |
    | 上年结转资金 | 10 | 10 |
    ```
    """
    for form in facts.forms:
        total = form.fund_total
        subs = [f for f in form.fund if not f.is_total]
        if total is None or not subs:
            continue
        for group, role, column in ((g, r, c) for g in _breakdowns(subs) for r, c in AMOUNT_COLUMNS.items()):
            stated = total.get(role)
            parts = [q for f in group if (q := f.get(role)) is not None]
            if stated is None or not parts or any(f.unread for f in group):
                continue  # a row's printed figures could not be read: what the rows add up to is unknown
            if role == "budget" and (initial := total.get("initial")) is not None and initial.span == stated.span:
                continue  # the 年初预算数 standing in for an absent 全年预算数: checked once, as itself
            summed = sum_mismatch(stated, parts, printed_slack(stated, parts))
            if summed is None or (len(group) == 1 and summed.value < stated.value):
                continue  # one 其中 row is one share: less than the total is no contradiction
            yield Finding(
                stated.span,
                f"年度资金总额的{column}为{stated.text}，但其中各行合计为{summed.text}。",
                expected=summed.text,
                actual=stated.text,
                related=summed.parts,
                message_en=f"the total {column} is {stated.text} but its rows add up to {summed.text}",
            )


# A 部门整体 table may break its total down twice: by source (财政拨款, 上年结转, 其他资金) and by
# nature (基本支出, 项目支出). Each breakdown adds up to the total on its own.
_BY_NATURE = regex.compile(r"基本支出|项目支出|人员经费|公用经费|人员支出|公用支出")


def _breakdowns(subs: list[FundLine]) -> list[list[FundLine]]:
    nature = [f for f in subs if _BY_NATURE.search(f.label)]
    source = [f for f in subs if not _BY_NATURE.search(f.label)]
    return [g for g in (source, nature) if g]


pfaudit_checks = module_checks(__name__)
