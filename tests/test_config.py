"""Configuration: discovery, every key, per-path ignores, CLI overrides, errors that name the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main as cli
from auditor.pipeline.config import Config, find_config, load_config
from auditor.pipeline.selectors import check_settings, path_ignores, select_checks
from auditor.report.errors import ConfigError
from tests.test_cli import BAD, write
from tests.test_formats import fixed_checks


def _load(tmp_path: Path, text: str, name: str = "pfaudit.toml") -> Config:
    return load_config(write(tmp_path, name, text))


def _codes(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, list[tuple[str, str]]]:
    code = cli.main([*map(str, argv), "--format", "json"])
    out, _ = capsys.readouterr()
    return code, [(Path(f["path"]).name, f["code"]) for f in json.loads(out)["findings"]]


def test_defaults_without_a_file() -> None:
    config = load_config(None)
    assert (config.select, config.ignore, config.fail_on, config.profile, config.lang) == (
        ["ALL"],
        [],
        "warning",
        "national",
        "zh",
    )


def test_found_upward_pfaudit_toml_first(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.pfaudit]\nfail-on = 'error'\n")
    report = write(tmp_path, "a/b/report.txt", BAD)
    assert find_config(report) == tmp_path / "pyproject.toml"
    write(tmp_path, "a/pfaudit.toml", "fail-on = 'info'\n")
    assert find_config(report) == tmp_path / "a" / "pfaudit.toml"
    assert find_config(report.parent) == tmp_path / "a" / "pfaudit.toml"


def test_pyproject_without_our_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(write(tmp_path, "r.txt", BAD)) != tmp_path / "pyproject.toml"


def test_every_key_is_read(tmp_path: Path) -> None:
    all_checks = fixed_checks()
    config = _load(tmp_path, """
select = ["AM", "IN01", "ST"]
extend-select = ["TX01"]
ignore = ["placeholder-row"]
fail-on = "error"
profile = "shanghai"
lang = "en"
[per-path-ignores]
"drafts/*.txt" = ["TX", "duplicated_text"]
[checks.AM01]
severity = "warning"
""")  # fmt: skip
    assert [c.code for c in select_checks(all_checks, config)] == ["AM01", "IN01", "TX01"]  # ST01 ignored by name
    assert (config.fail_on, config.profile, config.lang) == ("error", "shanghai", "en")
    assert path_ignores(str(tmp_path / "drafts" / "x.txt"), config) == ["TX", "duplicated_text"]
    assert path_ignores(str(tmp_path / "final" / "x.txt"), config) == []
    _, severities = check_settings(all_checks, config)
    assert severities["AM01"].value == "warning"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("fail_on = 'error'\n", "'fail_on'，是不是 fail-on"),
        ("colour = 'never'\n", "'colour'"),
        ("select = 3\n", "select"),
        ("per-path-ignores = 'x'\n", "per-path-ignores"),
        ("[per-path-ignores]\n'a/*' = [1]\n", "per-path-ignores.'a/*'"),
        ("fail-on = 'sometimes'\n", "fail-on"),
        ("lang = 'fr'\n", "lang"),
        ("profile = 'mars'\n", "profile"),
        ("select = [\n", "不是有效的 TOML"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    assert named in str(err.value)


def test_pyproject_table_errors_say_where(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[tool\.pfaudit\].*'sellect'，是不是 select"):
        _load(tmp_path, "[tool.pfaudit]\nsellect = ['AM']\n", "pyproject.toml")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("ignore = ['ZZ']\n", "'ZZ'"),
        ("[per-path-ignores]\n'*.txt' = ['nothing-like-this']\n", "'nothing-like-this'"),
        ("[checks.AM99]\nseverity = 'info'\n", "checks.AM99"),
        ("[checks.AM01]\nseverity = 'fatal'\n", "severity"),
        ("[checks.TX01]\nno_such_option = 1\n", "no_such_option"),
    ],
)
def test_selectors_and_check_tables_are_checked(tmp_path: Path, text: str, named: str) -> None:
    config, all_checks = _load(tmp_path, text), fixed_checks()
    with pytest.raises(ConfigError) as err:
        select_checks(all_checks, config)
        check_settings(all_checks, config)
    assert named in str(err.value)


def test_unknown_key_through_the_cli_exits_2_with_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    write(tmp_path, "pfaudit.toml", "selct = ['AM']\n")
    code = cli.main([str(write(tmp_path, "r.txt", BAD))])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("pfaudit: 配置文件") and "'selct'" in err and "Traceback" not in err


def test_per_path_ignores_apply_to_matching_files_only(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path, "pfaudit.toml", "select = ['AM01']\n[per-path-ignores]\n'drafts/*' = ['execution-rate-mismatch']\n")
    write(tmp_path, "drafts/草稿.txt", BAD)
    write(tmp_path, "final/定稿.txt", BAD)
    code, found = _codes(capsys, tmp_path)
    assert code == 1 and found == [("定稿.txt", "AM01")]


def test_command_line_overrides_the_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path, "pfaudit.toml", "select = ['TX']\nfail-on = 'never'\n")
    report = write(tmp_path, "r.txt", BAD)
    code, found = _codes(capsys, report)
    assert code == 0 and "AM01" not in {c for _, c in found}
    code, found = _codes(capsys, report, "--select", "AM01", "--fail-on", "warning")
    assert code == 1 and found == [("r.txt", "AM01")]
    code, found = _codes(capsys, report, "--extend-select", "AM01")
    assert ("r.txt", "AM01") in found


def test_engine_codes_stay_on_unless_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path, "broken.txt", b"\x00\x00binary\x00")
    write(tmp_path, "pfaudit.toml", "select = ['AM01']\n")
    assert _codes(capsys, tmp_path) == (1, [("broken.txt", "PF01")])
    write(tmp_path, "pfaudit.toml", "select = ['AM01']\nignore = ['unreadable-file']\n")
    assert _codes(capsys, tmp_path) == (0, [])


def test_explicit_config_path(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    custom = write(tmp_path, "elsewhere/strict.toml", "select = ['AM01']\nfail-on = 'never'\n")
    report = write(tmp_path, "r.txt", BAD)
    assert _codes(capsys, report, "--config", custom) == (0, [("r.txt", "AM01")])
