"""The catalogue commands: ``pfaudit rules`` lists every check, ``pfaudit explain CODE`` documents one.

The command keeps the name users know from ruff and SARIF; everywhere else a rule is a check.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from tabulate import tabulate

from auditor.check import Check
from auditor.plugins import collect_checks, make_plugin_manager


def _parse(p: argparse.ArgumentParser, argv: Sequence[str]) -> tuple[argparse.Namespace, list[Check]]:
    """Parse a catalogue command's arguments and load the checks, --plugin modules included."""
    p.add_argument("--plugin", action="append", default=[])
    args = p.parse_args(argv)
    # What reports are checked for first, then the engine's own checks (PF…).
    checks = sorted(collect_checks(make_plugin_manager(args.plugin)), key=lambda c: (c.func is None, c.code))
    return args, checks


def run_list(argv: Sequence[str]) -> int:
    """``pfaudit rules``: every check with its code, name, category, severity and summary."""
    p = argparse.ArgumentParser(prog="pfaudit rules", description="列出全部检查。")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    args, checks = _parse(p, argv)
    rows = [[c.code, c.name, c.category, c.severity.value, c.summary] for c in checks]
    if args.format == "json":
        keys = ("code", "name", "category", "severity", "summary")
        items = [dict(zip(keys, row, strict=True)) | {"doc": c.doc} for row, c in zip(rows, checks, strict=True)]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(tabulate(rows, headers=["代码", "名称", "类别", "级别", "说明"]) + "\n")
    return 0


def run_explain(argv: Sequence[str]) -> int:
    """``pfaudit explain CODE``: a check's whole documentation."""
    p = argparse.ArgumentParser(prog="pfaudit explain", description="查看某项检查的说明。")
    p.add_argument("code")
    args, checks = _parse(p, argv)
    wanted = args.code.strip()
    for c in checks:
        if wanted.upper() == c.code or wanted == c.name:
            sys.stdout.write(f"{c.code} {c.name}（类别 {c.category}，默认级别 {c.severity.value}）\n\n{c.doc}\n")
            return 0
    sys.stderr.write(f"pfaudit: 没有代码或名称为 {wanted!r} 的检查；用 pfaudit rules 查看全部。\n")
    return 2
