"""The binary readers: merged cells, numbers as shown, honest refusals, files left untouched."""

from __future__ import annotations

import datetime as dt
import doctest
import itertools
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml import parse_xml

from auditor import audit
from auditor.cli.main import main
from auditor.engine.findings import locate
from auditor.engine.plugins import collect_checks, make_plugin_manager
from auditor.readers import legacy, sniff, xlsx
from auditor.readers.layout import Layout
from auditor.readers.sniff import content_kind
from auditor.readers.xlsx import cell_text, number_text
from auditor.report.errors import ReadError
from auditor.report.model import Report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMATS, BAD = FIXTURES.parent.parent / "samples" / "formats", FIXTURES / "bad"


def _fixture(name: str) -> Path:
    """"formats/x" lives in samples/formats (the demo shows it); "bad/x" in tests/fixtures/bad."""
    folder, _, file = name.partition("/")
    return (FORMATS if folder == "formats" else FIXTURES / folder) / file
SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager(entry_points=False)


def read(pm, path: Path) -> Report:
    return pm.hook.pfaudit_read(path=path, data=path.read_bytes())


# -- telling formats apart ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("formats/chaoyang.docx", "zip-docx"),
        ("formats/gumei.xlsx", "zip-xlsx"),
        ("formats/gumei.pdf", "pdf"),
        ("formats/gumei.doc", "ole-word"),
        ("formats/gumei.xls", "ole-excel"),
        ("bad/protected.xlsx", "ole-encrypted"),
        ("bad/truncated.docx", "zip-broken"),
        ("bad/webpage.pdf", "html"),
        ("bad/empty.docx", "empty"),
    ],
)
def test_content_kind(name: str, kind: str) -> None:
    assert content_kind(_fixture(name).read_bytes()) == kind


def test_a_stream_name_in_the_text_of_an_ole_file_is_not_a_stream() -> None:
    body = b"\x00" * 700 + "WordDocument".encode("utf-16-le") + b"\x00\x00" + b"\x00" * 100
    assert content_kind(sniff.OLE_MAGIC + body) == "ole-other"


# -- the shared layout -------------------------------------------------------------------


@pytest.mark.parametrize(("hard", "paragraphs"), [(True, 2), (False, 1)])
def test_layout_keeps_hard_paragraph_ends(hard: bool, paragraphs: int) -> None:
    layout = Layout()
    layout.paragraph("本项目资金安排如下，共计", {"page": 1}, hard=hard)
    layout.paragraph("20万元，已全部支出。", {"page": 2})
    layout.table([["项目", "金额"], ["合计", "20"]], lambda r, c: {"page": 2}, layout="pdf")
    report = layout.report("x.pdf", "pdf")
    assert len(report.paragraphs) == paragraphs
    assert report.paragraphs[-1].text.text.endswith("已全部支出。")
    assert [r.values for r in report.tables[0].rows] == [["项目", "金额"], ["合计", "20"]]
    assert [(a.page, report.text[a.span.start : a.span.end]) for a in report.anchors] == [
        (1, "本项目资金安排如下，共计\n"),
        (2, "20万元，已全部支出。\n"),
        (2, "项目\t金额\n合计\t20\n"),
    ]


# -- .docx ----------------------------------------------------------------------------------


