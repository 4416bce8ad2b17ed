"""Auditing a batch of files, in this process or across worker processes.

One file's failure never stops a batch: unreadable input and reader or extractor bugs each
become a PF01 finding for that file. Large batches are spread over worker processes (a
finance bureau's spot audit runs over thousands of reports); results come back in input
order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from auditor.check import Check
from auditor.config import Config, check_settings, checks_for, select_checks
from auditor.engine import audit, engine_finding, has_content
from auditor.errors import ReadError
from auditor.facts import Facts, extract
from auditor.findings import Finding, Location
from auditor.formats.context import with_context
from auditor.formats.run import FileResult
from auditor.formats.summary import split_checks
from auditor.model import Report
from auditor.plugins import collect_checks, make_plugin_manager
from auditor.profile import Profile, load_profile

PARALLEL_FROM = 40  # below this, starting workers costs more than it saves

# Takes what a later pass needs from a report while it is at hand (the corpus record); must
# be a module-level function, since it travels to worker processes by reference.
Keep = Callable[[Report, Facts, bytes], Any]


@dataclass(frozen=True, slots=True)
class Setup:
    """Everything a process needs to audit files: plugins, checks and their settings."""

    pm: Any
    checks: list[Check]
    config: Config
    options: dict[str, dict]
    severities: dict
    profile: Profile
    keep: Keep | None = None

    @classmethod
    def build(cls, plugins: Sequence[str], config: Config, pm: Any = None, keep: Keep | None = None) -> Setup:
        """Resolve the configuration against the plugins, loading them unless `pm` has them."""
        pm = pm if pm is not None else make_plugin_manager(plugins)
        every = collect_checks(pm)
        options, severities = check_settings(every, config)
        profile = load_profile(config.profile, config.profile_options)
        return cls(pm, select_checks(every, config), config, options, severities, profile, keep)


class Audited(NamedTuple):
    """One file's outcome; `kept` is what `Setup.keep` took from the report (None without it)."""

    result: FileResult
    findings: list[Finding]
    kept: Any = None


def unreadable(path: Path, message: str) -> tuple[FileResult, list[Finding]]:
    """The result for a file that could not be read or analysed."""
    finding = engine_finding("PF01", str(path), message, location=Location(str(path)))
    return FileResult(str(path), error=message), [finding]


def audit_file(path: Path, setup: Setup) -> tuple[FileResult, list[Finding]]:
    """Read and audit one file; any failure to read or analyse it becomes a PF01 finding."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return unreadable(path, f"无法打开文件：{exc.strerror or exc}。")
    return audit_data(path, data, setup)[:2]


def audit_data(path: Path, data: bytes, setup: Setup) -> Audited:
    """Audit one file's bytes (read here, or sent to a cluster worker); see `audit_file`."""
    # Corpus checks (those taking ``corpus``) run once per run, after every file: not here.
    mine = [c for c in checks_for(str(path), setup.checks, setup.config) if "corpus" not in c.wants]
    try:
        report = setup.pm.hook.pfaudit_read(path=path, data=data)
    except ReadError as exc:
        return Audited(*unreadable(path, str(exc)))
    except Exception as exc:  # a reader bug must not stop a batch of hundreds of files
        return Audited(*unreadable(path, f"读取时出错（{type(exc).__name__}: {exc}），未做任何检查。"))
    try:
        facts = extract(report)
        found = audit(
            report, mine, options=setup.options, severities=setup.severities, profile=setup.profile, facts=facts
        )
        found = with_context(report, found)
    except Exception as exc:  # as above: an extractor bug costs one report, not the batch
        return Audited(*unreadable(path, f"分析时出错（{type(exc).__name__}: {exc}），未做任何检查。"))
    kept, notes = None, report.notes
    try:
        kept = setup.keep(report, facts, data) if setup.keep is not None else None
    except Exception as exc:  # the report's own findings stand; it only drops out of the corpus pass
        notes = (*notes, f"未能提取跨报告检查所需的内容（{type(exc).__name__}: {exc}），本报告不参与跨报告检查")
    coverage = facts.found()
    coverage["content"] = int(has_content(facts))
    checked, not_checked = split_checks(mine, coverage)
    result = FileResult(str(path), report.encoding, report.kind, notes, coverage, None, checked, not_checked)
    return Audited(result, found, kept)


_WORKER: dict[str, Setup] = {}


def _start_worker(plugins: Sequence[str], config: Config, keep: Keep | None = None) -> None:
    _WORKER["setup"] = Setup.build(plugins, config, keep=keep)


def _work(path: Path) -> Audited:
    return _audit_path(path, _WORKER["setup"])


def _audit_path(path: Path, setup: Setup) -> Audited:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Audited(*unreadable(path, f"无法打开文件：{exc.strerror or exc}。"))
    return audit_data(path, data, setup)


def workers(requested: int, files: int) -> int:
    """How many processes to use: `requested`, or with 0 ("auto") every core for a large batch."""
    if requested > 0:
        return requested
    return min(os.cpu_count() or 1, 8) if files >= PARALLEL_FROM else 1


def audit_files(paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int) -> Iterator[Audited]:
    """Audit `paths` in order, with `jobs` worker processes when more than one."""
    if jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield _audit_path(path, setup)
        return
    # fork keeps the parent's imports, so a worker starts in milliseconds on Linux
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done = 0
    try:
        starting = (tuple(plugins), setup.config, setup.keep)
        with ProcessPoolExecutor(jobs, context, initializer=_start_worker, initargs=starting) as pool:
            for item in pool.map(_work, paths, chunksize=4):
                done += 1
                yield item
    except BrokenProcessPool:
        # A worker died (a crashing native library, memory): finish the batch in this process.
        for path in paths[done:]:
            yield _audit_path(path, setup)
