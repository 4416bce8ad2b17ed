"""``pfaudit read FILE… [--format text|json]``: show what pfaudit read from each report.

A staff member sees at a glance whether the form was understood: the fiscal year, the fund
rows, the indicator rows and the 总分 row, each cell as printed. A file that cannot be read
gets one line saying why (as PF01 would), never a traceback; a folder is walked as the check
walks it. The exit code is 0 when every file was read, 1 when one was not, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.facts import Facts, extract
from auditor.formats.reading import reading, reading_json, reading_text
from auditor.pipeline.audit import Setup, failed, load, read_bytes
from auditor.pipeline.config import Config, early_lang, overridden
from auditor.pipeline.files import display_name, iter_files
from auditor.pipeline.parts import split
from auditor.pipeline.result import FileResult
from auditor.pipeline.watchdog import Watchdog
from auditor.readers.limits import Limits, applied
from auditor.report.errors import ConfigError
from auditor.report.model import Report

_HELP = {
    "description": ("显示 pfaudit 从每份报告中读出的内容：文件类型、年度、资金行、指标行和总分行，以及绩效目标申报表。",
                    "Show what pfaudit read from each report: its kind, the year, fund rows, indicator rows and the total "
                    "row, and target declarations."),
    "paths": ("报告文件或文件夹", "report files or folders"),
    "format": ("输出格式：text（表格，默认）或 json", "output format: text (tables, the default) or json"),
    "lang": ("语言", "language"),
    "time_limit": ("读取每个文件的时间上限（秒，默认 60；0 表示不限），与检查时相同",
                   "time limit for reading each file in seconds (default 60; 0: none), as when checking"),
    "memory_limit": ("读取文件的进程的内存上限（MB，默认 1024；0 表示不限），与检查时相同",
                     "memory limit of the process that reads the files in MB (default 1024; 0: none), as when checking"),
}  # fmt: skip


def _parser(lang: str) -> argparse.ArgumentParser:
    en = lang == "en"
    p = argparse.ArgumentParser(prog="pfaudit read", description=_HELP["description"][en])
    p.add_argument("paths", nargs="+", type=Path, help=_HELP["paths"][en])
    p.add_argument("--format", choices=("text", "json"), default="text", help=_HELP["format"][en])
    p.add_argument("--lang", choices=("zh", "en"), help=_HELP["lang"][en])
    p.add_argument("--time-limit", type=float, metavar="SECONDS", help=_HELP["time_limit"][en])
    p.add_argument("--memory-limit", type=int, metavar="MB", help=_HELP["memory_limit"][en])
    return p


def _setup(args: argparse.Namespace) -> Setup:
    """The setup of the check, with the time and memory limits asked for (as `pfaudit` takes them)."""
    return Setup.build(config=Config(limits=overridden(Limits(), args.time_limit, args.memory_limit)))


def read_file(path: Path, setup: Setup) -> dict[str, Any] | FileResult:
    """One file's reading, or the PF01 result when it cannot be read."""
    data = load(path, setup)
    if isinstance(data, FileResult):
        return data
    name = Path(display_name(path))
    with applied(setup.config.limits):
        report = read_bytes(data, name, setup)
        if isinstance(report, FileResult):
            return report
        try:
            return read_report(report)
        except Exception as exc:
            return failed(name, exc, setup, ("分析", "analysis"))


def read_report(report: Report, facts: Facts | None = None) -> dict[str, Any]:
    """What was read from one file's report, each report it holds read as the checks read it.

    :param facts: the report's facts when the caller extracted them already (the pipeline,
        for the web page); used only when the file holds one report, as the checks then saw them.
    """
    parts = split(report)
    if len(parts) == 1:
        return reading(report, facts if facts is not None else extract(report))
    readings = [reading(part, extract(part)) for part in parts]
    # several reports in one file: their forms in order, the first part's year
    merged = dict(readings[0])
    merged["forms"] = [f for r in readings for f in r["forms"]]
    merged["declarations"] = [d for r in readings for d in r["declarations"]]
    merged["kinds"] = list(dict.fromkeys(k for r in readings for k in r["kinds"]))
    merged["reports"] = len(readings)
    return merged


def run_read(argv: Sequence[str]) -> int:
    """``pfaudit read``."""
    lang = early_lang(argv)
    args = _parser(lang).parse_args(argv)
    lang = args.lang or lang
    try:
        setup = _setup(args)
    except ConfigError as exc:
        sys.stderr.write(f"pfaudit: {exc}\n")
        return 2
    found: list[dict[str, Any]] = []
    failed_files = 0
    # NOTE: each file is read in the audit's child process, under its time and memory limits: a
    # file that would hang a reader or take the machine's memory gets its line, the rest are read
    with Watchdog(setup) as watchdog:
        for path in iter_files(args.paths):  # a folder is walked as `pfaudit check` walks it
            got = watchdog.run(read_file, path)
            if isinstance(got, FileResult):
                failed_files += 1
                why = next((f.message_en if lang == "en" and f.message_en else f.message for f in got.findings), got.error)
                sys.stderr.write(f"pfaudit: {got.path}: {why}\n")
                continue
            found.append(got)
    if found:
        sys.stdout.write(reading_json(found) if args.format == "json" else reading_text(found, lang))
    return 1 if failed_files else 0
