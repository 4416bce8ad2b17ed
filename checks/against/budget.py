"""A self-evaluation's budget against its targets: a budget cut must carry the targets with it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from auditor import Finding, Held, Pair, Profile, check, match_lines, module_checks, show

EVALUATIONS = ("self-evaluation", "narrative")


def _wan(yuan: Decimal) -> str:
    return show(yuan / 10_000, 2).rstrip("0").rstrip(".") + "万元"


def _kept(pair: Pair) -> bool | None:
    """Whether the targets stayed as they were: the declared ones, or the table's own 年初 column; None when unknown."""
    ev = pair.evaluation
    if not ev.lines or not all(line.certain for line in ev.lines):
        return None
    if pair.declaration is not None:
        d = pair.declaration
        if not d.lines or not all(line.certain for line in d.lines):
            return None
        matched = match_lines(d.lines, ev.lines).matched
        return bool(matched) and all(_plain(a.target) == _plain(b.target) for a, b, _ in matched)
    if not any(line.adjusted for line in ev.lines):
        return None  # no 调整后 column: the printed targets may already be the adjusted ones
    return all(_plain(line.adjusted) == _plain(line.target) for line in ev.lines if line.adjusted)


_SAME = str.maketrans({"≧": "≥", "≦": "≤", "﹦": "=", "═": "="})


def _plain(held: Held | None) -> str:
    return "".join(unicodedata.normalize("NFKC", held.text).translate(_SAME).split()) if held is not None else ""


@check("SD05", category="target_changed", severity="warning", needs=("paired", "fund_lines"), documents=EVALUATIONS)
def budget_cut_targets_kept(pair: Pair, profile: Profile) -> Iterator[Finding]:
    """预算大幅调减，绩效目标却没有相应调整。

    ## 说明
    自评表的全年预算数比年初预算数（没有年初预算数时比申报的年度资金）少区域配置
    `budget_cut_share`（全国默认20%）以上，而年度指标值仍与申报表（或自评表自己的年初指标值）
    完全相同时报告。调低目标而没有批准调整的，由 SD02 报告。

    ## 为何重要
    预算调减要“同步调整绩效目标”（河南省预算绩效运行监控管理办法第十五条(一)）：钱少了一大截、
    目标一个没动，年底的“完成”要么不实，要么说明当初的预算要多了。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 年度资金总额（万元） | 100 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 60 | 60 | 10 | 100% | 10 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5100人次 | 50 | 50 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 年度资金总额（万元） | 100 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
    | 年度资金总额 | 100 | 95 | 95 | 10 | 100% | 10 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5100人次 | 50 | 50 | |
    ```
    """
    ev = pair.evaluation
    start = ev.initial if ev.initial else pair.declaration.initial if pair.declaration is not None else None
    start_at = ev.initial_at if ev.initial else pair.declaration.initial_at if pair.declaration is not None else None
    if not start or ev.budget is None or ev.budget_at is None:
        return
    cut = (start - ev.budget) / start * 100
    if cut < profile.budget_cut_share or not _kept(pair):
        return
    said = "年初预算数" if ev.initial else "申报的年度资金"
    yield pair.finding(
        ev.budget_at,
        f"全年预算数{_wan(ev.budget)}比{said}{_wan(start)}调减了{show(cut, 0)}%，绩效指标的年度指标值却一个也没有调整。",
        f"the budget was cut by {show(cut, 0)}% ({_wan(start)} to {_wan(ev.budget)}) but no target was adjusted",
        related=(start_at,),
        expected="随预算调减同步调整的绩效目标",
        actual="目标未调整",
    )


pfaudit_checks = module_checks(__name__)
