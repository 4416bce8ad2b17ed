"""Child processes for the page: reused between files, replaced after a crash, stopped at the time limit."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from auditor.web.worker import Stopped, Workers


def _pid() -> int:
    return os.getpid()


def _exit_now() -> None:
    os._exit(3)


def _start_and_hang(note: str) -> None:
    """Start a grandchild (as a reader starts LibreOffice), note its pid, then hang."""
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    Path(note).write_text(str(grandchild.pid), encoding="utf-8")
    time.sleep(120)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie waiting for init to reap it is dead


def test_a_child_is_reused_and_replaced_after_a_crash() -> None:
    workers = Workers(limit=30, size=1)
    try:
        first = workers.run(_pid)
        assert workers.run(_pid) == first  # the next file goes to the same, warm child
        assert workers.run(_exit_now) == Stopped("crashed", 30)
        assert workers.run(_pid) not in (first, os.getpid())
    finally:
        workers.close()
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_the_time_limit_stops_the_child_and_what_it_started(tmp_path: Path) -> None:
    note = tmp_path / "pid"
    workers = Workers(limit=5, size=1)
    try:
        assert workers.run(_start_and_hang, str(note)) == Stopped("timeout", 5)
    finally:
        workers.close()
    grandchild = int(note.read_text(encoding="utf-8"))
    deadline = time.monotonic() + 10
    while not _gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(grandchild)
    assert multiprocessing.active_children() == []


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


_HELD: list[bytes] = []


def _hold(megabytes: int) -> int:
    """Keep `megabytes` MB alive in the child, as a reader's leak would."""
    _HELD.append(b"x" * (megabytes << 20))
    return os.getpid()


def test_a_small_job_takes_the_express_lane_past_a_long_one() -> None:
    workers = Workers(limit=120, size=1)
    try:
        done: list[int] = []
        long = threading.Thread(target=lambda: done.append(workers.run(_sleep, 20)))
        long.start()
        time.sleep(2)  # the one general child is busy for 20 seconds
        start = time.monotonic()
        assert workers.run(_pid, express=True) not in (os.getpid(), None)
        assert time.monotonic() - start < 15 and long.is_alive()
    finally:
        long.join()
        workers.close()
    assert multiprocessing.active_children() == []


def _mapped() -> tuple[int, int]:
    """The child's pid and the bytes it maps."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return os.getpid(), int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the child's size from /proc (Linux)")
def test_a_child_near_its_memory_ceiling_is_replaced() -> None:
    memory = 1 << 30
    workers = Workers(limit=60, size=1, memory=memory)
    try:
        first, mapped = workers.run(_mapped)
        assert workers.run(_hold, 8) == first  # far from the ceiling: reused
        near = (int(memory * 0.8) - mapped) >> 20  # past the point of retiring, short of the ceiling
        assert workers.run(_hold, near) == first
        assert workers.run(_pid) != first  # a fresh child for the next file
        assert workers.run(_hold, 2048) == Stopped("crashed", 60)  # past the ceiling: the child could not go on
    finally:
        workers.close()
