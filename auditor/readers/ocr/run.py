"""Recognising a PDF's scanned pages: cached by the file's hash, pages in parallel, each in its budget.

A page is rendered, cleaned and read in a child process forked for the purpose, so a page
that overruns its budget (`Limits.ocr_page`) is stopped without losing the others, and the
engine's memory is the child's, not the auditing process's. What the engine read is kept in
``$XDG_CACHE_HOME/pfaudit/ocr/`` under the SHA-256 of the file, so a second run reads no
page again; the cache is the engine's output, and the tables are built anew from it each time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from auditor.readers.limits import Limits, tell
from auditor.readers.ocr.engine import Word, read_box, recognise, version
from auditor.readers.ocr.grid import glyphs, grids, place
from auditor.readers.ocr.image import (
    Rules,
    gaps,
    ink_extent,
    lift_stamps,
    mark,
    render,
    rules,
    skew,
    straighten,
    strays,
)
from auditor.readers.ocr.shapes import ones, signs
from auditor.readers.ocr.spacing import spaced

FORMAT = 23  # the cache's layout and the page cleaning; a new one reads every page anew
MARK_SCORE = 0.95  # a dash or slash told by its shape: sure enough to read, never a figure
OCR_MEMORY = 4 * 1024**3  # the engine's models and a 300 dpi page need more than a text report's ceiling


@dataclass(frozen=True, slots=True)
class Scan:
    """What the engine read on one page, in the straightened page's pixels."""

    words: tuple[Word, ...]
    rules: Rules
    size: tuple[int, int]
    dpi: int
    angle: float

    def to_json(self) -> dict:
        """The cached form."""
        return {
            "words": [w.to_json() for w in self.words],
            "rules": [list(map(list, self.rules.horizontal)), list(map(list, self.rules.vertical))],
            "size": list(self.size), "dpi": self.dpi, "angle": round(self.angle, 2),
        }  # fmt: skip

    @classmethod
    def from_json(cls, raw: dict) -> Scan:
        """The inverse of `to_json`."""
        across, down = raw["rules"]
        found = Rules(tuple(map(tuple, across)), tuple(map(tuple, down)))
        return cls(tuple(Word.from_json(w) for w in raw["words"]), found, tuple(raw["size"]), raw["dpi"], raw["angle"])


def scan_page(data: bytes, index: int, threads: int = 1) -> Scan:
    """Render page `index` (0-based), lift its stamps, straighten it, find its rules and read it."""
    import cv2

    rgb, dpi = render(data, index)
    rgb = lift_stamps(rgb)
    angle = skew(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    rgb = straighten(rgb, angle)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    found_words = recognise(rgb, threads)
    # Ink no text box covers: a lone figure the text finder overlooked, read from its crop.
    found_words += [w for box in strays(gray, [w.box for w in found_words], dpi) if (w := read_box(rgb, box, threads))]
    found_words = [spaced(ones(gray, w, dpi), gaps(gray, w.box)) for w in found_words]
    # NOTE: signs after the spaces: a dash is punctuation, which `spaced` never sets a space beside.
    words = [dataclasses.replace(signs(gray, w, dpi), ink=ink_extent(gray, w.box)) for w in found_words]
    found = rules(gray, dpi)
    # The marks the engine overlooks in cells it found empty ("—", "……", "/") join its words.
    for table in grids(found, dpi, [w.box for w in words]):
        place(table, [g for n, w in enumerate(words) for g in glyphs(w, n)])
        for cell in table.cells:
            said = None if cell.glyphs else mark(gray, cell.box, dpi)
            if said:
                words.append(Word(said, cell.box, MARK_SCORE))
    return Scan(tuple(words), found, (rgb.shape[1], rgb.shape[0]), dpi, angle)


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pfaudit" / "ocr"


def _cache_file(key: str) -> Path:
    return _folder() / f"{key}.json"


def _load(key: str) -> dict[str, Any]:
    try:
        raw = json.loads(_cache_file(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if raw.get("format") != FORMAT or raw.get("engine") != version():
        return {}
    return raw.get("pages", {})


def _store(key: str, pages: dict[str, Any]) -> None:
    """Write the file's pages; a cache that cannot be written only costs the next run its time."""
    target = _cache_file(key)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"format": FORMAT, "engine": version(), "pages": pages}), encoding="utf-8")
        partial.replace(target)


