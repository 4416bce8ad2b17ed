"""The edges of a command-line run: what it writes, the folders it walks, what it prints.

The reproducers of ``run-web-db`` as tests: pfaudit never writes over a file it audits, writes
a file whole or not at all, walks past what it cannot enter, escapes a report's control
characters, and names the cause of an unreadable file rightly. Runs that need a process of
their own (a full disk, a dropped permission) start the real console entry point.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main as cli
from tests.conftest import ROOT
from tests.support import attacks

SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
DOCX = ROOT / "samples" / "formats" / "gumei.docx"
XLSX = ROOT / "samples" / "formats" / "gumei.xlsx"
PFAUDIT = [sys.executable, "-m", "auditor.cli.main"]


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


# -- item 2: no command line writes over an audited file ------------------------------------


@pytest.mark.parametrize(
    ("source", "argv"),
    [
        (SAMPLE, ["{f}", "-o", "{f}"]),
        (DOCX, ["{f}", "-f", "json", "-o", "{d}/./r.docx"]),
        (XLSX, ["{f}", "--register", "{f}"]),
        (SAMPLE, ["{f}", "--write-baseline", "{f}"]),
        (DOCX, ["{f}", "--annotate", "{f}"]),
        (SAMPLE, ["{f}", "-o", "{d}/link.txt"]),  # a symbolic link to the report
        (SAMPLE, ["{f}", "-o", "{d}/hard.txt"]),  # a hard link to it
        (SAMPLE, ["{d}", "-o", "{f}"]),  # a report in the folder being audited
        (SAMPLE, ["{f}", "--db", "{d}/link.txt"]),
    ],
    ids=["output", "output-dot", "register", "write-baseline", "annotate", "symlink", "hard-link", "in-folder", "db"],
)
def test_no_option_writes_over_an_audited_file(tmp_path: Path, capsys, source: Path, argv: list[str]) -> None:
    report = copy(source, tmp_path / f"r{source.suffix}")
    (tmp_path / "link.txt").symlink_to(report)
    os.link(report, tmp_path / "hard.txt")
    before = report.read_bytes()
    code, _, err = run(capsys, *(a.format(f=report, d=tmp_path) for a in argv), "--no-progress")
    assert code == 2, err
    assert "正是要检查的文件" in err and "Traceback" not in err
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["hard.txt", "link.txt", report.name])


def test_an_empty_report_is_not_taken_for_a_new_history(tmp_path: Path, capsys) -> None:
    """SQLite takes an empty file for an empty database: one being audited must stay empty."""
    empty = tmp_path / "r.txt"
    empty.write_bytes(b"")
    code, _, err = run(capsys, empty, "--db", empty)
    assert code == 2 and "--db" in err
    assert empty.read_bytes() == b""


def test_the_register_command_never_writes_over_its_history(tmp_path: Path, capsys) -> None:
    history = tmp_path / "h.sqlite"
    assert run(capsys, SAMPLE, "--db", history, "-o", os.devnull)[0] == 1
    before = history.read_bytes()
    code, _, err = run(capsys, "register", "--db", history, "-o", history)
    assert code == 2 and "审计历史数据库" in err
    assert history.read_bytes() == before


def test_a_second_run_may_replace_its_own_listing(tmp_path: Path, capsys) -> None:
    """Writing over pfaudit's own earlier output in the audited folder is still allowed, -q too."""
    copy(SAMPLE, tmp_path / "reports" / "r.txt")
    out = tmp_path / "reports" / "结果.txt"
    for _ in range(2):
        for extra in ([], ["-q"], ["-q", "-f", "concise"], ["-q", "-f", "github"]):
            code, _, err = run(capsys, tmp_path / "reports", "-o", out, "--no-progress", *extra)
            assert code == 1, err


# -- items 12 and 13: outputs written whole, before the history ----------------------------------


def _file_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous results\n", encoding="utf-8")
    done = subprocess.run([*PFAUDIT, str(ROOT / "samples"), "-f", "json", "-o", str(out), "--no-progress"],
                          capture_output=True, text=True, preexec_fn=_file_limit, check=False, timeout=300)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "无法写入输出文件" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary file left


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "text", "xlsx"])
def test_a_full_standard_output_is_one_line_and_exit_2(fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*PFAUDIT, str(SAMPLE), "-f", fmt], stdout=full, stderr=subprocess.PIPE, text=True,
                              check=False, timeout=120)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "pfaudit: 无法写入标准输出：No space left on device\n"


