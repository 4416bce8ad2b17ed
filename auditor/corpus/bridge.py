"""The corpus view's one door into the per-report engine: every engine call it makes is here.

Each report goes through the one audit call (`auditor.pipeline.audit.audit_path` in the process
pool, `audit_bytes` on a cluster worker) with ``Setup.keep`` set to `make_record`, so its
record comes back on the `FileResult`; the rest of ``auditor.corpus`` imports engine names
from this module only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.engine.coverage import has_content
from auditor.engine.runner import corpus_checks, run_corpus_checks
from auditor.pipeline.audit import Setup, audit_bytes, load, shown, unreadable
from auditor.pipeline.batch import audit_files, workers
from auditor.pipeline.config import Config
from auditor.pipeline.result import RISK_WEIGHTS, FileResult, Run, counts, fingerprint, risk_score
from auditor.pipeline.watchdog import Watchdog

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


def worker_setup(plugins: Sequence[str], config: Config, keep: Any, keep_report: bool) -> Setup:
    """A worker's own setup: plugins loaded in the worker, the rest as `Setup.portable` sent it."""
    return Setup.build(plugins, config, keep=keep, keep_report=keep_report)
