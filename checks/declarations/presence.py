"""Which indicators a declaration must have: 产出 and 效益, 数量 and 质量, 成本 for works and purchases."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Declaration, Facts, Finding, Span, check, module_checks

_KIND_NAMES = {"output": "产出指标", "outcome": "效益指标", "quantity": "数量指标", "quality": "质量指标"}
_KIND_EN = {"output": "output", "outcome": "outcome", "quantity": "quantity", "quality": "quality"}


def _where(decl: Declaration) -> Span:
    """The indicator table's header, else the declaration's table."""
    return decl.header.span if decl.header is not None else decl.span


@check("DC01", category="missing_value", needs=("declarations",), documents=("declaration",))
def output_outcome_missing(facts: Facts) -> Iterator[Finding]:
    """绩效目标申报表没有产出指标或效益指标（或一个指标也没有填）。

    ## 说明
    读出了指标表、且每一行都读得确定时核对：标为“不适用”、留空或只有模板文字（“指标1：”）的
    行不算设置了指标。满意度指标可以不设，不核对。

    ## 为何重要
    财预〔2021〕101号第二部分：项目绩效指标“包括产出指标、效益指标……”，产出和效益是每个项目都要
    设置的；一个指标也没有的申报表无从审核，批复后也无从自评。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 满意度指标 | 服务对象满意度 | 老人满意度 | ≥90% |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 效益指标 | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 |
    ```
    """
    decl = facts.declaration
    if decl is None or not decl.read:
        return
    targets = decl.targets
    if not targets:
        yield Finding(
            _where(decl),
            "绩效目标申报表的指标表一个指标也没有填写（各行均为空或“不适用”）。",
            expected="产出指标和效益指标",
            actual="无",
            message_en="the declaration's indicator table has no indicator filled in (every row empty or 不适用)",
        )
        return
    present = {t.kind_of_target for t in targets}
    missing = [k for k in ("output", "outcome") if k not in present]
    if missing:
        names = "和".join(_KIND_NAMES[k] for k in missing)
        yield Finding(
            _where(decl),
            f"绩效目标申报表没有设置{names}；项目绩效指标应包括产出指标和效益指标。",
            expected="产出指标和效益指标",
            actual="、".join(_KIND_NAMES[k] for k in ("output", "outcome") if k in present) or "无",
            message_en=f"the declaration sets no {' or '.join(_KIND_EN[k] for k in missing)} indicator",
        )


@check("DC02", category="missing_value", severity="warning", needs=("declarations",), documents=("declaration",))
def quantity_quality_missing(facts: Facts) -> Iterator[Finding]:
    """产出指标下没有同时设置数量指标和质量指标。

    ## 说明
    申报表设了产出指标时核对其下的二级指标；时效指标可以不设。没有产出指标的由 DC01 报告。

    ## 为何重要
    财预〔2021〕101号二(二)：产出指标一般包括数量、质量、时效指标，“原则上不应存在重大缺项、漏项”；
    工程基建和信息化项目须设质量指标。只有数量没有质量，做了多少可以核实，做得好不好无从评价。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 效益指标 | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% |
    | 效益指标 | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 |
    ```
    """
    decl = facts.declaration
    if decl is None or not decl.read:
        return
    outputs = [t for t in decl.targets if t.kind_of_target == "output"]
    if not outputs:
        return
    kinds = {t.kind for t in outputs}
    missing = [k for k in ("quantity", "quality") if k not in kinds]
    if not missing:
        return
    names = "和".join(_KIND_NAMES[k] for k in missing)
    yield Finding(
        outputs[0].cell_span("level1") if outputs[0].cells.get("level1") else outputs[0].span,
        f"产出指标下没有设置{names}；产出指标应同时有数量指标和质量指标。",
        expected="数量指标和质量指标",
        actual="、".join(sorted({_KIND_NAMES.get(k, k) for k in kinds if k in _KIND_NAMES})) or "无",
        message_en=f"the output indicators include no {' or '.join(_KIND_EN[k] for k in missing)} indicator",
    )


# Works, repairs and purchases (101号 二(一)): from the project's name or its category.
_WORKS = regex.compile(r"工程|建设|修缮|改造|购置|采购|新建|扩建|改建|维修改造")


@check("DC03", category="missing_value", severity="warning", needs=("declarations",), documents=("declaration",))
def cost_indicator_missing(facts: Facts, *, keywords: str = _WORKS.pattern) -> Iterator[Finding]:
    """工程建设、修缮或购置类项目的申报表没有设置成本指标。

    ## 说明
    项目名称或项目类别中有 `keywords` 所列的字样（工程、建设、修缮、改造、购置、采购……）时，
    核对指标表中是否有成本指标（一级或二级为“成本”）。

    ## 为何重要
    财预〔2021〕101号第二部分：成本指标“原则上工程基建类项目和大型修缮及购置项目应当设置”；
    没有成本上限，超概算、高价采购都无从约束。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区服务中心改造工程 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 改造面积 | ≥800平方米 |
    | 产出指标 | 质量指标 | 竣工验收合格率 | 100% |
    | 效益指标 | 社会效益 | 服务中心可接待人次 | ≥3000人次 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区服务中心改造工程 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 改造面积 | ≥800平方米 |
    | 产出指标 | 质量指标 | 竣工验收合格率 | 100% |
    | 产出指标 | 成本指标 | 每平方米改造成本 | ≤1500元 |
    | 效益指标 | 社会效益 | 服务中心可接待人次 | ≥3000人次 |
    ```

    ## 选项
    - `keywords`：项目名称或类别中出现即视为工程、修缮或购置类项目的字样（正则表达式）。
    """
    decl = facts.declaration
    if decl is None or not decl.read or not decl.targets:
        return
    said = " ".join(s.value for s in (decl.project, decl.category) if s is not None)
    m = regex.search(keywords, said)
    if m is None or any(t.kind_of_target == "cost" or t.kind == "cost" for t in decl.targets):
        return
    name = f"“{decl.project.value}”" if decl.project is not None else ""
    kind = f"（项目类别：{decl.category.value}）" if decl.category is not None else ""
    yield Finding(
        _where(decl),
        f"项目{name}{kind}属工程建设、修缮或购置类（“{m[0]}”），指标表中却没有成本指标。",
        expected="成本指标",
        actual="无",
        related=tuple(s.span for s in (decl.project, decl.category) if s is not None),
        message_en=f"a works, repair or purchase project ('{m[0]}') with no cost indicator",
    )


pfaudit_checks = module_checks(__name__)
