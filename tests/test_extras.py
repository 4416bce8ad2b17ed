"""Without an optional extra: its checks are left out and named once, its options are usage errors.

The libraries are hidden from this process (``sys.modules[name] = None`` makes both
``import name`` and ``importlib.util.find_spec(name)`` fail as if it were not installed);
tests/test_install.py does the same in a fresh virtual environment installed without extras.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from auditor.cli import main as cli
from auditor.engine.project import EXTRAS, REPOSITORY, install_command, install_hint
from tests.conftest import ROOT

CLEAN = [ROOT / "tests" / "corpus" / "p-clean-chengde.txt", ROOT / "tests" / "corpus" / "p-clean-gumei.txt"]


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make `modules` look uninstalled, and forget pfaudit's modules that imported them."""
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)
    for name in ("auditor.corpus.copying", "auditor.run.executor", "auditor.run.db"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_copy_checks_without_datasketch_are_named_once_and_never_an_error(monkeypatch, capsys) -> None:
    hide(monkeypatch, "datasketch")
    code, out, err = run(capsys, *CLEAN)
    assert code == 0 and "PF00" not in out + err and "Traceback" not in err
    named = [line for line in (out + err).splitlines() if "[corpus]" in line]
    assert named == [f"! CP01、CP02 未运行：没有安装 datasketch；安装方法：{install_command('corpus')}"]
    code, out, _ = run(capsys, *CLEAN, "--lang", "en")
    assert [line for line in out.splitlines() if "[corpus]" in line] == [
        f"! CP01, CP02 not run: datasketch is not installed; install it with {install_command('corpus')}"
    ]
    code, out, _ = run(capsys, *CLEAN, "--format", "json")
    doc = json.loads(out)
    assert doc["not_installed"] == [{"checks": ["CP01", "CP02"], "modules": ["datasketch"], "install": install_command("corpus")}]
    assert all("CP01" not in f["checks_run"] for f in doc["files"]) and code == 0
    code, out, _ = run(capsys, *CLEAN, "--format", "sarif")
    invocation = json.loads(out)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True and invocation["toolExecutionNotifications"][0]["level"] == "note"


def test_one_report_compares_nothing_so_the_missing_library_goes_unsaid(monkeypatch, capsys) -> None:
    hide(monkeypatch, "datasketch")
    code, out, err = run(capsys, CLEAN[0])
    assert code == 0 and "[corpus]" not in out + err and "datasketch" not in out + err


def test_the_other_corpus_checks_still_run_without_datasketch(monkeypatch, capsys, tmp_path: Path) -> None:
    hide(monkeypatch, "datasketch")
    code, out, _ = run(capsys, *CLEAN, "--format", "json", "--select", "CP,YY")
    assert code == 0
    assert {c for f in json.loads(out)["files"] for c in f["checks_run"]} == {"YY01", "YY02", "YY03"}


def test_dask_without_distributed_is_one_clear_usage_error(monkeypatch, capsys) -> None:
    hide(monkeypatch, "distributed")
    code, out, err = run(capsys, *CLEAN, "--executor", "dask")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"pfaudit: Dask 集群（--executor dask）需要先安装 pfaudit 的 corpus 组件（缺少 distributed）：{install_command('corpus')}"
    ]
    code, _, err = run(capsys, *CLEAN, "--executor", "dask", "--lang", "en")
    assert code == 2 and err.startswith("pfaudit: the Dask cluster (--executor dask) needs pfaudit's corpus extra")


def test_db_without_sqlalchemy_is_one_clear_usage_error(monkeypatch, capsys, tmp_path: Path) -> None:
    hide(monkeypatch, "sqlalchemy")
    code, out, err = run(capsys, *CLEAN, "--db", tmp_path / "history.sqlite")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and install_command("corpus") in err
    assert not (tmp_path / "history.sqlite").exists()


def test_a_plugin_check_names_the_library_it_requires(monkeypatch, capsys) -> None:
    from auditor import Finding, check, hookimpl
    from tests.test_plugins import _module

    @check("XX02", category="typo", severity="info", needs=("sentences",), requires=("pfaudit_no_such_library",))
    def needs_a_library(report) -> list[Finding]:
        """需要一个没有安装的库。"""
        raise AssertionError("never run")

    name = _module("pfaudit_requires_plugin", pfaudit_checks=hookimpl(lambda: [needs_a_library]))
    code, out, _ = run(capsys, CLEAN[0], "--plugin", name, "--select", "XX02")
    assert code == 0 and "PF00" not in out
    assert out.splitlines()[-2] == "! XX02 未运行：没有安装 pfaudit_no_such_library；安装方法：pip install pfaudit_no_such_library"


def test_install_commands_install_from_the_source_never_from_pypi() -> None:
    for extra in (None, "corpus", "web"):
        command = install_command(extra)
        assert command.startswith('pip install "') and command.endswith('"')
        target = command.removeprefix('pip install "').removesuffix('"')
        wanted = f"[{extra}]" if extra else ""
        if target.startswith("pfaudit"):  # pfaudit[extra] @ a VCS URL: a direct reference, not an index lookup
            assert target.startswith(f"pfaudit{wanted} @ ") and "+" in target.split(" @ ")[1]
        else:  # the folder this copy was installed from
            assert target.endswith(wanted) and (Path(target.removesuffix(wanted)) / "pyproject.toml").is_file()
    assert install_hint(["datasketch", "sqlalchemy.orm"]) == install_command("corpus")
    assert REPOSITORY.startswith("https://")


def test_the_extras_table_matches_pyproject() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    import_names = {"python-multipart": "multipart"}  # distributions whose import name differs
    for extra, modules in EXTRAS.items():
        names = [req.split("[")[0].split(">")[0].split("=")[0].strip() for req in declared[extra]]
        assert tuple(import_names.get(n, n) for n in names) == modules, extra
