"""Pipe rows lined up with their header (`auditor.facts.decode.grid`).

A delimited row as wide as the header lost no cell: its cells stand under the header's words
in order, and an empty cell between two filled ones is a column left empty, not a cell to skip.
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


def _rows(setup: Setup, tmp_path: Path, *lines: str) -> list[dict]:
    path = tmp_path / "form.txt"
    path.write_text("\n".join(["2022年度项目支出绩效自评表", "", HEADER, *lines]) + "\n", encoding="utf-8")
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
