"""A .docx laid out by other hands: the 合计 row inside the last category's vertical merge.

Word tables made by hand often let the last 一级指标 cell run down over the 合计 row. The
reader gives that row the category's label in its first cell; it is still the total row,
not one more indicator of the category.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

from grids import H, V, gumei  # noqa: E402  (the fixture builders are scripts beside the tests)
from make_fixtures import write_docx  # noqa: E402

from auditor import audit  # noqa: E402
from auditor.engine.plugins import collect_checks, make_plugin_manager  # noqa: E402

TOTAL_ROW = next(n for n, row in enumerate(gumei()[0]) if row[0] == "合计")


@pytest.fixture(scope="module")
def merged_total(tmp_path_factory) -> Path:
    grid = gumei()[0]
    grid[TOTAL_ROW] = [V, "合计", H, "100.00", "", "96.00", ""]
    path = tmp_path_factory.mktemp("docx") / "gumei-merged-total.docx"
    write_docx([grid], path, [2.2, 2.4, 3.0, 1.2, 4.2, 1.2, 2.0])
    return path


def test_the_total_row_under_a_merged_category(merged_total: Path) -> None:
    pm = make_plugin_manager(entry_points=False)
    report = pm.hook.pfaudit_read(path=merged_total, data=merged_total.read_bytes())
    findings = audit(report, collect_checks(pm))
    codes = [f.code for f in findings]
    assert "IN01" in codes  # 自评分 adds up to 89, the 合计 says 96: found again
    assert "IN13" not in codes and "IN18" not in codes  # no indicator named 合计
    total = next(f for f in findings if f.code == "IN01")
    assert total.location.table_row == TOTAL_ROW + 1  # rows are numbered from 1, as printed
