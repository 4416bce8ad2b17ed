"""The text reader: encodings it detects and inputs it refuses, each with a clear message."""

from __future__ import annotations

import codecs

import pytest

from auditor.readers.text import decode, pfaudit_read
from auditor.report.errors import ReadError
from tests.conftest import ROOT

TEXT = "2021年度社区治理项目绩效自评报告\n预算执行率为59.93%。\n"


def test_utf8_with_and_without_bom() -> None:
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == (TEXT, "utf-8")


def test_gbk_is_detected_and_reported() -> None:
    sample = (ROOT / "samples" / "gaoying-2020-community-office-report.txt").read_text(encoding="utf-8")
    text, encoding = decode(sample.encode("gbk"))
    assert text == sample
    assert encoding == "gb18030"
    report = pfaudit_read(path="x.txt", data=sample.encode("gb18030"))
    assert report.notes == ("以 GB18030 编码读取",)


def test_big5_is_not_read_as_gb18030() -> None:
    text = "（2020年度）項目支出績效自評報告：預算執行率為百分之九十，資金已全部撥付到位，績效目標已經完成。" * 3
    decoded, encoding = decode(text.encode("big5"))
    assert decoded == text
    assert encoding.startswith("big5") or encoding == "cp950"


def test_utf16_with_bom() -> None:
    assert decode(TEXT.encode("utf-16"))[0] == TEXT


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "为空"),
        (b"   \n\n", "为空"),
        (b"PK\x03\x04rest-of-a-zip", "ZIP"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x00\x01\x02binary\x00", "二进制"),
        (bytes(range(128, 256)) * 40, "编码"),
    ],
)
def test_refusals_say_why(data: bytes, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        decode(data)


def test_the_reader_never_writes(tmp_path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    pfaudit_read(path=path, data=path.read_bytes())
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
