"""The finished result every format renders: `Run` and `FileResult`, plus what they derive.

A format is a pure function of a `Run`. Everything a format shows is either stored here
or computed from what is stored here (fingerprints, places in words, messages by language).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from auditor.check import Check
from auditor.findings import Finding, Location, Severity

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one input file: how it was read, which facts it yielded, what ran.

    `coverage` counts the facts found (``Facts.found()`` plus ``content``); `checked` and
    `not_checked` are the codes of the enabled checks that had, or lacked, the facts they
    need, and `missing_facts` the fact kinds whose absence kept them from running;
    `hidden` counts findings a baseline hid in this file.
    """

    path: str
    encoding: str = ""
    kind: str = "text"
    notes: tuple[str, ...] = ()
    coverage: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    checked: tuple[str, ...] = ()
    not_checked: tuple[str, ...] = ()
    hidden: int = 0
    missing_facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: every file, every finding (sorted), the enabled checks, and how to show them.

    The first six fields are the result; the rest are display choices the CLI made
    (colour, quiet, statistics, summary) and the baseline's effect, so that a format
    needs nothing but the `Run`.
    """

    files: tuple[FileResult, ...]
    findings: tuple[Finding, ...]
    checks: tuple[Check, ...]
    version: str = "0"
    exit_code: int = 0
    lang: str = "zh"
    hidden: int = 0  # findings hidden by the baseline, over all files
    baseline: str | None = None  # the baseline file used, if any
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    summary: bool = False

    def by_file(self) -> dict[str, list[Finding]]:
        """Findings grouped by path, every file present (clean ones with an empty list)."""
        grouped: dict[str, list[Finding]] = {f.path: [] for f in self.files}
        for finding in self.findings:
            grouped.setdefault(finding.path, []).append(finding)
        return grouped

    def file(self, path: str) -> FileResult:
        """The `FileResult` for a path (a bare one when a finding names an unlisted file)."""
        return next((f for f in self.files if f.path == path), FileResult(path))


def message(f: Finding, lang: str) -> str:
    """The finding's message in the run's language; English falls back to Chinese."""
    return f.message_en if lang == "en" and f.message_en else f.message


def place(loc: Location | None, lang: str = "zh") -> str:
    """The place in words: ``35:2``, ``表1 第7行 第7列``, ``第5页``, ``Sheet!A1``, or both."""
    if loc is None:
        return ""
    line = f"{loc.line}:{loc.column}" if loc.line is not None else ""
    return " ".join(p for p in (line, anchor(loc, lang)) if p)


def anchor(loc: Location | None, lang: str = "zh") -> str:
    """The physical anchor alone (table cell, page, sheet), in the run's language."""
    return "" if loc is None else loc.anchor(lang)


def _normal(text: str) -> str:
    # NFKC folds full-width digits and punctuation; dropping whitespace ignores re-wrapping.
    return "".join(unicodedata.normalize("NFKC", text).split())


def focus(f: Finding) -> str:
    """The text under the finding's span, as far as the snippet shows it."""
    loc = f.location
    if not f.snippet or loc is None or loc.line is None or loc.column is None:
        return f.snippet
    start = loc.column - 1
    if loc.end_line == loc.line and loc.end_column is not None:
        return f.snippet[start : max(loc.end_column - 1, start)]
    return f.snippet[start:]


def fingerprint(f: Finding) -> str:
    """A content hash of a finding that survives edits elsewhere in the report.

    Built from the code, the section path, the normalised text of the line around the
    finding, the text under it and the value it found; never from line numbers or table
    positions, so inserting text above a finding leaves its fingerprint unchanged.
    """
    section = "/".join(f.location.section) if f.location else ""
    parts = (f.code, _normal(section), _normal(f.snippet), _normal(focus(f)), _normal(f.actual or ""))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
