"""The one door from the web page into the engine.

Everything the page needs from the engine passes through here:
building a `Setup`, auditing one file with the one audit call (`auditor.pipeline.audit.audit_path`,
asked to hand back its `Report`: the page draws the report itself, not just its findings,
and, for the page, what was read from its forms as ``pfaudit read`` shows it), the result
types the formats render, and the formats. Nothing else in `auditor.web` imports the
engine; `auditor.annotate` (below the page) imports only the values it marks and the
formats' words.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.engine.check import Check
from auditor.engine.findings import Finding, Location
from auditor.engine.plugins import BUILTIN, collect_checks, collect_formats, make_plugin_manager
from auditor.engine.profile import builtin_profiles, load_profile
from auditor.engine.runner import UNREADABLE_FILE, engine_finding
from auditor.facts import Facts
from auditor.formats.documents import kinds_said, pairs_said
from auditor.formats.reading import columns
from auditor.formats.registry import FORMATS, label
from auditor.formats.summary import coverage_warning
from auditor.formats.words import category_label, message, place, place_in_words, severity_label
from auditor.pairs.compare import Compared, compare
from auditor.pairs.document import Document, renamed
from auditor.pipeline.audit import Setup, audit_path
from auditor.pipeline.ceiling import Watch, cap_memory, mapped, wait
from auditor.pipeline.config import Config, load_config, validate
from auditor.pipeline.paired import wanted
from auditor.pipeline.result import FileResult, Run
from auditor.readers.limits import listen
from auditor.report.errors import ConfigError
from auditor.report.model import Report, said
from auditor.run.reading import read_report
from auditor.run.run import finish

__all__ = [
    "BUILTIN",
    "Audited",
    "FileResult",
    "Finding",
    "Location",
    "Report",
    "Run",
    "Setup",
    "Watch",
    "audit_with_report",
    "cap_memory",
    "category_label",
    "check_name",
    "columns",
    "comparisons",
    "coverage_warning",
    "formats",
    "kinds_said",
    "labelled",
    "listen",
    "make_run",
    "make_setup",
    "mapped",
    "message",
    "page_images",
    "pairs_said",
    "place",
    "place_in_words",
    "profile_title",
    "profiles",
    "reading_of",
    "refused",
    "relabel",
    "said",
    "severity_label",
    "wait",
    "wanted",
]


MAX_PAGE_IMAGES = 40  # pages drawn for one scan: enough for a report, bounded for a hostile file


@dataclass(frozen=True, slots=True)
class Audited:
    """One audited file: its report (None when it could not be read), result and findings.

    `reading` is what was read from its forms, as ``pfaudit read --format json`` gives it
    (plain data), when the setup asked for it and the file could be read; else None.
    """

    report: Report | None
    result: FileResult
    findings: list[Finding]
    reading: dict[str, Any] | None = None


def reading_of(report: Report, facts: Facts | None = None) -> dict[str, Any] | None:
    """What was read from the report's forms, as ``pfaudit read --format json`` gives it; None if that failed."""
    try:
        return read_report(report, facts)
    except Exception:  # NOTE: the findings stand without it; the page then shows no "as read" section
        return None


def _read_back(report: Report, facts: Facts, data: bytes) -> dict[str, Any] | None:
    """`Setup.keep` for the page: the reading, taken while the report and its facts are at hand."""
    return reading_of(report, facts)


def make_setup(profile: str, config_path: Path | None = None, *, reading: bool = False) -> Setup:
    """The setup the CLI would build for this configuration file and profile, keeping each report.

    :param reading: also bring back what was read from each report's forms (`Audited.reading`).
    """
    config: Config = load_config(config_path)
    config.profile = profile
    validate(config)
    return Setup.build((), config, keep=_read_back if reading else None, keep_report=True)


def profiles(lang: str = "zh") -> list[tuple[str, str]]:
    """Every built-in regional profile as ``(name, label)``, national first; the label in `lang`."""
    names = sorted(builtin_profiles(), key=lambda n: (n != "national", n))
    return [(n, load_profile(n).label(lang)) for n in names]


def profile_title(name: str, lang: str = "zh") -> str:
    """A profile's title as people know it (全国默认, 四川), the name when it has none."""
    try:
        profile = load_profile(name)
    except ConfigError:
        return name
    return (profile.title_en if lang == "en" else profile.title) or name


@functools.cache
def _builtin_checks() -> dict[str, Check]:
    return {c.code: c for c in collect_checks(make_plugin_manager())}


def check_name(code: str, lang: str = "zh") -> str:
    """What a check looks for, in a line (its summary), for a page that names checks; "" when unknown."""
    check = _builtin_checks().get(code)
    return check.summary_in(lang) if check is not None else ""


def audit_with_report(path: Path, setup: Setup) -> Audited:
    """Audit one file exactly as ``pfaudit FILE`` does, keeping the report it read."""
    result = audit_path(path, setup if setup.keep_report else dataclasses.replace(setup, keep_report=True))
    # The report and the reading travel apart from the result, which goes back to the page without them.
    reading = result.kept if setup.keep is _read_back else None
    return Audited(result.report, dataclasses.replace(result, report=None, kept=None), list(result.findings), reading)


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
    documents = tuple(renamed(d, old, name) for d in audited.result.documents)
    result = dataclasses.replace(
        audited.result, path=name, error=words(audited.result.error), findings=tuple(findings), documents=documents
    )
    report = dataclasses.replace(audited.report, path=name) if audited.report is not None else None
    reading = {**audited.reading, "path": name} if audited.reading is not None else None
    return Audited(report, result, findings, reading)


def comparisons(files: Sequence[FileResult]) -> dict[int, list[tuple[str, list[Compared]]]]:
    """For each file holding a paired self-evaluation: the declaration it was held against, and the rows side by side."""
    declared: list[Document] = [d for f in files for d in f.documents if d.kind == "declaration"]
    out: dict[int, list[tuple[str, list[Compared]]]] = {}
    for n, file in enumerate(files):
        for doc in file.documents:
            if doc.against is None:
                continue
            match = next((d for d in declared if d.path == doc.against_path and d.named == doc.against.text), None)
            if match is not None:
                where = "" if match.path == file.path else f"（{Path(match.path).name}）"
                out.setdefault(n, []).append((doc.against.text + where, compare(doc, match)))
    return out


def make_run(results: Sequence[FileResult], findings: Iterable[Finding], setup: Setup, lang: str) -> Run:
    """The finished run the formats render, for files audited one by one: the CLI's `finish`."""
    return finish(results, findings, setup, lang)


def labelled(names: Sequence[str], lang: str) -> list[tuple[str, str]]:
    """Built-in formats by name, each with what a person calls it in `lang` (the download links)."""
    return [(name, label(name, FORMATS[name], lang)) for name in names]


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
