"""What a declared 指标值 must be: filled in, measurable, graded where it is in words, not routine management."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from auditor import DeclaredIndicator, Facts, Finding, Profile, Severity, check, module_checks, show

_EMPTY = {"", "/", "／", "-", "—", "–", "……", "…", "无", "暂无", "不适用"}
_PLACEHOLDER = regex.compile(r"^(?:\*+|_+|[xX×]+|…+|\.{3,}|指标\s*\d+\s*[:：]?|XX.*|xx.*)$")


def _rows(facts: Facts) -> list[DeclaredIndicator]:
    decl = facts.declaration
    return list(decl.targets) if decl is not None and decl.read else []


@check("DC04", category="missing_value", needs=("declarations",), documents=("declaration",))
def target_value_missing(facts: Facts) -> Iterator[Finding]:
    """绩效指标没有指标值、指标值是模板占位符，或定量指标值没有计量单位。

    ## 说明
    写了三级指标名称却没有指标值（空、“/”、“无”）或指标值是占位符（“*”“XX”“……”）的报错误；
    指标值是数字、却既没写单位也没有计量单位一栏的报警告。

    ## 为何重要
    每个三级指标都要“分别设定具体的指标值”（郑州市绩效目标管理办法附件2-2）；定量指标没有计量
    单位，自评时无法判断完成与否，财政系统保存时也会拒绝。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | |
    | 效益指标 | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 效益指标 | 社会效益 | 老人就餐不便问题解决户数 | ≥300户 |
    ```
    """
    for row in _rows(facts):
        value = row.text("target")
        if value in _EMPTY or _PLACEHOLDER.match(value):
            said = f"“{value}”" if value else "空白"
            yield Finding(
                row.cell_span("target"),
                f"指标“{row.name}”的指标值为{said}，没有设定具体的指标值。",
                expected="具体的指标值",
                actual=value or "空",
                message_en=f"indicator '{row.name}' has no target value ({value or 'blank'})",
            )
        elif row.target is not None and not row.unit and row.target.value > 1 and row.kind != "timeliness":
            yield Finding(
                row.cell_span("target"),
                f"指标“{row.name}”的指标值{value}没有计量单位。",
                expected="带计量单位的指标值",
                actual=value,
                severity=Severity.WARNING,
                message_en=f"indicator '{row.name}' has a number ({value}) without a unit",
            )


# Words that grade a qualitative value (好/一般/差, 优/良/中/差, 达标, 合格, a level): 101号 一(二)3.
_GRADED = regex.compile(
    r"^(?:好|较好|一般|较差|差|优|良|中|优秀|良好|合格|不合格|达标|未达标|达到|符合|通过|是|否|有|无|高|较高|中等|低|较低|"
    r"[一二三四五甲乙丙ABC]级|[一二三]类|[一二三]星|优质|优良|全部|全面|完成|已完成|达成.*|部分达成.*|未达成.*|"
    r"(?:非常|比较|较|基本)?满意|[^，。；]{0,8}[(（](?:好|优|高)[/、,，][^)）]{1,12}[)）]|"
    r"[^，。；]{0,8}(?:合格|达标|优良|优秀|良好))$"
)
# A count or a time limit in Chinese numerals ("两栋", "一处", "半小时内", "六点半前"): figures too.
_CN_FIGURE = regex.compile(
    r"[零〇一二两三四五六七八九十百千半]+\s*(?:个|栋|处|项|场|次|人|户|家|所|台|套|座|件|名|位|批|条|期|集|盏|株|"
    r"小时|分钟|天|日|周|月|年|点)"
)


def _figured(row: DeclaredIndicator) -> bool:
    return row.quantitative or bool(_CN_FIGURE.search(row.text("target")))


@check("DC05", category="target_setting", severity="warning", needs=("declarations",), documents=("declaration",))
def qualitative_target_vague(facts: Facts, profile: Profile) -> Iterator[Finding]:
    """绩效指标以定性描述为主，或定性指标值没有分级分档（只写“明显”“及时”“有效提升”）。

    ## 说明
    指标值含数字（数量、比率、日期，或“两栋”“半小时内”这样的汉字数量和时限）的算定量指标。定量指标少于区域配置 `quantitative_share`
    （全国默认一半）时报告；定性指标值不是分级分档的说法（好/一般/差、优/良/中/差、达标、合格、
    一级……）时逐项列出。每份申报表只报一处。

    ## 为何重要
    绩效指标“须以定量表述为主”，定性指标要“分级分档”表述（财预〔2021〕101号一(二)3；各地绩效
    目标管理办法沿用财预〔2015〕88号的说法）：“明显”“及时”到年底无从判断完成与否。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 时效指标 | 送餐及时性 | 及时 |
    | 效益指标 | 社会效益 | 老人生活质量 | 明显提升 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 时效指标 | 送餐准时率 | ≥95% |
    | 效益指标 | 社会效益 | 老人生活质量 | 好 |
    ```
    """
    rows = [r for r in _rows(facts) if r.text("target") not in _EMPTY]
    if not rows:
        return
    quantitative = [r for r in rows if _figured(r)]
    vague = [r for r in rows if not _figured(r) and not _GRADED.match(r.text("target").replace(" ", ""))]
    share = Decimal(len(quantitative)) / len(rows)
    low = share < profile.quantitative_share
    if not low and not vague:
        return
    said = []
    if low:
        said.append(f"{len(rows)}项指标中只有{len(quantitative)}项为定量指标，指标应以定量表述为主")
    if vague:
        listed = "、".join(f"“{r.name}”（{r.text('target')}）" for r in vague[:5]) + ("等" if len(vague) > 5 else "")
        said.append(f"{len(vague)}项定性指标值没有分级分档：{listed}")
    first = vague[0] if vague else rows[0]
    yield Finding(
        first.cell_span("target"),
        "；".join(said) + "。",
        expected=f"定量指标不少于{show(profile.quantitative_share * 100, 0)}%，定性指标分级分档",
        actual=f"定量{len(quantitative)}/{len(rows)}",
        related=tuple(r.cell_span("target") for r in vague[1:]),
        message_en=(f"{len(quantitative)} of {len(rows)} indicators are quantitative" if low else "")
        + ("; " if low and vague else "")
        + (f"{len(vague)} qualitative values are not graded" if vague else ""),
    )


# Routine management written as a target (101号 一(二)1): keeping the rules is no output.
_ROUTINE = regex.compile(
    r"严格执行.{0,6}(?:制度|规定)|按(?:照)?(?:规定|程序|要求)(?:执行|使用|办理|管理)|资金使用(?:合规|规范)|专款专用|"
    r"合规使用|规范管理|财务(?:管理)?制度|管理制度(?:健全|完善)|制度执行(?:有效|情况)|资金(?:管理|使用)合规性"
)


@check("DC06", category="target_setting", severity="warning", needs=("declarations",), documents=("declaration",))
def routine_management_target(facts: Facts) -> Iterator[Finding]:
    """把常规的管理要求（严格执行财务制度、资金使用合规、专款专用）写成了绩效指标。

    ## 说明
    指标名称或指标值是这类说法、且指标值中没有任何数字时报告。

    ## 为何重要
    财预〔2021〕101号一(二)1：绩效指标应反映项目的产出和效益，“常规性的项目管理要求”不作为
    绩效指标；执行制度是每个项目的本分，写成指标只会稀释真正的目标、白得分值。

    ## 反例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 质量指标 | 资金使用合规性 | 严格执行财务制度 |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    | 项目名称 | 社区养老服务 |
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 |
    | 产出指标 | 质量指标 | 食品抽检合格率 | 100% |
    ```
    """
    for row in _rows(facts):
        said = f"{row.name} {row.text('target')}"
        m = _ROUTINE.search(said)
        if m is None or row.quantitative:
            continue
        yield Finding(
            row.cell_span("name"),
            f"指标“{row.name}”（{row.text('target')}）是常规的管理要求（“{m[0]}”），不是项目的产出或效益。",
            actual=row.name,
            message_en=f"indicator '{row.name}' is a routine management requirement, not an output or outcome",
        )


pfaudit_checks = module_checks(__name__)
