"""A plain ``pip install`` of the checkout, without extras, in a fresh virtual environment: it works.

This is the route of the pre-commit hook and of a CI job. The checks that need an extra
(CP01 and CP02 need datasketch) are left out and named once, with the command that installs
the extra from where this copy came from; everything else finds what the full development
environment finds; ``--executor dask`` stops with one line. Skipped, saying why, when pip
cannot install here (no index and no wheels at hand).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # a fresh virtual environment and a pip install
SHIPPED = ("pyproject.toml", "README.md", "auditor", "checks", "pfaudit")
CLEAN = [ROOT / "tests" / "corpus" / "p-clean-chengde.txt", ROOT / "tests" / "corpus" / "p-clean-gumei.txt"]
ENV = {**os.environ, "NO_COLOR": "1", "CI": "true"}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh venv with the checkout installed as ``pip install FOLDER``, no extras."""
    root = tmp_path_factory.mktemp("plain-install")
    source = root / "pfaudit"  # a copy: pip builds in the folder it is given, and the checkout stays as it is
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(source)],
        capture_output=True, text=True, timeout=900, env=ENV,
    )  # fmt: skip
    if done.returncode != 0:
        reason = f"pip cannot install the checkout here: {done.stderr.strip().splitlines()[-1:]}"
        print(reason)
        pytest.skip(reason)
    return venv / "bin"


def _run(exe: list[str], *args: object, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*exe, *map(str, args)], capture_output=True, text=True, timeout=600, cwd=cwd, env=ENV)


def _install_line(out: str) -> list[str]:
    return [line for line in out.splitlines() if "[corpus]" in line]


def test_the_extras_are_not_installed(plain: Path) -> None:
    probe = "import importlib.util as u; print([m for m in ('datasketch', 'sqlalchemy', 'distributed', 'starlette') if u.find_spec(m)])"
    assert _run([str(plain / "python"), "-c", probe], cwd=plain).stdout.strip() == "[]"


def test_the_samples_are_checked_as_with_every_extra_but_the_copy_checks(plain: Path, tmp_path: Path) -> None:
    samples = ROOT / "samples"
    done = _run([str(plain / "pfaudit")], samples, cwd=tmp_path)
    assert "Traceback" not in done.stderr and "PF00" not in done.stdout + done.stderr
    source = plain.parent.parent / "pfaudit"
    assert _install_line(done.stdout) == [
        f'! CP01、CP02 未运行：没有安装 datasketch；安装方法：pip install "{source}[corpus]"'
    ]
    # exit 1: the samples have findings, the same as the full environment finds, CP01 and CP02 aside
    plain_json = _run([str(plain / "pfaudit")], samples, "--format", "json", cwd=tmp_path)
    full_json = _run([sys.executable, "-m", "pfaudit"], samples, "--format", "json", cwd=tmp_path)
    assert plain_json.returncode == done.returncode == full_json.returncode == 1, full_json.stderr

    def found(out: str) -> list[tuple]:
        return [(f["path"], f["code"], f["place"], f["message"]) for f in json.loads(out)["findings"] if f["code"][:2] != "CP"]

    assert found(plain_json.stdout) == found(full_json.stdout)
    assert json.loads(plain_json.stdout)["not_installed"][0]["checks"] == ["CP01", "CP02"]


def test_two_clean_reports_pass_and_name_the_extra_once(plain: Path, tmp_path: Path) -> None:
    done = _run([str(plain / "pfaudit")], *CLEAN, cwd=tmp_path)
    assert done.returncode == 0 and "PF00" not in done.stdout and done.stderr == ""
    assert len(_install_line(done.stdout)) == 1
    english = _run([str(plain / "python"), "-m", "pfaudit"], *CLEAN, "--lang", "en", cwd=tmp_path)
    assert english.returncode == 0 and _install_line(english.stdout)[0].startswith("! CP01, CP02 not run: datasketch")


def test_dask_without_the_extra_is_one_clear_line(plain: Path, tmp_path: Path) -> None:
    done = _run([str(plain / "pfaudit")], *CLEAN, "--executor", "dask", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("pfaudit: Dask 集群（--executor dask）需要先安装 pfaudit 的 corpus 组件（缺少 ") and "[corpus]" in line


def test_version_and_python_m(plain: Path, tmp_path: Path) -> None:
    import pfaudit

    assert _run([str(plain / "python"), "-m", "pfaudit", "--version"], cwd=tmp_path).stdout == f"pfaudit {pfaudit.__version__}\n"
