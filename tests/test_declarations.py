"""Declarations read in every format reports come in: .xlsx, .docx, .pdf and .xls (LibreOffice), text.

The same declarations (tests/data/declarations.toml) must read the same, whatever the file:
project, year, funds and indicator rows. `pfaudit read` shows them; the document kinds are
recognised from title and columns; the self-evaluation checks never read a declaration.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from auditor import Setup, audit_path
from auditor.cli.main import main
from tests.support.declarations import PAIRS, word, workbook

SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


def _convert(source: Path, to: str, folder: Path) -> Path:
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", to, "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    out = folder / f"{source.stem}.{to}"
    assert done.returncode == 0 and out.is_file(), done.stderr
    return out


def _declared(path: Path) -> list:
    result = audit_path(path, Setup.build())
    assert result.error is None, result.error
    return [d for d in result.documents if d.kind == "declaration"]


def _same_as_written(docs: list, pairs: list[dict]) -> None:
    assert [d.project.text for d in docs] == [p["project"] for p in pairs]
    assert [d.year for d in docs] == [p["year"] for p in pairs]
    assert [len(d.lines) for d in docs] == [len(p["rows"]) for p in pairs]
    for d, pair in zip(docs, pairs, strict=True):
        assert [line.name for line in d.lines] == [row[2] for row in pair["rows"]]
        assert d.initial == Decimal(pair["annual"]) * 10000
        assert all(line.certain for line in d.lines)


def test_word_declarations_read_as_written(tmp_path: Path) -> None:
    for n, pair in enumerate(PAIRS):
        path = word(pair, tmp_path / f"d{n}.docx")
        _same_as_written(_declared(path), [pair])


def test_a_workbook_reads_one_declaration_a_sheet(tmp_path: Path) -> None:
    _same_as_written(_declared(workbook(PAIRS, tmp_path / "book.xlsx")), PAIRS)


def test_pfaudit_read_shows_declarations(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    book = workbook(PAIRS[:3], tmp_path / "book.xlsx")
    assert main(["read", str(book), "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["kinds"] == ["declaration"] and got["reports"] == 3
    first = got["declarations"][0]
    assert (first["project"], first["year"], first["form"]) == (PAIRS[0]["project"], PAIRS[0]["year"], "project")
    assert [r["target"] for r in first["indicators"]] == [row[3] for row in PAIRS[0]["rows"]]
    assert {"role": "total", "scope": "annual", "label": "年度资金总额", "amount": PAIRS[0]["annual"]} in first["funds"]
    assert main(["read", str(book)]) == 0
    text = capsys.readouterr().out
    assert "文件类型：绩效目标申报表" in text and PAIRS[2]["rows"][0][2] in text


@pytest.mark.slow  # LibreOffice
@SOFFICE
def test_pdf_and_xls_declarations_read_as_written(tmp_path: Path) -> None:
    pair = next(p for p in PAIRS if p["evaluation"].endswith("gF2_01.txt"))
    pdf = _convert(word(pair, tmp_path / "decl.docx"), "pdf", tmp_path)
    (doc,) = _declared(pdf)
    assert (doc.project.text, doc.year, [line.name for line in doc.lines]) == (
        pair["project"], pair["year"], [row[2] for row in pair["rows"]],
    )  # fmt: skip
    xls = _convert(workbook(PAIRS[:2], tmp_path / "book.xlsx"), "xls", tmp_path)
    _same_as_written(_declared(xls), PAIRS[:2])


def test_kinds_of_document_are_told_apart(tmp_path: Path) -> None:
    from tests.conftest import ROOT

    setup = Setup.build()
    assert audit_path(workbook(PAIRS[:1], tmp_path / "book.xlsx"), setup).kinds == ("declaration",)
    assert audit_path(ROOT / "tests" / "forms" / "gF2_01.txt", setup).kinds == ("self-evaluation",)
    assert audit_path(ROOT / "samples" / "gaoying-2020-community-office-report.txt", setup).kinds == ("narrative",)


@pytest.mark.slow  # LibreOffice
@SOFFICE
def test_a_project_package_holds_a_declaration_a_monitoring_table_and_a_self_evaluation(tmp_path: Path) -> None:
    """A project's package of stages (立项, 申报, 监控, 自评 sheets), converted from .xls: one report, three kinds."""
    import openpyxl

    from tests.support.declarations import FIRST_ROW  # noqa: F401 -- the package is built here, by hand

    wb = openpyxl.Workbook()
    declared = wb.active
    declared.title = "项目支出绩效目标申报表"
    for row in (["项目支出绩效目标申报表"], ["（2023年度）"], ["项目名称", "社区养老服务"], ["年度目标", "为老人提供助餐服务"],
                ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "助餐服务人次", "≥5000人次"]):  # fmt: skip
        declared.append(row)
    watched = wb.create_sheet("项目支出绩效目标执行监控")
    for row in (["项目支出绩效目标执行监控表"], ["（2023年度）"], ["项目名称", "社区养老服务"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行数", "全年预计执行数"],
                ["产出指标", "数量指标", "助餐服务人次", "≥5000人次", "3100人次", "5200人次"]):  # fmt: skip
        watched.append(row)
    evaluated = wb.create_sheet("项目支出绩效自评表")
    for row in (["项目支出绩效自评表"], ["（2023年度）"], ["项目名称", "社区养老服务"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
                ["产出指标", "数量指标", "助餐服务人次", "≥4000人次", "4100人次", "50", "50", ""]):  # fmt: skip
        evaluated.append(row)
    wb.save(tmp_path / "package.xlsx")
    xls = _convert(tmp_path / "package.xlsx", "xls", tmp_path)
    result = audit_path(xls, Setup.build())
    assert result.kinds == ("declaration", "monitoring", "self-evaluation")
    # the package's own declaration is the one its self-evaluation answers to: the lowered target is found
    (found,) = [f for f in result.findings if f.code == "SD02"]
    assert "≥5000人次" in found.message and "≥4000人次" in found.message


def test_a_word_document_of_several_declarations_is_one_report_each(tmp_path: Path) -> None:
    import docx

    from tests.support.declarations import _grid

    document = docx.Document()
    for pair in PAIRS[:3]:
        grid = _grid(pair)
        document.add_paragraph(grid[0][0])
        document.add_paragraph(grid[1][0])
        table = document.add_table(rows=0, cols=5)
        for row in grid[2:]:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    document.save(tmp_path / "three.docx")
    result = audit_path(tmp_path / "three.docx", Setup.build())
    _same_as_written([d for d in result.documents if d.kind == "declaration"], PAIRS[:3])
    assert "文件中有3份报告，已分别检查" in result.notes
