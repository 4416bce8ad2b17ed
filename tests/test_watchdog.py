"""The backstop: a file that stalls or eats memory is stopped alone; the rest of the batch is audited."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from auditor import Setup, audit_path
from auditor.cli.main import main
from auditor.engine.hookspecs import hookimpl
from auditor.engine.plugins import make_plugin_manager
from auditor.formats import FORMATS
from auditor.pipeline.batch import audit_files
from auditor.pipeline.config import Config
from auditor.pipeline.watchdog import CAN_FORK, Watchdog
from auditor.readers.limits import MB, Limits
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="the watchdog forks")
SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"


class Hostile:
    """A reader that misbehaves on files named for it: stalls, eats memory or crashes its process."""

    @hookimpl(tryfirst=True)
    def pfaudit_read(self, path: Path, data: bytes) -> None:
        name = Path(path).name
        if name.startswith("stall"):
            while True:  # pure Python, and C below: neither returns
                time.sleep(0.01)
        if name.startswith("hog"):
            hoard = []
            while True:
                hoard.append(bytearray(64 * MB))
        if name.startswith("crash"):
            os.kill(os.getpid(), signal.SIGSEGV)


def hostile_setup(**limits) -> Setup:
    pm = make_plugin_manager(entry_points=False)
    pm.register(Hostile())
    return Setup.build(config=Config(limits=Limits(**limits)), pm=pm)


def batch(tmp_path: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(SAMPLE.read_bytes())
        paths.append(path)
    return paths


def test_a_stalled_file_is_stopped_at_the_time_limit_and_the_batch_goes_on(tmp_path: Path) -> None:
    paths = batch(tmp_path, "stall.txt", "a.txt", "stall2.txt", "b.txt")
    start = time.monotonic()
    results = list(audit_files(paths, hostile_setup(time=1.0), (), jobs=1))
    assert time.monotonic() - start < 30  # two stops of one second, and two normal audits
    stopped = [r.error for r in results]
    assert "超过了时间上限（1 秒）" in stopped[0] and "time limit" in results[0].findings[0].message_en
    assert stopped[1] is None and stopped[3] is None
    alone = audit_path(SAMPLE, Setup.build())
    assert [(f.code, f.span) for f in results[1].findings] == [(f.code, f.span) for f in alone.findings]
    assert "超过了时间上限" in stopped[2]


def test_a_file_over_the_memory_ceiling_is_stopped_and_the_next_one_audited(tmp_path: Path) -> None:
    paths = batch(tmp_path, "hog.txt", "a.txt")
    with Watchdog(hostile_setup(time=60.0, memory=600 * MB)) as watchdog:
        hog, normal = (watchdog.audit_path(p) for p in paths)
    assert "内存超过上限（上限 600 MB）" in hog.error and "memory" in hog.findings[0].message_en
    assert normal.error is None and normal.findings


def test_a_crashing_file_is_one_finding_after_one_more_try(tmp_path: Path) -> None:
    paths = batch(tmp_path, "crash.txt", "a.txt")
    with Watchdog(hostile_setup(time=60.0, memory=0)) as watchdog:
        crash, normal = (watchdog.audit_path(p) for p in paths)
    assert crash.error == "检查这个文件时工作进程意外退出（SIGSEGV），文件可能已损坏或构造异常；未做任何检查。"
    assert normal.error is None and normal.findings


def test_the_pool_workers_each_keep_a_watchdog(tmp_path: Path) -> None:
    paths = batch(tmp_path, "stall.txt", "a.txt", "b.txt", "c.txt")
    results = list(audit_files(paths, hostile_setup(time=1.0), (), jobs=2))
    # the pool's workers are started from the default plugins, so nothing stalls there: the
    # files are all audited normally, each in its worker's child process
    assert [r.path for r in results] == [str(p) for p in paths]
    assert all(r.findings for r in results)


def test_without_limits_files_are_audited_in_this_process(tmp_path: Path) -> None:
    watchdog = Watchdog(hostile_setup(time=0, memory=0))
    assert not watchdog.guarded
    assert watchdog.audit_path(batch(tmp_path, "a.txt")[0]).findings


def test_the_cli_takes_a_time_limit_and_the_exit_code_says_findings(tmp_path: Path, capsys) -> None:
    line = tmp_path / "line.txt"
    line.write_text("1" * 200_000, encoding="utf-8")
    code = main([str(line), str(SAMPLE), "--time-limit", "30", "-f", "json", "--no-progress"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # findings; 2 stays for usage and configuration errors
    assert {f["path"] for f in out["findings"]} == {str(SAMPLE)} | ({str(line)} & {f["path"] for f in out["findings"]})
    assert main([str(SAMPLE), "--time-limit", "-1", "--no-progress"]) == 2
    assert "limits.time" in capsys.readouterr().err


def test_file_names_that_are_not_utf8_are_escaped_in_every_format(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/bad\xff\xfename.txt"))).write_bytes(SAMPLE.read_bytes())
    for name in sorted(FORMATS):
        out = tmp_path / f"out.{name}"
        assert main([str(folder), "-f", name, "-o", str(out), "--no-progress"]) == 1, name
        if name != "xlsx":
            assert "bad\\xff\\xfename.txt" in out.read_text(encoding="utf-8").replace("\\\\", "\\"), name
    assert main([str(folder), "-f", "sarif", "--no-progress"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert "xff" in sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
