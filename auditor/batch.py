"""Auditing a batch of files, in this process or across worker processes.

One file's failure never stops a batch: unreadable input and reader or extractor bugs each
become a PF01 finding for that file. Large batches are spread over worker processes (a
finance bureau's spot audit runs over thousands of reports); results come back in input
order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.check import Check
from auditor.config import Config, check_settings, checks_for, select_checks
from auditor.context import with_context
from auditor.coverage import coverage, missing_facts, split_checks
from auditor.engine import audit, engine_finding
from auditor.errors import ReadError
from auditor.facts import extract
from auditor.findings import Finding, Location
from auditor.plugins import collect_checks, make_plugin_manager
from auditor.profile import Profile, load_profile
from auditor.result import FileResult

PARALLEL_FROM = 40  # below this, starting workers costs more than it saves


@dataclass(frozen=True, slots=True)
class Setup:
    """Everything a process needs to audit files: plugins, checks and their settings."""

    pm: Any
    checks: list[Check]
    config: Config
    options: dict[str, dict]
    severities: dict
    profile: Profile

    @classmethod
    def build(cls, plugins: Sequence[str], config: Config, pm: Any = None) -> Setup:
        """Resolve the configuration against the plugins, loading them unless `pm` has them."""
        pm = pm if pm is not None else make_plugin_manager(plugins)
        every = collect_checks(pm)
        options, severities = check_settings(every, config)
        profile = load_profile(config.profile, config.profile_options)
        return cls(pm, select_checks(every, config), config, options, severities, profile)


def unreadable(path: Path, message: str) -> tuple[FileResult, list[Finding]]:
    """The result for a file that could not be read or analysed."""
    finding = engine_finding("PF01", str(path), message, location=Location(str(path)))
    return FileResult(str(path), error=message), [finding]


def audit_file(path: Path, setup: Setup) -> tuple[FileResult, list[Finding]]:
    """Read and audit one file; any failure to read or analyse it becomes a PF01 finding."""
    mine = checks_for(str(path), setup.checks, setup.config)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return unreadable(path, f"无法打开文件：{exc.strerror or exc}。")
    try:
        report = setup.pm.hook.pfaudit_read(path=path, data=data)
    except ReadError as exc:
        return unreadable(path, str(exc))
    except Exception as exc:  # a reader bug must not stop a batch of hundreds of files
        return unreadable(path, f"读取时出错（{type(exc).__name__}: {exc}），未做任何检查。")
    try:
        facts = extract(report)
        found = audit(
            report, mine, options=setup.options, severities=setup.severities, profile=setup.profile, facts=facts
        )
        found = with_context(report, found)
    except Exception as exc:  # as above: an extractor bug costs one report, not the batch
        return unreadable(path, f"分析时出错（{type(exc).__name__}: {exc}），未做任何检查。")
    facts_found = coverage(facts)
    ran, skipped = split_checks(mine, facts_found)
    result = FileResult(
        str(path), report.encoding, report.kind, report.notes, facts_found, None,
        tuple(c.code for c in ran), tuple(c.code for c in skipped), missing_facts=missing_facts(skipped, facts_found),
    )  # fmt: skip
    return result, found


_WORKER: dict[str, Setup] = {}


def _start_worker(plugins: Sequence[str], config: Config) -> None:
    _WORKER["setup"] = Setup.build(plugins, config)


def _work(path: Path) -> tuple[FileResult, list[Finding]]:
    return audit_file(path, _WORKER["setup"])


def workers(requested: int, files: int) -> int:
    """How many processes to use: `requested`, or with 0 ("auto") every core for a large batch."""
    if requested > 0:
        return requested
    return min(os.cpu_count() or 1, 8) if files >= PARALLEL_FROM else 1


def audit_files(
    paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int
) -> Iterator[tuple[FileResult, list[Finding]]]:
    """Audit `paths` in order, with `jobs` worker processes when more than one."""
    if jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield audit_file(path, setup)
        return
    # fork keeps the parent's imports, so a worker starts in milliseconds on Linux
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done = 0
    try:
        with ProcessPoolExecutor(jobs, context, initializer=_start_worker, initargs=(tuple(plugins), setup.config)) as pool:
            for item in pool.map(_work, paths, chunksize=4):
                done += 1
                yield item
    except BrokenProcessPool:
        # A worker died (a crashing native library, memory): finish the batch in this process.
        for path in paths[done:]:
            yield audit_file(path, setup)