def test_a_history_that_fails_to_write_keeps_the_results(db_url: str, tmp_path: Path, capsys) -> None:
    import sqlalchemy as sa

    report = copy(SAMPLE, tmp_path / "台账用报告.txt")
    assert run(capsys, report, "--db", db_url, "-o", os.devnull)[0] == 1
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # a database that refuses the run's rows, as a full disk would
        if engine.dialect.name == "sqlite":
            conn.execute(sa.text("CREATE TRIGGER refuse BEFORE INSERT ON report BEGIN SELECT RAISE(ABORT, 'no room left'); END"))
        else:
            conn.execute(sa.text("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no room left'; END $$ LANGUAGE plpgsql"))
            conn.execute(sa.text("CREATE TRIGGER refuse BEFORE INSERT ON report FOR EACH ROW EXECUTE FUNCTION refuse()"))
    engine.dispose()
    out = tmp_path / "out.json"
    code, _, err = run(capsys, report, "--db", db_url, "-f", "json", "-o", out)
    assert code == 2
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["path"] == str(report)
    assert err.count("\n") == 1 and "写入失败" in err and "no room left" in err
    assert "台账用报告" not in err and "INSERT" not in err  # never the statement or the values it carried


# -- items 3 and 7: a folder walk goes past what it cannot enter ------------------------------------


def _json_run(*argv: object, prefix: list[str] = ()) -> dict:
    done = subprocess.run([*prefix, *PFAUDIT, *map(str, argv), "-f", "json", "--no-progress"], capture_output=True,
                          text=True, check=False, timeout=300)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return json.loads(done.stdout)


def _errors(doc: dict) -> dict[str, str]:
    return {f["path"]: f["error"] for f in doc["files"] if f.get("error")}


def test_symbolic_link_loops_are_one_finding_each(tmp_path: Path) -> None:
    copy(SAMPLE, tmp_path / "r.txt")
    (tmp_path / "self").symlink_to(".")
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    doc = _json_run(tmp_path)
    assert [f["path"] for f in doc["files"] if not f.get("error")] == [str(tmp_path / "r.txt")]
    errors = _errors(doc)
    assert sorted(errors) == [str(tmp_path / n) for n in ("a.txt", "b.txt", "self")]
    assert "形成循环" in errors[str(tmp_path / "self")] and "循环" in errors[str(tmp_path / "a.txt")]


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="as root, needs setpriv to drop the override")
def test_a_folder_without_permission_is_one_finding(tmp_path: Path) -> None:
    copy(SAMPLE, tmp_path / "top.txt")
    copy(SAMPLE, tmp_path / "locked" / "hidden.txt")
    (tmp_path / "locked").chmod(0)
    caps = "-dac_override,-dac_read_search"
    prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"] if os.geteuid() == 0 else []
    try:
        doc = _json_run(tmp_path, prefix=prefix)
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert _errors(doc) == {str(tmp_path / "locked"): "没有权限读取这个文件夹，其中的文件没有检查。"}
    assert [f["path"] for f in doc["files"] if not f.get("error")] == [str(tmp_path / "top.txt")]


def test_a_path_past_the_system_limit_is_one_finding(tmp_path: Path) -> None:
    copy(SAMPLE, tmp_path / "top.txt")
    deep = os.open(tmp_path, os.O_RDONLY)
    try:
        for _ in range(3000):  # "d/" 3,000 times: past PATH_MAX (4096)
            os.mkdir("d", dir_fd=deep)
            inner = os.open("d", os.O_RDONLY, dir_fd=deep)
            os.close(deep)
            deep = inner
        fd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=deep)
        os.write(fd, SAMPLE.read_bytes())
        os.close(fd)
        doc = _json_run(tmp_path)
    finally:
        os.close(deep)
        subprocess.run(["rm", "-rf", str(tmp_path / "d")], check=False)  # shutil.rmtree recurses once per level
    [(place, why)] = _errors(doc).items()
    assert place.startswith(str(tmp_path / "d" / "d")) and why == "路径过长，超过了系统允许的长度，其中的文件没有检查。"
    assert [f["path"] for f in doc["files"] if not f.get("error")] == [str(tmp_path / "top.txt")]


# -- item 8: a report cannot move the terminal's cursor or hide its finding ------------------------


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_control_characters_are_escaped(tmp_path: Path, capsys, fmt: str) -> None:
    report = copy(attacks.DATA / "terminal_escape_hides_finding.txt", tmp_path / "e\x1b[31mx.txt")
    code, out, _ = run(capsys, report, "-f", fmt, "--color", "never")
    assert code == 1
    assert "\x1b" not in out and "\r" not in out
    assert "e\\x1b[31mx.txt" in out and "AM01" in out
    if fmt == "text":  # the line the finding is in, with the escapes shown, and the caret under it
        lines = out.splitlines()
        at = next(n for n, x in enumerate(lines) if "执行率100%" in x)
        assert lines[at].endswith("执行率100%。\\x1b[2A\\x1b[2K\\x1b[8m") and lines[at + 1].endswith("^^^^")


