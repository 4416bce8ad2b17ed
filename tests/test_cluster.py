"""The Dask executor: the same JSON as a serial run, in input order; a dying worker costs a retry."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from distributed import LocalCluster

from auditor.cli.main import main
from tests.support.generate import reports

pytestmark = pytest.mark.slow  # a Dask cluster of worker processes


def _json(capsys: pytest.CaptureFixture, *argv: str) -> dict:
    capsys.readouterr()
    main([*argv, "--format", "json", "--no-progress"])
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=3, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as c:
        yield c


def test_a_cluster_gives_the_same_json_as_one_process(cluster, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = reports(200, seed=2)
    corpus[150].prose[0] = corpus[20].prose[1]  # one copy, so the corpus pass has something to say
    for n, report in enumerate(corpus):
        (tmp_path / f"r{n:03d}.txt").write_text(report.text(), encoding="utf-8")
    (tmp_path / "r100.txt").write_bytes(b"\x00\x01binary")  # an unreadable file among them
    serial = _json(capsys, str(tmp_path), "-j1")
    spread = _json(capsys, str(tmp_path), "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert spread == serial
    assert [Path(f["path"]).name for f in spread["files"]] == [f"r{n:03d}.txt" for n in range(200)]
    assert {f["code"] for f in serial["findings"]} >= {"PF01", "CP01"}


def test_a_dying_worker_costs_a_retry_not_the_batch(tmp_path: Path, capsys, monkeypatch) -> None:
    folder, marks = tmp_path / "in", tmp_path / "marks"
    folder.mkdir()
    marks.mkdir()
    for n, report in enumerate(reports(8, seed=4)):
        name = "die-once-r03.txt" if n == 3 else f"r{n:02d}.txt"
        (folder / name).write_text(report.text(), encoding="utf-8")
    serial = _json(capsys, str(folder), "-j1")
    monkeypatch.setenv("PFAUDIT_TEST_DEATHS", str(marks))
    spread = _json(capsys, str(folder), "--executor", "dask", "-j", "2", "--plugin", "tests.support.dying")
    assert (marks / "die-once-r03.txt").exists(), "a worker did die on the file"
    assert spread == serial


def test_a_file_that_kills_every_worker_is_one_finding(tmp_path: Path, capsys, monkeypatch) -> None:
    folder, marks = tmp_path / "in", tmp_path / "marks"
    folder.mkdir()
    marks.mkdir()
    for n, report in enumerate(reports(4, seed=4)):
        (folder / ("die-always-r01.txt" if n == 1 else f"r{n:02d}.txt")).write_text(report.text(), encoding="utf-8")
    monkeypatch.setenv("PFAUDIT_TEST_DEATHS", str(marks))
    out = _json(capsys, str(folder), "--executor", "dask", "-j", "2", "--plugin", "tests.support.dying")
    doomed = [f for f in out["findings"] if f["path"].endswith("die-always-r01.txt")]
    assert [(f["code"], f["severity"]) for f in doomed] == [("PF01", "error")]
    assert "工作进程" in doomed[0]["message"]
    assert [Path(f["path"]).name for f in out["files"]] == ["die-always-r01.txt", "r00.txt", "r02.txt", "r03.txt"]
    assert all(f["error"] is None for f in out["files"] if not f["path"].endswith("die-always-r01.txt"))


def test_a_scheduler_needs_the_dask_executor(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report = tmp_path / "r.txt"
    report.write_text(reports(1)[0].text(), encoding="utf-8")
    assert main([str(report), "--scheduler", "tcp://127.0.0.1:8786", "--no-progress"]) == 2
    assert "--executor dask" in capsys.readouterr().err
    assert main([str(report), "--scheduler", "tcp://127.0.0.1:8786", "--no-progress", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "pfaudit: --scheduler goes with --executor dask only\n"
