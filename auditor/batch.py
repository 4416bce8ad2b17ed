"""Auditing a batch of files, in this process or across worker processes.

Each file goes through `auditor.pipeline.audit_path`, so one file's failure is a PF01
finding for it and never stops the batch; a `auditor.watchdog.Watchdog` (one per worker)
runs it in a child process under the per-file time and memory limits. Large batches are spread over worker processes
(a finance bureau's spot audit runs over thousands of reports); results come back in input
order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from auditor.config import Config
from auditor.pipeline import Keep, Setup
from auditor.result import FileResult
from auditor.watchdog import Watchdog

PARALLEL_FROM = 40  # below this, starting workers costs more than it saves

_WORKER: dict[str, Watchdog] = {}


def _start_worker(plugins: Sequence[str], config: Config, keep: Keep | None, keep_report: bool) -> None:
    _WORKER["watchdog"] = Watchdog(Setup.build(plugins, config, keep=keep, keep_report=keep_report))


def _inherit_setup(setup: Setup) -> None:
    # NOTE: a forked worker is handed the parent's setup as it is (fork passes initargs
    # without pickling), so it does not load the plugins and resolve the settings again.
    _WORKER["watchdog"] = Watchdog(setup)


def _work(path: Path) -> FileResult:
    return _WORKER["watchdog"].audit_path(path)


def workers(requested: int, files: int) -> int:
    """How many processes to use: `requested`, or with 0 ("auto") every core for a large batch."""
    if requested > 0:
        return requested
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, 8) if files >= PARALLEL_FROM else 1


def audit_files(paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int) -> Iterator[FileResult]:
    """Audit `paths` in order, with `jobs` worker processes when more than one."""
    if jobs <= 1 or len(paths) < 2:
        with Watchdog(setup) as watchdog:
            for path in paths:
                yield watchdog.audit_path(path)
        return
    # fork keeps the parent's imports, so a worker starts in milliseconds on Linux
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    start, starting = (_inherit_setup, (setup,)) if fork else (_start_worker, (tuple(plugins), *setup.portable()))
    # Chunks big enough to spare a round trip per file, small enough that no worker idles at the end.
    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(jobs, context, initializer=start, initargs=starting) as pool:
            for item in pool.map(_work, paths, chunksize=chunk):
                done += 1
                yield item
    except BrokenProcessPool:
        # A worker died (a crashing native library, memory): finish the batch in this process.
        with Watchdog(setup) as watchdog:
            for path in paths[done:]:
                yield watchdog.audit_path(path)
