"""Configuration: ``pfaudit.toml`` or ``[tool.pfaudit]`` in pyproject.toml, found upward.

Keys: ``select``, ``extend-select``, ``ignore`` (each a list of selectors: a code, a code
prefix, a check name or a category), ``per-path-ignores`` (glob → selectors),
``exclude`` / ``extend-exclude`` (globs of files never audited), ``respect-gitignore``,
``force-exclude``, ``fail-on``, ``profile``, ``profile-options``, ``lang``, ``ocr`` (when
scanned PDF pages are read by OCR: never, auto, always), a ``[limits]``
table (what one file may cost, `auditor.readers.limits`) and one ``[checks.CODE]`` table per check
with ``severity`` and the check's options. Globs are
relative to the configuration file's folder (`auditor.pipeline.files`). Unknown keys are errors that
name the key. Values are read with ``parse_float=Decimal``: money never passes a float.
Command-line flags override the file; `auditor.pipeline.selectors` applies the result to checks.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.engine.profile import builtin_profiles
from auditor.pipeline.files import DEFAULT_EXCLUDE, Globs, Selection
from auditor.readers.limits import OCR_MODES, Limits, from_table
from auditor.report.errors import ConfigError

TOP_KEYS = (
    "select", "extend-select", "ignore", "per-path-ignores", "exclude", "extend-exclude",
    "respect-gitignore", "force-exclude", "fail-on", "profile", "profile-options", "lang", "checks", "db", "limits", "ocr",
)  # fmt: skip
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")


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
    exclude: list[Globs] = field(default_factory=lambda: [Globs(DEFAULT_EXCLUDE)])
    extend_exclude: list[Globs] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False
    limits: Limits = field(default_factory=Limits)  # what one file may cost
    db: str | None = None  # the audit history: a SQLite file (relative to the config) or a database URL
    source: str | None = None
    root: Path | None = None  # the folder the file's globs are relative to

    def selection(self, skip: frozenset[Path] = frozenset()) -> Selection:
        """What the run leaves out, with `skip` (resolved paths such as the output file)."""
        return Selection((*self.exclude, *self.extend_exclude), self.respect_gitignore, self.force_exclude, skip)


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
    raise ConfigError(f"配置项 {key} 应为字符串列表，而不是 {value!r}", f"{key} should be a list of strings, not {value!r}")


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(
            f"配置项 {key} 应为一个表（[{key}]），而不是 {value!r}", f"{key} should be a table ([{key}]), not {value!r}"
        )
    return dict(value)


def _bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    raise ConfigError(f"配置项 {key} 应为 true 或 false，而不是 {value!r}", f"{key} should be true or false, not {value!r}")


def _unknown(keys: Iterable[str], known: Sequence[str], where: tuple[str, str]) -> None:
    unknown = sorted(set(keys) - set(known))
    if not unknown:
        return
    key = unknown[0]
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"，是不是 {close[0]}？" if close else f"（可用：{'、'.join(known)}）"
    hint_en = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(known)})"
    raise ConfigError(f"{where[0]} 中有未知的配置项 {key!r}{hint}", f"unknown key {key!r} in {where[1]}{hint_en}")


def read_text(path: Path, what: tuple[str, str], missing: tuple[str, str] = ("", "")) -> str:
    """A file the user named, as UTF-8 text.

    :param what: the kind of file, for the message, in Chinese and English ("配置文件").
    :param missing: what to add when the file does not exist, such as how to create it.
    :raises ConfigError: when the file is missing or cannot be read as UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{what[0]} {path} 不存在{missing[0]}", f"{what[1]} {path} does not exist{missing[1]}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取{what[0]} {path}：{exc}", f"cannot read {what[1]} {path}: {exc}") from exc


