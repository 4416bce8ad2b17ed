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
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.web.bridge import BUILTIN, listen

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
    # What the readers tell (OCR's time for each page, pages read) goes to the parent as it happens.
    listen(lambda event, value: connection.send(("tell", event, value)))
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

    def run(self, function: Callable, *args: Any, on_pages: Callable[[int, int], None] | None = None) -> Any:
        """``function(*args)`` in a child process, or `Stopped` when it overran or died.

        Blocks the calling thread; the web app calls it from a worker thread. OCR's page
        budgets move the time limit on; `on_pages(done, total)` hears the pages read.
        """
        with self._slots:
            with self._lock:
                child = self._idle.pop() if self._idle else None
            child = child or _Child(self._context)
            try:
                child.connection.send((function, args))
                outcome = self._wait(child, on_pages)
                if outcome is None:
                    child.stop()
                    return Stopped("timeout", self.limit)
                status, value = outcome
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

    def _wait(self, child: _Child, on_pages: Callable[[int, int], None] | None) -> tuple | None:
        """The child's outcome, or None past the limit (moved on by each page's OCR budget)."""
        deadline = time.monotonic() + self.limit
        while True:
            if not child.connection.poll(max(0.0, deadline - time.monotonic())):
                return None
            message = child.connection.recv()
            if message[0] != "tell":
                return message
            if message[1] == "grant":
                deadline += float(message[2])
            elif message[1] == "page" and on_pages is not None:
                on_pages(*message[2])

    def close(self) -> None:
        """Stop every idle child (running ones finish their file first)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.stop()
