"""Rows lined up with their header (`auditor.facts.decode.grid`).

A delimited row as wide as the header lost no cell: its cells stand under the header's words
in order, and an empty cell between two filled ones is a column left empty, not a cell to skip.
Where one space parts the cells, a run of 2k+1 spaces is k empty cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Setup
from auditor.run.reading import read_file

HEADER = "| 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施 |"


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup.build()


def _rows(setup: Setup, tmp_path: Path, *lines: str, header: str = HEADER) -> list[dict]:
    path = tmp_path / "form.txt"
    path.write_text("\n".join(["2022年度项目支出绩效自评表", "", header, *lines]) + "\n", encoding="utf-8")
    got = read_file(path, setup)
    return [row for form in got["forms"] for row in form["indicators"]]


def test_an_empty_cell_in_a_row_as_wide_as_the_header_holds_its_column(setup: Setup, tmp_path: Path) -> None:
    # the form leaves 分值 empty and prints the points under 得分: 22.8 is the target, no 分值
    rows = _rows(setup, tmp_path,
                 "| 产出指标 | 数量指标 | 公猪饲养舍(≥**平方米) |  | 22.8 | 22.8 | 1 |  |",
                 "| 产出指标 | 数量指标 | 干粪棚(≥**平方米) |  | 29.6 | 29.6 | 1 |  |")  # fmt: skip
    assert [(r["weight"], r["target"], r["actual"], r["score"]) for r in rows] == [("", "22.8", "22.8", "1"), ("", "29.6", "29.6", "1")]
    assert not any("unsure" in r or r.get("certain") is False for r in rows), rows


def test_a_row_that_lost_its_merged_labels_is_placed_by_its_cells(setup: Setup, tmp_path: Path) -> None:
    # shorter than the header: lined up from the left, 母猪栏舍 would be the 一级 label; its empty
    # 分值 between two filled cells still holds its column
    rows = _rows(setup, tmp_path,
                 "| 产出指标 | 数量指标 | 公猪饲养舍(≥**平方米) |  | 22.8 | 22.8 | 1 |  |",
                 "| 母猪、保育栏舍(≥**平方米) |  | 180 | 180 | 3 |  |")  # fmt: skip
    last = rows[-1]
    assert (last["level1"], last["name"], last["weight"], last["target"], last["actual"], last["score"]) == (
        "产出指标", "母猪、保育栏舍(≥**平方米)", "", "180", "180", "3")  # fmt: skip


SPACED = "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施"


def test_a_run_of_spaces_between_cells_one_space_parts_is_empty_cells(setup: Setup, tmp_path: Path) -> None:
    # three spaces: one empty cell (the 分值) printed as one space between two separators
    rows = _rows(setup, tmp_path,
                 "产出指标 数量指标 公猪饲养舍(≥**平方米)   22.8 22.8 1",
                 "产出指标 数量指标 干粪棚(≥**平方米)   29.6 29.6 1", header=SPACED)  # fmt: skip
    assert [(r["weight"], r["target"], r["actual"], r["score"]) for r in rows] == [("", "22.8", "22.8", "1"), ("", "29.6", "29.6", "1")]
    assert not any("unsure" in r or r.get("certain") is False for r in rows), rows


def test_a_figure_that_compares_is_the_target_not_the_actual(setup: Setup, tmp_path: Path) -> None:
    # 60 then "=100%" with no actual: 60 is the 分值 (over half the points, but "=100%" states a
    # target), never a target of 60 with "=100%" as what was done. Alone, the row stays in doubt
    # (a 分值 of 60 is rare): the likeliest reading is shown, and no cell is read for sure.
    row = _rows(setup, tmp_path, "产出指标 数量指标 发放(缴费)到位比例 60 =100%", header=SPACED)[0]
    likeliest = {**row, **row.get("unsure", {})}
    assert (likeliest["weight"], likeliest["target"], likeliest["actual"]) == ("60", "=100%", None)
    assert row["target"] is None and row["actual"] is None


def test_a_table_one_cell_a_line_with_every_cell_printed_is_read_in_whole_rows(setup: Setup, tmp_path: Path) -> None:
    # a Word table exported cell by cell, an empty cell a bare "|", nothing between rows: 20 cells
    # after a 10-word header are two rows, and the k-th cell of each is the k-th column's
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    cells = ["产出指标", "数量指标", "发放(缴费)到位比例", "=", "100", "%", "", "60", "", "",
             "效益指标", "社会效益指标", "足额兑付率(参保覆盖率)", "=", "100", "%", "", "30", "", "",
             "合计", "100", "", ""]  # fmt: skip
    lines = [f"{c} |" if c else "|" for c in [*head, *cells]]
    rows = _rows(setup, tmp_path, *lines[1:], header=lines[0])
    assert [(r["name"], r["weight"], r["target"], r["actual"]) for r in rows] == [
        ("发放(缴费)到位比例", "60", "=100%", ""), ("足额兑付率(参保覆盖率)", "30", "=100%", "")]  # fmt: skip
    assert not any("unsure" in r for r in rows), rows


@pytest.mark.parametrize(("between", "whole"), [("\n", True), ("\n\n", False)])
def test_a_table_one_cell_a_line_with_an_empty_line_for_an_empty_cell(between: str, whole: bool, setup: Setup, tmp_path: Path) -> None:
    # the header's words one a line, no empty line between them: an empty line in the rows is an
    # empty cell (the 分值 left empty), and the rows are whole. Double-spaced (an empty line between
    # every two lines, the header's too), an empty line says nothing, and nothing is lined up.
    head = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "偏差原因分析及改进措施"]
    rows = [["产出指标", "数量指标", "公猪饲养舍(≥**平方米)", "", "22.8", "22.8", "1", ""],
            ["产出指标", "数量指标", "干粪棚(≥**平方米)", "", "29.6", "29.6", "1", ""],
            ["产出指标", "数量指标", "消毒水池(≥**平方米)", "", "14", "14", "1", ""]]  # fmt: skip
    text = between.join(head) + "\n" + "\n".join(c for row in rows for c in row) + "\n总分\n\n\n\n\n\n3\n"
    path = tmp_path / "form.txt"
    path.write_text("2022年度项目支出绩效自评表\n\n" + text, encoding="utf-8")
    got = [row for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    read = [(r["name"], r["weight"], r["target"], r["score"]) for r in got if "unsure" not in r]
    lined = [("公猪饲养舍(≥**平方米)", "", "22.8", "1"), ("干粪棚(≥**平方米)", "", "29.6", "1"), ("消毒水池(≥**平方米)", "", "14", "1")]
    assert (read == lined) is whole, got


def test_a_row_that_lost_its_merged_label_is_read_for_sure_where_its_reading_puts_its_cells_last(setup: Setup, tmp_path: Path) -> None:
    # a 7-cell row under an 8-word header, the 一级 label merged down from above: alone, "100%" had
    # another close reading (as the 实际完成值, the empty cell after it left out); its best reading
    # puts its cells under the header's last 7 columns, where a merged label leaves them: for sure
    head = "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年实际值 | 分值 | 得分 | 未完成原因 |"
    rows = _rows(setup, tmp_path,
                 "| 产出指标 | 数量指标 | 受助学生人数 | 2100 |  | 10 |  |  |",
                 "| 质量指标 | 建档立卡学生资助覆盖率 | 100% |  | 10 |  |  |",
                 "| 时效指标 | 按时发放率 | 100% |  | 20 |  |  |", header=head)  # fmt: skip
    assert [(r["level1"], r["level2"], r["target"], r["actual"], r["weight"]) for r in rows[1:]] == [
        ("产出指标", "质量指标", "100%", "", "10"), ("产出指标", "时效指标", "100%", "", "20")]  # fmt: skip
    assert not any("unsure" in r or r.get("certain") is False for r in rows[1:]), rows


def test_a_last_row_the_text_cuts_short_keeps_the_cells_it_printed_in_their_columns(setup: Setup, tmp_path: Path) -> None:
    # an excerpt that ends inside its last row, printed from the 一级 column on: 10 stands under 分值,
    # as printed; the 得分 it lacks was never printed, so the row stays marked and no check rests on it
    full = "| 产出指标 | 数量指标 | 培训人数 | 10 | ≥60人 | 80人 | 10 |  |"
    rows = _rows(setup, tmp_path, full, "| 满意度指标 | 服务对象满意度指标 | 公众满意度 | 10 | ≥95% | 96% |")
    last = rows[-1]
    assert (last["weight"], last["target"], last["actual"], last["score"]) == ("10", "≥95%", "96%", None)
    assert "unsure" not in last and last.get("certain") is False
    # the same row without its labels lost its start, not only its end: its figures stay in doubt
    rows = _rows(setup, tmp_path, full, "| 公众满意度 | 10 | ≥95% | 96% |")
    assert rows[-1].get("certain") is False and {"weight", "target", "actual"} <= set(rows[-1].get("unsure", {})), rows[-1]


def test_a_spaced_line_that_prints_its_empty_cells_places_each_cell_after_the_one_before(setup: Setup, tmp_path: Path) -> None:
    # gH2_12 one space apart: the empty 全年实际值 is three spaces, so 10 stands in the next column,
    # the 分值; a 得分 with the 分值 skipped would need a column the line does not print
    header = "一级指标 二级指标 三级指标 年度指标值 全年实际值 分值 得分 未完成原因"
    rows = _rows(setup, tmp_path,
                 "项目年度绩效目标 产出数量指标 受助学生人数 2100   10",
                 "项目年度绩效目标 产出数量指标 资金使用率 95%   10", "总分           20", header=header)  # fmt: skip
    assert [(r["target"], r["actual"], r["weight"], r["score"]) for r in rows] == [("2100", "", "10", None), ("95%", "", "10", None)]
    assert not any("unsure" in r or r.get("certain") is False for r in rows), rows


def test_a_label_tail_printed_before_its_label_is_not_joined_onto_it() -> None:
    # a damaged PDF gave "服务对象" at offset 2538 and "满意度指标" at 2532: joined, the cell's span
    # ran backwards and the whole file failed; pieces of one text join in reading order only
    from auditor.facts.decode.cells import atom
    from auditor.facts.decode.joins import join_labels
    from auditor.facts.decode.pieces import Gap
    from auditor.report.model import Mapped

    head = atom(Mapped("服务对象", range(2538, 2542)), Gap.CELL, 0)
    tail = atom(Mapped("满意度指标", range(2532, 2537)), Gap.CELL, 0)
    assert [a.value for a in join_labels([head, tail])] == ["服务对象", "满意度指标"]
    after = atom(Mapped("满意度指标", range(2543, 2548)), Gap.CELL, 0)
    joined = join_labels([head, after])
    assert [a.value for a in joined] == ["服务对象满意度指标"] and joined[0].text.span().start == 2538
