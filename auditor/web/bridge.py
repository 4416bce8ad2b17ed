"""The one door from the web page and ``--annotate`` into the engine.

Everything the page and the annotated copies need from the engine passes through here:
building a `Setup`, auditing one file with the one audit call (`auditor.pipeline.audit_path`,
asked to hand back its `Report`: the page draws the report itself, not just its findings),
the result types the formats render, and the formats. Nothing else in `auditor.web` or
`auditor.annotate` imports the engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import auditor
from auditor.config import Config, load_config, validate
from auditor.engine import UNREADABLE_FILE, engine_finding
from auditor.findings import Finding, Location
from auditor.formats.summary import coverage_warning
from auditor.formats.words import category_label, message, place, severity_label
from auditor.limits import listen
from auditor.model import Report
from auditor.pipeline import Setup, audit_path
from auditor.plugins import BUILTIN, collect_formats
from auditor.profile import builtin_profiles, load_profile
from auditor.result import FileResult, Run

__all__ = [
    "BUILTIN",
    "Audited",
    "FileResult",
    "Finding",
    "Location",
    "Report",
    "Run",
    "Setup",
    "audit_with_report",
    "category_label",
    "coverage_warning",
    "formats",
    "listen",
    "make_run",
    "make_setup",
    "message",
    "page_images",
    "place",
    "profiles",
    "refused",
    "relabel",
    "severity_label",
]


MAX_PAGE_IMAGES = 40  # pages drawn for one scan: enough for a report, bounded for a hostile file


@dataclass(frozen=True, slots=True)
class Audited:
    """One audited file: its report (None when it could not be read), result and findings."""

    report: Report | None
    result: FileResult
    findings: list[Finding]


def make_setup(profile: str, config_path: Path | None = None) -> Setup:
    """The setup the CLI would build for this configuration file and profile, keeping each report."""
    config: Config = load_config(config_path)
    config.profile = profile
    validate(config)
    return Setup.build((), config, keep_report=True)


def profiles() -> list[tuple[str, str]]:
    """Every built-in regional profile as ``(name, description)``, national first."""
    names = sorted(builtin_profiles(), key=lambda n: (n != "national", n))
    return [(n, load_profile(n).description) for n in names]


def audit_with_report(path: Path, setup: Setup) -> Audited:
    """Audit one file exactly as ``pfaudit FILE`` does, keeping the report it read."""
    result = audit_path(path, setup if setup.keep_report else dataclasses.replace(setup, keep_report=True))
    # The report travels apart from the result, which goes back to the page without it.
    return Audited(result.report, dataclasses.replace(result, report=None), list(result.findings))


def refused(name: str, message: str, message_en: str) -> Audited:
    """A file that was not audited (too large, unsupported, stopped), as the CLI shows an unreadable one."""
    finding = engine_finding(UNREADABLE_FILE, name, message, location=Location(name), message_en=message_en)
    return Audited(None, FileResult(name, error=message, findings=(finding,)), [finding])


def _location(loc: Location | None, old: str, new: str) -> Location | None:
    return dataclasses.replace(loc, path=new) if loc is not None and loc.path == old else loc


def relabel(audited: Audited, path: Path, name: str) -> Audited:
    """The same audit with the file called `name` instead of `path` (a private temporary path).

    Readers name a file in their messages, so the temporary file's name is replaced there too.
    """
    old, stem = str(path), path.name

    def words(text: str | None) -> str | None:
        return text.replace(stem, name) if text else text

    findings = [
        dataclasses.replace(
            f,
            path=name if f.path == old else f.path,
            location=_location(f.location, old, name),
            related_locations=tuple(_location(r, old, name) for r in f.related_locations),
            message=words(f.message) or "",
            message_en=words(f.message_en),
        )
        for f in audited.findings
    ]
    result = dataclasses.replace(audited.result, path=name, error=words(audited.result.error), findings=tuple(findings))
    report = dataclasses.replace(audited.report, path=name) if audited.report is not None else None
    return Audited(report, result, findings)


def make_run(results: Sequence[FileResult], findings: Iterable[Finding], setup: Setup, lang: str) -> Run:
    """The finished run the formats render, for files audited one by one."""
    ordered = sorted(findings, key=Finding.sort_key)
    threshold = {"error": 3, "warning": 2, "info": 1}.get(setup.config.fail_on, 99)
    code = int(any(f.severity.rank >= threshold for f in ordered))
    return Run(tuple(results), tuple(ordered), tuple(setup.checks), auditor.__version__, code, lang)


def formats(setup: Setup) -> dict[str, Callable[[Run], Any]]:
    """Every output format by name, from the setup's plugins."""
    return collect_formats(setup.pm)


def page_images(data: bytes, pages: Sequence[int], width: int = 900) -> dict[int, tuple[str, int, int]]:
    """Pages of a PDF (1-based) as JPEG data URIs about `width` pixels wide, with their size.

    The page shows a scan's pages with each finding boxed where OCR read its text; pages it
    cannot draw are left out (the findings stay in the list and the text).
    """
    import base64
    import io

    import pypdfium2 as pdfium

    out: dict[int, tuple[str, int, int]] = {}
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # a PDF pdfplumber read but pdfium refuses: no pictures, nothing else lost
        return out
    try:
        for n in pages[:MAX_PAGE_IMAGES]:
            try:
                page = pdf[n - 1]
                image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
            except Exception:
                continue
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=70)
            out[n] = ("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), image.width, image.height)
    finally:
        pdf.close()
    return out
