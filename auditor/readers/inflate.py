"""PDF streams inflated under the same limits as zip members: a content-stream bomb is refused, not read.

A page's content stream is deflated; 300 KB of it can inflate to 100 MB of text operators,
and pdfminer then builds an object for every character until the memory runs out. pdfminer
inflates every stream it reads through its module's ``zlib``; `bounded` makes that name an
object that answers the same calls and, while a file is read, stops the moment a stream
would inflate past ``zip-ratio`` times its size (streams over 1 MB, as for zip members) or
the file's streams past ``unzipped-size`` in all, with the `LimitError` that names the limit.
Streams pdfminer never inflates (images) cost nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import zlib
from collections.abc import Iterator
from typing import Any

from auditor.readers.limits import RATIO_FROM, current, stream_bomb

_READING: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("pfaudit_inflating", default=None)


class Budget:
    """What the streams of the file being read may still inflate to."""

    def __init__(self, name: str) -> None:
        self.name, self.spent = name, 0

    def room(self, packed: int) -> int:
        """How much a stream of `packed` bytes may inflate to."""
        limits = current()
        return min(max(RATIO_FROM, packed * limits.zip_ratio), max(0, limits.unzipped_size - self.spent))

    def spend(self, packed: int, inflated: int, room: int) -> None:
        """Count `inflated` bytes; refuse the file when they went past `room`."""
        if inflated > room:
            limits = current()
            raise stream_bomb(self.name, packed, room, limits, ratio=room < limits.unzipped_size - self.spent)
        self.spent += inflated


class _Bounded:
    """A ``zlib.decompressobj`` whose output counts against the budget."""

    def __init__(self, budget: Budget, wbits: int) -> None:
        self._budget, self._inner = budget, zlib.decompressobj(wbits)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._budget.room(len(data))
        out = self._inner.decompress(data, min(max_length, room + 1) if max_length else room + 1)
        self._budget.spend(len(data), len(out), room)
        return out

    def __getattr__(self, name: str) -> Any:  # flush, eof, unused_data, unconsumed_tail
        return getattr(self._inner, name)


class _Zlib:
    """What pdfminer calls ``zlib``: the real one, bounded by the budget of the file being read."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    def decompress(self, data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        budget = _READING.get()
        if budget is None:
            return zlib.decompress(data, wbits, bufsize)
        inner = zlib.decompressobj(wbits)
        room = budget.room(len(data))
        out = inner.decompress(data, room + 1)
        budget.spend(len(data), len(out), room)
        if not inner.eof:  # as zlib.decompress says it, so pdfminer's own recovery still runs
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, wbits: int = zlib.MAX_WBITS, *args: Any) -> Any:
        budget = _READING.get()
        return zlib.decompressobj(wbits, *args) if budget is None else _Bounded(budget, wbits)


@contextlib.contextmanager
def bounded(name: str) -> Iterator[Budget]:
    """Bound what pdfminer inflates for the file `name` while the block runs (this thread only)."""
    from pdfminer import pdftypes  # imported here: only PDF files pay for pdfminer

    if not isinstance(pdftypes.zlib, _Zlib):
        pdftypes.zlib = _Zlib()  # NOTE: pdfminer inflates through this module global, and nowhere else
    budget = Budget(name)
    token = _READING.set(budget)
    try:
        yield budget
    finally:
        _READING.reset(token)
