"""Selectors: which checks run, on which file, with which options and severity.

A selector is ``ALL``, a code (``AM01``), a code prefix (``AM``), a check name or a
category; ``select``, ``extend-select``, ``ignore`` and ``per-path-ignores`` hold them.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path

from auditor.engine.check import Check
from auditor.engine.findings import CATEGORIES, Severity
from auditor.pipeline.config import Config
from auditor.pipeline.files import Globs
from auditor.report.errors import ConfigError


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
                    f"{key} 中的 {s!r} 不匹配任何检查（可用代码、代码前缀、名称或类别；pfaudit rules 可列出全部）",
                    f"{s!r} in {key} matches no check (use a code, a code prefix, a name or a category; "
                    "pfaudit rules lists them all)",
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


def _path_globs(config: Config) -> list[tuple[Globs, list[str]]]:
    return [(Globs((glob,), config.root), selectors) for glob, selectors in config.per_path_ignores.items()]


def path_ignores(path: str, config: Config) -> list[str]:
    """The selectors ``per-path-ignores`` adds for one file."""
    return [s for globs, selectors in _path_globs(config) if globs.match(Path(path)) for s in selectors]


def ignored(code: str, name: str, category: str, path: str, config: Config) -> bool:
    """Whether a finding's code is switched off globally or for this path.

    Engine codes (PF…) are always on unless a selector here names them: ``select = ["AM"]``
    must not hide that a file could not be read.
    """
    return any(matches(s, code, name, category) for s in (*config.ignore, *path_ignores(path, config)))


def checks_for(path: str, checks: list[Check], config: Config) -> list[Check]:
    """The enabled checks minus those ``per-path-ignores`` switches off for this file."""
    extra = path_ignores(path, config)
    if not extra:  # NOTE: the usual case: no per-path ignores, so no check is tested against none
        return list(checks)
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
            raise ConfigError(
                f"[checks.{key}]：没有这项检查" + (f"，是不是 {close[0]}？" if close else ""),
                f"[checks.{key}]: no such check" + (f"; did you mean {close[0]}?" if close else ""),
            )
        if not isinstance(table, dict):
            raise ConfigError(f"[checks.{key}] 应为一个表", f"[checks.{key}] should be a table")
        for name, value in table.items():
            if name == "severity":
                try:
                    severities[check.code] = Severity(value)
                except ValueError as exc:
                    raise ConfigError(
                        f"[checks.{key}] severity 应为 error/warning/info，而不是 {value!r}",
                        f"[checks.{key}] severity should be error, warning or info, not {value!r}",
                    ) from exc
            elif name in check.options:
                default = check.options[name]
                if (
                    default is not None
                    and not isinstance(value, type(default))
                    and not (isinstance(default, float | Decimal) and isinstance(value, Decimal | int))
                ):
                    raise ConfigError(
                        f"[checks.{key}] {name} 的类型应与默认值 {default!r} 相同",
                        f"[checks.{key}] {name} should have the type of its default {default!r}",
                    )
                if isinstance(default, float):
                    value = float(value)
                elif isinstance(default, Decimal) and isinstance(value, int):
                    value = Decimal(value)
                options.setdefault(check.code, {})[name] = value
            else:
                raise ConfigError(
                    f"[checks.{key}] 中有未知的选项 {name!r}（可用：{', '.join(check.options) or '无'}）",
                    f"unknown option {name!r} in [checks.{key}] (known: {', '.join(check.options) or 'none'})",
                )
    return options, severities
