"""The table-side facts: indicator readings, categories, printed rules, grades and stated scores."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from auditor.facts import extract
from auditor.facts.forms import budget_bands
from auditor.facts.rows import groups, label_weight, wording
from auditor.readers.plain.parse import parse
from auditor.report.model import Mapped
from tests.conftest import ROOT

HEADER = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"


def _facts(text: str):
    report = parse(text, "t.txt")
    return report, extract(report)


def _rows(text: str):
    return _facts(HEADER + text)[1].forms[0].indicators


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "blank"),
        ("/", "blank"),
        ("≥60人", "number"),
        ("280人", "number"),
        ("=100%", "number"),
        ("满意度100%", "figure"),
        ("2021年12月31日前", "figure"),
        ("保障10个社区154名社工的工资", "figure"),
        ("合理", "standard"),
        ("提升", "standard"),
        ("按时完成", "standard"),
        ("部分达成年度指标并具有一定效果", "band"),
        ("按实际支出", "vague"),
        ("制度执行", "vague"),
        ("环境建设", "vague"),
        ("坚持厉行节约，街道使用民生家园建设专项资金应优先确保重点工作的落实", "prose"),
    ],
)
def test_wording(text: str, kind: str) -> None:
    assert wording(text) == kind


def test_quantities_direction_and_comparison() -> None:
    rows = _rows(
        "产出指标\t数量指标\t参加培训人数\t≥60人\t280人\t10.00\t10.00\t\n"
        "\t成本指标\t单次活动成本\t≤3万元\t28600元\t10\t10\t\n"
        "\t成本指标\t车辆运行费用\t2万元\t1.8万元\t10\t10\t\n"
        "\t时效指标\t完成时间\t12月\t11月\t5\t5\t\n"
        "\t质量指标\t培训参与度\t≥95%\t≥95%\t5.00\t5.00\t\n"
        "\t数量指标\t开展活动\t≥10个\t12项\t5\t5\t\n"
    )
    trainees, cost, fuel, deadline, share, activities = rows
    assert (trainees.comparator, trainees.direction) == (">=", "positive")
    assert trainees.compared() == (Decimal(60), Decimal(280))
    assert cost.direction == "reverse"
    assert cost.compared() == (Decimal(30000), Decimal(28600))  # 万元 and 元 convert
    assert fuel.direction == "reverse"  # no comparator, but a 成本 row
    assert deadline.direction == ""  # "12月" is a deadline, not a count
    assert share.compared() is None  # "≥95%" as an actual is not a measurement
    assert activities.compared() is None  # 个 and 项 do not compare
    assert [r.category for r in rows] == ["output"] * 6


def test_sichuan_columns_give_comparator_and_unit() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\t未完成原因分析\n"
        "产出指标\t成本指标\t项目总成本\t≤\t30\t万元\t完成\t10\t10\t\n"
    )
    (row,) = _facts(text)[1].forms[0].indicators
    assert row.comparator == "<="
    assert row.direction == "reverse"
    assert row.target.unit == "万元"
    assert row.shown("target") == "≤30万元"
    assert row.wording == {"target": "number", "actual": "standard"}


def test_band_capped_and_title() -> None:
    rows = _rows(
        "效益指标\t社会效益\t群众获得感\t明显提升\t部分达成年度指标\t10\t7\t宣传不足\n"
        "满意度指标\t服务对象满意度\t居民满意度\t≥90%\t95%\t10\t10\t\n"
        "效益指标\t经济效益\t财政收入增长率\t≥10%\t118%\t5\t5\t\n"
        "产出指标\t数量指标\t指标1：\t保障10个社区\t按实际支出\t10\t10\t\n"
    )
    qualitative, satisfaction, growth, template = rows
    assert qualitative.band == 2
    assert satisfaction.capped and satisfaction.category == "satisfaction"
    assert not growth.capped
    assert template.template_name and template.title == "数量指标·指标1"


def test_label_weight_keeps_its_span() -> None:
    text = Mapped.of("产出指标（50分）", 10)
    q = label_weight(text)
    assert q is not None and q.value == 50 and (q.span.start, q.span.end) == (15, 17)
    assert label_weight(Mapped.of("产出指标", 0)) is None


def test_groups_are_certain_only_when_labels_repeat() -> None:
    repeated = _rows(
        "产出指标（50分）\t数量指标\t培训人数\t≥60人\t72人\t30\t30\t\n"
        "产出指标（50分）\t质量指标\t合格率\t≥95%\t98%\t20\t20\t\n"
    )
    form_groups = groups(repeated, certain=False)
    level1 = [g for g in form_groups if g.level == 1]
    assert len(level1) == 1 and level1[0].certain and level1[0].weight.value == 50 and level1[0].kind == "output"
    merged = _rows(
        "产出指标（50分）\t数量指标\t培训人数\t≥60人\t72人\t30\t30\t\n"
        "\t质量指标\t合格率\t≥95%\t98%\t20\t20\t\n"
        "效益指标（30分）\t社会效益\t知晓率\t≥80%\t90%\t30\t30\t\n"
    )
    flattened = [g for g in groups(merged, certain=False) if g.level == 1]
    assert [g.rows for g in flattened] == [(0, 1), (2,)]
    assert not any(g.certain for g in flattened)  # a lone label row proves nothing
    assert all(g.certain for g in groups(merged, certain=True))


def test_reader_certainty_reaches_the_form() -> None:
    report = parse(
        HEADER
        + "产出指标（50分）\t数量指标\t培训人数\t≥60人\t72人\t30\t30\t\n\t质量指标\t合格率\t≥95%\t98%\t10\t10\t\n"
    )
    table = dataclasses.replace(report.tables[0], grouping_certain=True)
    report = dataclasses.replace(report, blocks=(table,))
    (form,) = extract(report).forms
    output = next(g for g in form.groups if g.kind == "output")
    assert output.certain and output.rows == (0, 1)


def test_gumei_labels_are_not_certain() -> None:
    path = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
    _, facts = _facts(path.read_text(encoding="utf-8"))
    (form,) = facts.forms
    assert [g.weight.value for g in form.groups] == [36, 14, 34, 15, 15]
    assert not any(g.certain for g in form.groups)
    assert [(b.lower, b.least, b.most) for b in form.budget_bands] == [
        (Decimal(90), Decimal(8), Decimal(8)),
        (Decimal(78), Decimal(6), Decimal(8)),
        (Decimal(70), Decimal(4), Decimal(6)),
        (Decimal(0), Decimal(0), Decimal(0)),
    ]
    assert [(b.label, b.lower) for b in facts.grading.scales[0].bands] == [
        ("优秀", Decimal(90)),
        ("良好", Decimal(75)),
        ("合格", Decimal(60)),
        ("不合格", Decimal(0)),
    ]


def test_budget_rule_needs_two_bands() -> None:
    report = parse("评分规则\t预算执行率在90%及以上得8分。\n")
    assert budget_bands(report.tables[0]) == ()


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        ("得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差。", [85, 75, 60, 0]),
        ("90-100分为优，80-89分为良，60-79分为中，59分以下为差。", [90, 80, 60, 0]),
        ("90分（含）以上为优、80分（含）-90分为良、60分（含）-80分为中、60分以下为差。", [90, 80, 60, 0]),
    ],
)
def test_grade_scales(text: str, bands: list[int]) -> None:
    _, facts = _facts(text + "\n")
    (scale,) = facts.grading.scales
    assert [b.lower for b in scale.bands] == [Decimal(b) for b in bands]


def test_rate_bands_are_not_grade_scales() -> None:
    _, facts = _facts("满意度90%以上为优秀，80%以上为良好，60%以上为一般。\n")
    assert facts.grading.scales == ()


def test_gaoying_grade_and_score() -> None:
    path = ROOT / "samples" / "gaoying-2020-community-office-report.txt"
    report, facts = _facts(path.read_text(encoding="utf-8"))
    (grade,) = facts.grading.grades
    assert grade.label == "优秀" and grade.score.value == 96
    assert report.snippet(grade.span) == "优秀"
    assert [q.text for q in facts.grading.scores] == ["96"]


def test_shangjie_grades_and_score() -> None:
    path = ROOT / "samples" / "shangjie-2021-community-governance-report.txt"
    report, facts = _facts(path.read_text(encoding="utf-8"))
    assert [g.label for g in facts.grading.grades] == ["优", "优"]
    assert facts.grading.grades[0].score.text == "95.58"
    assert facts.grading.grades[1].score is None  # "2021 年自评结果为优，执行效果良好"
    (score,) = facts.grading.scores
    assert report.snippet(score.span) == "95.58"


@pytest.mark.parametrize(
    "text",
    [
        "给出总得分，指标体系设定满分100分。",
        "绩效等级说明：自评分90（含）-100分为优秀。",
        "该项目运行良好，结果优化明显。",
        "年初绩效目标质量均为优良。",
    ],
)
def test_no_grade_or_score_in_ordinary_prose(text: str) -> None:
    _, facts = _facts(text + "\n")
    assert facts.grading.scores == ()
    assert facts.grading.grades == ()
