"""Baselines: accepted findings stay hidden while the report is edited elsewhere; new ones show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main as cli
from tests.test_cli import BAD, GOOD, HEADER, write

TWO_BAD = BAD + "\t其中：财政拨款\t100\t100\t50\t—\t80%\t—\n"  # a second AM01 below the first


def _run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, dict, str]:
    code = cli.main([*map(str, argv), "--select", "AM01", "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else {}, err


def _baseline(capsys: pytest.CaptureFixture, report: Path, target: Path) -> str:
    code = cli.main([str(report), "--select", "AM01", "--write-baseline", str(target)])
    out, err = capsys.readouterr()
    assert code == 0 and out == ""
    return err


def test_written_baseline_hides_everything_it_recorded(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report, target = write(tmp_path, "r.txt", TWO_BAD), tmp_path / "baseline.json"
    assert "2 处发现" in _baseline(capsys, report, target)
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["tool"] == "pfaudit" and [e["path"] for e in doc["findings"]] == ["r.txt", "r.txt"]
    code, out, _ = _run(capsys, report, "--baseline", target)
    assert code == 0 and out["findings"] == []
    assert out["baseline"]["hidden"] == 2 and out["files"][0]["summary"]["hidden_by_baseline"] == 2


def test_baseline_survives_lines_inserted_above(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report, target = write(tmp_path, "r.txt", BAD), tmp_path / "baseline.json"
    _baseline(capsys, report, target)
    report.write_text("2021年度项目绩效自评表\n\n说明：新增的一段文字。\n\n" + BAD, encoding="utf-8")
    code, out, _ = _run(capsys, report, "--baseline", target)
    assert code == 0 and out["findings"] == [] and out["baseline"]["hidden"] == 1


def test_a_fixed_finding_disappears_and_a_new_one_shows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report, target = write(tmp_path, "r.txt", TWO_BAD), tmp_path / "baseline.json"
    _baseline(capsys, report, target)
    fixed = TWO_BAD.replace("\t100%\t10\n", "\t90.10%\t9.01\n")  # the first row corrected
    report.write_text(fixed + "\t其中：其他资金\t10\t10\t5\t—\t70%\t—\n", encoding="utf-8")
    code, out, _ = _run(capsys, report, "--baseline", target)
    assert code == 1
    assert [f["actual"] for f in out["findings"]] == ["70%"]  # only the new row's rate
    assert out["baseline"]["hidden"] == 1  # the unchanged 80% row; the corrected one is simply gone


def test_identical_findings_count_with_multiplicity(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    a, target = write(tmp_path, "a.txt", BAD), tmp_path / "baseline.json"
    _baseline(capsys, a, target)
    a.write_text(BAD + "\n" + BAD, encoding="utf-8")  # the same table pasted twice: one is new
    code, out, _ = _run(capsys, a, "--baseline", target)
    assert code == 1 and len(out["findings"]) == 1 and out["baseline"]["hidden"] == 1


def test_baseline_is_per_report_and_works_from_another_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch
) -> None:
    a, b = write(tmp_path, "reports/a.txt", BAD), write(tmp_path, "reports/b.txt", GOOD)
    target = tmp_path / "ci" / "baseline.json"
    target.parent.mkdir()
    _baseline(capsys, a, target)
    b.write_text(BAD, encoding="utf-8")  # the same finding, but in another report: new
    monkeypatch.chdir(tmp_path / "reports")
    code, out, _ = _run(capsys, "a.txt", "b.txt", "--baseline", target)
    assert code == 1 and [f["path"] for f in out["findings"]] == ["b.txt"] and out["baseline"]["hidden"] == 1


def test_hidden_count_in_text_and_sarif(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report, target = write(tmp_path, "r.txt", TWO_BAD), tmp_path / "baseline.json"
    _baseline(capsys, report, target)
    cli.main([str(report), "--select", "AM01", "--baseline", str(target)])
    assert "已按基线隐藏 2 处" in capsys.readouterr().out
    cli.main([str(report), "--select", "AM01", "--baseline", str(target), "-f", "sarif"])
    assert json.loads(capsys.readouterr().out)["runs"][0]["properties"]["baselineHidden"] == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "已损坏"),
        ('{"tool": "other", "findings": []}', "不是 pfaudit"),
        ('{"tool": "pfaudit", "version": 99, "findings": []}', "版本"),
        ('{"tool": "pfaudit", "version": 1, "findings": [{"path": "r.txt"}]}', "第 1 条"),
        (
            '{"tool": "pfaudit", "version": 1, "findings": [{"path": "r.txt", "fingerprint": "x", "count": -1}]}',
            "类型不对",
        ),
    ],
)
def test_a_corrupt_baseline_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture, content: str, says: str
) -> None:
    report, target = write(tmp_path, "r.txt", BAD), write(tmp_path, "baseline.json", content)
    code = cli.main([str(report), "--baseline", str(target)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and says in err and "Traceback" not in err


def test_a_missing_baseline_says_how_to_make_one(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = cli.main([str(write(tmp_path, "r.txt", HEADER)), "--baseline", str(tmp_path / "nope.json")])
    assert code == 2 and "--write-baseline" in capsys.readouterr().err