def _merged_docx(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("一、项目绩效自评表")
    table = doc.add_table(rows=5, cols=3)
    for c, text in enumerate(["一级指标", "三级指标", "分值"]):
        table.cell(0, c).text = text
    label = table.cell(1, 0).merge(table.cell(3, 0))
    label.text = "产出指标（50分）"
    for r, (name, weight) in enumerate([("培训人数", "20"), ("培训场次", "20"), ("宣传册", "10")], 1):
        table.cell(r, 1).text, table.cell(r, 2).text = name, weight
    total = table.cell(4, 0).merge(table.cell(4, 1))
    total.text = "合计"
    table.cell(4, 2).text = "50"
    doc.add_paragraph("二、资金安排如下，共计")
    doc.add_paragraph("20万元，已全部支出。")
    doc.save(path)


def test_docx_merged_cells(pm, tmp_path: Path) -> None:
    path = tmp_path / "表.docx"
    _merged_docx(path)
    report = read(pm, path)
    assert report.kind == "docx"
    [table] = report.tables
    assert table.grouping_certain and table.layout == "docx"
    # A vertically merged label belongs to every row it covers, printed once, in one place.
    labels = [table.rows[r].cells[0] for r in (1, 2, 3)]
    assert {c.value for c in labels} == {"产出指标(50分)"}
    assert len({c.span for c in labels}) == 1
    assert report.text.count("产出指标（50分）") == 1
    where = locate(report, labels[2].span)
    assert (where.table, where.table_row, where.table_column) == (1, 2, 1)
    # A horizontally merged value appears once, in its first column, so 分值 stays in column 3.
    assert table.rows[4].values == ["合计", "", "50"]
    assert [r.values[2] for r in table.rows] == ["分值", "20", "20", "10", "50"]
    # Word shows that row as two cells: 50 is its second, as a person counts, not the grid's third.
    total = locate(report, table.rows[4].cells[2].span)
    assert (total.table_row, total.table_column, total.anchor()) == (5, 2, "表1 第5行 第2列")
    assert locate(report, table.rows[3].cells[2].span).table_column == 3  # a row without a span


def test_a_long_merged_cell_is_not_duplicated_text(pm, tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    for c, text in enumerate(["年度目标", "指标", "完成情况"]):
        table.cell(0, c).text = text
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "通过宣传、教育培训，提高社治干部业务水平，促进治理体系逐步完善。"
    table.cell(1, 1).text, table.cell(1, 2).text = "培训场次", "4场"
    table.cell(2, 1).text, table.cell(2, 2).text = "宣传册", "100册"
    doc.save(tmp_path / "c.docx")
    report = read(pm, tmp_path / "c.docx")
    assert [f.code for f in audit(report, collect_checks(pm)) if f.code == "TX01"] == []


def test_docx_order_and_paragraph_anchors(pm, tmp_path: Path) -> None:
    path = tmp_path / "报告.docx"
    _merged_docx(path)
    report = read(pm, path)
    assert [type(b).__name__ for b in report.blocks] == ["Heading", "Table", "Heading", "Paragraph"]
    assert report.tables[0].section == ("一、项目绩效自评表",)
    numbers = [a.paragraph for a in report.anchors if a.paragraph is not None]
    assert numbers == [1, 2, 3]
    assert [a.span.start for a in report.anchors] == sorted(a.span.start for a in report.anchors)
    assert report.text.splitlines()[0] == "一、项目绩效自评表"


def test_docx_paragraph_cut_mid_sentence_is_rejoined(pm, tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("本项目资金安排如下，共计")
    doc.add_paragraph("20万元，已全部支出。")
    doc.save(tmp_path / "a.docx")
    report = read(pm, tmp_path / "a.docx")
    assert [p.text.text for p in report.paragraphs] == ["本项目资金安排如下,共计20万元,已全部支出。"]


def test_docx_tracked_changes_nested_tables_and_fields(pm, tmp_path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph("预算")
    p._p.append(parse_xml(f"<w:ins {W_NS}><w:r><w:t>执行率</w:t></w:r></w:ins>"))
    p._p.append(parse_xml(f"<w:del {W_NS}><w:r><w:delText>删掉的字</w:delText></w:r></w:del>"))
    p._p.append(parse_xml(f"<w:r {W_NS}><w:instrText>PAGE</w:instrText></w:r>"))
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外表"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内表", "1"
    doc.save(tmp_path / "b.docx")
    report = read(pm, tmp_path / "b.docx")
    assert report.paragraphs[0].text.text == "预算执行率"
    assert "删掉" not in report.text and "PAGE" not in report.text
    assert [t.rows[0].values for t in report.tables] == [["外表", ""], ["内表", "1"]]
    assert [t.index for t in report.tables] == [0, 1]


# -- .xlsx ----------------------------------------------------------------------------------


def test_number_text_doctest() -> None:
    assert doctest.testmod(xlsx).failed == 0


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (242400.0, "General", "242400"),
        (242400, "0.00", "242400.00"),
        (242400.0, "#,##0.00", "242,400.00"),
        (0.9, "0%", "90%"),
        (0.9, "0.00%", "90.00%"),
        (0.34697, "0.0%", "34.7%"),
        (0.1 + 0.2, "General", "0.3"),
        (1960.5869, "General", "1960.5869"),
        (-5, "0.00;[Red]-0.00", "-5.00"),
        (1234.5, '#,##0.00"元"', "1,234.50"),
        (10, "0_ ", "10"),
    ],
)
def test_numbers_read_as_shown(value: float, fmt: str, shown: str) -> None:
    assert number_text(value, fmt) == shown


def test_dates_and_other_values() -> None:
    assert cell_text(dt.datetime(2021, 7, 16), "yyyy/m/d") == "2021-07-16"
    assert cell_text(dt.datetime(2021, 7, 16, 9, 30), "yyyy/m/d h:mm") == "2021-07-16 09:30"
    assert cell_text(dt.date(2021, 7, 16), "General") == "2021-07-16"
    assert cell_text(True, "General") == "TRUE"
    assert cell_text(None, "General") == ""


def _workbook(path: Path, *, formulas: int = 0) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.append(["一级指标", "指标", "权重", "自评分"])
    for name, weight in (("完成率", 10), ("及时率", 14.0), ("满意度", 0.5)):
        ws.append([None, name, weight, weight])
    ws["A2"] = "产出目标（34分）"
    ws.merge_cells("A2:A4")
    ws["D4"].number_format = "0.00%"
    ws.cell(6, 1, "合计")
    for n in range(formulas):
        ws.cell(6, 2 + n, f"=SUM(C2:C{n + 3})")
    wb.create_sheet("空表")
    wb.save(path)


def test_xlsx_sheets_merges_numbers_and_anchors(pm, tmp_path: Path) -> None:
    path = tmp_path / "表.xlsx"
    _workbook(path)
    report = read(pm, path)
    assert report.kind == "xlsx" and report.notes == ()
    [table] = report.tables  # the empty sheet is skipped
    assert report.paragraphs[0].text.text == "自评表"
    assert [r.values for r in table.rows[1:4]] == [
        ["产出目标(34分)", "完成率", "10", "10"],
        ["产出目标(34分)", "及时率", "14", "14"],
        ["产出目标(34分)", "满意度", "0.5", "50.00%"],
    ]
    copy = table.rows[3].cells[0]
    where = locate(report, copy.span)
    assert (where.sheet, where.cell, where.table_row) == ("自评表", "A2:A4", 2)
    where = locate(report, table.rows[3].cells[3].span)
    assert (where.sheet, where.cell) == ("自评表", "D4")
    spans = [a.span for a in report.anchors]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_formula_without_cached_value_is_blank_and_reported(pm, tmp_path: Path) -> None:
    path = tmp_path / "公式.xlsx"
    _workbook(path, formulas=3)  # openpyxl never computes, so nothing is cached
    report = read(pm, path)
    assert report.notes == ("自评表!B6、自评表!C6、自评表!D6 等 3 个公式单元格没有缓存值（文件由不计算公式的工具保存），这些单元格按空白处理",)
    assert "SUM" not in report.text
    assert report.tables[0].rows[5].values == ["合计", "", "", ""]
    _workbook(path, formulas=1)
    assert "自评表!B6 是公式单元格" in read(pm, path).notes[0]


def test_formula_with_cached_value_reads_the_value(pm) -> None:
    path = FORMATS / "gumei.xlsx"
    sheet = openpyxl.load_workbook(path)["自评表"]
    formula = next(c for row in sheet.iter_rows() for c in row if c.data_type == "f")
    report = read(pm, path)
    cell = next(c for _, row, c in report.cells() if (row.index, c.column) == (formula.row - 1, formula.column - 1))
    assert cell.value == "100.00" and report.notes == ()


# -- .pdf -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [("scanned.pdf", "OCR"), ("encrypted.pdf", "密码"), ("webpage.pdf", "网页")],
)
def test_pdf_refusals(pm, name: str, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        read(pm, BAD / name)


def test_pdf_pages_tables_and_split_rows(pm) -> None:
    report = read(pm, FORMATS / "chaoyang.pdf")
    assert report.kind == "pdf"
    assert {a.page for a in report.anchors} == {1, 2, 3, 4}
    assert all(a.page for a in report.anchors)
    # The row the page break cut in two is one row again, with its whole text.
    row = report.tables[0].rows[25]
    assert row.cells[5].value.startswith("进一步保障") and row.cells[5].value.endswith("深入开展.")
    assert [locate(report, c.span).page for c in (row.cells[1], report.tables[0].rows[26].cells[3])] == [1, 2]
    # The 绩效指标 label, merged down the indicator block, reaches the rows of the next page.
    assert report.tables[0].rows[30].cells[0].value == "绩效指标"


def _cjk_font() -> bool:
    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":lang=zh"], capture_output=True, text=True, check=False).stdout.strip())


