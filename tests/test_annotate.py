"""Annotated copies: a Word comment or an Excel note per finding, at its place; the HTML view otherwise.

Places are checked against python-docx's and openpyxl's own view of the file (``table.cell``,
``ws[cell]``), not against the walk the annotator does, so a miscounted table or paragraph fails.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pytest
from docx.oxml.ns import qn

from auditor.annotate.copy import annotate_binary
from auditor.cli import main as cli
from auditor.web.bridge import audit_with_report, make_setup
from tests.conftest import ROOT

FORMATS = ROOT / "samples" / "formats"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def setup():
    return make_setup("national")


def _comment_starts(document) -> dict[int, object]:
    """Each comment id and the element its range starts in (the cell's ``w:tc``, else the ``w:p``)."""
    starts = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        cell = next(start.iterancestors(W + "tc"), None)
        starts[int(start.get(qn("w:id")))] = cell if cell is not None else start.getparent()
    return starts


def _body_paragraphs(document) -> list:
    """Body paragraphs that show text, counted as the reader counts them (outside tables)."""
    return [p for p in document.paragraphs if p.text.strip()]


@pytest.mark.parametrize("name", ["chaoyang.docx", "shangjie.docx", "gumei.docx"])
def test_each_finding_is_one_word_comment_on_its_cell_or_paragraph(setup, name: str) -> None:
    audited = audit_with_report(FORMATS / name, setup)
    findings = audited.findings
    assert findings
    copy = annotate_binary((FORMATS / name).read_bytes(), findings)
    assert copy is not None and copy.suffix == ".docx"
    document = docx.Document(io.BytesIO(copy.data))
    comments = list(document.comments)
    assert len(comments) == len(findings)
    starts = _comment_starts(document)
    paragraphs = _body_paragraphs(document)
    for comment, f in zip(comments, findings, strict=True):
        assert comment.author == "pfaudit"
        assert f.code in comment.text and f.message in comment.text
        if f.expected:
            assert f"应为：{f.expected}" in comment.text
        where = starts[comment.comment_id]
        loc = f.location
        if loc.table is not None:
            # The k-th cell of the row as printed, found in python-docx's own grid (where merged
            # cells resolve to the cell that prints the value) at the grid column it starts.
            table = document.tables[loc.table - 1]
            tr = table.rows[loc.table_row - 1]._tr
            column = tr.grid_before + sum(tc.grid_span for tc in tr.tc_lst[: loc.table_column - 1])
            cell = table.cell(loc.table_row - 1, column)
            assert where is cell._tc or where == cell._tc, (f, cell.text)
            assert f.snippet.strip() in cell.text.replace("\n", " ") or not f.snippet.strip()
        elif loc.paragraph is not None:
            assert where == paragraphs[loc.paragraph - 1]._p, f
        else:
            assert where == paragraphs[0]._p  # a remark on the whole report sits at its start


def test_each_finding_is_in_the_note_of_its_excel_cell(setup) -> None:
    path = FORMATS / "gumei.xlsx"
    findings = audit_with_report(path, setup).findings
    copy = annotate_binary(path.read_bytes(), findings, name=path.name)
    assert copy is not None and copy.suffix == ".xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(copy.data))
    original = openpyxl.load_workbook(path)
    for f in findings:
        cell = wb[f.location.sheet][f.location.cell.split(":")[0]]
        assert cell.comment is not None and f.message in cell.comment.text, f
        assert cell.fill.fgColor.rgb.endswith({"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}[f.severity.value])
        assert cell.value == original[f.location.sheet][cell.coordinate].value  # the text is untouched
    noted = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment)
    assert noted == len({(f.location.sheet, f.location.cell) for f in findings})
    listing = wb.worksheets[-1]
    assert listing.title == "pfaudit检查结果"
    assert [r[2] for r in listing.iter_rows(min_row=2, values_only=True)] == [f.code for f in findings]
    assert listing["A2"].hyperlink.location or listing["A2"].hyperlink.target


@pytest.mark.slow  # LibreOffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_annotated_copies_to_pdf(setup, tmp_path: Path) -> None:
    for name in ("chaoyang.docx", "gumei.xlsx"):
        path = FORMATS / name
        copy = annotate_binary(path.read_bytes(), audit_with_report(path, setup).findings, name=name)
        source = tmp_path / f"annotated{copy.suffix}"
        source.write_bytes(copy.data)
        done = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(source)],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        pdf = tmp_path / "annotated.pdf"
        assert done.returncode == 0 and pdf.read_bytes().startswith(b"%PDF"), done.stderr
        pdf.unlink()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_annotate_writes_a_copy_and_never_the_input(tmp_path: Path, capsys) -> None:
    source = tmp_path / "报告.docx"
    shutil.copyfile(FORMATS / "chaoyang.docx", source)
    before = _digest(source)
    out = tmp_path / "报告-批注.docx"
    code = cli.main([str(source), "--annotate", str(out), "--format", "json", "--output", str(tmp_path / "r.json")])
    assert code == 1 and _digest(source) == before
    findings = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    assert len(list(docx.Document(out).comments)) == len(findings)
    assert f"批注副本已写入 {out}" in capsys.readouterr().err
    # The input itself is refused as the output, and so is more than one input.
    assert cli.main([str(source), "--annotate", str(source)]) == 2
    assert "--annotate 指向的" in capsys.readouterr().err
    assert _digest(source) == before
    assert cli.main([str(source), str(FORMATS / "gumei.xlsx"), "--annotate", str(out)]) == 2


def test_cli_annotate_refuses_a_name_for_another_kind_of_file(tmp_path: Path, capsys) -> None:
    for name in ("批注.pdf", "批注.docx"):
        out = tmp_path / name
        assert cli.main([str(FORMATS / "shangjie.pdf"), "--annotate", str(out)]) == 2
        out_text, err = capsys.readouterr()
        assert out_text == "" and err.splitlines() == [
            f"pfaudit: --annotate {out}：这个报告的批注副本是标注后的网页（.html），不能存为 {out.suffix}；请改用 {tmp_path / '批注.html'}"
        ]
        assert list(tmp_path.iterdir()) == []
    assert cli.main([str(FORMATS / "gumei.xlsx"), "--annotate", str(tmp_path / "x.docx"), "--lang", "en"]) == 2
    assert "this report's annotated copy is an Excel workbook with cell notes (.xlsx), not .docx" in capsys.readouterr().err
    # a name without a suffix takes the copy's, and the line on standard error says which
    assert cli.main([str(FORMATS / "gumei.xlsx"), "--annotate", str(tmp_path / "批注"), "-q"]) == 1
    assert f"批注副本已写入 {tmp_path / '批注.xlsx'}" in capsys.readouterr().err


def test_cli_annotate_gives_a_pdf_the_html_view(tmp_path: Path, capsys) -> None:
    written = tmp_path / "批注.html"
    cli.main([str(FORMATS / "shangjie.pdf"), "--annotate", str(written), "--format", "json", "--output", str(tmp_path / "r.json")])
    assert written.exists()
    assert f"批注副本已写入 {written}" in capsys.readouterr().err
    findings = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    doc = lxml.html.fromstring(written.read_text(encoding="utf-8"))
    assert [li.get("data-code") for li in doc.cssselect("li.finding")] == [f["code"] for f in findings]
    assert len(doc.cssselect("a.tag[id^=p-0-]")) == len(findings)
    # Standalone: the stylesheet and script are inside, nothing is fetched.
    assert doc.cssselect("style") and not doc.cssselect("link[rel=stylesheet]")
    assert not [s for s in doc.iter("script") if s.get("src")]


def test_cli_annotate_into_a_folder_and_in_english(tmp_path: Path) -> None:
    cli.main([str(FORMATS / "gumei.xlsx"), "--annotate", str(tmp_path), "--lang", "en", "-q"])
    written = tmp_path / "gumei (annotated).xlsx"
    wb = openpyxl.load_workbook(written)
    assert wb.worksheets[-1].title == "pfaudit findings"
    assert any("expected" in (c.comment.text if c.comment else "") for row in wb.worksheets[0].iter_rows() for c in row)


def test_cli_annotate_writes_nothing_for_an_unreadable_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "批注.docx"
    assert cli.main([str(ROOT / "tests" / "fixtures" / "bad" / "truncated.docx"), "--annotate", str(out), "-q"]) == 1
    assert not out.exists() and "没有写出批注副本" in capsys.readouterr().err
    assert cli.main([str(tmp_path), "--annotate", str(out)]) == 2  # a folder is not one report
