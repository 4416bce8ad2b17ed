"""Which annotated copy a file gets: Word comments, Excel notes, or else the HTML view."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.annotate.excel import annotate_xlsx
from auditor.annotate.word import annotate_docx
from auditor.engine.findings import Finding
from auditor.formats.registry import FORMATS

# A workbook and a web page are served as the xlsx and html formats say theirs are.
MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": FORMATS["xlsx"].media_type,  # type: ignore[attr-defined]
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".html": FORMATS["html"].media_type,  # type: ignore[attr-defined]
}


@dataclass(frozen=True, slots=True)
class Annotated:
    """An annotated copy: its bytes and the suffix its file name takes."""

    data: bytes
    suffix: str

    @property
    def media(self) -> str:
        """The copy's media type."""
        return MEDIA[self.suffix]


def _package(data: bytes) -> set[str]:
    """The part names of an Office (ZIP) package; empty for anything else."""
    if not data.startswith(b"PK"):
        return set()
    try:
        return set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def annotate_binary(data: bytes, findings: Sequence[Finding], lang: str = "zh", name: str = "") -> Annotated | None:
    """A .docx or .xlsx copy with every finding in it, judged by content rather than `name`.

    None when the file is neither, or a copy cannot be written (a macro-enabled .docm that
    python-docx does not open): the HTML view of the report serves instead.
    """
    parts = _package(data)
    try:
        if "word/document.xml" in parts:
            return Annotated(annotate_docx(data, findings, lang), ".docx")
        if "xl/workbook.xml" in parts:
            macros = "xl/vbaProject.bin" in parts or name.lower().endswith(".xlsm")
            return Annotated(annotate_xlsx(data, findings, lang, macros=macros), ".xlsm" if macros else ".xlsx")
    except Exception:  # python-docx and openpyxl fail in many ways on odd packages; each means "no copy"
        return None
    return None
