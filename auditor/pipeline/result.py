"""The result of auditing: `FileResult` per report, `Run` for a batch, and what they derive.

A format is a pure function of a `Run`: everything it shows is stored here or computed
here (fingerprints, counts by severity, the risk score, statistics). Putting words on
them is the formats' business.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.engine.check import Check
from auditor.engine.findings import Finding

if TYPE_CHECKING:
    from auditor.pairs.document import Document
    from auditor.report.model import Report

# Risk weights per severity and the cap; see `risk_score`.
RISK_WEIGHTS = {"error": 10, "warning": 3, "info": 1}
RISK_CAP = 100


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one input file: how it was read, which facts it yielded, what ran.

    `coverage` counts the facts found (``Facts.found()`` plus ``content``); `checked` and
    `not_checked` are the codes of the enabled checks that had, or lacked, the facts they
    need, and `missing_facts` the fact kinds whose absence kept them from running;
    `hidden` counts findings a baseline hid in this file; `findings` are the report's
    findings as the audit made them (sorted, before any baseline). `kept` is what
    `Setup.keep` took from the report (the corpus record) and `report` the report itself
    when `Setup.keep_report` asked for it; formats show neither. `documents` are the
    declarations and self-evaluations the file holds (`auditor.pairs.document`), each
    self-evaluation naming the declaration it was held against.
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
    findings: tuple[Finding, ...] = field(default=(), repr=False)
    kept: Any = field(default=None, repr=False, compare=False)
    report: Report | None = field(default=None, repr=False, compare=False)
    documents: tuple[Document, ...] = field(default=(), repr=False, compare=False)
    kinds: tuple[str, ...] = ()  # the kinds of document the file holds (`auditor.facts.document.KINDS`)


@dataclass(frozen=True, slots=True)
class NotInstalled:
    """Enabled checks that were not run because optional libraries they require are missing."""

    codes: tuple[str, ...]
    modules: tuple[str, ...]
    install: str  # the command that installs them (`auditor.engine.project.install_hint`)


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: every file, every finding (sorted), the enabled checks, and how to show them.

    The first six fields are the result; the rest are display choices the CLI made
    (colour, quiet, statistics, summary), the baseline's effect and the checks that could
    not run for a missing library (`not_installed`), so that a format needs nothing but the
    `Run`.
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
    not_installed: tuple[NotInstalled, ...] = ()

    def by_file(self) -> dict[str, list[Finding]]:
        """Findings grouped by path, every file present (clean ones with an empty list)."""
        grouped: dict[str, list[Finding]] = {f.path: [] for f in self.files}
        for finding in self.findings:
            grouped.setdefault(finding.path, []).append(finding)
        return grouped

    def file(self, path: str) -> FileResult:
        """The `FileResult` for a path (a bare one when a finding names an unlisted file)."""
        return next((f for f in self.files if f.path == path), FileResult(path))


def _normal(text: str) -> str:
    # NFKC folds full-width digits and punctuation; dropping whitespace ignores re-wrapping.
    return "".join(unicodedata.normalize("NFKC", text).split())


def marked(f: Finding) -> str:
    """The text under the finding's span, as far as its snippet shows it (what formats mark)."""
    loc = f.location
    if not f.snippet or loc is None or loc.line is None or loc.column is None:
        return f.snippet
    start = loc.column - 1
    if loc.end_line == loc.line and loc.end_column is not None:
        return f.snippet[start : max(loc.end_column - 1, start)]
    return f.snippet[start:]


def fingerprint(f: Finding) -> str:
    """A content hash of a finding that survives edits elsewhere in the report.

    Built from the code, the section path, the normalised snippet, the marked text and
    the value found; never from line numbers or table positions, so inserting text above
    a finding leaves its fingerprint unchanged.
    """
    section = "/".join(f.location.section) if f.location else ""
    parts = (f.code, _normal(section), _normal(f.snippet), _normal(marked(f)), _normal(f.actual or ""))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def counts(findings: Iterable[Finding]) -> Counter:
    """Findings counted by severity value (``error``, ``warning``, ``info``)."""
    return Counter(f.severity.value for f in findings)


def risk_score(findings: Iterable[Finding]) -> int:
    """A report's risk score: ``min(100, 10 × errors + 3 × warnings + 1 × infos)``.

    An error is a contradiction a reviewer must resolve, a warning needs a look and an info
    is hygiene, so ten infos weigh as much as one error. The cap keeps one very bad report
    from dwarfing the scale: 100 means "at least ten errors' worth". The score ranks
    reports for a spot audit; it is not a grade of the project.
    """
    c = counts(findings)
    return min(RISK_CAP, sum(RISK_WEIGHTS[k] * c[k] for k in RISK_WEIGHTS))


def worst(findings: Iterable[Finding]) -> Finding | None:
    """The most severe finding, the first in report order among equals."""
    best: Finding | None = None
    for f in findings:
        if best is None or f.severity.rank > best.severity.rank:
            best = f
    return best


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How often one check code was found, in all and by severity."""

    code: str
    name: str
    count: int
    error: int
    warning: int
    info: int


def statistics(findings: Iterable[Finding]) -> list[CodeCount]:
    """One `CodeCount` per code, most frequent first (ties by code)."""
    names: dict[str, str] = {}
    tally: dict[str, Counter] = {}
    for f in findings:
        names.setdefault(f.code, f.name)
        tally.setdefault(f.code, Counter())[f.severity.value] += 1
    rows = [CodeCount(code, names[code], c.total(), c["error"], c["warning"], c["info"]) for code, c in tally.items()]
    return sorted(rows, key=lambda r: (-r.count, r.code))
