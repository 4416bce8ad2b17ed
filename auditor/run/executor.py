"""Per-file audits on a Dask distributed cluster (``--executor dask [--scheduler ADDRESS]``).

The client reads each file and sends its bytes, so workers on other machines need pfaudit
installed but not the files. A worker builds its setup (plugins, checks, profile) once per
configuration and keeps it. Results come back in input order, whatever order the workers
finish in, so the output is the same as a local run. A worker that dies (out of memory, a
crashing native library) loses only the files it held: the scheduler gives them to another
worker, up to ``distributed.scheduler.allowed-failures`` times; a file that kills every
worker it meets becomes a PF01 finding for that file, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dask
from distributed import Client, Future, LocalCluster
from distributed.scheduler import KilledWorker

from auditor.corpus.bridge import FileResult, Setup, Watchdog, load, unreadable, worker_setup
from auditor.report.errors import ConfigError

RETRIES = 1  # a task that raised (not one whose worker died: the scheduler retries those) runs once more
# LocalCluster settings. A dying worker counts against every task it held, so each worker holds
# only the file it is reading (saturation 1.0): an innocent file never shares a poisoned one's fate.
ALLOWED_FAILURES = 2  # a file that took down this many workers is given up (a third attempt would too)
CLUSTER_CONFIG = {
    "distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
    "distributed.scheduler.worker-saturation": 1.0,
}
WINDOW = 8  # files in flight per worker thread: enough to keep workers busy, bounded memory

_SETUPS: dict[bytes, Setup] = {}  # per worker process: the setup for each configuration seen
_WATCHDOGS = threading.local()  # per worker thread: a watchdog for each configuration seen


def _audit(path: str, data: bytes, spec: bytes) -> FileResult:
    """Run on a worker: audit one file's bytes with the setup `spec` describes (built once).

    The file is audited by the thread's watchdog, under the per-file time and memory limits.
    """
    setup = _SETUPS.get(spec)
    if setup is None:
        plugins, *portable = pickle.loads(spec)
        setup = _SETUPS[spec] = worker_setup(plugins, *portable)
    watchdogs = _WATCHDOGS.__dict__.setdefault("by_spec", {})
    watchdog = watchdogs.get(spec) or watchdogs.setdefault(spec, Watchdog(setup))
    return watchdog.audit_bytes(data, Path(path))


@contextlib.contextmanager
def _client(scheduler: str | None, jobs: int) -> Iterator[Client]:
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"无法连接 Dask 调度器 {scheduler}：{exc}", f"cannot reach the Dask scheduler {scheduler}: {exc}"
            ) from exc
        with client:
            yield client
        return
    workers = jobs if jobs > 1 else max(2, os.cpu_count() or 2)
    with dask.config.set(CLUSTER_CONFIG):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            dashboard_address=":0", silence_logs=logging.ERROR,
        )  # fmt: skip
    with cluster, Client(cluster) as client:
        yield client


def dask_audit_files(
    paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int, scheduler: str | None
) -> Iterator[FileResult]:
    """Audit `paths` on a Dask cluster, yielding results in input order (see the module docstring)."""
    spec = pickle.dumps((tuple(plugins), *setup.portable()))
    with _client(scheduler, jobs) as client:
        window = WINDOW * max(1, sum(client.nthreads().values()))
        pending: dict[int, Future | FileResult] = {}
        submitted = 0

        def submit(n: int) -> None:
            path = paths[n]
            data = load(path, setup)  # never a FIFO or a device, never past the size limit
            if isinstance(data, FileResult):
                pending[n] = data
                return
            pending[n] = client.submit(
                _audit, str(path), data, spec, key=f"pfaudit-{n}-{os.getpid()}", pure=False, retries=RETRIES
            )

        for n in range(len(paths)):
            while submitted < len(paths) and submitted < n + window:
                submit(submitted)
                submitted += 1
            yield _result(paths[n], pending.pop(n), setup)


def _result(path: Path, outcome: Any, setup: Setup) -> FileResult:
    if isinstance(outcome, FileResult):
        return outcome
    try:
        return outcome.result()
    except KilledWorker:
        message = "检查这个文件时 Dask 工作进程多次退出（内存不足或程序崩溃），已放弃，未做任何检查。"
        return unreadable(path, message, setup, "Dask workers died several times on this file (memory or a crash); nothing was checked")
    except Exception as exc:  # a task that failed twice costs its file, never the batch
        why = f"{type(exc).__name__}: {exc}"
        return unreadable(path, f"在 Dask 集群上检查时出错（{why}），未做任何检查。", setup, f"checking on the Dask cluster failed ({why}); nothing was checked")
