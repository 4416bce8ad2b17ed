"""Run each file's check in a child process, so a file that takes too long can be stopped.

A thread cannot be stopped from outside; a process can. Children are kept between files,
because the first check in a process pays for loading the engine's dictionaries (about a
second) and the next ones do not. A child that overruns its time limit or dies is killed
with everything it started (LibreOffice) and replaced; a child is also retired after
`RECYCLE` files, so no reader's leak can grow for ever. On Linux children fork from a server
process that has the engine imported already; elsewhere they spawn.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.web.bridge import BUILTIN

# Imported once by the fork server, so children start with the engine and readers loaded.
PRELOAD = ("auditor.web.job", "docx", "openpyxl", "pdfplumber", *BUILTIN)
RECYCLE = 50  # files one child checks before it is replaced


@dataclass(frozen=True, slots=True)
class Stopped:
    """Why a child gave no result: ``"timeout"`` (stopped after `seconds`) or ``"crashed"``."""

    reason: str
    seconds: float


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def _serve(connection: Any) -> None:
    """The child's loop: run each ``(function, args)`` received and send back the outcome."""
    if hasattr(os, "setsid"):
        # A group of its own: stopping the child also stops what it started (LibreOffice).
        os.setsid()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if job is None:
            return
        function, args = job
        try:
            outcome = ("ok", function(*args))
        except Exception as exc:  # the parent turns any failure into a message for the page
            outcome = ("error", f"{type(exc).__name__}")
        connection.send(outcome)


class _Child:
    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        self.jobs = 0

    def stop(self) -> None:
        """End the child and everything in its process group, then reap it."""
        if self.process.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.kill()
        self.process.join()
        self.connection.close()


class Workers:
    """Runs functions in child processes, at most `size` at a time, each stopped after `limit` seconds."""

    def __init__(self, limit: float, size: int = 2) -> None:
        self.limit = limit
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[_Child] = []
        self._context = _context()

    def run(self, function: Callable, *args: Any) -> Any:
        """``function(*args)`` in a child process, or `Stopped` when it overran or died.

        Blocks the calling thread; the web app calls it from a worker thread.
        """
        with self._slots:
            with self._lock:
                child = self._idle.pop() if self._idle else None
            child = child or _Child(self._context)
            try:
                child.connection.send((function, args))
                if not child.connection.poll(self.limit):
                    child.stop()
                    return Stopped("timeout", self.limit)
                status, value = child.connection.recv()
            except (EOFError, OSError):
                child.stop()
                return Stopped("crashed", self.limit)
            child.jobs += 1
            if child.jobs >= RECYCLE:
                child.stop()
            else:
                with self._lock:
                    self._idle.append(child)
            return value if status == "ok" else Stopped("crashed", self.limit)

    def close(self) -> None:
        """Stop every idle child (running ones finish their file first)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.stop()
