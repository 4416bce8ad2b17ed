"""What a child process does with one uploaded file: audit it, draw it, annotate a copy.

Everything returned is plain data that pickles: the result, the findings, the drawn report
and the annotated copy's bytes. The report itself stays in the child.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.annotate.copy import Annotated, annotate_binary
from auditor.annotate.word import covered_cells
from auditor.web.bridge import FileResult, Finding, Report, Setup, audit_with_report, make_setup, page_images, relabel
from auditor.web.scanview import scan_views
from auditor.web.view import ReportView, build_view


@dataclass(frozen=True, slots=True)
class Checked:
    """One file as the page shows it."""

    name: str
    result: FileResult
    findings: tuple[Finding, ...]
    view: ReportView
    annotated: Annotated | None = None  # a Word or Excel copy with comments; None: the HTML view serves


@lru_cache(maxsize=8)
def _setup(profile: str, config: str | None) -> Setup:
    return make_setup(profile, Path(config) if config else None)


def check_upload(path: str, name: str, profile: str, config: str | None, lang: str) -> Checked:
    """Audit the file at `path` (a private temporary file) and present it as `name`."""
    setup = _setup(profile, config)
    where = Path(path)
    audited = relabel(audit_with_report(where, setup), where, name)
    annotated, covered = None, set()
    if audited.report is not None:
        data = where.read_bytes()
        annotated = annotate_binary(data, audited.findings, lang, name)
        if annotated is not None and annotated.suffix == ".docx":
            covered = covered_cells(data)  # python-docx opened it once already: it opens again
    view = with_scans(build_view(audited.report, audited.findings, covered), audited.report, audited.findings, where)
    return Checked(name, audited.result, tuple(audited.findings), view, annotated)


def with_scans(view: ReportView, report: Report | None, findings: Sequence[Finding], path: Path) -> ReportView:
    """The view with a scan's pages as pictures, each finding boxed where OCR read it."""
    scanned = sorted({a.page for a in report.anchors if a.ocr and a.page}) if report is not None else []
    if not scanned:
        return view
    return dataclasses.replace(view, scans=scan_views(findings, page_images(path.read_bytes(), scanned)))
