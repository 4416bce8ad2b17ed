"""Legacy .doc/.wps/.xls/.et reports: converted by LibreOffice, then read as .docx/.xlsx.

The conversion runs on a copy in a private temporary directory, with a private LibreOffice
profile (parallel runs would otherwise fight over one profile's lock) and a time limit. The
user's file is only read, never opened by LibreOffice in place, so no lock file or
conversion result ever lands beside it. The report keeps the original path.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.readers.docx import read_docx
from auditor.readers.sniff import content_kind, reader_hook
from auditor.readers.xlsx import read_xlsx
from auditor.report.errors import ReadError
from auditor.report.model import Note, Report

TIMEOUT = 60  # seconds; a first start of LibreOffice with a fresh profile takes a few
_SPREADSHEETS = {".xls", ".et", ".xlsx", ".xlsm"}
_NO_OFFICE = (
    "读取“{name}”需要 LibreOffice 把旧版格式转换为新格式，但本机没有找到 soffice 命令。"
    "请安装 LibreOffice（例如 apt-get install libreoffice-writer-nogui libreoffice-calc-nogui），"
    "或在 Office/WPS 中把文件另存为 .docx/.xlsx 后再检查。"
)
_NO_OFFICE_EN = (
    "reading “{name}” needs LibreOffice to convert the legacy format, but no soffice command was found. "
    "Install LibreOffice (such as apt-get install libreoffice-writer-nogui libreoffice-calc-nogui), "
    "or save the file as .docx/.xlsx in Office or WPS and check it again"
)


def soffice() -> str | None:
    """The LibreOffice executable: $PFAUDIT_SOFFICE, else soffice or libreoffice on PATH."""
    return os.environ.get("PFAUDIT_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, data: bytes, target: str) -> bytes:
    """Convert legacy Office bytes to `target` ("docx" or "xlsx") with LibreOffice.

    :raises ReadError: when LibreOffice is missing, fails, or runs out of time.
    """
    program = soffice()
    if program is None:
        raise ReadError(_NO_OFFICE.format(name=path.name), _NO_OFFICE_EN.format(name=path.name))
    with tempfile.TemporaryDirectory(prefix="pfaudit-") as tmp:
        work = Path(tmp)
        source = work / f"source{path.suffix.lower() or '.bin'}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, cwd=work)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                f"LibreOffice 转换“{path.name}”超过 {TIMEOUT} 秒仍未完成，已放弃；请另存为 .{target} 后再检查。",
                f"LibreOffice did not finish converting “{path.name}” in {TIMEOUT} seconds; save it as .{target} "
                "and check it again",
            ) from exc
        except OSError as exc:
            why = exc.strerror or exc
            raise ReadError(f"无法运行 LibreOffice（{program}）：{why}。", f"cannot run LibreOffice ({program}): {why}") from exc
        result = work / "out" / f"source.{target}"
        if not result.exists():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            detail, detail_en = (f"（{said[-1]}）", f" ({said[-1]})") if said else ("", "")
            raise ReadError(
                f"LibreOffice 无法转换“{path.name}”{detail}：文件可能已损坏、设有密码，或不是真正的 Word/Excel 文件。",
                f"LibreOffice cannot convert “{path.name}”{detail_en}: the file may be damaged, password-protected "
                "or not really a Word/Excel file",
            )
        return result.read_bytes()


def read_legacy(path: Path, data: bytes) -> Report:
    """Convert a legacy file and read the result; the report keeps the original path."""
    kind = content_kind(data)
    sheet = kind == "ole-excel" or (kind != "ole-word" and path.suffix.lower() in _SPREADSHEETS)
    target = "xlsx" if sheet else "docx"
    converted = convert(path, data, target)
    report = read_xlsx(path, converted) if sheet else read_docx(path, converted)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps", ".xls", ".et"):
        note = Note(f"由 LibreOffice 从 {suffix} 转换为 .{target} 后读取", f"converted from {suffix} to .{target} by LibreOffice")
    else:
        what = "Excel" if sheet else "Word"
        note = Note(
            f"文件实为旧版 {what} 格式（扩展名却是 {suffix or '空'}），由 LibreOffice 转换为 .{target} 后读取",
            f"the file is in the legacy {what} format (named {suffix or 'without a suffix'}); "
            f"converted to .{target} by LibreOffice",
        )
    return dataclasses.replace(report, notes=(*report.notes, note))


pfaudit_read = reader_hook("legacy", read_legacy, "Read a legacy Word/Excel/WPS report via LibreOffice; None for anything else.")
