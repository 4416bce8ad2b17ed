"""Auditing a batch of files, in this process or across worker processes.

Each file goes through `auditor.pipeline.audit.audit_path`, so one file's failure is a PF01
finding for it and never stops the batch; a `auditor.pipeline.watchdog.Watchdog` (one per worker)
runs it in a child process under the per-file time and memory limits. Large batches are spread over worker processes
(a finance bureau's spot audit runs over thousands of reports); results come back in input
order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from auditor.pipeline.audit import Keep, Setup
from auditor.pipeline.config import Config
from auditor.pipeline.result import FileResult
from auditor.pipeline.watchdog import Watchdog, die_with_parent

PARALLEL_FROM = 40  # below this, starting workers costs more than it saves

_WORKER: dict[str, Watchdog] = {}


def _worker_signals(parent: int) -> None:
    # Ctrl-C is the parent's to handle (it stops the workers); a worker ends with its parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def _start_worker(parent: int, plugins: Sequence[str], config: Config, keep: Keep | None, keep_report: bool) -> None:
    _worker_signals(parent)
    _WORKER["watchdog"] = Watchdog(Setup.build(plugins, config, keep=keep, keep_report=keep_report))


def _inherit_setup(parent: int, setup: Setup) -> None:
    # NOTE: a forked worker is handed the parent's setup as it is (fork passes initargs
    # without pickling), so it does not load the plugins and resolve the settings again.
    _worker_signals(parent)
    _WORKER["watchdog"] = Watchdog(setup)


def _work(path: Path) -> FileResult:
    return _WORKER["watchdog"].audit_path(path)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers (their watchdogs' children die with them) instead of letting them finish."""
    # NOTE: the executor has no public way to stop running work before Python 3.14's
    # terminate_workers(); its process table is the one handle on the workers.
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


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
    parent = os.getpid()
    start, starting = (_inherit_setup, (parent, setup)) if fork else (_start_worker, (parent, tuple(plugins), *setup.portable()))
    # Chunks big enough to spare a round trip per file, small enough that no worker idles at the end.
    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(jobs, context, initializer=start, initargs=starting) as pool:
            try:
                for item in pool.map(_work, paths, chunksize=chunk):
                    done += 1
                    yield item
            except (KeyboardInterrupt, GeneratorExit):
                _stop_now(pool)
                raise
    except BrokenProcessPool:
        # A worker died (a crashing native library, memory): finish the batch in this process.
        with Watchdog(setup) as watchdog:
            for path in paths[done:]:
                yield watchdog.audit_path(path)
