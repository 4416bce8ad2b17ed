"""The drawn report: tables as printed (merged cells spanning), findings cut out as phrases."""

from __future__ import annotations

import doctest

import pytest

from auditor.annotate import report_view as view
from auditor.annotate.report_view import CellView, Part, TableView, build_view
from auditor.annotate.word import covered_cells
from auditor.web import upload
from auditor.web.bridge import audit_with_report, make_setup
from tests.conftest import ROOT

FORMATS = ROOT / "samples" / "formats"


@pytest.fixture(scope="module")
def setup():
    return make_setup("national")


@pytest.mark.parametrize("module", [view, upload])
def test_docstring_examples(module) -> None:
    assert doctest.testmod(module).failed == 0


def _cell(table: TableView, row: int, text: str) -> CellView:
    cells = dict(table.rows)[row]
    return next(c for c in cells if c is not None and "".join(p.text for p in c.pieces).strip() == text)


def test_a_word_table_is_drawn_with_its_merged_cells(setup) -> None:
    path = FORMATS / "chaoyang.docx"
    audited = audit_with_report(path, setup)
    drawn = build_view(audited.report, audited.findings, covered_cells(path.read_bytes()))
    table = next(p for p in drawn.parts if isinstance(p, TableView))
    width = len(audited.report.tables[0].rows[0].cells)
    title = _cell(table, 1, "朝阳区项目支出绩效自评表")
    assert (title.colspan, title.rowspan) == (width, 1)
    assert [c for c in dict(table.rows)[1] if c is not None] == [title]
    funds = _cell(table, 6, "项目资金 （万元）")
    assert funds.rowspan == 5
    # Every row still covers the full width once merges are counted.
    for number, cells in table.rows:
        own = sum(c.colspan for c in cells if c is not None)
        assert own <= width, number


def test_a_sheet_range_is_drawn_once_across_its_columns(setup) -> None:
    audited = audit_with_report(FORMATS / "gumei.xlsx", setup)
    table = next(p for p in build_view(audited.report, audited.findings).parts if isinstance(p, TableView))
    flag = _cell(table, 3, "是否为经常性项目")
    assert flag.colspan == 4  # C3:F3
    ex03 = next(n for n, f in enumerate(audited.findings) if f.code == "EX03")
    assert ex03 in flag.marks


def test_a_finding_inside_a_paragraph_marks_only_its_phrase(setup) -> None:
    audited = audit_with_report(FORMATS / "shangjie.pdf", setup)
    drawn = build_view(audited.report, audited.findings)
    yr01 = next(n for n, f in enumerate(audited.findings) if f.code == "YR01")
    part = next(p for p in drawn.parts if isinstance(p, Part) and yr01 in p.marks)
    marked = "".join(piece.text for piece in part.pieces if yr01 in piece.marks)
    assert marked == audited.report.snippet(audited.findings[yr01].span)
    assert marked != "".join(piece.text for piece in part.pieces)
    assert any(p.page == 2 for p in drawn.parts if isinstance(p, Part))  # page breaks are shown


def test_an_unreadable_file_has_every_finding_loose() -> None:
    from auditor.web.bridge import refused

    audited = refused("坏.docx", "文件已损坏", "damaged")
    drawn = build_view(audited.report, audited.findings)
    assert drawn.parts == () and drawn.loose == (0,)
