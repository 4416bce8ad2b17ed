"""A self-evaluation's own words against its declaration's: the 预期目标 and the names of project and units."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from auditor import Finding, Held, Pair, Severity, check, likeness, module_checks

EVALUATIONS = ("self-evaluation", "narrative")
_DROP = regex.compile(r"[\s\p{P}\p{S}]+")
_QUANTITY = regex.compile(r"\d+(?:\.\d+)?\s*(?:%|[\p{Han}]{1,2})")
ALIKE = 0.8  # goal texts this alike (Dice coefficient of character bigrams) that keep their figures are the same goal


def _plain(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@check("SD06", category="target_changed", severity="warning", needs=("paired",), documents=EVALUATIONS)
def expected_goal_changed(pair: Pair) -> Iterator[Finding]:
    """自评表“年度总体目标”的预期目标不是申报表的年度目标：改了其中的数量，或换了说法。

    ## 说明
    比较时不计空格和标点。预期目标中的数量（“5000人次”）与年度目标不同，或两段文字相似度低于
    0.8 时报告。

    ## 为何重要
    财预〔2020〕10号附1：自评表的“预期目标”就是批复的年度目标，“实际完成情况”对照它填写；
    改过的预期目标让完成情况失去了对照。TX06 查实际完成情况照抄预期目标，这里查另一头。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 年度目标 | 为辖区老人提供助餐服务5000人次，新建助餐点3个 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 年度总体目标 | 预期目标 | 实际完成情况 |
    | 年度总体目标 | 为辖区老人提供助餐服务4000人次，新建助餐点2个 | 全年助餐4100人次，新建助餐点2个 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5100人次 | 50 | 50 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 年度目标 | 为辖区老人提供助餐服务5000人次，新建助餐点3个 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 |
    | 年度总体目标 | 预期目标 | 实际完成情况 |
    | 年度总体目标 | 为辖区老人提供助餐服务5000人次，新建助餐点3个 | 全年助餐4100人次，新建助餐点2个 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5100人次 | 50 | 50 | |
    ```
    """
    d, e = pair.declaration, pair.evaluation
    if d is None or d.goal is None or e.goal is None or _plain(d.goal.text) == _plain(e.goal.text):
        return
    before = [_plain(q) for q in _QUANTITY.findall(d.goal.text)]
    after = [_plain(q) for q in _QUANTITY.findall(e.goal.text)]
    gone = [q for q in before if q not in after]
    like = likeness(d.goal.text, e.goal.text)
    if not gone and like >= ALIKE:
        return
    if gone:
        said = f"申报的“{'”“'.join(gone)}”在预期目标中不见了或改了"
        said_en = f"the declared {', '.join(gone)} are gone or changed"
    else:
        said, said_en = f"两段文字只有{like:.0%}相同", f"the two texts are only {like:.0%} alike"
    yield pair.finding(
        e.goal,
        f"自评表的预期目标与申报的年度目标不一致：{said}。",
        f"the self-evaluation's expected goal is not the declared annual goal: {said_en}",
        related=(d.goal,),
        expected=d.goal.text[:60],
        actual=e.goal.text[:60],
    )


_ROLES = (("department", "主管部门", "supervising department"), ("unit", "实施单位", "implementing unit"))


def _key(held: Held) -> str:
    text = regex.sub(r"^(?:\[[0-9A-Za-z]+\]|[0-9A-Za-z]{3,}\s*[-—_－])\s*", "", unicodedata.normalize("NFKC", held.text))
    return _DROP.sub("", regex.sub(r"[(（](?:本级|机关|本部)[)）]", "", text))


@check("SD07", category="name_inconsistency", severity="warning", needs=("paired",), documents=EVALUATIONS)
def identity_mismatch(pair: Pair) -> Iterator[Finding]:
    """自评表的主管部门、实施单位或年度与申报表不同。

    ## 说明
    项目按名称（不计年份、编码和标点）与申报表配对后，比较两表的主管部门和实施单位：去掉编码、
    “（本级）”和标点后既不相同、也不是一方包含另一方时报警告；两表都写明年度而不同时报错误。

    ## 为何重要
    自评的是批复给这个单位的这个项目（表头各项与申报表一致，可参照 NM01 对项目名称的核对）：
    换了单位或年度，自评表对照的就不是这份批复。

    ## 反例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 | 主管部门 | 某区民政局 |
    | 实施单位 | 某街道办事处 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 | 主管部门 | 某区卫生健康局 |
    | 实施单位 | 某街道办事处 |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5100人次 | 50 | 50 | |
    ```

    ## 正例
    ```text
    项目支出绩效目标申报表
    （2023年度）
    | 项目名称 | 社区养老服务 | 主管部门 | 某区民政局 |
    | 实施单位 | 某街道办事处 |
    ```

    ```text
    项目支出绩效自评表
    （2023年度）
    | 项目名称 | 社区养老服务 | 主管部门 | 001-某区民政局 |
    | 实施单位 | 某街道办事处（本级） |
    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | 产出指标 | 数量指标 | 助餐服务人次 | ≥5000人次 | 5100人次 | 50 | 50 | |
    ```
    """
    d, e = pair.declaration, pair.evaluation
    if d is None:
        return
    for role, name, name_en in _ROLES:
        a, b = getattr(d, role), getattr(e, role)
        if a is None or b is None:
            continue
        x, y = _key(a), _key(b)
        if not x or not y or x == y or x in y or y in x:
            continue
        yield pair.finding(
            b,
            f"{name}申报表为“{a.text}”，自评表为“{b.text}”。",
            f"the {name_en} is '{a.text}' in the declaration and '{b.text}' in the self-evaluation",
            related=(a,),
            expected=a.text,
            actual=b.text,
        )
    if d.year and e.year and d.year != e.year and e.year_at is not None:
        yield pair.finding(
            e.year_at,
            f"申报表是{d.year}年度的，自评表是{e.year}年度的。",
            f"the declaration is for {d.year}, the self-evaluation for {e.year}",
            related=(d.year_at,),
            severity=Severity.ERROR,
            expected=str(d.year),
            actual=str(e.year),
        )


pfaudit_checks = module_checks(__name__)
