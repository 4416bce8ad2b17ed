"""Run one file's check in a child process, so a file that takes too long can be stopped.

A thread cannot be stopped from outside; a process can. Each file gets a fresh child, which
also keeps a reader that eats memory or crashes from taking the page down with it. On
Linux the children fork from a server process that has the engine imported already, so a
child starts in milliseconds; elsewhere they spawn.
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

from auditor.plugins import BUILTIN

# Imported once by the fork server, so children start with the engine and readers loaded.
PRELOAD = ("auditor.web.job", "docx", "openpyxl", "pdfplumber", *BUILTIN)


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


def _child(connection: Any, function: Callable, args: tuple) -> None:
    if hasattr(os, "setsid"):
        # A group of its own: stopping the child also stops what it started (LibreOffice).
        os.setsid()
    try:
        connection.send(("ok", function(*args)))
    except BaseException as exc:  # the parent turns any failure into a message for the page
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


class Workers:
    """Runs functions in child processes, at most `size` at a time, each stopped after `limit` seconds."""

    def __init__(self, limit: float, size: int = 2) -> None:
        self.limit = limit
        self._slots = threading.BoundedSemaphore(size)
        self._context = _context()

    def run(self, function: Callable, *args: Any) -> Any:
        """``function(*args)`` in a child process, or `Stopped` when it overran or died.

        Blocks the calling thread; the web app calls it from a worker thread.
        """
        with self._slots:
            receive, send = self._context.Pipe(duplex=False)
            child = self._context.Process(target=_child, args=(send, function, args), daemon=True)
            child.start()
            send.close()  # only the child writes; EOF then means the child is gone
            try:
                if not receive.poll(self.limit):
                    return Stopped("timeout", self.limit)
                status, value = receive.recv()
            except (EOFError, OSError):
                return Stopped("crashed", self.limit)
            finally:
                receive.close()
                _stop(child)
            return value if status == "ok" else Stopped("crashed", self.limit)


def _stop(child: Any) -> None:
    """End the child and everything in its process group, then reap it."""
    if child.is_alive():
        with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
            os.killpg(child.pid, signal.SIGKILL)
        child.kill()
    child.join()
