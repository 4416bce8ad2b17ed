"""The corpus view's one door into the per-report engine: every engine call it makes is here.

Each report goes through the one audit call (`auditor.pipeline.audit_path` in the process
pool, `audit_bytes` on a cluster worker) with ``Setup.keep`` set to `make_record`, so its
record comes back on the `FileResult`; the rest of ``auditor.corpus`` imports engine names
from this module only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from auditor.batch import audit_files, workers
from auditor.check import Check
from auditor.config import Config
from auditor.coverage import has_content
from auditor.engine import CHECK_CRASHED, crash_messages, engine_finding
from auditor.findings import Finding, Location, Severity
from auditor.pipeline import Setup, audit_bytes, load, shown, unreadable
from auditor.profile import Profile
from auditor.result import RISK_WEIGHTS, FileResult, Run, counts, fingerprint, risk_score
from auditor.watchdog import Watchdog

__all__ = [
    "RISK_WEIGHTS",
    "FileResult",
    "Run",
    "Setup",
    "Watchdog",
    "audit_bytes",
    "audit_files",
    "corpus_checks",
    "counts",
    "fingerprint",
    "has_content",
    "load",
    "risk_score",
    "run_corpus_checks",
    "shown",
    "unreadable",
    "worker_setup",
    "workers",
]


def corpus_checks(checks: Iterable[Check]) -> list[Check]:
    """The enabled checks that run once per run over the corpus (they take ``corpus``)."""
    return [c for c in checks if c.per_run]


def worker_setup(plugins: Sequence[str], config: Config, keep: Any, keep_report: bool) -> Setup:
    """A worker's own setup: plugins loaded in the worker, the rest as `Setup.portable` sent it."""
    return Setup.build(plugins, config, keep=keep, keep_report=keep_report)


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
            # A corpus check locates its own findings from the records: only the stamp is left.
            out += [
                check.stamp(f, severities.get(check.code)) for f in check.run(context, options.get(check.code, {}))
            ]
        except Exception as exc:
            if strict:
                raise
            path = corpus.reports[0].path if corpus.reports else ""
            message, message_en = crash_messages(check, exc, ("跨报告检查", "cross-report check"))
            crashed = engine_finding(
                CHECK_CRASHED, path, message, location=Location(path), severity=severities.get("PF00"), message_en=message_en
            )
            out.append(crashed)
    return sorted(out, key=Finding.sort_key)
