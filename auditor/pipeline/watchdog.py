"""The backstop of the per-file limits: each file audited in a child process that can be stopped.

A `Watchdog` keeps one child process, forked from the process that owns it, and hands it one
file at a time. The child runs `auditor.pipeline.audit.audit_path` (or `audit_bytes`) under an
address-space ceiling (``RLIMIT_AS``, `Limits.memory`); the watchdog waits for the result at
most `Limits.time` seconds, plus each scanned page's OCR budget as the reader grants it. A child that overruns is killed with everything it started
(LibreOffice) and the file gets a PF01 finding that names the time limit; a child that dies
(a crashing native library, the kernel's OOM killer) is given one more try in a fresh child,
then gets a finding that says so. The next file gets a fresh child. The child outlives files it audits normally, so imports and lazily loaded
dictionaries are paid once.

It composes with any pool: the serial path of `auditor.pipeline.batch` owns one watchdog, and each pool
or Dask worker owns its own (a watchdog per worker), so one hostile file stops one child and
the rest of the batch goes on. Where ``fork`` is missing the file is audited in-process, with
the readers' limits only.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing import Pipe
from pathlib import Path
from typing import Any

from auditor.pipeline.audit import Setup, audit_bytes, audit_path, unreadable
from auditor.pipeline.ceiling import Watch, cap_memory, crowded, wait
from auditor.pipeline.result import FileResult
from auditor.readers.limits import Limits, listen, memory_exceeded, size, time_exceeded
from auditor.report.errors import ReadError

CAN_FORK = hasattr(os, "fork") and hasattr(os, "setsid")
FULL = object()  # what `Watchdog._wait` answers for a child that reached its memory ceiling
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when the thread that made it ends


def die_with_parent(parent: int) -> None:
    """End this process as soon as `parent` (the process that started it) ends, however it ends.

    A child in a session of its own gets no Ctrl-C and outlives a killed parent; on Linux the
    kernel sends it SIGKILL when the parent goes, elsewhere a thread watches for the parent.
    """
    try:
        import ctypes

        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError, ImportError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the request took hold
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _serve(connection: Any, setup: Setup, parent: int) -> None:
    """The child: audit each job received and send back its result, until told to stop."""
    os.setsid()  # a process group of its own: stopping the child stops what it started
    die_with_parent(parent)  # ... so it must not outlive the parent that would stop it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash here is reported as the file's finding, not as a dump
    if setup.config.limits.memory:
        cap_memory(setup.config.limits.memory)
    # What a reader tells (OCR's time for each page) goes to the parent between results.
    listen(lambda event, value: connection.send(("tell", event, value)))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, name, data = job
        if kind == "call":  # another command's work on a file (`pfaudit read`), under the same limits
            result = data(name, setup)
        else:
            result = audit_path(name, setup) if kind == "path" else audit_bytes(data, name, setup)
        connection.send(result)


class Watchdog:
    """Audit files one at a time in a child process, under the setup's time and memory limits."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.limits: Limits = setup.config.limits
        self._child: tuple[int, Any] | None = None  # (pid, connection)

    @property
    def guarded(self) -> bool:
        """Whether files go to a child (fork is there and some time or memory limit is set)."""
        return CAN_FORK and bool(self.limits.time or self.limits.memory)

    def audit_path(self, path: Path) -> FileResult:
        """`auditor.pipeline.audit.audit_path` in the child, or the finding that says why it gave none."""
        if not self.guarded:
            return audit_path(path, self.setup)
        return self._run(("path", path, None), path)

    def audit_bytes(self, data: bytes, name: str | Path) -> FileResult:
        """`auditor.pipeline.audit.audit_bytes` in the child, likewise."""
        if not self.guarded:
            return audit_bytes(data, name, self.setup)
        return self._run(("bytes", name, data), name)

    def run(self, function: Callable[[Path, Setup], Any], path: Path) -> Any:
        """``function(path, setup)`` in the child (a module's function: it is sent by name), or the
        PF01 result that says why it gave none; ``function`` itself turns a file's failure into one."""
        if not self.guarded:
            return function(path, self.setup)
        return self._run(("call", path, function), path)

    def _start(self) -> tuple[int, Any]:
        ours, theirs = Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: serve, then leave without running the parent's exit handlers
            code = 0
            try:
                ours.close()
                _serve(theirs, self.setup, parent)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        return pid, ours

    def _run(self, job: tuple, name: str | Path, attempts: int = 2) -> FileResult:
        if self._child is not None and self._exited():
            self._child = None  # it died between files (killed from outside): this file is not to blame
        if self._child is None:
            self._child = self._start()
        connection = self._child[1]
        try:
            connection.send(job)
            result = self._wait(connection, Watch(self._child[0]) if self.limits.memory else None)
            if result is None or result is FULL:
                self._stop()
                return self._refused(name, memory_exceeded(self.limits) if result is FULL else time_exceeded(self.limits))
        except (EOFError, OSError):
            death = self._death()
            # NOTE: a death may not be the file's doing (the OOM killer chose this child for
            # another process's memory): one more try in a fresh child before blaming the file.
            return self._run(job, name, attempts - 1) if attempts > 1 else self._refused(name, death)
        if isinstance(result, FileResult) and result.error == str(memory_exceeded(self.limits)):
            self._stop()  # a heap that hit the ceiling is not trusted with the next file
        elif self.limits.memory and self._child is not None and crowded(self._child[0]):
            self._stop()  # nor one a big file left mapped near it: the next file would start at the ceiling
        return result

    def _wait(self, connection: Any, watch: Watch | None) -> FileResult | object | None:
        """The child's result, None at the time limit, or `FULL` when it reached its memory ceiling.

        OCR's page budgets move the time limit on.
        """
        deadline = time.monotonic() + self.limits.time if self.limits.time else None
        while True:
            state = wait(connection, deadline, watch)
            if state != "ready":
                return FULL if state == "full" else None
            message = connection.recv()
            if not (isinstance(message, tuple) and message[:1] == ("tell",)):
                return message
            if message[1] == "grant" and deadline is not None:
                deadline += float(message[2])

    def _exited(self) -> bool:
        assert self._child is not None
        with contextlib.suppress(ChildProcessError):
            return os.waitpid(self._child[0], os.WNOHANG)[0] != 0
        return True

    def _death(self) -> ReadError:
        """Why the child ended without a result, in words: its signal, and the memory ceiling if set."""
        status = self._stop()
        signalled = status is not None and os.WIFSIGNALED(status)
        how = signal.Signals(os.WTERMSIG(status)).name if signalled else "无结果"
        how_en = how if signalled else "no result"
        if self.limits.memory:
            cap = size(self.limits.memory)
            return ReadError(
                f"检查这个文件时工作进程意外退出（{how}），多半是所需内存超过上限（{cap}），也可能是文件损坏或构造异常；未做任何检查。",
                f"the worker process died auditing this file ({how_en}), most likely over the memory limit ({cap}), "
                "or the file is damaged or crafted; nothing was checked",
            )
        return ReadError(
            f"检查这个文件时工作进程意外退出（{how}），文件可能已损坏或构造异常；未做任何检查。",
            f"the worker process died auditing this file ({how_en}); the file may be damaged or crafted; nothing was checked",
        )

    def _refused(self, name: str | Path, error: ReadError) -> FileResult:
        return unreadable(name, str(error), self.setup, error.en)

    def _stop(self) -> int | None:
        """Kill the child and its group, reap it, and return its wait status."""
        if self._child is None:
            return None
        pid, connection = self._child
        self._child = None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        connection.close()
        for _ in range(200):  # the kill is immediate; the wait is for the kernel to reap it
            with contextlib.suppress(ChildProcessError):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return status
                time.sleep(0.005)
                continue
            return None
        return None

    def close(self) -> None:
        """Let the child finish and reap it."""
        if self._child is None:
            return
        pid, connection = self._child
        self._child = None
        with contextlib.suppress(OSError, ValueError):
            connection.send(None)
        connection.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def __enter__(self) -> Watchdog:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        # NOTE: leaving on an exception (Ctrl-C, a consumer that stopped early) must not wait
        # for the file at hand, which may take up to the time limit: the child is killed.
        if kind is None:
            self.close()
        else:
            self._stop()
