"""The one door from the web page and ``--annotate`` into the engine.

Everything the page and the annotated copies need from the engine passes through here:
building a `Setup`, auditing one file while keeping its `Report` (the page draws the report
itself, not just its findings), the result types the formats render, and the formats.
NOTE: the engine is being reshaped into a single audit call (read → facts → checks →
located findings and coverage); when it lands, `audit` below is the function to re-point,
and the re-exported names the imports to update. Nothing else in `auditor.web` or
`auditor.annotate` imports the engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

import auditor
from auditor.batch import Setup, audit_file, unreadable
from auditor.config import Config, ignored, load_config, validate
from auditor.findings import Finding, Location
from auditor.formats.run import FileResult, Run, message, place
from auditor.formats.summary import coverage_warning
from auditor.formats.words import category_label, severity_label
from auditor.model import Report
from auditor.plugins import BUILTIN, collect_formats
from auditor.profile import builtin_profiles, load_profile

__all__ = [
    "BUILTIN",
    "Audited",
    "FileResult",
    "Finding",
    "Location",
    "Report",
    "Run",
    "Setup",
    "audit",
    "category_label",
    "coverage_warning",
    "formats",
    "keep_reports",
    "make_run",
    "make_setup",
    "message",
    "place",
    "profiles",
    "refused",
    "relabel",
    "severity_label",
]

hookimpl = pluggy.HookimplMarker("pfaudit")
_KEEPER = "pfaudit-web-keeper"


@dataclass(frozen=True, slots=True)
class Audited:
    """One audited file: its report (None when it could not be read), result and findings."""

    report: Report | None
    result: FileResult
    findings: list[Finding]


class Keeper:
    """A plugin that wraps ``pfaudit_read`` and keeps each report it returns, by path."""

    def __init__(self) -> None:
        self.reports: dict[str, Report] = {}

    @hookimpl(wrapper=True)
    def pfaudit_read(self, path: Path, data: bytes):
        """Pass the read through unchanged and remember the report."""
        report = yield
        if report is not None:
            self.reports[str(path)] = report
        return report

    def pop(self, path: str) -> Report | None:
        """The report read for `path`, forgotten once returned."""
        return self.reports.pop(path, None)


def keep_reports(pm: pluggy.PluginManager) -> Keeper:
    """Register (once) and return the keeper of `pm`, so an audit leaves its reports behind."""
    keeper = pm.get_plugin(_KEEPER)
    if keeper is None:
        keeper = Keeper()
        pm.register(keeper, name=_KEEPER)
    return keeper


def make_setup(profile: str, config_path: Path | None = None) -> Setup:
    """The setup the CLI would build for this configuration file and profile."""
    config: Config = load_config(config_path)
    config.profile = profile
    validate(config)
    return Setup.build((), config)


def profiles() -> list[tuple[str, str]]:
    """Every built-in regional profile as ``(name, description)``, national first."""
    names = sorted(builtin_profiles(), key=lambda n: (n != "national", n))
    return [(n, load_profile(n).description) for n in names]


def audit(path: Path, setup: Setup) -> Audited:
    """Audit one file exactly as ``pfaudit FILE`` does, keeping the report it read."""
    keeper = keep_reports(setup.pm)
    result, found = audit_file(path, setup)
    found = [f for f in found if not ignored(f.code, f.name, f.category, f.path, setup.config)]
    return Audited(keeper.pop(str(path)), result, found)


def refused(name: str, message: str, message_en: str) -> Audited:
    """A file that was not audited (too large, unsupported, stopped), as the CLI shows an unreadable one."""
    result, found = unreadable(Path(name), message)
    return Audited(None, result, [dataclasses.replace(f, message_en=message_en) for f in found])


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
    result = dataclasses.replace(audited.result, path=name, error=words(audited.result.error))
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
