"""How far a declared target reaches: ambitious enough, a cap for costs, at most 100% for a rate."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import DeclaredIndicator, Facts, Finding, Profile, check, module_checks, show


def _rows(facts: Facts) -> list[DeclaredIndicator]:
    decl = facts.declaration
    return list(decl.targets) if decl is not None and decl.read else []


_SATISFACTION = regex.compile(r"满意")
_PASS_RATE = regex.compile(r"合格率|验收率|达标率|通过率")


def _unambitious(row: DeclaredIndicator, profile: Profile) -> tuple[str, str] | None:
    """Why a value is set too low to bind, in Chinese and English; None when it is not."""
    q = row.target
    if q is None or row.direction != "positive":
        return None
    percent = q.unit == "%" or row.unit == "%"
    if q.value == 0 or (percent and q.value <= 1):
        return f"{q.text}几乎不可能完不成，没有约束力", f"{q.text} can hardly be missed"
    if percent and _SATISFACTION.search(row.name) and q.value < profile.satisfaction_floor:
        floor = show(profile.satisfaction_floor, 0)
        return f"满意度目标低于{floor}%", f"a satisfaction target below {floor}%"
    if percent and _PASS_RATE.search(row.name) and q.value < profile.pass_rate_floor:
        floor = show(profile.pass_rate_floor, 0)
        return f"合格率、验收率类目标低于{floor}%", f"a pass-rate target below {floor}%"
    return None


@check("DC07", category="target_setting", severity="warning", needs=("declarations",), documents=("declaration",))
def target_unambitious(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """指标值定得过低、没有约束力：“≥0”“≥1%”，满意度低于85%，合格率、验收率低于90%。

    ## 说明
    只核对正向指标（≥、不低于、达到）。满意度和合格率的下限取区域配置 `satisfaction_floor`
    （全国默认85%）和 `pass_rate_floor`（90%）。与以往年度实际完成值的比较需要历年数据，不在此核对。

    ## 为何重要
    财预〔2021〕101号一(一)3、三(三)3：指标值“尽量从严、从高设定”，避免选用“缺乏约束力”的指标；
    定得过低的目标年底必然“完成”，自评得分因此虚高。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 满意度指标 | 服务对象满意度 | 老人满意度 | ≥70% |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 满意度指标 | 服务对象满意度 | 老人满意度 | ≥90% |
    ```
    """
    for row in _rows(facts):
        why = _unambitious(row, profile)
        if why is None:
            continue
        yield Finding(
            row.cell_span("target"),
            f"指标“{row.name}”的指标值{row.shown()}定得过低：{why[0]}。",
            actual=row.shown(),
            message_en=f"indicator '{row.name}' is set too low: {why[1]}",
        )


_COST_NAME = regex.compile(r"成本|费用|单价|造价|价格|支出|经费")
_NOT_CAP = regex.compile(r"率|节约|节省|降低|控制")


@check("DC08", category="target_setting", severity="warning", needs=("declarations",), documents=("declaration",))
def cost_not_upper_bound(facts: Facts) -> Iterator[Finding]:
    """成本指标写成了下限（≥、不低于、达到），成本指标应是上限（≤、不高于、控制在…以内）。

    ## 说明
    核对成本指标中以金额计的（单位为元、万元，或名称为成本、费用、单价）；成本节约率、
    成本控制率之类的比率不核对。

    ## 为何重要
    财预〔2021〕101号三(三)4：成本指标是对项目支出的约束，其指标值“不得超出规定的预算支出标准”；
    写成“不低于”就成了花钱的下限。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区服务中心改造工程 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 成本指标 | 每平方米改造成本 | ≥1500元 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区服务中心改造工程 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 成本指标 | 每平方米改造成本 | ≤1500元 |
    ```
    """
    for row in _rows(facts):
        if row.kind != "cost" and row.kind_of_target != "cost":
            continue
        q = row.target
        money = (q is not None and q.is_money) or bool(_COST_NAME.search(row.name))
        if not money or _NOT_CAP.search(row.name) or row.comparator not in (">=", ">"):
            continue
        yield Finding(
            row.cell_span("target"),
            f"成本指标“{row.name}”写成了下限（{row.shown()}）；成本指标应写成上限（≤、不高于、控制在…以内）。",
            expected=f"≤{show(q.value, q.places)}{q.unit}" if q is not None else "≤",
            actual=row.shown(),
            message_en=f"cost indicator '{row.name}' is a floor ({row.shown()}); a cost target is a cap",
        )


_CAPPED = regex.compile(r"满意度|率")
_UNCAPPED = regex.compile(r"增长|增幅|增速|同比|环比|提高|提升|执行率|完成率|超额|利润|收益率|回报|节约率|节能")


@check("DC12", category="unit_mismatch", needs=("declarations",), documents=("declaration",))
def target_percent_over_hundred(facts: Facts) -> Iterator[Finding]:
    """满意度、合格率等比率的指标值超过了100%。

    ## 说明
    指标名称含“满意度”或“率”、指标值以%计且大于100时报告；增长率、提高率、执行率、完成率
    等可以超过100%的不核对。

    ## 为何重要
    满意度、合格率、覆盖率最多100%，超过100%的指标值无法实现，多是单位或数字写错。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | ≥105% |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% |
    ```
    """
    for row in _rows(facts):
        q = row.target
        if q is None or row.unit != "%" or q.value <= 100:
            continue
        if not _CAPPED.search(row.name) or _UNCAPPED.search(row.name):
            continue
        yield Finding(
            row.cell_span("target"),
            f"指标“{row.name}”的指标值{row.shown()}超过100%，比率最多为100%。",
            expected="≤100%",
            actual=row.shown(),
            message_en=f"indicator '{row.name}' targets {row.shown()}, above 100%",
        )


pfaudit_checks = module_checks(__name__)