def _lift_ceiling() -> None:
    """Give the page's child room for the engine: the ceiling of a text report is too low for it."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY and soft < OCR_MEMORY:
            resource.setrlimit(resource.RLIMIT_AS, (OCR_MEMORY if hard == resource.RLIM_INFINITY else min(OCR_MEMORY, hard), hard))


def _serve(connection: Any, data: bytes, threads: int) -> None:
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _lift_ceiling()
    while True:
        try:
            index = connection.recv()
        except (EOFError, OSError):
            return
        if index is None:
            return
        try:
            outcome: tuple = ("ok", scan_page(data, index, threads).to_json())
        except Exception as exc:  # a damaged page image: this page is unread, the others go on
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        connection.send(outcome)


class _Child:
    def __init__(self, data: bytes, threads: int) -> None:
        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                ours.close()
                _serve(theirs, data, threads)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.pid, self.connection = pid, ours
        self.page: int | None = None
        self.since = 0.0

    def give(self, page: int) -> None:
        self.page, self.since = page, time.monotonic()
        self.connection.send(page - 1)

    def stop(self, kill: bool = True) -> None:
        with contextlib.suppress(OSError, ValueError):
            if kill:
                os.killpg(self.pid, signal.SIGKILL)
            else:
                self.connection.send(None)
        self.connection.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _in_children(data: bytes, pages: list[int], limits: Limits) -> Iterator[tuple[int, Scan | str]]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    count = max(1, min(limits.ocr_jobs, len(pages)))
    threads = max(1, cores // count)
    todo = list(pages)
    children = [_Child(data, threads) for _ in range(count)]
    try:
        for child in children:
            if todo:
                tell("grant", limits.ocr_page)
                child.give(todo.pop(0))
        while any(c.page is not None for c in children):
            busy = [c for c in children if c.page is not None]
            budget = limits.ocr_page or None
            left = None if budget is None else max(0.0, min(c.since + budget for c in busy) - time.monotonic())
            ready = wait([c.connection for c in busy], left)
            for n, child in enumerate(children):
                if child.page is None:
                    continue
                page = child.page
                if child.connection in ready:
                    try:
                        status, value = child.connection.recv()
                    except (EOFError, OSError):
                        status, value = "error", "the page's process died"
                    yield page, Scan.from_json(value) if status == "ok" else value
                elif budget is not None and time.monotonic() - child.since >= budget:
                    child.stop()
                    children[n] = child = _Child(data, threads)
                    yield page, "timeout"
                else:
                    continue
                child.page = None
                if todo:
                    tell("grant", limits.ocr_page)
                    child.give(todo.pop(0))
    finally:
        for child in children:
            child.stop(kill=child.page is not None)


def scans(data: bytes, pages: list[int], limits: Limits) -> dict[int, Scan | str]:
    """Each of `pages` (1-based) as the engine read it, or why not ("timeout", an error)."""
    key = hashlib.sha256(data).hexdigest()
    cached = _load(key)
    out: dict[int, Scan | str] = {n: Scan.from_json(cached[str(n)]) for n in pages if str(n) in cached}
    todo = [n for n in pages if n not in out]
    tell("page", (len(out), len(pages)))
    if not todo:
        return out
    found = (
        _in_children(data, todo, limits)
        if hasattr(os, "fork")
        else ((n, scan_page(data, n - 1)) for n in todo)  # no fork: in this process, without a budget
    )
    for page, scan in found:
        out[page] = scan
        if isinstance(scan, Scan):
            cached[str(page)] = scan.to_json()
            _store(key, cached)
        tell("page", (len(out), len(pages)))
    return out
