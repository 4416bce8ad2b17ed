"""The plain-text reader: bytes to `Report`, with encoding detection and honest refusals."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from auditor.engine.hookspecs import hookimpl
from auditor.readers.limits import check_text
from auditor.readers.plain.parse import parse
from auditor.report.errors import ReadError
from auditor.report.model import Note, Report

_SIGNATURES = {
    b"PK\x03\x04": ("ZIP 压缩包，但不是可识别的 Word（.docx）或 Excel（.xlsx）文件",
                     "a ZIP archive, but not a Word (.docx) or Excel (.xlsx) file pfaudit recognises"),
    b"%PDF": ("PDF 文件", "a PDF file"),
    b"\xd0\xcf\x11\xe0": ("旧版 Office 文件（.doc/.xls/.wps）", "a legacy Office file (.doc/.xls/.wps)"),
    b"\x89PNG": ("PNG 图片", "a PNG picture"),
    b"\xff\xd8\xff": ("JPEG 图片", "a JPEG picture"),
}  # fmt: skip
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936"}  # GB18030 is a superset of each
_NOT_TEXT = {"Cc", "Cs", "Co", "Cn"}  # control, surrogate, private-use and unassigned characters


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: BOMs, UTF-16 without one, then UTF-8, then charset-normalizer's best guess.

    :returns: the text and the name of the encoding used.
    :raises ReadError: for empty, binary or undecodable input.
    """
    if not data.strip():
        raise ReadError("文件为空，没有可检查的内容。", "the file is empty: there is nothing to check")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), "utf-8" if name == "utf-8-sig" else name
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"文件声明为 {name} 编码，但第 {exc.start} 字节处无法解码。",
                    f"the file declares {name} but byte {exc.start} does not decode",
                ) from exc
    for magic, (what, what_en) in _SIGNATURES.items():
        if data.startswith(magic):
            raise ReadError(
                f"这是{what}，无法作为报告读取；请另存为 .docx、.xlsx、.pdf 或 .txt 后再检查。",
                f"this is {what_en} and cannot be read as a report; save it as .docx, .xlsx, .pdf or .txt and check it again",
            )
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:8192]:
        raise ReadError("文件含有二进制内容（NUL 字节），不是文本报告。", "the file holds binary data (NUL bytes): it is not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only non-UTF-8 files pay for it

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(
            "无法识别文件的文字编码（既不是 UTF-8，也不是 GB18030/GBK 等常见编码）。",
            "the file's encoding is unknown (neither UTF-8 nor a common one such as GB18030/GBK)",
        )
    name = codecs.lookup(best.encoding).name  # Python's own name: "utf_16_be" is "utf-16-be", never "utf16be"
    if name in _GB_FAMILY:
        name = "gb18030"  # never worse than GBK or GB2312, sometimes better
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"按 {name} 编码解码失败：{exc}", f"decoding as {name} failed: {exc}") from exc


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (Windows Notepad's "Unicode"), or None.

    Its ASCII characters (digits, tabs, line ends) put their NUL bytes on one side of each
    pair: odd offsets for little-endian, even for big-endian. Binary data puts them on both,
    and when decoded has control or unassigned characters that text does not.
    """
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # NOTE: a character of the form U+xx00 (一 is U+4E00) puts a NUL on the other side: "mostly".
    if len(data) % 2 or even + odd == 0 or min(even, odd) * 4 > max(even, odd):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    head = text[:4096]
    odd_chars = sum(1 for c in head if unicodedata.category(c) in _NOT_TEXT and c not in "\t\r\n\f")
    return (text, codec) if odd_chars <= len(head) // 100 else None


@hookimpl(trylast=True)
def pfaudit_read(path: Path, data: bytes) -> Report:
    """Read any file as text; the fallback when no other reader claims it."""
    text, encoding = decode(data)
    check_text(len(text))  # before parsing: a text over the limit costs nothing more
    notes = () if encoding == "utf-8" else (Note(f"以 {encoding.upper()} 编码读取", f"read as {encoding.upper()}"),)
    return parse(text, str(path), encoding, notes)
