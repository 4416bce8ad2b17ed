"""A declaration's weights: positive, adding up to each level-1 label and to the whole, split as the profile says."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor import Declaration, DeclaredIndicator, Facts, Finding, Profile, Severity, check, module_checks, show

_KIND_NAMES = {"cost": "成本", "output": "产出", "outcome": "效益", "satisfaction": "满意度"}


def _places(values: list[Decimal]) -> int:
    return 0 if all(v == v.to_integral() for v in values) else 2


def _group_weights(decl: Declaration, rows: list[DeclaredIndicator]) -> dict[str, Decimal]:
    """Each level-1 kind's weight: the weight its label prints, else the sum of its rows."""
    out: dict[str, Decimal] = {}
    for group in decl.groups:
        if not group.category:
            continue
        if group.weight is not None:
            out[group.category] = out.get(group.category, Decimal(0)) + group.weight.value
            continue
        mine = [decl.indicators[n] for n in group.rows if decl.indicators[n].weight is not None]
        out[group.category] = out.get(group.category, Decimal(0)) + sum((r.weight.value for r in mine), Decimal(0))
    if not out:
        for row in rows:
            if row.kind_of_target:
                out[row.kind_of_target] = out.get(row.kind_of_target, Decimal(0)) + row.weight.value
    return out


@check("DC09", category="weight_sum", needs=("declarations",), documents=("declaration",))
def declared_weight_mismatch(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """申报表的指标权重不对：有指标没有权重或权重为0，各项之和不等于一级指标标明的分值或总分，或一级分值不是默认分配。

    ## 说明
    申报表印有分值（权重）一栏时核对：每个指标的权重须大于0；一级指标标签写明分值的
    （“产出指标（40分）”），其下各项之和须等于它；全部权重之和须为区域配置
    `declaration_totals` 之一（100，或留出预算执行率10分时的90）。各一级指标的分值与区域配置
    `declaration_splits` 中对应的默认分配不同时报警告：有成本指标时成本20、产出40、效益20、
    满意度10；没有成本指标时产出50、效益30、满意度10；不设满意度时其10分并入效益。

    ## 为何重要
    财预〔2021〕101号三(六)：指标权重“在预算批复中予以明确，设立后原则上不得调整”，并给出了一级
    指标的默认分配；加不拢的权重到自评时无从计分，财政系统保存时也会拒绝。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 |
    | 产出指标（50分） | 数量指标 | 助餐服务人次 | ≥5000人次 | 30 |
    | 产出指标（50分） | 质量指标 | 食品抽检合格率 | 100% | 30 |
    | 效益指标（30分） | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 | 30 |
    | 满意度指标（10分） | 服务对象满意度 | 老人满意度 | ≥90% | 10 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 |
    | 产出指标（50分） | 数量指标 | 助餐服务人次 | ≥5000人次 | 30 |
    | 产出指标（50分） | 质量指标 | 食品抽检合格率 | 100% | 20 |
    | 效益指标（30分） | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 | 30 |
    | 满意度指标（10分） | 服务对象满意度 | 老人满意度 | ≥90% | 10 |
    ```
    """
    decl = facts.declaration
    if decl is None or not decl.read or "weight" not in decl.columns or not decl.targets:
        return
    rows = list(decl.targets)
    weighted = [r for r in rows if r.weight is not None]
    if not weighted:
        return
    for row in rows:
        if row.weight is None or row.weight.value <= 0:
            yield Finding(
                row.cell_span("weight"),
                f"指标“{row.name}”没有权重（或权重为0）；每个绩效指标都应有大于0的权重。",
                expected=">0",
                actual=row.text("weight") or "空",
                message_en=f"indicator '{row.name}' has no positive weight",
            )
    for group in decl.groups:
        if group.weight is None:
            continue
        mine = [decl.indicators[n] for n in group.rows if decl.indicators[n].applicable and decl.indicators[n].weight]
        summed = sum((r.weight.value for r in mine), Decimal(0))
        if not mine or summed == group.weight.value:
            continue
        places = _places([summed, group.weight.value])
        yield Finding(
            group.weight.span,
            f"“{group.label}”标明{group.weight.text}分，其下{len(mine)}个指标的权重合计为{show(summed, places)}分。",
            expected=show(summed, places),
            actual=group.weight.text,
            related=tuple(r.cell_span("weight") for r in mine),
            message_en=f"'{group.label}' states {group.weight.text} but its indicators add up to {show(summed, places)}",
        )
    total = sum((r.weight.value for r in weighted), Decimal(0))
    if total not in profile.declaration_totals:
        allowed = "或".join(show(t, 0) for t in profile.declaration_totals)
        yield Finding(
            decl.header.span,
            f"全部绩效指标的权重合计为{show(total, _places([total]))}分，应为{allowed}分。",
            expected=allowed,
            actual=show(total, _places([total])),
            related=tuple(r.cell_span("weight") for r in weighted),
            message_en=f"the indicator weights add up to {show(total, 2)}, not {allowed}",
        )
        return
    yield from _split(decl, rows, total, profile)


def _split(decl: Declaration, rows: list[DeclaredIndicator], total: Decimal, profile: Profile) -> Iterator[Finding]:
    """Level-1 weights against the profile's default split for the kinds the declaration has."""
    if any(r.weight is None or not r.kind_of_target for r in rows):
        return
    weights = _group_weights(decl, rows)
    split = next((s for s in profile.declaration_splits if set(s) == set(weights)), None)
    if split is None or sum(split.values(), Decimal(0)) != total:
        return
    off = {k: v for k, v in weights.items() if v != split[k]}
    if not off:
        return
    said = "、".join(f"{_KIND_NAMES[k]}{show(weights[k], _places([weights[k]]))}" for k in split)
    default = "、".join(f"{_KIND_NAMES[k]}{show(v, 0)}" for k, v in split.items())
    yield Finding(
        decl.header.span,
        f"一级指标分值为{said}，默认分配为{default}；调整一级指标分值须说明理由。",
        expected=default,
        actual=said,
        severity=Severity.WARNING,
        message_en=f"level-1 weights {said} differ from the default split {default}",
    )


pfaudit_checks = module_checks(__name__)
