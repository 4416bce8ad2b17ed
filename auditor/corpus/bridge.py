"""The corpus view's one door into the per-report engine: every engine call it makes is here.

The engine is being reshaped (one audit call; the result model leaving ``formats``), so the
rest of ``auditor.corpus`` imports engine names from this module only; re-pointing them is
a change to this file alone.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from auditor.batch import Audited, Setup, audit_data, audit_files, unreadable, workers
from auditor.check import Check
from auditor.config import Config
from auditor.engine import engine_finding
from auditor.findings import Finding, Location, Severity
from auditor.formats.run import FileResult, Run
from auditor.formats.summary import RISK_WEIGHTS, counts, risk_score
from auditor.formats.tabular import _sheet as sheet  # NOTE: the xlsx format's sheet writer, shared by the register
from auditor.profile import Profile

__all__ = [
    "RISK_WEIGHTS",
    "Audited",
    "FileResult",
    "Run",
    "Setup",
    "audit_bytes",
    "audit_files",
    "corpus_checks",
    "counts",
    "risk_score",
    "run_corpus_checks",
    "sheet",
    "unreadable",
    "workers",
]


def corpus_checks(checks: Iterable[Check]) -> list[Check]:
    """The enabled checks that run once per run over the corpus (they take ``corpus``)."""
    return [c for c in checks if "corpus" in c.wants]


def audit_bytes(path: Path, data: bytes, setup: Setup) -> Audited:
    """Audit one file's bytes with its record kept: what a cluster worker runs per file."""
    return audit_data(path, data, setup)


def worker_setup(plugins: Sequence[str], config: Config, keep: Any) -> Setup:
    """A worker's own setup: plugins loaded in the worker, the configuration sent to it."""
    return Setup.build(plugins, config, keep=keep)


def _finish(check: Check, finding: Finding, severity: Severity | None) -> Finding:
    # A corpus check locates its own findings from the records; the rest is the engine's to fill.
    return dataclasses.replace(
        finding,
        code=check.code,
        name=check.name,
        category=check.category,
        severity=severity or finding.severity or check.severity,
    )


def run_corpus_checks(
    corpus: Any,
    checks: Iterable[Check],
    *,
    options: dict[str, dict] | None = None,
    severities: dict[str, Severity] | None = None,
    profile: Profile | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Run the corpus checks once over `corpus`; a check that raises becomes one PF00 finding."""
    context = {"corpus": corpus, "profile": profile}
    options, severities = options or {}, severities or {}
    out: list[Finding] = []
    for check in corpus_checks(checks):
        try:
            out += [
                _finish(check, f, severities.get(check.code)) for f in check.run(context, options.get(check.code, {}))
            ]
        except Exception as exc:
            if strict:
                raise
            where = traceback.extract_tb(exc.__traceback__)[-1]
            path = corpus.reports[0].path if corpus.reports else ""
            message = f"跨报告检查 {check.code} {check.name} 运行出错（{type(exc).__name__}: {exc}，{where.filename}:{where.lineno}），本项未检查。"
            out.append(engine_finding("PF00", path, message, location=Location(path)))
    return sorted(out, key=Finding.sort_key)
