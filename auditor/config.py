"""Configuration: ``pfaudit.toml`` or ``[tool.pfaudit]`` in pyproject.toml, found upward.

Keys: ``select``, ``ignore``, ``fail-on``, ``profile``, ``lang`` and one ``[checks.CODE]``
table per check with ``severity`` and the check's options. Unknown keys are errors that
name the key. Values are read with ``parse_float=Decimal``: money never passes a float.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.check import Check
from auditor.errors import ConfigError
from auditor.findings import CATEGORIES, Severity

TOP_KEYS = {"select", "ignore", "extend-select", "fail-on", "profile", "lang", "checks", "profile-options"}
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(slots=True)
class Config:
    """The effective configuration of a run (file values, then command-line overrides)."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    profile: str = "national"
    lang: str = "zh"
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile_options: dict[str, Any] = field(default_factory=dict)
    source: str | None = None


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
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "pfaudit" in data.get("tool", {}):
                return pyproject
    return None


def _list(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"配置项 {key} 应为字符串列表")


def load_config(path: Path | None) -> Config:
    """Read a configuration file; None gives the defaults."""
    config = Config()
    if path is None:
        return config
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("pfaudit", {})
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ConfigError(f"配置文件 {path} 中有未知的配置项：{', '.join(sorted(unknown))}")
    config.source = str(path)
    if "select" in data:
        config.select = _list(data["select"], "select")
    config.ignore = _list(data.get("ignore", []), "ignore")
    config.extend_select = _list(data.get("extend-select", []), "extend-select")
    config.fail_on = str(data.get("fail-on", config.fail_on))
    config.profile = str(data.get("profile", config.profile))
    config.lang = str(data.get("lang", config.lang))
    config.checks = dict(data.get("checks", {}))
    config.profile_options = dict(data.get("profile-options", {}))
    validate(config)
    return config


def validate(config: Config) -> None:
    """Reject values that cannot work, naming the key."""
    if config.fail_on not in FAIL_ON:
        raise ConfigError(f"fail-on 应为 {' / '.join(FAIL_ON)} 之一，而不是 {config.fail_on!r}")
    if config.lang not in ("zh", "en"):
        raise ConfigError(f"lang 应为 zh 或 en，而不是 {config.lang!r}")


def _matches(check: Check, selector: str) -> bool:
    s = selector.strip()
    return (
        s == "ALL"
        or check.code.startswith(s.upper())
        or s == check.name
        or (s in CATEGORIES and s == check.category)
    )


def select_checks(checks: list[Check], config: Config) -> list[Check]:
    """Checks enabled by select/extend-select and not ignored (code, prefix, name or category)."""
    known = {c.code for c in checks} | {c.name for c in checks} | set(CATEGORIES) | {"ALL"}
    for selector in (*config.select, *config.extend_select, *config.ignore):
        if selector not in known and not any(c.code.startswith(selector.upper()) for c in checks):
            raise ConfigError(f"没有与 {selector!r} 匹配的检查（可用代码、代码前缀、名称或类别）")
    chosen = [c for c in checks if any(_matches(c, s) for s in (*config.select, *config.extend_select))]
    return [c for c in chosen if not any(_matches(c, s) for s in config.ignore)]


def check_settings(checks: list[Check], config: Config) -> tuple[dict[str, dict], dict[str, Severity]]:
    """Per-check options and severities from ``[checks.CODE]`` tables, validated."""
    by_key = {c.code: c for c in checks} | {c.name: c for c in checks}
    options: dict[str, dict] = {}
    severities: dict[str, Severity] = {}
    for key, table in config.checks.items():
        check = by_key.get(key)
        if check is None:
            raise ConfigError(f"[checks.{key}]：没有这项检查")
        if not isinstance(table, dict):
            raise ConfigError(f"[checks.{key}] 应为一个表")
        for name, value in table.items():
            if name == "severity":
                try:
                    severities[check.code] = Severity(value)
                except ValueError as exc:
                    raise ConfigError(f"[checks.{key}] severity 应为 error/warning/info") from exc
            elif name in check.options:
                default = check.options[name]
                if default is not None and not isinstance(value, type(default)) and not (
                    isinstance(default, float) and isinstance(value, Decimal | int)
                ):
                    raise ConfigError(f"[checks.{key}] {name} 的类型应与默认值 {default!r} 相同")
                options.setdefault(check.code, {})[name] = float(value) if isinstance(default, float) else value
            else:
                raise ConfigError(f"[checks.{key}] 中有未知的选项 {name!r}（可用：{', '.join(check.options) or '无'}）")
    return options, severities
