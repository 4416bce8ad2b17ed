"""Tell a file's format from its bytes, so each reader claims its own content whatever the name.

A reader claims a file when the content is its format (a .doc that is really a .docx is read
as a .docx; a web page saved as .xls or .doc, as government systems export "Excel" files, is
read as a web page). When no reader can read the content, the reader that owns the file's suffix
raises `ReadError` saying what the file really is, so a mislabelled or damaged file gives one
clear finding instead of a traceback or a silently clean result.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.engine.hookspecs import hookimpl
from auditor.report.errors import ReadError

if TYPE_CHECKING:
    from auditor.report.model import Report

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The binary reader that owns each suffix; a suffix not here is read as text (`readers/text.py`).
SUFFIXES = {
    ".docx": "docx", ".docm": "docx", ".dotx": "docx",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx",
    ".pdf": "pdf",
    ".doc": "legacy", ".wps": "legacy", ".xls": "legacy", ".et": "legacy",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
}  # fmt: skip
TEXT_SUFFIXES = (".txt", ".text", ".md", ".tsv", ".csv")
# NOTE: the one list of report suffixes: a folder walk picks these files and the web page
# accepts these uploads, so what one takes the other takes too.
REPORT_SUFFIXES = (*SUFFIXES, *TEXT_SUFFIXES)
# Names of streams in an OLE (compound file) directory, stored as UTF-16LE.
_STREAMS = {
    "ole-encrypted": ("EncryptedPackage", "EncryptionInfo"),
    "ole-word": ("WordDocument",),
    "ole-excel": ("Workbook", "Book"),
}
_OWNERS = {
    "zip-docx": "docx", "zip-xlsx": "xlsx", "pdf": "pdf", "ole-word": "legacy", "ole-excel": "legacy", "html": "html",
}  # fmt: skip
# A web page named .docx/.xlsx/.pdf is a site's error page saved by mistake, not a report to
# read: Word and Excel never save HTML under those names (they do under .doc and .xls).
_NOT_A_PAGE = ("docx", "xlsx", "pdf")
# How a web page may begin, after a BOM, blank space and comments (a browser's "saved from url").
_PAGE_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|table|div|p|center|font|form|h[1-6])[\s>/]"
)
_LEAD = re.compile(rb"(?:\s+|<!--.*?-->)*", re.S)
_WHAT = {
    "empty": "文件为空（0 字节），可能下载或复制没有完成",
    "zip-broken": "文件已损坏：ZIP 结构不完整（可能下载或复制时被截断），无法打开",
    "zip-other": "这是 ZIP 压缩包，但里面不是 Word 或 Excel 文档",
    "zip-unsupported": (
        "ZIP 压缩结构声明了本程序不支持的版本或特性（文件可能已损坏，或由非常规的工具生成），无法打开；"
        "可在 Word、Excel 或 WPS 中打开后另存为 .docx/.xlsx 再检查"
    ),
    "ole-encrypted": "文件设置了打开密码（已加密），无法读取；请在 Office/WPS 中取消密码后另存，再检查",
    "ole-other": "这是旧版 Office 复合文档，但不是可识别的 Word 或 Excel 文件",
    "html": "内容其实是网页（HTML），不是所标示的文件格式；可能下载到的是网站的出错页面或网页本身",
    "rtf": "内容其实是 RTF 文档",
    "pdf": "内容其实是 PDF 文件",
    "unknown": "内容无法识别为所标示的文件格式（文件可能已损坏或扩展名有误）",
}

_WHAT_EN = {
    "empty": "the file is empty (0 bytes); the download or copy may not have finished",
    "zip-broken": "the file is damaged: its zip structure is incomplete (cut short in a download or copy)",
    "zip-other": "this is a zip archive, but not a Word or Excel document",
    "zip-unsupported": "its zip structure declares a version or feature this program does not read (damaged, or made "
    "by an unusual tool); open it in Word, Excel or WPS and save it as .docx/.xlsx",
    "ole-encrypted": "the file has an open password (encrypted); remove it in Office/WPS and save again",
    "ole-other": "this is a legacy Office compound file, but not a recognisable Word or Excel file",
    "html": "the content is really a web page (HTML), not the format its name says; perhaps a site's error page",
    "rtf": "the content is really an RTF document",
    "pdf": "the content is really a PDF file",
    "unknown": "the content is not the format its name says (the file may be damaged or misnamed)",
}


def suffix_kind(path: Path) -> str | None:
    """The reader that owns a file name's suffix ("docx", "xlsx", "pdf", "legacy") or None."""
    return SUFFIXES.get(path.suffix.lower())


