"""The memory ceiling of a child process: set it in the child, and tell from outside when it is reached.

``RLIMIT_AS`` alone does not stop a process that reaches it. Near the limit the allocators do
not fail cleanly: every allocation first tries to map a new pymalloc arena (1 MB) and a new
glibc heap (64 and 128 MB), each refused, and then is served from what was freed; the
MemoryErrors that do come are caught by a library's broad handler, which tries another way.
Measured on a 200,000-cell sheet under a 256 MB ceiling: the child sat 13 MB under its limit
for the whole 280 s time limit, three quarters of it in the kernel, instead of failing. So the
parent watches: a child that stays within `MARGIN` of its limit for `STALL` seconds has
reached its ceiling, and is stopped as one that ran out of memory would be.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from typing import Any

from auditor.readers.limits import MB

HEADROOM = 256 * MB  # a worker that already maps more than the ceiling may still grow this much
MARGIN = 32 * MB  # less than this left under the limit: the smallest heap glibc maps no longer fits
STALL = 3.0  # seconds a child may stay that close to its limit before it is taken to have reached it
POLL = 0.5  # seconds between two looks at a child that has a ceiling
ROOM = 128 * MB  # less than this left under its limit: a child that finished a file is replaced
_LIMIT = re.compile(r"^Max address space\s+(\S+)", re.M)


def cap_memory(ceiling: int) -> None:
    """Limit this process's address space to `ceiling` bytes (never below what it maps + `HEADROOM`).

    Only the soft limit is lowered, so a program this process starts (LibreOffice) may raise
    its own back.
    """
    import resource  # POSIX only

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = max(ceiling, mapped(os.getpid()) + HEADROOM)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def mapped(pid: int) -> int:
    """The bytes process `pid` maps (its address space, what the ceiling limits); 0 where unknown."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit(pid: int) -> int | None:
    """The soft address-space limit of process `pid` in bytes; None when unlimited or unknown."""
    try:
        with open(f"/proc/{pid}/limits", encoding="ascii") as f:
            found = _LIMIT.search(f.read())
    except OSError:
        return None
    return int(found.group(1)) if found and found.group(1).isdigit() else None


def crowded(pid: int) -> bool:
    """Whether process `pid` has less than `ROOM` left under its limit: a child to replace between files.

    Memory a file took is mostly kept mapped after it (the allocators' arenas); a child that
    ends a file near its ceiling would start the next one there and be stopped by `Watch`.
    """
    cap = limit(pid)
    return cap is not None and cap - mapped(pid) < ROOM


class Watch:
    """Whether a child has reached its memory ceiling: within `MARGIN` of it for `STALL` seconds.

    Asked between waits for the child's answer; `reached` reads two small files under
    ``/proc`` (elsewhere it never fires, and the time limit stays the backstop).
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._since: float | None = None  # when the child was first seen at its ceiling

    def reached(self) -> bool:
        """Whether the child has stayed at its ceiling for `STALL` seconds up to now."""
        cap = limit(self.pid)
        if cap is None or mapped(self.pid) < cap - MARGIN:
            self._since = None
            return False
        now = time.monotonic()
        self._since = self._since if self._since is not None else now
        return now - self._since >= STALL


def wait(connection: Any, deadline: float | None, watch: Watch | None) -> str:
    """Wait for a child's next message: ``"ready"`` when one is there, ``"full"`` when the child
    reached its memory ceiling first, ``"late"`` at `deadline` (``time.monotonic``; None: none)."""
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if connection.poll(left if watch is None else min(POLL, POLL if left is None else left)):
            return "ready"
        if watch is not None and watch.reached():
            return "full"
        if deadline is not None and time.monotonic() >= deadline:
            return "late"