@SOFFICE
@pytest.mark.slow  # LibreOffice
@pytest.mark.skipif(not _cjk_font(), reason="no Chinese font for LibreOffice to render the test PDF (fonts-wqy-microhei)")
def test_pdf_paragraph_across_a_page_break_and_page_numbers(pm, tmp_path: Path) -> None:
    doc = Document()
    doc.sections[0].footer.paragraphs[0].text = "- 1 -"
    for n in range(24):  # the default template fits 26 such lines on a page
        doc.add_paragraph(f"第{n + 1}行占位文字。")
    doc.add_paragraph("项目资金情况：全年预算数为30000元，实际支付17980元，预算执行率为59.93%，" * 6)
    doc.save(tmp_path / "long.docx")
    pdf = legacy.convert(tmp_path / "long.docx", (tmp_path / "long.docx").read_bytes(), "pdf")
    (tmp_path / "long.pdf").write_bytes(pdf)
    report = read(pm, tmp_path / "long.pdf")
    last = report.paragraphs[-1]
    pages = {a.page for a in report.anchors if a.span.start < last.span.end and last.span.start < a.span.end}
    assert pages == {1, 2}, "the paragraph should cross the page break and be read as one"
    assert last.text.text.count("预算执行率为59.93%") == 6
    assert "- 1 -" not in report.text


