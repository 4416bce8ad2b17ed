"""Configuration: ``pfaudit.toml`` or ``[tool.pfaudit]`` in pyproject.toml, found upward.

Keys: ``select``, ``extend-select``, ``ignore`` (each a list of selectors: a code, a code
prefix, a check name or a category), ``per-path-ignores`` (glob → selectors, globs
relative to the configuration file's folder), ``fail-on``, ``profile``,
``profile-options``, ``lang`` and one ``[checks.CODE]`` table per check with ``severity``
and the check's options. Unknown keys are errors that name the key. Values are read with
``parse_float=Decimal``: money never passes a float. Command-line flags override the file.
"""

from __future__ import annotations

import contextlib
import difflib
import fnmatch
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.check import Check
from auditor.errors import ConfigError
from auditor.findings import CATEGORIES, Severity
from auditor.profile import builtin_profiles

TOP_KEYS = (
    "select", "extend-select", "ignore", "per-path-ignores", "fail-on",
    "profile", "profile-options", "lang", "checks",
)  # fmt: skip
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(slots=True)
class Config:
    """The effective configuration of a run (file values, then command-line overrides)."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "warning"
    profile: str = "national"
    lang: str = "zh"
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile_options: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    root: Path | None = None  # the folder per-path-ignores globs are relative to


def find_config(start: Path) -> Path | None:
    """The nearest pfaudit.toml, or pyproject.toml with a [tool.pfaudit] table, upward."""
    here = start.resolve()
    for folder in (here, *here.parents) if here.is_dir() else (here.parent, *here.parent.parents):
        candidate = folder / "pfaudit.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "pfaudit" in data.get("tool", {}):
                return pyproject
    return None


def _list(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"配置项 {key} 应为字符串列表，而不是 {value!r}")


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"配置项 {key} 应为一个表（[{key}]），而不是 {value!r}")
    return dict(value)


def _unknown(keys: Iterable[str], known: Sequence[str], where: str) -> None:
    unknown = sorted(set(keys) - set(known))
    if not unknown:
        return
    key = unknown[0]
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"，是不是 {close[0]}？" if close else f"（可用：{'、'.join(known)}）"
    raise ConfigError(f"{where} 中有未知的配置项 {key!r}{hint}")


def read_text(path: Path, what: str, missing: str = "") -> str:
    """A file the user named, as UTF-8 text.

    :param what: the kind of file, for the message ("配置文件").
    :param missing: what to add when the file does not exist, such as how to create it.
    :raises ConfigError: when the file is missing or cannot be read as UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{what} {path} 不存在{missing}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取{what} {path}：{exc}") from exc


def load_config(path: Path | None) -> Config:
    """Read a configuration file; None gives the defaults."""
    config = Config()
    if path is None:
        return config
    text = read_text(path, "配置文件")
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}") from exc
    where = f"配置文件 {path}"
    if path.name == "pyproject.toml":
        data = _table(data.get("tool", {}).get("pfaudit", {}), "tool.pfaudit")
        where += " 的 [tool.pfaudit]"
    _unknown(data, TOP_KEYS, where)
    config.source = str(path)
    config.root = path.resolve().parent
    if "select" in data:
        config.select = _list(data["select"], "select")
    config.ignore = _list(data.get("ignore", []), "ignore")
    config.extend_select = _list(data.get("extend-select", []), "extend-select")
    ignores = _table(data.get("per-path-ignores", {}), "per-path-ignores")
    config.per_path_ignores = {str(k): _list(v, f"per-path-ignores.{k!r}") for k, v in ignores.items()}
    for key in ("fail-on", "profile", "lang"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"配置项 {key} 应为字符串，而不是 {data[key]!r}")
    config.fail_on = data.get("fail-on", config.fail_on)
    config.profile = data.get("profile", config.profile)
    config.lang = data.get("lang", config.lang)
    config.checks = _table(data.get("checks", {}), "checks")
    config.profile_options = _table(data.get("profile-options", {}), "profile-options")
    validate(config)
    return config


def validate(config: Config) -> None:
    """Reject values that cannot work, naming the key (run again after CLI overrides)."""
    if config.fail_on not in FAIL_ON:
        raise ConfigError(f"fail-on 应为 {' / '.join(FAIL_ON)} 之一，而不是 {config.fail_on!r}")
    if config.lang not in ("zh", "en"):
        raise ConfigError(f"lang 应为 zh 或 en，而不是 {config.lang!r}")
    profiles = builtin_profiles()
    if config.profile not in profiles:
        raise ConfigError(f"profile 应为 {' / '.join(profiles)} 之一，而不是 {config.profile!r}")


