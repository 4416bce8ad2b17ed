"""A child pinned at its memory ceiling is told from outside (`auditor.pipeline.ceiling.Watch`).

The children here are real processes: one that fills its address space up to its limit and
goes on catching MemoryError, as a library's broad handler does; one far under its limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.pipeline.ceiling import MARGIN, STALL, Watch, crowded, limit, mapped
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="no /proc: the watch never fires there")

# Fills its address space up to a limit 64 MB above what it maps, then keeps asking for more,
# catching each refusal: the shape of a reader that grinds at its ceiling instead of failing.
PINNED = """
import os, resource, time
with open("/proc/self/statm") as f:
    now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
resource.setrlimit(resource.RLIMIT_AS, (now + (64 << 20), resource.RLIM_INFINITY))
kept = []
print("ready", flush=True)
while True:
    try:
        kept.append(bytearray(256 << 10))
    except MemoryError:
        time.sleep(0.01)
"""
IDLE = "import sys; print('ready', flush=True); sys.stdin.read()"


def _started(code: str) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _reached_within(watch: Watch, seconds: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if watch.reached():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def test_a_child_pinned_at_its_ceiling_is_seen_to_have_reached_it() -> None:
    child = _started(PINNED)
    try:
        cap = limit(child.pid)
        assert cap is not None and mapped(child.pid) > 0
        took = _reached_within(Watch(child.pid), STALL + 10)
        assert took is not None and took >= STALL - 0.5, took  # only after staying there STALL seconds
        assert mapped(child.pid) >= cap - MARGIN and child.poll() is None  # still alive: it grinds, it does not fail
    finally:
        child.kill()
        child.wait()


def test_a_child_far_under_its_ceiling_or_without_one_is_left_alone() -> None:
    child = _started(IDLE)
    try:
        assert limit(child.pid) is None  # no ceiling at all
        assert _reached_within(Watch(child.pid), STALL + 1) is None
    finally:
        child.kill()
        child.wait()
    code = "import resource; resource.setrlimit(resource.RLIMIT_AS, (4 << 30, resource.RLIM_INFINITY)); " + IDLE
    child = _started(code)
    try:
        assert limit(child.pid) == 4 << 30
        assert _reached_within(Watch(child.pid), STALL + 1) is None
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_is_not_at_its_ceiling() -> None:
    child = _started(IDLE)
    child.kill()
    child.wait()
    assert mapped(child.pid) == 0 and limit(child.pid) is None and not Watch(child.pid).reached()


def test_the_cli_stops_a_file_that_grinds_at_the_ceiling_and_goes_on(tmp_path: Path) -> None:
    sample = next((ROOT / "samples").glob("*.txt"))
    grind = tmp_path / "grind-r.txt"
    grind.write_bytes(sample.read_bytes())
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "auditor.cli.main", str(grind), str(sample), "--format", "json",
         "--plugin", "tests.support.grinding", "--memory-limit", "256", "--time-limit", "200"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    took = time.monotonic() - start
    files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
    assert "内存超过上限" in (files["grind-r.txt"]["error"] or ""), files["grind-r.txt"]
    assert files[sample.name]["error"] is None  # the next file, in a fresh child, is audited as usual
    assert took < 100, took  # the ceiling stopped it, not the 200 s clock


def test_a_child_left_near_its_ceiling_by_a_file_is_crowded_and_one_far_under_it_is_not() -> None:
    child = _started(PINNED)
    try:
        assert _reached_within(Watch(child.pid), STALL + 10) is not None and crowded(child.pid)
    finally:
        child.kill()
        child.wait()
    child = _started("import resource; resource.setrlimit(resource.RLIMIT_AS, (4 << 30, resource.RLIM_INFINITY)); " + IDLE)
    try:
        assert not crowded(child.pid)
    finally:
        child.kill()
        child.wait()
