"""The stages of a run around the per-file audits: which executor audits the files, the corpus pass, the history.

`auditor.run.run.gather` calls `audit_all` instead of the process pool alone, then
`corpus_pass` once every file is done: it reads the history and runs the corpus checks over
this run and the history. The run is written to the history after its output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.corpus.bridge import FileResult, Setup, audit_files, corpus_checks, run_corpus_checks, shown
from auditor.corpus.corpus import Corpus
from auditor.corpus.record import Record
from auditor.engine.findings import Finding
from auditor.engine.project import install_command
from auditor.report.errors import ConfigError

if TYPE_CHECKING:
    from auditor.run.db import History

EXECUTORS = ("process", "dask")


def url_of(value: str, root: Path | None = None) -> str:
    """A database URL from ``--db`` or ``db =``: a URL as it is, a file name as SQLite (relative to `root`)."""
    if "://" in value:
        return value
    path = Path(value).expanduser()
    if root is not None and not path.is_absolute():
        path = root / path
    return f"sqlite:///{path.resolve()}"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for another database or an in-memory one)."""
    if not url.startswith("sqlite:"):
        return None
    try:
        from sqlalchemy.engine import make_url  # only with --db
    except ImportError:  # open_history says which extra to install, as one line
        return None
    try:
        name = make_url(url).database
    except Exception:  # a malformed URL is History.open's to explain
        return None
    return Path(name) if name and name != ":memory:" else None


def open_history(url: str) -> History:
    """Open the audit history, or say which extra to install when SQLAlchemy is missing."""
    try:
        from auditor.run.db import History  # SQLAlchemy and Alembic: only with --db
    except ImportError as exc:
        raise _needs_corpus("审计历史（--db）", "the audit history (--db)", exc) from exc
    return History.open(url)


def _needs_corpus(zh: str, en: str, exc: ImportError) -> ConfigError:
    """The usage error for a feature whose optional libraries are missing: what to install, how."""
    command = install_command("corpus")
    missing = exc.name or str(exc)
    return ConfigError(
        f"{zh}需要先安装 pfaudit 的 corpus 组件（缺少 {missing}）：{command}",
        f"{en} needs pfaudit's corpus extra ({missing} is missing): {command}",
    )


def compares(files: int, db: str | None) -> bool:
    """Whether a run has reports to compare: several of them, or a history."""
    return files > 1 or db is not None


def wanted(setup: Setup, files: int, db: str | None) -> bool:
    """Whether this run has a corpus to look at: several reports, or a history to compare with."""
    return bool(corpus_checks(setup.checks)) and compares(files, db)


def audit_all(
    paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int, executor: str, scheduler: str | None
) -> Iterator[FileResult]:
    """Every file audited in input order, by the local process pool or by a Dask cluster."""
    if scheduler and executor != "dask":
        raise ConfigError("--scheduler 只能与 --executor dask 一起使用", "--scheduler goes with --executor dask only")
    if executor == "dask":
        try:
            from auditor.run.executor import dask_audit_files  # distributed: only for a cluster run
        except ImportError as exc:
            raise _needs_corpus("Dask 集群（--executor dask）", "the Dask cluster (--executor dask)", exc) from exc
        return dask_audit_files(paths, setup, plugins, jobs, scheduler)
    return audit_files(paths, setup, plugins, jobs)


def records(files: Sequence[FileResult]) -> dict[str, Record]:
    """The record `Setup.keep` took from each readable file, by path, in input order."""
    return {f.path: f.kept for f in files if f.kept is not None}


def corpus_pass(
    setup: Setup, files: list[FileResult], history: History | None
) -> tuple[list[FileResult], list[Finding]]:
    """Run the corpus checks over this run's records and the history; mark them as run per file.

    :param files: the run's results, audited with ``Setup.keep`` set to `make_record`.
    :param history: an open `auditor.run.db.History`, or None.
    :returns: the files with the corpus checks listed as run, and the corpus findings that
        the configuration does not ignore for their path.
    """
    kept = records(files)
    earlier = history.load() if history is not None else []
    corpus = Corpus.of(list(kept.values()), earlier)
    found = run_corpus_checks(
        corpus, setup.checks, options=setup.options, severities=setup.severities, profile=setup.profile
    )
    codes = tuple(c.code for c in corpus_checks(setup.checks))
    marked = [dataclasses.replace(f, checked=f.checked + codes) if f.path in kept else f for f in files]
    return marked, list(shown(found, setup.config))
