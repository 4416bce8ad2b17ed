"""The register (台账): its columns filled from the samples, the ranking and its reasons, from a run or the history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from auditor.cli.main import main
from auditor.formats.register import Entry, ranked
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def _rows(path: Path) -> list[dict]:
    sheet = openpyxl.load_workbook(path)["台账"]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_register_is_filled_from_the_samples(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "台账.xlsx"
    main([*map(str, SAMPLES), "--register", str(out), "--no-progress", "-q"])
    rows = {Path(r["文件"]).name: r for r in _rows(out)}
    assert set(rows) == {p.name for p in SAMPLES}
    # What each report prints, as a reviewer would copy it into the register by hand.
    gumei = rows["gumei-2020-self-evaluation-table.txt"]
    assert (gumei["单位"], gumei["项目名称"], gumei["年度"]) == (
        "上海市闵行区人民政府古美路街道办事处", "(党建办)组团式服务联系群众专项", 2020,
    )  # fmt: skip
    assert (gumei["预算数（万元）"], gumei["执行数（万元）"], gumei["执行率（%）"]) == (24.24, 24.24, 100)
    assert (gumei["自评得分"], gumei["等级"]) == (96, "优")
    gaoying = rows["gaoying-2020-community-office-report.txt"]
    assert (gaoying["单位"], gaoying["项目名称"], gaoying["预算数（万元）"], gaoying["等级"]) == (
        "高营镇人民政府",
        "社区办公",
        11.78,
        "优秀",
    )
    chengde = rows["chengde-2022-community-office-pdf-report.txt"]
    assert (chengde["年度"], chengde["预算数（万元）"], chengde["执行数（万元）"], chengde["执行率（%）"]) == (
        2022,
        749.78,
        260.15,
        34.7,
    )
    ranks = [r["排名"] for r in sorted(rows.values(), key=lambda r: -r["风险分"])]
    assert ranks == sorted(ranks) and sorted(ranks) == list(range(1, len(SAMPLES) + 1))
    for row in rows.values():
        assert row["风险分"] == min(100, 10 * row["错误"] + 3 * row["警告"] + row["提示"])
        assert row["排名理由"].startswith(f"风险分{row['风险分']}（")


def test_the_register_from_the_history_is_the_same(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db, direct, later = tmp_path / "audit.sqlite", tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    main([*map(str, SAMPLES), "--db", str(db), "--register", str(direct), "--no-progress", "-q"])
    assert main(["register", "--db", str(db), "--output", str(later)]) == 0
    assert _rows(later) == _rows(direct)
    assert main(["register", "--db", str(db), "--run", "7", "--output", str(later)]) == 2


def test_ties_are_explained_by_the_next_key() -> None:
    a = Entry(
        "a.txt",
        risk=13,
        errors=1,
        warnings=1,
        budget=Decimal(1_000_000),
        codes=(("AM01", "error", 1),),
        first="执行率不符。",
    )
    b = Entry("b.txt", risk=13, errors=1, warnings=1, budget=Decimal(50_000))
    c = Entry("c.txt", risk=20, errors=2)
    d = Entry("d.txt", risk=0)
    order = ranked([d, b, a, c])
    assert [(n, e.path) for n, e, _ in order] == [(1, "c.txt"), (2, "a.txt"), (3, "b.txt"), (4, "d.txt")]
    why = {e.path: text for _, e, text in order}
    assert (
        why["a.txt"]
        == "风险分13（10×1错误 + 3×1警告）；主要发现：AM01×1；最严重的一处：执行率不符；与第3名同为风险分13，预算数更大（涉及资金更多）"
    )
    assert why["b.txt"].endswith("与第2名同为风险分13，预算数更小（涉及资金更少）")
    assert why["d.txt"] == "风险分0（没有发现）"


def test_one_report_gets_its_register_row_filled(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    main([str(ROOT / "samples" / "gaoying-2020-community-office-report.txt"), "--register", str(out), "-q"])
    (row,) = _rows(out)
    assert (row["单位"], row["项目名称"], row["年度"], row["执行率（%）"], row["排名"]) == (
        "高营镇人民政府",
        "社区办公",
        2020,
        100,
        1,
    )
