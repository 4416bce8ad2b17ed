"""Indicator rows in glued text as OCR leaves a rubric form: a dash read as "一", a score read as
letters ("IO"), 项目's 目 read as Latin letters, a figure's integer part read as a capital.

The text is written for these tests after a printing of the forms corpus (gH1_08), with its own
names and figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Setup
from auditor.run.reading import read_file

_HEAD = (
    "项目支出绩效自评表(2022年度)项目名称中学办学运转经费一级指标二级指标三级指标分值指标值(A)全年实际值(B)得分"
    "未完成原因分析及改进措施"
)


def _read(text: str, setup: Setup, tmp_path: Path) -> list[dict]:
    """The indicator rows read from the text, in order."""
    path = tmp_path / "glued.txt"
    path.write_text(text, encoding="utf-8")
    return [r for form in read_file(path, setup)["forms"] for r in form["indicators"]]


def _rows(text: str, setup: Setup, tmp_path: Path, head: str = _HEAD) -> dict[str, dict]:
    """The indicator rows read from the text under a header, by name."""
    return {r["name"]: r for r in _read(head + text, setup, tmp_path)}


def _cells(row: dict) -> tuple:
    return row["weight"], row["target"], row["actual"], row["score"]


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup.build()


def test_a_dash_ocr_read_as_one_is_an_empty_target(setup: Setup, tmp_path: Path) -> None:
    # "一" after the 分值 opens no word with what follows ("一目标明确" is 一 + 目标明确): the template's
    # dash for an empty 指标值, the result after it; an ASCII dash the same
    rows = _rows(
        "项目决策(10分)项目目标明确性5一目标明确、任务具体5项目立项规范性5一依照程序完成立项审批5"
        "项目管理(20分)资金管理制度执行有效性10-严格执行各项财务制度10",
        setup,
        tmp_path,
    )
    assert _cells(rows["明确性"]) == ("5", "一", "目标明确、任务具体", "5")
    assert _cells(rows["规范性"]) == ("5", "一", "依照程序完成立项审批", "5")
    assert _cells(rows["制度执行有效性"]) == ("10", "-", "严格执行各项财务制度", "10")
    assert all(rows[n].get("certain", True) for n in ("明确性", "规范性", "制度执行有效性")), rows


def test_a_word_that_opens_with_one_keeps_it(setup: Setup, tmp_path: Path) -> None:
    # "一次性" is one word: no dash cut off it, whichever column the row's one worded cell takes
    rows = _rows("项目决策(10分)项目立项规范性5一次性完成立项审批5", setup, tmp_path)
    row = rows["规范性"]
    cells = {row["target"], row["actual"], *row.get("unsure", {}).values()}
    assert "一次性完成立项审批" in cells and "一" not in cells, row


def test_figures_and_words_ocr_garbled(setup: Setup, tmp_path: Path) -> None:
    rows = _rows(
        "项目管理(20分)财务管理资金使用合规性8一制度健全、核算规范8项Fl实施监控有效性2一按季度开展监控2"
        "项目产出(70分)数量指标受益学生人数101850人1850人IO指标2:"
        "成本指标办公成本415万元15万元4运行维护成本3M.6万元12.6万元3项目效益(20分)",
        setup,
        tmp_path,
    )
    # "8项" before "Fl实施" is a score and the next row's 项目 (目 read as Latin letters), no 8 项
    assert _cells(rows["资金使用合规性"]) == ("8", "一", "制度健全、核算规范", "8"), rows
    # "IO" under 得分 is 10, shown as printed
    assert _cells(rows["受益学生人数"]) == ("10", "1850人", "1850人", "IO"), rows
    # "M.6万元" is a target whose integer part OCR read as a capital: a cell of its own, no row
    assert _cells(rows["运行维护成本"]) == ("3", "M.6万元", "12.6万元", "3"), rows


def test_targets_and_results_stated_in_words_and_a_figure(setup: Setup, tmp_path: Path) -> None:
    # the department form's columns: name, 指标值, 完成值, 分值, 得分 (after gH1_14)
    rows = _rows(
        "部门整体支出绩效自评表(2021年度)一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "管理指标国有资产管理资产完好率、利用率未发生资产损失、利用率超过85%已达目标66"
        "产出指标数量指标任务1:家庭医生签约人数有所增加增415人55任务2:慢病随访人数有所增加增96人44",
        setup,
        tmp_path,
        head="",
    )
    # a target that opens with a clause of its own and states its figure ("…、利用率超过85%")
    (held,) = [r for name, r in rows.items() if name.endswith("资产完好率、利用率")]
    assert (held["target"], held["actual"]) == ("未发生资产损失、利用率超过85%", "已达目标"), held
    # "增" alone before the figure opens the result ("有所增加" + "增415人"), as no word ends in it
    got = rows["任务1:家庭医生签约人数"]
    assert (got["target"], got["actual"], got["weight"], got["score"]) == ("有所增加", "增415人", "5", "5"), got


def test_a_rating_in_a_name_and_a_name_that_opens_with_fen(setup: Setup, tmp_path: Path) -> None:
    # "(5kw)" is the machine's rating, part of its name, no figure; "1" + "分娩栏": 分 opens a word
    # there, no score's unit (a form printing no 分值, after gH3_08)
    rows = _read(
        "项目支出绩效自评表(2022年度)一级指标二级指标三级指标年度指标值实际完成值得分"
        "产出指标(40分)数量指标清洗设备(5kw)(≥台)221分娩栏(≥套)442消毒池(≥平方米)14141",
        setup,
        tmp_path,
    )
    got = [(r["name"], r["target"], r["actual"], r["score"]) for r in rows]
    assert got == [
        ("清洗设备(5kw)(≥台)", "2", "2", "1"), ("分娩栏(≥套)", "4", "4", "2"), ("消毒池(≥平方米)", "14", "14", "1")
    ], got  # fmt: skip
    assert all(r.get("certain", True) for r in rows), rows


def test_an_empty_target_a_glued_name_may_hold_is_in_doubt(setup: Setup, tmp_path: Path) -> None:
    # "促进农户收入增长农户增收" + "达成预期指标": one name with no 指标值, or a name and its 指标值; glued,
    # nothing tells, so the empty 指标值 is no fact a finding may rest on (after gF1_01)
    rows = _rows(
        "项目支出绩效自评表(2022年度)一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标(50分)数量指标组织结对帮扶交流≥3次31010质量指标专员创业本领增强创业本领增强达成预期指标2020"
        "成本指标专员业务培训投入≥5万元51010效益指标(30分)经济效益指标促进农户收入增长农户增收达成预期指标1010"
        "社会效益指标守牢脱贫成果防止返贫守牢脱贫成果防止返贫达成预期指标1010总分7070",
        setup,
        tmp_path,
        head="",
    )
    assert rows["组织结对帮扶交流"].get("certain", True), rows
    held = rows["促进农户收入增长农户增收"]
    assert held["target"] is None and held["certain"] is False, held


_ORDERED_HEAD = "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"


def test_a_template_row_after_a_rows_figures_is_no_part_of_them(setup: Setup, tmp_path: Path) -> None:
    # "…10010010100指标2……": 100 | 100 | 10 | 10 and a 偏差原因 of "0", then the template's empty
    # "指标2……" row. Taken as the 偏差原因, the template row made the last "100" a 得分 over its 分值 10
    rows = _rows(
        "效益指标经济效益指标指标1灌区供水保证率10010010100指标2……社会效益指标指标1农田灌溉受益面积比例"
        "10010010100指标2……可持续影响指标指标1设施完好率1001001010指标2……",
        setup, tmp_path, _ORDERED_HEAD,
    )
    for name in ("指标1灌区供水保证率", "指标1农田灌溉受益面积比例"):
        row = rows[name]
        assert (row["target"], row["actual"], row["weight"], row["score"]) == ("100", "100", "10", "10"), row


def test_a_yes_and_its_yes_before_the_next_rows_label_are_two_cells(setup: Setup, tmp_path: Path) -> None:
    # "…是否公开透明是是效益指标…": the 是否 question's target 是 and its actual 是, then the next row; as "高高"
    # at a run's end. Before, the two were read as the name's last characters
    rows = _rows(
        "产出指标质量指标补助名单是否公开透明是是效益指标社会效益指标困难家庭子女入学率100%100%",
        setup, tmp_path, "一级指标二级指标三级指标年度指标值实际完成值",
    )
    row = rows["补助名单是否公开透明"]
    assert (row["target"], row["actual"]) == ("是", "是"), row


def test_an_actual_printed_bare_under_a_target_with_its_unit_is_near_it(setup: Setup, tmp_path: Path) -> None:
    # "=24个2466": 24 | 6 | 6 (the actual near its target, its unit printed once) rather than 2 | 46 | 6.
    # Before, the bare 24 counted as no kin of "=24个" and the row stayed in doubt
    rows = _rows(
        "产出指标(50分)数量指标新建村级服务站个数=9个91010聘用护林员人数=24个2466",
        setup, tmp_path, "一级指标二级指标三级指标年度指标值实际完成值分值得分",
    )
    row = rows["聘用护林员人数"]
    assert (row["target"], row["actual"], row["weight"], row["score"]) == ("=24个", "24", "6", "6"), row
    assert "unsure" not in row, row