def matches(selector: str, code: str, name: str, category: str) -> bool:
    """Whether a selector (ALL, a code, a code prefix, a name or a category) picks a code."""
    s = selector.strip()
    return s == "ALL" or code.startswith(s.upper()) or s == name or (s in CATEGORIES and s == category)


def check_selectors(checks: list[Check], config: Config) -> None:
    """Every selector in the configuration must pick at least one check (the engine's included)."""
    entries = [(c.code, c.name, c.category) for c in checks]
    lists = [("select", config.select), ("extend-select", config.extend_select), ("ignore", config.ignore)]
    lists += [(f"per-path-ignores {glob!r}", sel) for glob, sel in config.per_path_ignores.items()]
    for key, selectors in lists:
        for s in selectors:
            if not s.strip() or not any(matches(s, *e) for e in entries):
                raise ConfigError(
                    f"{key} 中的 {s!r} 不匹配任何检查（可用代码、代码前缀、名称或类别；pfaudit rules 可列出全部）"
                )


def select_checks(checks: list[Check], config: Config) -> list[Check]:
    """Checks to run: enabled by select/extend-select, not ignored, and with a function.

    The engine's checks (PF…) have no function and are never "run": their findings are
    shown unless a selector in ``ignore`` or ``per-path-ignores`` names them (`ignored`).
    """
    check_selectors(checks, config)
    chosen = [
        c
        for c in checks
        if c.func is not None
        and any(matches(s, c.code, c.name, c.category) for s in (*config.select, *config.extend_select))
    ]
    return [c for c in chosen if not any(matches(s, c.code, c.name, c.category) for s in config.ignore)]


def _path_matches(path: str, pattern: str, root: Path | None) -> bool:
    pattern = pattern.removeprefix("./")
    p = Path(path)
    candidates = {p.as_posix()}
    if root is not None:
        # A file outside the config's folder is matched by its path as given.
        with contextlib.suppress(ValueError):
            candidates.add(p.resolve().relative_to(root).as_posix())
    if "/" not in pattern:
        candidates.add(p.name)
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)


def path_ignores(path: str, config: Config) -> list[str]:
    """The selectors ``per-path-ignores`` adds for one file."""
    return [s for glob, sel in config.per_path_ignores.items() if _path_matches(path, glob, config.root) for s in sel]


def ignored(code: str, name: str, category: str, path: str, config: Config) -> bool:
    """Whether a finding's code is switched off globally or for this path.

    Engine codes (PF…) are always on unless a selector here names them: ``select = ["AM"]``
    must not hide that a file could not be read.
    """
    return any(matches(s, code, name, category) for s in (*config.ignore, *path_ignores(path, config)))


def checks_for(path: str, checks: list[Check], config: Config) -> list[Check]:
    """The enabled checks minus those ``per-path-ignores`` switches off for this file."""
    extra = path_ignores(path, config)
    return [c for c in checks if not any(matches(s, c.code, c.name, c.category) for s in extra)]


def check_settings(checks: list[Check], config: Config) -> tuple[dict[str, dict], dict[str, Severity]]:
    """Per-check options and severities from ``[checks.CODE]`` tables, validated."""
    by_key = {c.code: c for c in checks} | {c.name: c for c in checks}
    options: dict[str, dict] = {}
    severities: dict[str, Severity] = {}
    for key, table in config.checks.items():
        check = by_key.get(key)
        if check is None:
            close = difflib.get_close_matches(key, list(by_key), n=1)
            raise ConfigError(f"[checks.{key}]：没有这项检查" + (f"，是不是 {close[0]}？" if close else ""))
        if not isinstance(table, dict):
            raise ConfigError(f"[checks.{key}] 应为一个表")
        for name, value in table.items():
            if name == "severity":
                try:
                    severities[check.code] = Severity(value)
                except ValueError as exc:
                    raise ConfigError(f"[checks.{key}] severity 应为 error/warning/info，而不是 {value!r}") from exc
            elif name in check.options:
                default = check.options[name]
                if (
                    default is not None
                    and not isinstance(value, type(default))
                    and not (isinstance(default, float | Decimal) and isinstance(value, Decimal | int))
                ):
                    raise ConfigError(f"[checks.{key}] {name} 的类型应与默认值 {default!r} 相同")
                if isinstance(default, float):
                    value = float(value)
                elif isinstance(default, Decimal) and isinstance(value, int):
                    value = Decimal(value)
                options.setdefault(check.code, {})[name] = value
            else:
                raise ConfigError(f"[checks.{key}] 中有未知的选项 {name!r}（可用：{', '.join(check.options) or '无'}）")
    return options, severities