def test_colour_is_still_pfaudit_own(tmp_path: Path, capsys) -> None:
    report = copy(attacks.DATA / "terminal_escape_hides_finding.txt", tmp_path / "r.txt")
    _, out, _ = run(capsys, report, "--color", "always")
    assert "\x1b[31;1m" in out  # the severity's colour
    assert "\x1b[2K" not in out and "\x1b[8m" not in out  # the report's own sequences are not


# -- item 14: the right diagnosis ------------------------------------------------------------


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, capsys, order: str) -> None:
    report = tmp_path / f"{order}.txt"
    report.write_bytes(attacks.utf16_without_bom(order))
    _, out, _ = run(capsys, report, "-f", "json")
    _, expected, _ = run(capsys, SAMPLE, "-f", "json")
    [file] = json.loads(out)["files"]
    assert file["encoding"] == f"utf-16-{order}" and not file.get("error")
    found = [(f["code"], f["location"]["line"], f["location"]["column"]) for f in json.loads(out)["findings"]]
    assert found == [(f["code"], f["location"]["line"], f["location"]["column"]) for f in json.loads(expected)["findings"]]


def test_binary_with_nul_bytes_on_both_sides_is_still_binary(tmp_path: Path, capsys) -> None:
    data = bytes(range(256)) * 40
    report = tmp_path / "b.txt"
    report.write_bytes(data)
    _, out, _ = run(capsys, report, "-f", "json")
    assert json.loads(out)["files"][0]["error"] == "文件含有二进制内容（NUL 字节），不是文本报告。"


def test_a_detected_codec_keeps_its_name(tmp_path: Path, capsys) -> None:
    report = copy(attacks.DATA / "utf16be_codec_name.txt", tmp_path / "be.txt")
    _, out, _ = run(capsys, report, "-f", "json")
    [file] = json.loads(out)["files"]
    assert file["encoding"] == "utf-16-be" and not file.get("error")


def test_the_memory_ceiling_on_a_pdf_is_named_as_such(tmp_path: Path) -> None:
    """zlib runs out of memory inside pdfminer, which pdfplumber wraps: still the memory limit, not damage."""
    bomb = tmp_path / "spaces.pdf"
    bomb.write_bytes(attacks.spaces_bomb(512 << 20))
    (tmp_path / "pfaudit.toml").write_text("[limits]\nzip-ratio = 1000000\nunzipped-size = 4096\n", encoding="utf-8")
    done = subprocess.run([*PFAUDIT, str(bomb), "-f", "json", "--memory-limit", "256", "--config", str(tmp_path / "pfaudit.toml")],
                          capture_output=True, text=True, check=False, timeout=300)  # fmt: skip
    [file] = json.loads(done.stdout)["files"]
    assert "内存" in file["error"] and "已损坏" not in file["error"], file["error"]


@pytest.mark.parametrize("make", [lambda: attacks.content_bomb(40 << 20), attacks.spaces_bomb], ids=["operators", "1 GB of blanks"])
def test_a_pdf_content_bomb_is_refused_by_its_ratio(tmp_path: Path, capsys, make) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make())
    _, out, _ = run(capsys, bomb, "-f", "json")
    error = json.loads(out)["files"][0]["error"]
    assert "压缩比异常" in error and "zip-ratio" in error


def test_a_pdf_whose_streams_inflate_past_the_total_is_refused(tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(attacks.content_bomb(8 << 20))
    (tmp_path / "pfaudit.toml").write_text("[limits]\nunzipped-size = 4\nzip-ratio = 100000\n", encoding="utf-8")
    _, out, _ = run(capsys, bomb, "-f", "json", "--config", tmp_path / "pfaudit.toml")
    error = json.loads(out)["files"][0]["error"]
    assert "合计超过 4.0 MB" in error and "unzipped-size" in error


def test_a_workbook_of_too_many_sheets_is_refused_before_loading(tmp_path: Path, capsys) -> None:
    book = tmp_path / "sheets.xlsx"
    book.write_bytes(attacks.sheets(1001))
    _, out, _ = run(capsys, book, "-f", "json")
    assert json.loads(out)["files"][0]["error"].startswith("“sheets.xlsx”中的工作表过多（1,001 个，上限 1,000 个）")
    book.write_bytes(attacks.sheets(1000))
    _, out, _ = run(capsys, book, "-f", "json")
    assert not json.loads(out)["files"][0].get("error")  # at the limit: read


# -- item 15 ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_fuzz_takes_a_count() -> None:
    done = subprocess.run(["make", "-n", "fuzz", "FUZZ_N=7"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert "PFAUDIT_FUZZ=7 " in done.stdout
