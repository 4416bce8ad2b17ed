"""Stopping a run: its workers never outlive it, and Ctrl-C stops it at once, keeping what was done.

Real pfaudit processes on a report that takes half a minute of CPU, with no time limit; the
processes below them are found and watched through /proc. The waits are generous: on a
loaded machine a check may start late, but a stopped run must not go on for the length of a
file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support import hostile

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches processes through /proc (Linux)")
SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
PFAUDIT = [sys.executable, "-m", "auditor.cli.main"]
TICKS = os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report of 1.9 million characters of figures: about half a minute of CPU to audit."""
    path = tmp_path_factory.mktemp("slow") / "slow.txt"
    path.write_bytes(hostile.long_line(1_900_000, "预算数100万元，执行率95%，"))
    return path


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0


def gone(pid: int) -> bool:
    fields = _stat(pid)
    return fields is None or fields[0] in ("Z", "X")  # a zombie waiting to be reaped is dead


def until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _busy_worker(process: subprocess.Popen, cpu: float) -> int:
    """The process below pfaudit that has spent `cpu` seconds auditing (the slow file's)."""
    busy: list[int] = []

    def found() -> bool:
        busy[:] = [p for p in descendants(process.pid) if cpu_seconds(p) >= cpu]
        return bool(busy) or process.poll() is not None

    assert until(found, 240) and busy, "no worker got to the slow file"
    return busy[0]


def _kill_all(process: subprocess.Popen) -> None:
    for pid in [*descendants(process.pid), process.pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=60)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a shell's background job would have it ignored


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killing_the_cli_takes_its_worker_with_it(slow: Path, how: signal.Signals) -> None:
    process = subprocess.Popen([*PFAUDIT, str(slow), "-f", "json", "-o", os.devnull, "--time-limit", "0"],
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        _busy_worker(process, 2.0)
        below = descendants(process.pid)
        os.kill(process.pid, how)
        process.wait(timeout=60)
        assert until(lambda: all(gone(p) for p in below), 15), [p for p in below if not gone(p)]
    finally:
        _kill_all(process)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_at_once_and_writes_what_was_finished(tmp_path: Path, slow: Path, jobs: str) -> None:
    out = tmp_path / "out.json"
    process = subprocess.Popen(
        [*PFAUDIT, str(SAMPLE), str(slow), "-j", jobs, "-f", "json", "-o", str(out), "--time-limit", "0", "--no-progress"],
        stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_interruptible,
    )  # fmt: skip
    try:
        _busy_worker(process, 4.0)  # the sample needs well under a second of CPU: it is done
        below = descendants(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
        _, err = process.communicate(timeout=15)  # well before the slow file's half minute
    finally:
        _kill_all(process)
    assert process.returncode == 130
    assert "已中断：1 份已检查完的报告已输出，其余 1 份没有检查。" in err and "Traceback" not in err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["path"] for f in doc["files"]] == [str(SAMPLE)] and doc["findings"]
    assert until(lambda: all(gone(p) for p in below), 15)