def content_kind(data: bytes) -> str:
    """Classify bytes: zip-docx, zip-xlsx, zip-other, zip-broken, zip-unsupported, ole-*, pdf, rtf, html, empty, unknown."""
    if not data:
        return "empty"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except NotImplementedError:  # a zip version or feature Python's zipfile does not read
            return "zip-unsupported"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip-broken"
        if "word/document.xml" in names:
            return "zip-docx"
        if "xl/workbook.xml" in names:
            return "zip-xlsx"
        return "zip-other"
    if data.startswith(OLE_MAGIC):
        for kind, names in _STREAMS.items():
            if any(_has_stream(data, n) for n in names):
                return kind
        return "ole-other"
    # NOTE: the PDF header may follow up to 1 KB of junk, and readers accept that.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return "html" if is_page(data) else "unknown"


def is_page(data: bytes) -> bool:
    """Whether bytes begin like a web page: a doctype or an HTML tag after any comments; XHTML too."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data[:4096].decode("utf-16", "ignore").encode("utf-8")
    head = data[:4096].removeprefix(codecs.BOM_UTF8).lower()
    head = head[_LEAD.match(head).end() :]
    if head.startswith(b"<?xml"):
        # XML is a web page only when it is XHTML; Office 2003 XML documents are not.
        return b"<html" in head[:1024] or b"<!doctype html" in head[:1024]
    return _PAGE_START.match(head) is not None


def _has_stream(data: bytes, name: str) -> bool:
    """Whether an OLE directory entry has this name (entries are 128 bytes, after a 512-byte header)."""
    needle = name.encode("utf-16-le") + b"\x00\x00"
    size = len(needle).to_bytes(2, "little")
    at = data.find(needle, 512)
    while at != -1:
        # NOTE: the same UTF-16 text inside a document's body is not at an entry boundary.
        if (at - 512) % 128 == 0 and data[at + 64 : at + 66] == size:
            return True
        at = data.find(needle, at + 1)
    return False


def claims(reader: str, path: Path, data: bytes) -> bool:
    """Whether `reader` should read this file; raise `ReadError` when nobody can.

    :returns: True when the content is this reader's format; False to let another reader try.
    :raises ReadError: when the suffix belongs to `reader` but no reader handles the content.
    """
    kind = content_kind(data)
    owner = _OWNERS.get(kind)
    suffix = suffix_kind(path)
    if kind in ("ole-other", "rtf") and suffix == "legacy":
        owner = "legacy"  # WPS/ET compound files and RTF saved as .doc: LibreOffice reads them
    elif kind == "html" and suffix in _NOT_A_PAGE:
        owner = None
    elif kind == "unknown" and suffix == "html":
        owner = "html"  # a browser shows any text named .html; the reader refuses binary data itself
    if owner == reader:
        return True
    if owner is None and suffix == reader:
        en = _WHAT_EN.get(kind, _WHAT_EN["unknown"])
        raise ReadError(f"无法读取“{path.name}”：{_WHAT.get(kind, _WHAT['unknown'])}。", f"cannot read “{path.name}”: {en}")
    return False


def reader_hook(reader: str, read: Callable[[Path, bytes], Report], doc: str) -> Callable[[Path, bytes], Report | None]:
    """A ``pfaudit_read`` implementation: `read` the files `reader` `claims`, None for the others.

    A reader's module ends with ``pfaudit_read = reader_hook("docx", read_docx, "…")``, so the
    readers share one hook body instead of each writing it out.
    """

    @hookimpl
    def pfaudit_read(path: Path, data: bytes) -> Report | None:
        path = Path(path)
        if not claims(reader, path, data):
            return None
        return read(path, data)

    pfaudit_read.__doc__ = doc
    return pfaudit_read