# -- legacy and mislabelled files ------------------------------------------------------------


def _unchanged(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


@SOFFICE
@pytest.mark.slow  # LibreOffice
@pytest.mark.parametrize(("name", "copy_as", "kind"), [
    ("formats/gumei.doc", "自评表.doc", "docx"),
    ("formats/gumei.xls", "自评表.xls", "xlsx"),
    ("formats/gumei.doc", "自评表.wps", "docx"),
    ("bad/really-a-doc.docx", "自评表.docx", "docx"),
])  # fmt: skip
def test_legacy_files_are_converted_and_left_untouched(pm, tmp_path: Path, name: str, copy_as: str, kind: str) -> None:
    path = tmp_path / copy_as
    shutil.copyfile(_fixture(name), path)
    before = _unchanged(path)
    report = read(pm, path)
    assert _unchanged(path) == before  # no lock file, no converted copy beside it
    assert (report.kind, report.path, len(report.tables)) == (kind, str(path), 1)
    assert "LibreOffice" in report.notes[-1]
    assert report.tables[0].rows[22].values[1] == "政策知晓率"


@pytest.mark.parametrize("name", ["formats/gumei.doc", "bad/really-a-doc.docx"])
def test_legacy_without_libreoffice_says_what_to_do(pm, monkeypatch, name: str) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(ReadError, match=r"LibreOffice.*\.docx/\.xlsx"):
        read(pm, _fixture(name))


@pytest.mark.parametrize(("script", "words"), [("sleep 5", "超过 1 秒"), ("exit 3", "无法转换")])
def test_a_hanging_or_failing_converter_is_one_clear_error(pm, monkeypatch, tmp_path: Path, script: str, words: str) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PFAUDIT_SOFFICE", str(fake))
    monkeypatch.setattr(legacy, "TIMEOUT", 1)
    with pytest.raises(ReadError, match=words):
        read(pm, FORMATS / "gumei.xls")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("protected.xlsx", "密码"),
        ("truncated.docx", "截断"),
        ("empty.docx", "为空"),
        ("webpage.pdf", "网页"),
    ],
)
def test_odd_files_are_refused_with_a_reason(pm, name: str, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        read(pm, BAD / name)


def test_binary_readers_never_write(pm, tmp_path: Path) -> None:
    for name in ("chaoyang.docx", "chaoyang.xlsx", "chaoyang.pdf"):
        path = tmp_path / name
        shutil.copyfile(FORMATS / name, path)
        before = _unchanged(path)
        read(pm, path)
        assert _unchanged(path) == before


def test_each_odd_file_is_one_unreadable_finding_and_the_batch_goes_on(tmp_path: Path, capsys) -> None:
    odd = ["protected.xlsx", "truncated.docx", "empty.docx", "webpage.pdf", "scanned.pdf", "encrypted.pdf"]
    out = tmp_path / "out.json"
    main([*(str(BAD / n) for n in odd), str(FORMATS / "gumei.xlsx"), "--format", "json", "--output", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    codes: dict[str, list[str]] = {}
    for f in doc["findings"]:
        codes.setdefault(Path(f["path"]).name, []).append(f["code"])
    assert {n: codes.get(n) for n in odd} == {n: ["PF01"] for n in odd}
    assert "IN03" in codes["gumei.xlsx"]
