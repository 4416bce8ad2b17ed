"""Unit checks: 元 and 万元 confused, amounts without a unit, rates above 100%, odd unit words."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import DOCUMENTS, Facts, Finding, Report, Severity, check, misread_comparator, module_checks, show

TEN_THOUSAND = Decimal(10_000)
# Measures that cannot exceed 100%: shares of a whole. 完成率, 执行率 and growth rates can.
_BOUNDED = regex.compile(
    r"(?:满意度|满意率|合格率|达标率|知晓率|覆盖率|参与度|参与率|普及率|准确率|正确率|及格率|优良率|入住率"
    r"|出勤率|到位率|通过率|办结率|回复率|响应率|完好率|使用率|知晓度|受益率|参保率|接种率)$"
)
_LABELS = {"budget": "预算数", "spent": "支出数", "received": "到位数"}
MAX_COMPARED = 1000  # earlier figures of a similar size one figure is compared with


def _magnitude(q) -> int | None:
    """The order of magnitude of an amount in 元 (None for zero)."""
    yuan = q.in_yuan()
    return yuan.copy_abs().adjusted() if yuan else None


def _ten_thousand_off(a, b) -> str:
    """"up" when `a` reads 10 000 times `b`, "down" when 1/10 000, else ""."""
    ya, yb = a.in_yuan(), b.in_yuan()
    tol = max(a.yuan_tolerance(), b.yuan_tolerance() * TEN_THOUSAND)
    if abs(ya - yb * TEN_THOUSAND) <= tol:
        return "up"
    tol = max(b.yuan_tolerance(), a.yuan_tolerance() * TEN_THOUSAND)
    if abs(ya * TEN_THOUSAND - yb) <= tol:
        return "down"
    return ""


@check("UN01", category="unit_mismatch", needs=("amounts", "fund_lines"), documents=DOCUMENTS)
def money_unit_slip(facts: Facts) -> Iterator[Finding]:
    """同一笔金额在两处相差正好一万倍：元与万元写混了。

    ## 说明
    正文的预算数、支出数与自评表中对应的金额（只有一张资金表时）比较，正文各段同一标签的金额之间也互相比较；
    换算成元后一个正好是另一个的一万倍（按显示精度），几乎一定是把“元”写成了“万元”或反之。

    ## 为何重要
    单位写错会让金额差出四个数量级，复核时无法判断真实规模（E7）。

    ## 反例
    ```text
    2021年社区发展治理工作经费年初预算30000万元，实际支付17980元，由于疫情影响培训推迟，支出进度偏慢。

    | 项目资金（万元） | 年初预算数 | 全年预算数 | 预算执行数 | 执行率 |
    | 年度资金总额 | 3 | 3 | 1.798 | 59.93% |
    ```

    ## 正例
    ```text
    2021年社区发展治理工作经费年初预算30000元，实际支付17980元，由于疫情影响培训推迟，支出进度偏慢。

    | 项目资金（万元） | 年初预算数 | 全年预算数 | 预算执行数 | 执行率 |
    | 年度资金总额 | 3 | 3 | 1.798 | 59.93% |
    ```
    """
    headline = facts.headlines(_LABELS)
    form = facts.fund_form
    roles = {"budget": ("initial", "budget"), "spent": ("spent",)}
    reported: set = set()
    if form is not None:
        for fig in headline:
            values = [
                q for line in form.fund for r in roles.get(fig.label, ()) if (q := line.get(r)) is not None and q.is_money
            ]
            for v in values:
                way = _ten_thousand_off(fig.quantity, v)
                if not way:
                    continue
                reported.add(fig.quantity.span)
                yield _finding(fig.quantity, v, way, "自评表")
                break
    # NOTE: a figure is compared only with earlier figures of its label whose size could be
    # 10 000 times its own or a ten-thousandth (buckets by order of magnitude), at most
    # MAX_COMPARED of them: comparing every pair was quadratic (4,000 figures took two minutes).
    earlier: dict[tuple[str, int | None], list[tuple[int, object]]] = {}
    for n, fig in enumerate(headline):
        if fig.quantity.span in reported:
            continue  # a figure already found 10 000 times off the form is no yardstick either
        size = _magnitude(fig.quantity)
        if size is None:
            near = [k for k in earlier if k[0] == fig.label and (k[1] is None or k[1] <= 4)]
        else:
            near = [(fig.label, size + d) for d in (-5, -4, -3, 3, 4, 5)] + [(fig.label, None)]
        candidates = heapq.merge(*(earlier.get(k, ()) for k in near), key=lambda item: item[0])
        for _, other in itertools.islice(candidates, MAX_COMPARED):
            if other.paragraph == fig.paragraph:
                continue
            way = _ten_thousand_off(fig.quantity, other.quantity)
            if way:
                yield _finding(fig.quantity, other.quantity, way, "前文")
                break
        earlier.setdefault((fig.label, size), []).append((n, fig))


def _finding(q, other, way: str, where: str) -> Finding:
    factor = "一万倍" if way == "up" else "万分之一"
    return Finding(
        q.span,
        f"此处金额{q.text}是{where}对应金额{other.text}的{factor}，疑似把“元”与“万元”写混了，请核对单位。",
        expected=other.text,
        actual=q.text,
        related=(other.span,),
        message_en=f"{q.text} is 10,000 times off {other.text}: 元 and 万元 confused",
    )


@check("UN02", category="unit_mismatch", severity="warning", needs=("sentences",))
def amount_without_unit(facts: Facts, report: Report) -> Iterator[Finding]:
    """正文中的金额没有写单位（“预算30000，实际支付17980”）。

    ## 说明
    “预算”“资金”“支出”“到位”“拨付”“安排”等词后直接跟三位以上的整数或带小数的数、之后是标点，
    却没有“元”“万元”，读者无法判断是元还是万元。年份、日期、百分比和带量词的数不在此列。

    ## 为何重要
    金额单位缺失时，与附表核对只能靠猜，元与万元相差一万倍（E7）。

    ## 反例
    ```text
    2021年社区发展治理工作经费年初预算30000，实际支付17980元。
    ```

    ## 正例
    ```text
    2021年社区发展治理工作经费年初预算30000元，实际支付17980元。
    ```
    """
    for span in facts.missing_units:
        yield Finding(
            span,
            f"金额“{report.quote(span)}”没有写单位，请注明是元还是万元。",
            message_en="an amount without a unit",
        )


@check("UN05", category="unit_mismatch", severity="warning", needs=("sentences",))
def fund_table_without_unit(facts: Facts, report: Report) -> Iterator[Finding]:
    """资金表的表头、标题和金额单元格都没有写金额单位（元或万元）。

    ## 说明
    资金表（年初预算数、全年预算数、全年执行数等列）上方各行、表头和前两行金额中都找不到“元”字时报告。
    此时各项核对只能默认按万元理解；应在表头写明“（万元）”或“（元）”。

    ## 为何重要
    自评表通常以万元填报，决算表以元填报，单位缺失时二者相差一万倍，无法与正文核对（E7）。

    ## 反例
    ```text
    | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 50 | 50 | 50 | 100% |
    ```

    ## 正例
    ```text
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 50 | 50 | 50 | 100% |
    ```
    """
    for entry in facts.entries:
        if entry.kind != "fund_unit_missing":
            continue
        yield Finding(
            entry.label,
            f"资金表（“{report.quote(entry.label)}”等列）没有写金额单位，请在表头注明“（万元）”或“（元）”。",
            message_en="the fund table states no money unit",
        )


@check("UN03", category="unit_mismatch", severity="warning", needs=("rates",))
def rate_above_hundred(facts: Facts) -> Iterator[Finding]:
    """正文中满意度、合格率、知晓率等比率超过了100%。

    ## 说明
    只检查紧跟在“满意度”“合格率”“知晓率”“覆盖率”“参与度”等名称后的百分数；这些是部分占整体的比例，
    不可能超过100%。完成率、执行率、增长率可以超过100%，不在此列。扫描件把“≥”识别成“2”
    （“≥95%”变成“295%”）不是比率超限，只作提示，请核对原文。

    ## 为何重要
    超过100%的满意度或合格率说明数字或单位写错（E7）。

    ## 反例
    ```text
    经问卷调查，服务对象满意度为105%。
    ```

    ## 正例
    ```text
    经问卷调查，服务对象满意度为95%，任务完成率为105%。
    ```
    """
    for fig in facts.rates:
        q = fig.quantity
        measure = _BOUNDED.search(fig.subject)
        if q.value <= 100 or measure is None:
            continue
        if any(at in facts.cell_starts for at in range(q.span.start + 1, q.span.end)):
            continue  # two glued cells of a form ("20" | "100%"), read as one figure in the prose
        if misread_comparator(q):
            # "≥95%" scanned as "295%": a garbled comparator, not an impossible rate.
            yield Finding(
                q.span,
                f"“{q.text}”疑为“≥{q.text[1:]}”在识别时把“≥”读成了“2”，请核对原文。",
                expected=f"≥{q.text[1:]}",
                actual=q.text,
                severity=Severity.INFO,
                message_en=f"{q.text} looks like an OCR misreading of ≥{q.text[1:]}",
            )
            continue
        yield Finding(
            q.span,
            f"“{measure.group()}”是部分占整体的比例，不可能超过100%，此处写的是{q.text}，请核对数字或单位。",
            actual=q.text,
            severity=Severity.WARNING,
            message_en=f"{measure.group()} cannot exceed 100%, found {q.text}",
        )


@check("UN04", category="unit_mismatch", severity="info", needs=("sentences",), documents=DOCUMENTS)
def odd_unit(facts: Facts, report: Report) -> Iterator[Finding]:
    """数值后的单位写法不规范（“≥100百分比”）。

    ## 说明
    百分数应写作“%”，“百分比”是度量名称而不是单位；“%%”是重复的百分号。
    同样的写法在一份报告中出现多次时合并为一条。

    ## 为何重要
    不规范的单位会让数值无法被系统识别和核对，复核时也容易误读（E7）。

    ## 反例
    ```text
    | 一级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |
    | 满意度指标 | 服务对象满意度 | ≥100百分比 | 100百分比 | 10 | 10 |
    ```

    ## 正例
    ```text
    | 一级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |
    | 满意度指标 | 服务对象满意度 | ≥95% | 98% | 10 | 10 |
    ```
    """
    odd = [w for w in facts.blemishes if w.kind == "odd_unit"]
    if not odd:
        return
    first = odd[0]
    yield Finding(
        first.text.span(),
        f"“{report.quote(first.text.span())}”的单位写作“{first.suggestion}”，应写作“%”"
        + (f"（同样写法共{len(odd)}处）。" if len(odd) > 1 else "。"),
        related=tuple(w.text.span() for w in odd[1:]),
        message_en=f"unit written as {first.suggestion}; use %",
    )


# The clause before a project's own money ("项目市级资金配套"), and words that make a small 元
# figure a price, a per-head standard or a remainder instead ("每人", "单价", "3.6元/人").
_FUNDS_WORD = regex.compile(r"资金|经费|预算|配套|安排|下达|拨付|到位|拨款|投入|支出")
_PRICE_WORD = regex.compile(r"单价|价格|票价|收费|手续费|利息|标准|每|人均|户均|单个|最低|最高|不超过|不低于|以内")
_PER_AFTER = regex.compile(r"\s*(?:[/／]|每|一(?:人|户|次|个)|的?\p{Han}{0,4}标准)")
CLAUSE_CHARS = 20  # how far back the clause before an amount is read


@check("UN06", category="unit_mismatch", needs=("amounts",))
def tiny_project_funds(report: Report, facts: Facts, *, below: Decimal = Decimal(100)) -> Iterator[Finding]:
    """项目本身的资金写成了几元钱，多半是把“万元”写成了“元”。

    ## 说明
    正文中项目本身的资金（资金、经费、预算、配套、安排、下达、拨付、到位、支出等字样之后的金额）以“元”为单位、
    数额小于 `below` 时核对；每人、人均、单价、标准、收费、结余一类的金额，和其后紧跟“/人”“每…”“…标准”
    的金额，本来就可能只有几元，不在此列。报告别处写有人数（户数、名额）和每人（每户）的标准，
    二者相乘正好是这笔钱的一万倍时（“慰问对象120人”“慰问标准300/人”，120×300=36000元=3.6万元，
    却写“资金配套3.6元”），漏写“万”字有算式为证，按错误报告；相乘正好等于这笔钱时不报告；
    没有这样的算式时，只是数额不合常理，按提示报告。

    ## 为何重要
    项目资金少写一个“万”字，金额差一万倍，预算执行率、单位成本等所有核对都会随之出错（E7）。

    ## 反例
    ```text
    走访慰问对象120人，慰问标准300元/人。
    新春走访慰问经费项目市级资金配套3.6元，已全额到位并全部用完。
    ```

    ## 正例
    ```text
    走访慰问对象120人，慰问标准300元/人。
    新春走访慰问经费项目市级资金配套3.6万元，已全额到位并全部用完。
    ```

    ## 选项
    - `below`：项目资金以元计、小于此数（元）时核对，默认 100。
    """
    for fig in facts.amounts:
        q = fig.quantity
        if q.unit != "元" or not 0 < q.value < below or fig.scope not in ("project", "part") or fig.label == "unspent":
            continue
        text = report.paragraphs[fig.paragraph].text
        start, end = text.index_at(q.span.start), text.index_at(q.span.end - 1) + 1
        clause = regex.split(r"[，,。;；:：、]", text.text[max(0, start - CLAUSE_CHARS) : start])[-1]
        if not _FUNDS_WORD.search(clause) or _PRICE_WORD.search(clause) or _PER_AFTER.match(text.text, end):
            continue
        if any(abs(c.total - q.value) <= _slack(q, c) / TEN_THOUSAND for c in facts.costings):
            continue  # the count at its standard does come to a few 元
        proof = next((c for c in facts.costings if abs(c.total - q.value * TEN_THOUSAND) <= _slack(q, c)), None)
        right = f"{show(q.value, q.places)}万元"
        if proof is not None:
            yield Finding(
                q.span,
                f"此处写“{q.text}”，但{proof.count.text}×{proof.standard.text}={show(proof.total, 0)}元，"
                f"即{right}，是所写金额的一万倍：应为“{right}”，漏写了“万”字。",
                expected=right,
                actual=q.text,
                related=(proof.count.span, proof.standard.span),
                message_en=f"{proof.count.text} × {proof.standard.text} = {show(proof.total, 0)}元 = {right}, not {q.text}: 万 left out",
            )
            continue
        yield Finding(
            q.span,
            f"项目资金只有{q.text}，不合常理，请核对是否应为“{right}”（漏写了“万”字）。",
            expected=right,
            actual=q.text,
            severity=Severity.INFO,
            message_en=f"the project's funds are only {q.text}; {right} meant?",
        )


def _slack(q, costing) -> Decimal:
    """How far count × standard may stand from 10 000 times `q` by the digits both print."""
    return q.tolerance * TEN_THOUSAND + costing.count.value * costing.standard.yuan_tolerance()


pfaudit_checks = module_checks(__name__)
