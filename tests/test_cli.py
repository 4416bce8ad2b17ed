"""End to end through ``auditor.cli.main.main`` (in-process) and once through the console script.

Reports are written in tmp_path: the samples change as checks are added, these do not.
Most runs ``--select AM01`` so that a new check elsewhere cannot change the outcome.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import main as cli
from auditor.cli.progress import wants_progress

HEADER = "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
BAD = HEADER + "\t年度资金总额（𠮷）\t2175.9657\t2175.9657\t1960.5869\t10\t100%\t10\n"
GOOD = HEADER + "\t年度资金总额\t2175.9657\t2175.9657\t1960.5869\t10\t90.10%\t9.01\n"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, dict]:
    code, out, _ = run(capsys, *argv, "--format", "json")
    return code, json.loads(out)


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad, good = write(tmp_path, "bad.txt", BAD), write(tmp_path, "good.txt", GOOD)
    assert run(capsys, good, "--select", "AM01")[0] == 0
    assert run(capsys, bad, "--select", "AM01")[0] == 1
    assert run(capsys, bad, "--select", "AM01", "--fail-on", "never")[0] == 0
    assert run(capsys, bad, "--select", "AM01", "--severity-typo")[0] == 2
    code, _, err = run(capsys, bad, "--select", "NO99")
    assert code == 2 and "'NO99'" in err and "Traceback" not in err
    assert run(capsys, bad, "--format", "nosuchformat")[0] == 2


def test_fail_on_follows_severity(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    write(tmp_path, "pfaudit.toml", '[checks.AM01]\nseverity = "info"\n')
    assert run(capsys, bad, "--select", "AM01")[0] == 0  # default fail-on is warning
    assert run(capsys, bad, "--select", "AM01", "--fail-on", "info")[0] == 1


def test_directory_walk(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path, "b.txt", GOOD)
    write(tmp_path, "a/报告.txt", BAD)
    write(tmp_path, ".git/x.txt", BAD)
    write(tmp_path, "a/picture.png", b"\x89PNG....")
    _, doc = as_json(capsys, tmp_path, "--select", "AM01")
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in doc["files"]] == ["a/报告.txt", "b.txt"]
    assert [f["code"] for f in doc["findings"]] == ["AM01"]


def test_an_unreadable_file_does_not_stop_the_batch(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path, "0-binary.txt", b"\x00\x01\x02binary\x00" * 20)
    write(tmp_path, "1-bad.txt", BAD)
    code, doc = as_json(capsys, tmp_path, tmp_path / "missing.txt", "--select", "AM01")
    assert code == 1
    by_file = {Path(f["path"]).name: f for f in doc["files"]}
    assert by_file["0-binary.txt"]["error"] and by_file["missing.txt"]["error"]
    assert [(Path(f["path"]).name, f["code"]) for f in doc["findings"]] == [
        ("0-binary.txt", "PF01"), ("1-bad.txt", "AM01"), ("missing.txt", "PF01"),
    ]  # fmt: skip


@pytest.mark.parametrize("selector", ["AM01", "AM", "am0", "execution-rate-mismatch", "execution_rate_mismatch"])
def test_select_and_ignore_by_code_prefix_name_category(
    tmp_path: Path, capsys: pytest.CaptureFixture, selector: str
) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    _, picked = as_json(capsys, bad, "--select", selector)
    assert "AM01" in {f["code"] for f in picked["findings"]}
    assert "AM01" in picked["files"][0]["checks_run"]
    _, ignored = as_json(capsys, bad, "--ignore", selector)
    assert "AM01" not in {f["code"] for f in ignored["findings"]}
    assert "AM01" not in ignored["files"][0]["checks_run"] + ignored["files"][0]["checks_not_run"]


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad, target = write(tmp_path, "bad.txt", BAD), tmp_path / "out" / "结果.sarif"
    target.parent.mkdir()
    code, out, _ = run(capsys, bad, "--select", "AM01", "-f", "sarif", "-o", target)
    assert code == 1 and out == ""
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), SCHEMA)
    code, _, err = run(capsys, bad, "-o", tmp_path / "no" / "such" / "dir.txt")
    assert code == 2 and "无法写入" in err


def test_sarif_columns_count_code_points_in_a_chinese_file_name(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = write(tmp_path, "高营镇（𠮷）自评表.txt", BAD)
    doc = json.loads(run(capsys, bad, "--select", "AM01", "-f", "sarif")[1])
    jsonschema.validate(doc, SCHEMA)
    result = doc["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    line = BAD.splitlines()[location["region"]["startLine"] - 1]
    assert location["region"]["startColumn"] == line.index("100%") + 1  # 𠮷 counts once
    assert location["region"]["endColumn"] == line.index("100%") + 5
    assert "%F0%A0%AE%B7" in location["artifactLocation"]["uri"] and location["artifactLocation"]["uri"].startswith(
        "file:"
    )
    assert result["relatedLocations"]  # the budget and spending cells behind the rate


def test_lang_en(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    _, out, _ = run(capsys, bad, "--select", "AM01", "--lang", "en")
    assert "execution rate should be 90.10%" in out and "[error]" in out
    assert out.rstrip().endswith("1 finding (error 1, warning 0, info 0).")
    _, out, _ = run(capsys, bad, "--select", "AM01", "--lang", "en", "-f", "csv")
    assert out.removeprefix("\ufeff").startswith("file,location,code,name,category,severity,message,expected,actual")


def test_statistics_quiet_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad, good = write(tmp_path, "bad.txt", BAD), write(tmp_path, "good.txt", GOOD)
    _, out, _ = run(capsys, bad, good, "--select", "AM01", "--statistics")
    assert out.splitlines()[0].split() == ["次数", "代码", "名称", "错误", "警告", "提示"]
    assert out.splitlines()[2].split() == ["1", "AM01", "execution-rate-mismatch", "1", "0", "0"]
    code, out, _ = run(capsys, bad, good, "--select", "AM01", "--quiet")
    assert code == 1 and f"{bad}:2:" in out and "AM01" in out and "共 2 份报告" not in out  # findings, no summary
    assert run(capsys, good, "--select", "AM01", "--quiet")[1:] == ("", "")
    assert run(capsys, bad, good, "--select", "AM01", "-qq") == (1, "", "")
    _, out, _ = run(capsys, bad, good, "--select", "AM01", "--summary")
    assert "风险分" in out.splitlines()[0]
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:4]}
    assert rows[str(bad)][1:5] == ["1", "0", "0", "10"] and rows[str(good)][1:5] == ["0", "0", "0", "0"]
    _, out, _ = run(capsys, bad, good, "--select", "AM01", "--summary", "-f", "csv")
    table = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert table[0][:5] == ["文件", "错误", "警告", "提示", "风险分"] and table[1][4] == "10"


def test_coverage_warning_for_a_report_without_tables(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    prose = write(
        tmp_path, "narrative.txt", "2021年度社区办公项目绩效自评报告\n\n一、项目概况\n项目于2021年实施，效果良好。\n"
    )
    _, out, _ = run(capsys, prose)
    assert "未识别到自评表" in out and "检查未运行" in out
    _, doc = as_json(capsys, prose)
    assert "IN01" in doc["files"][0]["checks_not_run"] and "indicators" in doc["files"][0]["missing_facts"]


def test_xlsx_needs_a_file_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, bad, "-f", "xlsx")
    assert code == 2 and out == "" and "--output" in err
    assert run(capsys, bad, "--select", "AM01", "-f", "xlsx", "-o", tmp_path / "r.xlsx")[0] == 1
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"


def test_colour_only_on_a_terminal_without_no_color(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    assert "\x1b[" not in run(capsys, bad, "--select", "AM01")[1]  # captured output is not a terminal
    assert "\x1b[" in run(capsys, bad, "--select", "AM01", "--color", "always")[1]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert "\x1b[" in run(capsys, bad, "--select", "AM01")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, bad, "--select", "AM01")[1]
    assert "\x1b[" not in run(capsys, bad, "--select", "AM01", "--color", "never")[1]


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for n in range(8):
        write(tmp_path, f"r{n}.txt", GOOD)
    code, _, err = run(capsys, tmp_path, "--select", "AM01")
    assert code == 0 and err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_a_person_at_a_terminal() -> None:
    assert wants_progress(_Terminal(), 20, {})
    assert not wants_progress(_Terminal(), 3, {})  # a short batch
    assert not wants_progress(_Terminal(), 20, {"CI": "true"})
    assert not wants_progress(io.StringIO(), 20, {})


def test_rules_and_explain(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(out)}
    assert code == 0 and rules["AM01"]["name"] == "execution-rate-mismatch" and "PF01" in rules
    assert "## 反例" in rules["AM01"]["doc"]
    assert "AM01" in run(capsys, "rules")[1]
    assert run(capsys, "explain", "AM01")[1].startswith("AM01 execution-rate-mismatch")
    assert run(capsys, "explain", "XX99")[0] == 2


def test_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("pfaudit")
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    bad = write(tmp_path, "承德（𠮷）.txt", BAD)
    done = subprocess.run(
        [script, bad, "--select", "AM01"],
        capture_output=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    assert f"{bad}:2:" in out and "AM01 [错误]" in out and done.stderr == b""
    done = subprocess.run([script, bad, "-f", "xlsx"], capture_output=True, timeout=120)
    assert done.stdout[:2] == b"PK"  # bytes go through a pipe untouched
    done = subprocess.run([script, bad, "--config", tmp_path / "none.toml"], capture_output=True, timeout=120)
    assert done.returncode == 2 and "不存在" in done.stderr.decode() and b"Traceback" not in done.stderr


def test_a_gbk_stream_gets_no_traceback(tmp_path: Path) -> None:
    """Output redirected on Windows is encoded in GBK, which lacks › (between section headings)."""
    report = write(tmp_path, "报告.txt", "一、项目概况\n（一）资金\n" + BAD)
    done = subprocess.run(
        [sys.executable, "-m", "pfaudit", report, "--select", "AM01"],
        capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "gbk", "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    out = done.stdout.decode("gbk")
    assert "AM01 [错误]" in out and "一、项目概况 ? (一)资金" in out  # the › replaced, the rest as it was


def test_python_m_pfaudit_runs_the_command(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    done = subprocess.run([sys.executable, "-m", "pfaudit", bad, "--select", "AM01"], capture_output=True, timeout=120)
    assert done.returncode == 1 and "AM01 [错误]" in done.stdout.decode("utf-8") and done.stderr == b""
    done = subprocess.run([sys.executable, "-m", "pfaudit", "explain", "AM01"], capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stdout.decode("utf-8").startswith("AM01 execution-rate-mismatch")


def test_version_answers_without_importing_the_engine() -> None:
    import importlib.metadata

    import auditor
    import pfaudit

    probe = (
        "import sys; from pfaudit.__main__ import main; code = main(['--version']);"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('auditor', 'checks', 'regex', 'pluggy')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60, text=True)
    assert done.stdout == f"pfaudit {pfaudit.__version__}\n0 []\n", done.stderr
    assert importlib.metadata.version("pfaudit") == pfaudit.__version__ == auditor.__version__
    # what argparse would also answer: --version among the options, wherever it stands
    assert run_version(["x.txt", "--version"]) and not run_version(["rules", "--version"])
    assert not run_version(["--", "--version"])


def run_version(argv: list[str]) -> bool:
    from pfaudit.__main__ import _asks_version

    return _asks_version(argv)


def test_a_folder_without_reports_says_nothing_was_checked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path, "notes.json", "{}")
    code, out, err = run(capsys, tmp_path)
    assert code == 0 and "没有可检查的报告文件" in err and "共 0 份报告" in out


def test_json_carries_the_table_row_around_a_cell_finding(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _, doc = as_json(capsys, write(tmp_path, "bad.txt", BAD), "--select", "AM01")
    table = doc["findings"][0]["context"]["table"]
    assert table["row"][6] == "100%" and table["column"] == 7 and table["related_columns"] == [4, 5]
    assert table["above"][2] == "年初预算数" and doc["findings"][0]["context"]["lines"][0] == [1, HEADER.rstrip("\n")]


def test_pre_commit_hook_matches_report_files() -> None:
    import re

    hooks = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: pfaudit" in hooks and "entry: pfaudit" in hooks and "language: python" in hooks
    pattern = re.search(r"^  files: '(.+)'$", hooks, re.M).group(1)
    for name in ("报告.txt", "a/自评表.XLSX", "b.docx", "c.pdf", "d.doc", "e.wps", "f.xls"):
        assert re.search(pattern, name), name
    for name in ("setup.py", "notes.md", "x.txt.bak"):
        assert not re.search(pattern, name), name


def test_worker_processes_give_the_same_result(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for n in range(6):
        write(tmp_path, f"r{n}.txt", BAD if n % 2 else GOOD)
    write(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip")
    serial = as_json(capsys, tmp_path, "--jobs", "1")
    parallel = as_json(capsys, tmp_path, "--jobs", "2")
    assert serial == parallel
    assert len(serial[1]["files"]) == 7
    assert {f["code"] for f in serial[1]["findings"]} >= {"AM01", "PF01"}


def test_auto_workers_only_for_large_batches() -> None:
    from auditor.pipeline.batch import PARALLEL_FROM, workers

    assert workers(0, PARALLEL_FROM - 1) == 1
    assert workers(0, PARALLEL_FROM) >= 1
    assert workers(3, 1) == 3


def test_version(capsys: pytest.CaptureFixture) -> None:
    import auditor

    assert run(capsys, "--version") == (0, f"pfaudit {auditor.__version__}\n", "")


def test_standard_input_with_a_file_name(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode("gb18030"))))
    code, doc = as_json(capsys, "-", "--stdin-filename", "报告/自评表.txt", "--select", "AM01")
    assert code == 1 and [f["path"] for f in doc["findings"]] == ["报告/自评表.txt"]
    assert doc["findings"][0]["line"] == 2 and doc["files"][0]["encoding"] == "gb18030"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    code, out, _ = run(capsys, "-", "--select", "AM01", "-f", "concise")
    assert code == 0 and out.startswith("共 1 份报告，0 处发现")


def test_concise_and_gitlab_formats(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = write(tmp_path, "bad.txt", BAD)
    _, out, _ = run(capsys, bad, "--select", "AM01", "-f", "concise")
    assert out.splitlines()[0].startswith(f"{bad}:2:") and " AM01 " in out.splitlines()[0]
    _, out, _ = run(capsys, bad, "--select", "AM01", "-f", "gitlab")
    [item] = json.loads(out)
    assert item["check_name"] == "AM01" and item["location"] == {"path": str(bad), "lines": {"begin": 2, "end": 2}}


def test_pfaudit_never_audits_its_own_output(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "reports/bad.txt", BAD)
    outputs = (("xlsx", "抽查结果.xlsx"), ("csv", "结果.csv"), ("text", "结果.txt"), ("concise", "c.txt"), ("html", "结果.html"))
    for fmt, name in outputs:
        assert run(capsys, "reports", "--select", "AM01", "-f", fmt, "-o", f"reports/{name}")[0] == 1
    assert run(capsys, "reports/bad.txt", "--select", "AM01", "--annotate", "reports")[0] == 1  # a web page beside it
    assert (tmp_path / "reports" / "bad（已批注）.html").is_file()
    _, doc = as_json(capsys, "reports", "--select", "AM01")
    assert [f["path"] for f in doc["files"]] == ["reports/bad.txt"]


def test_exclude_and_gitignore(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch) -> None:
    for name in ("r/a.txt", "r/草稿/b.txt", "r/.venv/c.txt", "r/venv/d.txt", "r/old/e.txt", "r/keep/f.txt"):
        write(tmp_path, name, BAD)
    write(tmp_path, "r/.gitignore", "old/\n")
    (tmp_path / ".git").mkdir()
    write(tmp_path, "pfaudit.toml", 'extend-exclude = ["r/草稿/*"]\n')

    def audited(*extra: str) -> list[str]:
        _, doc = as_json(capsys, "r", "--select", "AM01", *extra)
        return sorted(Path(f["path"]).relative_to("r").as_posix() for f in doc["files"])

    for cwd in (tmp_path, tmp_path / "r"):  # the config's globs do not depend on the working directory
        monkeypatch.chdir(cwd)
        r = "r" if cwd == tmp_path else "."
        _, doc = as_json(capsys, r, "--select", "AM01")
        assert sorted(Path(f["path"]).name for f in doc["files"]) == ["a.txt", "f.txt"]
    monkeypatch.chdir(tmp_path)
    assert audited("--no-respect-gitignore") == ["a.txt", "keep/f.txt", "old/e.txt"]
    assert audited("--extend-exclude", "keep") == ["a.txt"]
    assert audited("--exclude", "a.txt") == [".venv/c.txt", "keep/f.txt", "venv/d.txt"]  # extend-exclude stays
    _, doc = as_json(capsys, "r/草稿/b.txt", "--select", "AM01")  # named on the command line: checked
    assert len(doc["files"]) == 1
    _, doc = as_json(capsys, "r/草稿/b.txt", "--select", "AM01", "--force-exclude")
    assert doc["files"] == []


def test_per_path_ignores_follow_the_config_folder_not_the_working_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "cfgt/reports/草稿/a.txt", BAD)
    write(tmp_path, "cfgt/reports/b.txt", BAD)
    outcomes = {}
    for glob in ("草稿/*", "reports/草稿/*", "**/草稿/*"):
        write(tmp_path, "cfgt/pfaudit.toml", f'[per-path-ignores]\n"{glob}" = ["AM01"]\n')
        for cwd, target in (("cfgt", "reports"), ("cfgt/reports", "."), (".", "cfgt/reports")):
            monkeypatch.chdir(tmp_path / cwd)
            _, doc = as_json(capsys, target, "--select", "AM01")
            outcomes.setdefault(glob, set()).add(tuple(sorted(Path(f["path"]).name for f in doc["findings"])))
    assert outcomes == {"草稿/*": {("a.txt", "b.txt")}, "reports/草稿/*": {("b.txt",)}, "**/草稿/*": {("b.txt",)}}


def test_english_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "pfaudit.toml", 'fail-on = "sometimes"\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, ".", "--lang", "en")
    assert code == 2 and err == "pfaudit: fail-on should be one of error / warning / info / never, not 'sometimes'\n"
    monkeypatch.setenv("PFAUDIT_LANG", "en_US.UTF-8")
    assert "fail-on should be one of" in run(capsys, ".")[2]
    _, out, _ = run(capsys, "--help")
    assert "output format" in out and "输出格式" not in out
    monkeypatch.setenv("PFAUDIT_LANG", "zh")
    assert "fail-on 应为" in run(capsys, ".")[2]
    assert "fail-on should be" in run(capsys, ".", "--lang", "en")[2]  # the flag wins over the variable
    monkeypatch.setenv("PFAUDIT_LANG", "fr")
    assert run(capsys, ".")[0] == 2


def test_sarif_names_the_anchor_of_a_word_finding(capsys: pytest.CaptureFixture) -> None:
    from tests.conftest import ROOT

    _, out, _ = run(capsys, ROOT / "samples" / "formats" / "shangjie.docx", "--select", "YR01", "-f", "sarif")
    [result] = json.loads(out)["runs"][0]["results"]
    [paragraph] = result["locations"][0]["logicalLocations"]
    assert paragraph["kind"] == "paragraph" and result["message"]["text"].endswith(f"（{paragraph['name']}）")
