"""Year-over-year checks (YY): a project's report against its report of an earlier year."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Corpus, Finding, Location, Span, check, module_checks, quantize, show


def _where(loc: Location | None, path: str) -> str:
    if loc is None:
        return path
    return f"{path}:{loc.line}" if loc.line is not None else f"{path} {loc.anchor()}".rstrip()


def _wan(yuan: Decimal) -> str:
    shown = f"{quantize(yuan / 10000, 4):f}"
    return (shown.rstrip("0").rstrip(".") if "." in shown else shown) + "万元"


@check("YY01", category="claim_mismatch", severity="warning", needs=("indicators",))
def targets_unchanged(corpus: Corpus, *, change: Decimal = Decimal(30), min_targets: int = 2) -> Iterator[Finding]:
    """全年预算数比上一年度大幅增减，绩效指标的年度指标值却与上年一字不差。

    ## 说明
    同一项目（项目名称相同，写明单位时单位也相同）在本次检查或审计历史中有更早年度的报告时，
    比较两年自评表的三级指标及其年度指标值。

    ## 为何重要
    资金大幅增加或减少而产出目标不变，要么目标是照抄的，要么资金安排没有依据，都需要说明。

    ## 反例
    ```text
    2021年度项目支出绩效自评表
    项目名称：社区服务项目
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 100 | 98 | 98% |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 服务人次 | ≥500人次 | 520人次 | 50 | 50 |
    | 效益指标 | 社会效益 | 居民满意度 | ≥90% | 92% | 30 | 30 |
    ```

    ```text
    2022年度项目支出绩效自评表
    项目名称：社区服务项目
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 180 | 176 | 97.78% |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 服务人次 | ≥500人次 | 530人次 | 50 | 50 |
    | 效益指标 | 社会效益 | 居民满意度 | ≥90% | 93% | 30 | 30 |
    ```

    ## 正例
    ```text
    2021年度项目支出绩效自评表
    项目名称：社区服务项目
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 100 | 98 | 98% |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 服务人次 | ≥500人次 | 520人次 | 50 | 50 |
    | 效益指标 | 社会效益 | 居民满意度 | ≥90% | 92% | 30 | 30 |
    ```

    ```text
    2022年度项目支出绩效自评表
    项目名称：社区服务项目
    | 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |
    | 年度资金总额 | 180 | 176 | 97.78% |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 服务人次 | ≥900人次 | 930人次 | 50 | 50 |
    | 效益指标 | 社会效益 | 居民满意度 | ≥90% | 93% | 30 | 30 |
    ```

    ## 选项
    - `change`：全年预算数变动超过上年的这一百分比时才比较指标，默认 30。
    - `min_targets`：至少有这么多项填了年度指标值的指标才比较，默认 2。
    """
    for record in corpus.reports:
        before = corpus.earlier(record)
        if before is None or len(record.targets) < min_targets or record.targets != before.targets:
            continue
        now, then = record.number("budget"), before.number("budget")
        budget = record.fields.get("budget")
        if not now or not then or budget is None or budget.span is None:
            continue
        moved = (now - then) / then * 100
        if abs(moved) < change:
            continue
        verb, verb_en = ("增加", "up") if moved > 0 else ("减少", "down")
        where = _where(before.fields["budget"].location, before.path)
        yield Finding(
            budget.span,
            f"全年预算数比{before.year}年度（{where}）{verb}{show(abs(moved), 0)}%（{_wan(then)}→{_wan(now)}），"
            f"{len(record.targets)}项绩效指标的年度指标值却与上年完全相同。",
            expected="随资金调整的年度指标值",
            actual="与上年相同",
            path=record.path,
            location=budget.location,
            related_locations=tuple(loc for loc in (before.fields["budget"].location, before.target_at) if loc),
            message_en=f"the budget is {verb_en} {show(abs(moved), 0)}% on {before.year} ({where}) "
            f"but all {len(record.targets)} indicator targets are unchanged",
        )


@check("YY02", category="duplicated_text", severity="warning", needs=("sentences",))
def deviation_reason_repeated(corpus: Corpus, *, min_chars: int = 10, template_reports: int = 3) -> Iterator[Finding]:
    """偏差原因与同一项目上一年度报告中的写法一字不差。

    ## 说明
    比较指标表“偏差原因分析及改进措施”一栏和正文中说明资金使用原因的段落，空格和全角半角不计。
    许多项目的报告都有的同一段文字（表格自带的填写说明）是模板，不报告。

    ## 为何重要
    每年的偏差各有原因；逐字相同的原因说明是照抄的，改进措施显然也没有落实。

    ## 反例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    由于疫情影响，部分培训活动未能按计划开展，资金支出进度滞后。
    ```

    ```text
    某街道办事处2022年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    由于疫情影响，部分培训活动未能按计划开展，资金支出进度滞后。
    ```

    ## 正例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    由于疫情影响，部分培训活动未能按计划开展，资金支出进度滞后。
    ```

    ```text
    某街道办事处2022年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    由于两处活动场地装修推迟，下半年的助餐服务延后开展，资金支出进度滞后。
    ```

    ## 选项
    - `min_chars`：原因说明至少有多少字才比较，默认 10。
    - `template_reports`：同一段文字出现在这么多个不同项目的报告中时是模板（如表格的填写说明），不报告，默认 3。
    """
    common = corpus.common_reasons(template_reports)
    for record in corpus.reports:
        before = corpus.earlier(record)
        if before is None:
            continue
        then = {r.text: r for r in before.reasons}
        for reason in record.reasons:
            old = then.get(reason.text)
            if old is None or len(reason.text) < min_chars or reason.text in common:
                continue
            where = _where(old.location, before.path)
            yield Finding(
                Span(reason.span.start, reason.span.end),
                f"这段偏差原因与{before.year}年度报告（{where}）一字不差。",
                path=record.path,
                location=reason.location,
                related_locations=(old.location,),
                snippet=reason.snippet,
                message_en=f"this reason for the deviation is word for word the one in the {before.year} report ({where})",
            )


@check("YY03", category="execution_score_mismatch", severity="warning", needs=("totals", "grades", "rates"))
def score_unchanged(corpus: Corpus, *, gap: Decimal = Decimal(20)) -> Iterator[Finding]:
    """自评得分与上一年度完全相同，预算执行率却相差很大。

    ## 说明
    同一项目相邻两份报告的自评总分相同，而执行率相差达到 `gap` 个百分点。

    ## 为何重要
    执行率是打分的依据之一：执行情况差别很大而得分分毫不差，往往是沿用了上年的评分。

    ## 反例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    全年预算100万元，实际支出98万元，预算执行率98%。自评得分为92分。
    ```

    ```text
    某街道办事处2022年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    全年预算100万元，实际支出55万元，预算执行率55%。自评得分为92分。
    ```

    ## 正例
    ```text
    某街道办事处2021年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    全年预算100万元，实际支出98万元，预算执行率98%。自评得分为92分。
    ```

    ```text
    某街道办事处2022年度社区服务项目绩效自评报告
    项目名称：社区服务项目
    全年预算100万元，实际支出55万元，预算执行率55%。自评得分为80分。
    ```

    ## 选项
    - `gap`：两年执行率相差达到这么多个百分点时才比较得分，默认 20。
    """
    for record in corpus.reports:
        before = corpus.earlier(record)
        score = record.fields.get("score")
        if before is None or score is None or score.span is None or score.number != before.number("score"):
            continue
        now, then = record.number("rate"), before.number("rate")
        if now is None or then is None or abs(now - then) < gap:
            continue
        where = _where(before.fields["score"].location, before.path)
        yield Finding(
            score.span,
            f"自评得分与{before.year}年度（{where}）相同（均为{score.text}分），"
            f"预算执行率却从{before.text('rate')}变为{record.text('rate')}。",
            actual=score.text,
            path=record.path,
            location=score.location,
            related_locations=tuple(loc for loc in (before.fields["score"].location,) if loc),
            message_en=f"the same score as in {before.year} ({where}), {score.text}, "
            f"while the execution rate went from {before.text('rate')} to {record.text('rate')}",
        )


pfaudit_checks = module_checks(__name__)
