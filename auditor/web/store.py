"""What the page keeps of a finished check, under an unguessable token, for an hour at most.

A check is kept so that the language can be switched and the downloads fetched. What costs
memory is kept out of it: each annotated copy (a Word document can carry 20 MB of pictures)
is a file in the server's private temporary folder, moved there from the request's, and each
drawn report is kept compressed, with what was read from its forms. What is kept is capped by count and by bytes (copies and
compressed reports together): the oldest checks go first, never the newest. The folder is
removed when the server stops.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import secrets
import shutil
import tempfile
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from auditor.web.job import Checked, Copy


@dataclass(frozen=True, slots=True)
class _Kept:
    """One file of a kept check: the page's `Checked` without its drawn report and reading, which are packed."""

    checked: Checked
    view: bytes  # zlib(pickle((ReportView, reading)))


@dataclass(frozen=True, slots=True)
class Stored:
    """One finished check: every file as the page shows it, and the profile used."""

    files: tuple[Checked, ...]
    profile: str
    created: float


@dataclass(frozen=True, slots=True)
class _Entry:
    files: tuple[_Kept, ...]
    profile: str
    created: float
    size: int  # bytes: the packed reports and the copies on disk
    folder: Path

    def unpack(self) -> Stored:
        files = []
        for kept in self.files:
            view, reading = pickle.loads(zlib.decompress(kept.view))
            files.append(dataclasses.replace(kept.checked, view=view, reading=reading))
        return Stored(tuple(files), self.profile, self.created)


class Results:
    """Finished checks under unguessable tokens; the oldest go first past the count or the bytes."""

    def __init__(self, keep_seconds: float, keep_count: int, keep_bytes: int, root: Path | None = None) -> None:
        self.keep_seconds, self.keep_count, self.keep_bytes = keep_seconds, keep_count, keep_bytes
        self._root, self._folder = root, None  # made at the first check kept: readable by this user only
        self._items: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, files: list[Checked], profile: str) -> str:
        """Keep a check and return its token."""
        token = secrets.token_urlsafe(18)
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="pfaudit-results-", dir=self._root))
        folder = Path(tempfile.mkdtemp(prefix="check-", dir=self._folder))
        kept, size = [], 0
        for n, checked in enumerate(files):
            view = zlib.compress(pickle.dumps((checked.view, checked.reading), pickle.HIGHEST_PROTOCOL), 6)
            copy = checked.annotated
            if copy is not None:
                path = folder / f"{n}{copy.suffix}"
                if isinstance(copy, Copy):
                    shutil.move(copy.path, path)  # out of the request's folder, which goes when it ends
                else:
                    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
                    with os.fdopen(handle, "wb") as stream:
                        stream.write(copy.data)
                size += path.stat().st_size
                copy = Copy(path, copy.suffix)
            kept.append(_Kept(dataclasses.replace(checked, view=None, annotated=copy, reading=None), view))
            size += len(view)
        entry = _Entry(tuple(kept), profile, time.monotonic(), size, folder)
        with self._lock:
            self._items[token] = entry
            gone = []
            while len(self._items) > 1 and (
                len(self._items) > self.keep_count
                or sum(e.size for e in self._items.values()) > self.keep_bytes
                or entry.created - next(iter(self._items.values())).created > self.keep_seconds
            ):
                gone.append(self._items.popitem(last=False)[1])
        for old in gone:
            shutil.rmtree(old.folder, ignore_errors=True)
        return token

    def get(self, token: str) -> Stored | None:
        """The check under `token`, unless it expired or was dropped."""
        with self._lock:
            entry = self._items.get(token)
            if entry is not None and time.monotonic() - entry.created > self.keep_seconds:
                del self._items[token]
                shutil.rmtree(entry.folder, ignore_errors=True)
                entry = None
        return entry.unpack() if entry is not None else None

    def close(self) -> None:
        """Forget everything and remove the folder."""
        with self._lock:
            self._items.clear()
            folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