def load_config(path: Path | None) -> Config:
    """Read a configuration file; None gives the defaults."""
    config = Config()
    if path is None:
        return config
    text = read_text(path, ("配置文件", "configuration file"))
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}", f"configuration file {path} is not valid TOML: {exc}") from exc
    where = (f"配置文件 {path}", f"configuration file {path}")
    if path.name == "pyproject.toml":
        data = _table(data.get("tool", {}).get("pfaudit", {}), "tool.pfaudit")
        where = (where[0] + " 的 [tool.pfaudit]", f"[tool.pfaudit] of {where[1]}")
    _unknown(data, TOP_KEYS, where)
    config.source = str(path)
    config.root = path.resolve().parent
    if "select" in data:
        config.select = _list(data["select"], "select")
    config.ignore = _list(data.get("ignore", []), "ignore")
    config.extend_select = _list(data.get("extend-select", []), "extend-select")
    ignores = _table(data.get("per-path-ignores", {}), "per-path-ignores")
    config.per_path_ignores = {str(k): _list(v, f"per-path-ignores.{k!r}") for k, v in ignores.items()}
    if "exclude" in data:
        config.exclude = [Globs(tuple(_list(data["exclude"], "exclude")), config.root)]
    if "extend-exclude" in data:
        config.extend_exclude = [Globs(tuple(_list(data["extend-exclude"], "extend-exclude")), config.root)]
    config.respect_gitignore = _bool(data.get("respect-gitignore", True), "respect-gitignore")
    config.force_exclude = _bool(data.get("force-exclude", False), "force-exclude")
    for key in ("fail-on", "profile", "lang", "db", "ocr"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"配置项 {key} 应为字符串，而不是 {data[key]!r}", f"{key} should be a string, not {data[key]!r}")
    config.fail_on = data.get("fail-on", config.fail_on)
    config.profile = data.get("profile", config.profile)
    config.lang = data.get("lang", config.lang)
    config.db = data.get("db", config.db)
    config.checks = _table(data.get("checks", {}), "checks")
    config.limits = from_table(_table(data.get("limits", {}), "limits"))
    config.limits = dataclasses.replace(config.limits, ocr=data.get("ocr", config.limits.ocr))
    config.profile_options = _table(data.get("profile-options", {}), "profile-options")
    validate(config)
    return config


def validate(config: Config) -> None:
    """Reject values that cannot work, naming the key (run again after CLI overrides)."""
    if config.fail_on not in FAIL_ON:
        raise ConfigError(
            f"fail-on 应为 {' / '.join(FAIL_ON)} 之一，而不是 {config.fail_on!r}",
            f"fail-on should be one of {' / '.join(FAIL_ON)}, not {config.fail_on!r}",
        )
    if config.limits.ocr not in OCR_MODES:
        raise ConfigError(
            f"ocr 应为 {' / '.join(OCR_MODES)} 之一，而不是 {config.limits.ocr!r}",
            f"ocr should be one of {' / '.join(OCR_MODES)}, not {config.limits.ocr!r}",
        )
    if config.lang not in LANGS:
        raise ConfigError(f"lang 应为 zh 或 en，而不是 {config.lang!r}", f"lang should be zh or en, not {config.lang!r}")
    profiles = builtin_profiles()
    if config.profile not in profiles:
        raise ConfigError(
            f"profile 应为 {' / '.join(profiles)} 之一，而不是 {config.profile!r}",
            f"profile should be one of {' / '.join(profiles)}, not {config.profile!r}",
        )


# -- the language ------------------------------------------------------------------------
# The language is known before the configuration is read (for ``--help`` and the first
# error): the command line and the web page's command both start from these two.


def _said(argv: Sequence[str], flag: str) -> str | None:
    for n, arg in enumerate(argv):
        if arg == flag and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def env_lang(env: Mapping[str, str] | None = None) -> str | None:
    """``PFAUDIT_LANG`` as zh or en (``en_US.UTF-8`` is en); None when unset.

    :raises ConfigError: for a value that is neither.
    """
    value = (os.environ if env is None else env).get("PFAUDIT_LANG", "").strip()
    if not value:
        return None
    lang = value[:2].lower()
    if lang not in LANGS:
        raise ConfigError(f"PFAUDIT_LANG 应为 zh 或 en，而不是 {value!r}", f"PFAUDIT_LANG should be zh or en, not {value!r}")
    return lang


def early_lang(argv: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The language before the configuration is read: ``--lang``, then ``PFAUDIT_LANG``, then zh."""
    said = _said(argv, "--lang")
    if said in LANGS:
        return said
    try:
        return env_lang(env) or "zh"
    except ConfigError:
        return "zh"


def overridden(base: Limits, time: float | None, memory: int | None) -> Limits:
    """`base` with the command line's ``--time-limit`` (seconds) and ``--memory-limit`` (MB) where given.

    :raises ConfigError: for a value that is not a positive number (as `from_table`).
    """
    given = {key: value for key, value in (("time", time), ("memory", memory)) if value is not None}
    return from_table(given, base) if given else base
