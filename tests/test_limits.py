"""Per-file limits: each hostile input is one PF01 finding that names its cause, before the cost is paid."""

from __future__ import annotations

import dataclasses
import io
import os
import resource
import time
import zipfile
from pathlib import Path

import pytest

from auditor import Setup, audit_bytes, audit_path
from auditor.pipeline.config import Config, load_config
from auditor.readers.limits import MB, Limits, check_zip
from auditor.report.errors import ConfigError
from tests.conftest import ROOT
from tests.support import hostile

SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"


@pytest.fixture(scope="module")
def setup(pm) -> Setup:
    return Setup.build(config=Config(), pm=pm)


def limited(setup: Setup, **limits) -> Setup:
    """The setup with some limits changed."""
    config = dataclasses.replace(setup.config, limits=dataclasses.replace(setup.config.limits, **limits))
    return dataclasses.replace(setup, config=config)


def refusal(data: bytes, name: str, setup: Setup) -> str:
    result = audit_bytes(data, name, setup)
    assert [f.code for f in result.findings] == ["PF01"], result.findings
    assert result.error == result.findings[0].message
    return result.findings[0].message + "\n" + result.findings[0].message_en


def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(setup: Setup) -> None:
    bomb = hostile.zip_bomb(64 * MB)  # 64 KB on disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    said = refusal(bomb, "bomb.docx", setup)
    assert "压缩比异常" in said and "word/document.xml" in said and "zip bomb" in said and "zip-ratio" in said
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 32 * 1024  # KB: never inflated
    said = refusal(bomb, "bomb.docx", limited(setup, unzipped_size=16 * MB))
    assert "解压后过大" in said and "64 MB" in said and "unzipped-size" in said


def test_too_many_zip_members_are_refused(setup: Setup) -> None:
    said = refusal(hostile.many_members(30), "many.docx", limited(setup, zip_members=20))
    assert "部件过多（33 个，上限 20）" in said
    assert audit_bytes(hostile.many_members(30), "many.docx", setup).error is None


def test_a_zip_of_an_unsupported_version_is_named_as_such() -> None:
    data = hostile.unsupported_zip_version(hostile.docx(hostile.para("2021年度")))
    with pytest.raises(NotImplementedError):
        zipfile.ZipFile(io.BytesIO(data))
    check_zip(data, "v.docx")  # damage is the reader's to describe, not a limit


def test_unsupported_zip_version_is_a_clear_finding(setup: Setup) -> None:
    said = refusal(hostile.unsupported_zip_version(hostile.docx(hostile.para("2021年度"))), "v.docx", setup)
    assert "不支持的版本" in said and "NotImplementedError" not in said


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("span.docx", hostile.gridspan(30_000_000), ["第 1 个表格（40 行 × 30,000,000 列）", "1,200,000,000 个单元格"]),
        ("hang.docx", hostile.gridspan(99_999, rows=41), ["41 行 × 99,999 列"]),
        ("far.xlsx", hostile.far_cell(), ["A1 至 XFD1048576", "1,048,576 行 × 16,384 列"]),
        ("merge.xlsx", hostile.whole_sheet_merge(), ["合并单元格覆盖 17,179,869,184 个"]),
        ("cells.xlsx", hostile.numeric_cells(300_000), ["sheet1.xml", "上限 200,000"]),
    ],
)
def test_declared_tables_are_capped_from_the_xml_before_any_grid(setup: Setup, name, data, words) -> None:
    start = time.perf_counter()
    said = refusal(data, name, setup)
    assert time.perf_counter() - start < 20  # a bound on a hang, not a speed test
    assert "表格过大" in said and "too many cells" in said and "[limits]" in said
    for word in words:
        assert word in said


def test_a_sheet_within_the_limit_is_read_cell_by_cell(setup: Setup) -> None:
    result = audit_bytes(hostile.numeric_cells(2_000), "cells.xlsx", setup)
    assert result.error is None
    assert "表格过大" in refusal(hostile.numeric_cells(2_000), "cells.xlsx", limited(setup, cells=1_000))


def test_text_after_an_entity_in_a_word_run_is_kept(setup: Setup, pm) -> None:
    data = hostile.entity_docx()
    report = pm.hook.pfaudit_read(path=Path("e.docx"), data=data)
    assert "前文后文执行数90万元" in report.text
    assert any("&ext;" in note for note in report.notes)
    result = audit_bytes(data, "e.docx", setup)
    assert [f.code for f in result.findings] == ["AM01"]  # the rate after the entity is checked


def test_pdf_pages_and_text_are_capped(setup: Setup) -> None:
    data = hostile.pdf([f"2021 page {n}" for n in range(12)])
    assert "PDF 页数过多（12 页，上限 10 页）" in refusal(data, "p.pdf", limited(setup, pdf_pages=10))
    assert "报告文字过长" in refusal(data, "p.pdf", limited(setup, text_length=50))
    assert audit_bytes(data, "p.pdf", setup).error is None


def test_text_over_the_limit_is_refused_whole_never_audited_in_part(setup: Setup) -> None:
    said = refusal(SAMPLE.read_bytes(), "r.txt", limited(setup, text_length=1_000))
    assert "报告文字过长" in said and "上限 1,000 字" in said and "text-length" in said


def test_a_file_over_the_size_limit_is_not_read(setup: Setup, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"1" * (2 * MB))
    result = audit_path(big, limited(setup, file_size=MB))
    assert "文件过大（2.0 MB，上限 1.0 MB）" in result.error


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_fifos_devices_and_folders_are_refused_without_reading(setup: Setup, tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    found = {p.name: audit_path(p, setup).error for p in (fifo, folder, Path("/dev/zero"))}
    assert found == {
        "report.txt": "这是命名管道（FIFO），不是普通文件，未读取，未做任何检查。",
        "folder.docx": "这是文件夹，不是普通文件，未读取，未做任何检查。",
        "zero": "这是字符设备，不是普通文件，未读取，未做任何检查。",
    }


def test_limits_come_from_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / "pfaudit.toml"
    path.write_text("[limits]\ntime = 2.5\nmemory = 512\nfile-size = 10\ncells = 5000\n", encoding="utf-8")
    limits = load_config(path).limits
    assert (limits.time, limits.memory, limits.file_size, limits.cells) == (2.5, 512 * MB, 10 * MB, 5000)
    assert limits.zip_ratio == Limits().zip_ratio
    for bad, said in (("celss = 1", "'celss'"), ("cells = -1", "limits.cells"), ("time = 'x'", "limits.time")):
        path.write_text(f"[limits]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=said):
            load_config(path)


def test_nesting_too_deep_is_named(setup: Setup) -> None:
    deep = hostile.docx("<w:tbl><w:tr><w:tc>" * 200 + "</w:tc></w:tr></w:tbl>" * 200)
    said = refusal(deep, "deep.docx", setup)
    assert "嵌套层数过深" in said and "nested too deep" in said
