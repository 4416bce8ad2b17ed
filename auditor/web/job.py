"""What a child process does with one uploaded file: audit it, draw it, annotate a copy.

Everything returned is plain data that pickles: the result, the findings, the drawn report
and what was read from its forms (``pfaudit read``'s JSON shape: strings, numbers, lists);
the annotated copy is written beside the upload, in the request's private folder, and only
its name is returned. The report and its facts stay in the child.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.annotate.copy import MEDIA, Annotated, annotate_binary
from auditor.annotate.report_view import ReportView, build_view
from auditor.annotate.scan_view import scan_views
from auditor.annotate.word import covered_cells
from auditor.web.bridge import FileResult, Finding, Report, Setup, audit_with_report, make_setup, page_images, relabel


@dataclass(frozen=True, slots=True)
class Copy:
    """An annotated copy written to a file; it answers as `auditor.annotate.copy.Annotated` does."""

    path: Path
    suffix: str

    @property
    def data(self) -> bytes:
        """The copy's bytes, read when it is downloaded."""
        return self.path.read_bytes()

    @property
    def media(self) -> str:
        """The copy's media type."""
        return MEDIA[self.suffix]


@dataclass(frozen=True, slots=True)
class Checked:
    """One file as the page shows it."""

    name: str
    result: FileResult
    findings: tuple[Finding, ...]
    view: ReportView
    annotated: Annotated | Copy | None = None  # a Word or Excel copy with comments; None: the HTML view serves
    reading: dict[str, Any] | None = None  # what was read from its forms; None: the file was not read


@lru_cache(maxsize=8)
def _setup(profile: str, config: str | None) -> Setup:
    return make_setup(profile, Path(config) if config else None, reading=True)


def check_upload(path: str, name: str, profile: str, config: str | None, lang: str, declarations: tuple = ()) -> Checked:
    """Audit the file at `path` (a private temporary file) and present it as `name`.

    :param declarations: declarations of the other uploads its self-evaluation answers to
        (`auditor.pairs.document.Document`): the comparison is made, and marked, with the report at hand.
    """
    setup = _setup(profile, config)
    if declarations:
        setup = dataclasses.replace(setup, declarations=tuple(declarations))
    where = Path(path)
    audited = relabel(audit_with_report(where, setup), where, name)
    annotated, covered = None, set()
    if audited.report is not None:
        data = where.read_bytes()
        made = annotate_binary(data, audited.findings, lang, name)
        if made is not None:
            # NOTE: the copy stays a file beside the upload, in the request's private folder: a
            # Word document's pictures never travel to the server process or sit in its memory.
            annotated = Copy(where.with_name(f"{where.stem}-annotated{made.suffix}"), made.suffix)
            handle = os.open(annotated.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(made.data)
            if made.suffix == ".docx":
                covered = covered_cells(data)  # python-docx opened it once already: it opens again
    view = with_scans(build_view(audited.report, audited.findings, covered), audited.report, audited.findings, where)
    return Checked(name, audited.result, tuple(audited.findings), view, annotated, audited.reading)


def with_scans(view: ReportView, report: Report | None, findings: Sequence[Finding], path: Path) -> ReportView:
    """The view with a scan's pages as pictures, each finding boxed where OCR read it."""
    scanned = sorted({a.page for a in report.anchors if a.ocr and a.page}) if report is not None else []
    if not scanned:
        return view
    return dataclasses.replace(view, scans=scan_views(findings, page_images(path.read_bytes(), scanned)))
