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

from auditor.web.bridge import BUILTIN, Watch, cap_memory, listen, mapped, wait

# Imported once by the fork server, so children start with the engine and readers loaded.
PRELOAD = ("auditor.web.job", "docx", "openpyxl", "pdfplumber", *BUILTIN)
RECYCLE = 50  # files one child checks before it is replaced
RETIRE_AT = 0.75  # share of its memory ceiling past which a child is replaced after its file


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


def _serve(connection: Any, lifeline: Any, memory: int) -> None:
    """The child's loop: run each ``(function, args)`` received and send back the outcome.

    The outcome says whether the child should be retired: one that came near its memory
    ceiling is not trusted with the next file.
    """
    if hasattr(os, "setsid"):
        # A group of its own: stopping the child also stops what it started (LibreOffice).
        os.setsid()
    threading.Thread(target=_end_with_server, args=(lifeline,), daemon=True).start()
    if memory:
        cap_memory(memory)  # the CLI's ceiling: one hostile file cannot take the user's memory
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
        connection.send((*outcome, bool(memory) and mapped(os.getpid()) > memory * RETIRE_AT))


def _end_with_server(lifeline: Any) -> None:
    """Stop this child the moment the server ends, even in the middle of a file.

    NOTE: the server is not the parent of a fork server's child, and the fork server lives
    as long as any child does, so only a pipe whose other end the server alone holds tells.
    Nothing is ever written to it: it becomes readable when the server's end closes.
    """
    with contextlib.suppress(OSError, EOFError):
        lifeline.poll(None)
    os._exit(1)


class _Child:
    def __init__(self, context: multiprocessing.context.BaseContext, memory: int) -> None:
        self.connection, theirs = context.Pipe()
        lifeline, self._lifeline = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(theirs, lifeline, memory), daemon=True)
        self.process.start()
        theirs.close()
        lifeline.close()
        self.jobs = 0

    def stop(self) -> None:
        """End the child and everything in its process group, then reap it."""
        if self.process.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.kill()
        self.process.join()
        self.connection.close()
        self._lifeline.close()


class Workers:
    """Runs functions in child processes, at most `size` at a time, each stopped after `limit` seconds.

    One more child is kept for the express lane: a job marked ``express`` (a small file) that
    finds every other child busy runs there instead of waiting behind big files.
    """

    def __init__(self, limit: float, size: int = 2, memory: int = 0) -> None:
        self.limit, self.size, self.memory = limit, size, memory
        self._ready = threading.Condition()
        self._busy = {"general": 0, "express": 0}
        self._lock = threading.Lock()
        self._idle: list[_Child] = []
        self._context = _context()

    def _lane(self, express: bool) -> str:
        with self._ready:
            while True:
                if self._busy["general"] < self.size:
                    lane = "general"
                elif express and self._busy["express"] < 1:
                    lane = "express"
                else:
                    self._ready.wait()
                    continue
                self._busy[lane] += 1
                return lane

    def run(
        self, function: Callable, *args: Any, express: bool = False, on_pages: Callable[[int, int], None] | None = None
    ) -> Any:
        """``function(*args)`` in a child process, or `Stopped` when it overran or died.

        Blocks the calling thread; the web app calls it from a worker thread. OCR's page
        budgets move the time limit on; `on_pages(done, total)` hears the pages read.
        """
        lane = self._lane(express)
        try:
            return self._run(function, args, on_pages)
        finally:
            with self._ready:
                self._busy[lane] -= 1
                self._ready.notify_all()

    def _run(self, function: Callable, args: tuple, on_pages: Callable[[int, int], None] | None) -> Any:
        with self._lock:
            child = self._idle.pop() if self._idle else None
        child = child or _Child(self._context, self.memory)
        try:
            child.connection.send((function, args))
            outcome = self._wait(child, on_pages)
            if outcome is None or outcome == "full":
                child.stop()
                # Stopped at its memory ceiling: told as a child that died under it is.
                return Stopped("crashed" if outcome else "timeout", self.limit)
            status, value, retire = outcome
        except (EOFError, OSError):
            child.stop()
            return Stopped("crashed", self.limit)
        child.jobs += 1
        if retire or child.jobs >= RECYCLE:
            child.stop()
        else:
            with self._lock:
                self._idle.append(child)
        return value if status == "ok" else Stopped("crashed", self.limit)

    def _wait(self, child: _Child, on_pages: Callable[[int, int], None] | None) -> tuple | str | None:
        """The child's outcome, None past the limit (moved on by each page's OCR budget), or
        ``"full"`` when the child reached its memory ceiling (`auditor.pipeline.ceiling.Watch`)."""
        deadline = time.monotonic() + self.limit
        watch = Watch(child.process.pid) if self.memory else None
        while True:
            state = wait(child.connection, deadline, watch)
            if state != "ready":
                return "full" if state == "full" else None
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
