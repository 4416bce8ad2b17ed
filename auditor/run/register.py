"""``pfaudit register``: the register of a run read back from the audit history; and a run's own register.

The workbook itself is `auditor.formats.register`'s; this module opens the history and
writes the file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from auditor.engine.findings import Finding
from auditor.formats.register import entries_of_history, entries_of_run, register_xlsx
from auditor.pipeline.result import FileResult
from auditor.report.errors import ConfigError
from auditor.run.output import identity, write_file
from auditor.run.stages import open_history, records, sqlite_file, url_of


def register_of_run(files: Sequence[FileResult], findings: Sequence[Finding]) -> bytes:
    """The register workbook of a finished run, from the record each file kept."""
    return register_xlsx(entries_of_run(files, findings, records(files)))


def run_register(argv: Sequence[str]) -> int:
    """``pfaudit register --db URL --output 台账.xlsx [--run N | --list]``."""
    p = argparse.ArgumentParser(prog="pfaudit register", description="从审计历史写出台账（xlsx），按抽查风险排序。")
    p.add_argument("--db", required=True, help="审计历史数据库（SQLite 文件名或 postgresql:// URL）")
    p.add_argument("--run", type=int, help="哪一次检查（默认最近一次；编号见 --list）")
    p.add_argument("--list", action="store_true", help="列出数据库中的历次检查")
    p.add_argument("--output", "-o", type=Path, help="台账文件（.xlsx）")
    args = p.parse_args(argv)
    if not args.list and args.output is None:
        raise ConfigError("请用 --output 指定台账文件，如 --output 台账.xlsx", "name the register file with --output, such as --output register.xlsx")
    url = url_of(args.db)
    history_file = sqlite_file(url)
    written = identity(args.output) if args.output is not None else None
    if written is not None and history_file is not None and written == identity(history_file):
        raise ConfigError(
            f"--output 指向的 {args.output} 正是审计历史数据库；请另起一个文件名。",
            f"--output names {args.output}, the audit history itself; choose another name.",
        )
    history = open_history(url)
    try:
        runs = history.runs()
        if args.list:
            for r in runs:
                sys.stdout.write(
                    f"{r['id']}\t{r['started']:%Y-%m-%d %H:%M}\t{r['reports']} 份报告\t{r['findings']} 处发现\t{r['profile']}\n"
                )
            return 0
        wanted = args.run if args.run is not None else (runs[0]["id"] if runs else None)
        if wanted is None or all(r["id"] != wanted for r in runs):
            raise ConfigError(
                f"数据库中没有第 {wanted} 次检查" if wanted else "数据库中还没有任何检查记录",
                f"the database has no run {wanted}" if wanted else "the database holds no run yet",
            )
        data = register_xlsx(entries_of_history(history.reports(wanted)))
    finally:
        history.close()
    write_file(args.output, data, ("台账", "register"))
    return 0
