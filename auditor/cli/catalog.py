"""The catalogue commands: ``pfaudit rules`` lists every check, ``pfaudit explain CODE`` documents one.

The command keeps the name users know from ruff and SARIF; everywhere else a rule is a check.
`rule_page` renders the page ``docs/rules/CODE.md`` of a check from its docstring and its
English docs (``pfaudit rules --write-docs docs/rules`` writes them all).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from tabulate import tabulate

from auditor.engine.check import Check, doc_section
from auditor.engine.plugins import collect_checks, make_plugin_manager
from auditor.engine.project import ERRORS
from auditor.pipeline.config import early_lang
from auditor.report.errors import ConfigError

HEADERS = {"zh": ["代码", "名称", "类别", "级别", "说明"], "en": ["code", "name", "category", "severity", "summary"]}
EXAMPLES = (("反例", "Bad example"), ("正例", "Good example"))
# A kind of error cited in a check's reasons (（E1）, 模板残留，E8): docs/errors.md lists them.
ERROR_KIND = re.compile(r"\bE[1-9]\b")


def _parse(p: argparse.ArgumentParser, argv: Sequence[str]) -> tuple[argparse.Namespace, list[Check]]:
    """Parse a catalogue command's arguments and load the checks, --plugin modules included."""
    p.add_argument("--plugin", action="append", default=[])
    p.add_argument("--lang", choices=("zh", "en"), default=early_lang(argv))
    args = p.parse_args(argv)
    # What reports are checked for first, then the engine's own checks (PF…).
    checks = sorted(collect_checks(make_plugin_manager(args.plugin)), key=lambda c: (c.func is None, c.code))
    return args, checks


def explain_text(c: Check, lang: str = "zh") -> str:
    """A check's whole documentation in `lang`; English keeps the docstring's examples."""
    if lang != "en" or not c.doc_en:
        kinds = f"\n错误类别（E1–E9）见 {ERRORS}\n" if ERROR_KIND.search(c.doc) else ""
        return f"{c.code} {c.name}（类别 {c.category}，默认级别 {c.severity.value}）\n\n{c.doc}\n{kinds}"
    parts = [f"{c.code} {c.name} (category {c.category}, default severity {c.severity.value})", c.summary_en]
    if c.doc_en != c.summary_en:
        parts.append(c.doc_en)
    parts += [f"## {en}\n{body}" for zh, en in EXAMPLES if (body := doc_section(c.doc, zh))]
    if ERROR_KIND.search(c.doc_en):
        parts.append(f"The kinds of error (E1–E9): {ERRORS}")
    return "\n\n".join(parts) + "\n"


def rule_page(c: Check) -> str:
    """The Markdown page of one check: its facts, the Chinese doc, then the English one."""
    facts = [("类别 category", f"`{c.category}`"), ("默认级别 default severity", f"`{c.severity.value}`")]
    if c.needs:
        facts.append(("所需数据 needs", ", ".join(f"`{n}`" for n in c.needs)))
    if c.options:
        facts.append(("选项 options", ", ".join(f"`{k}` = `{v}`" for k, v in c.options.items())))
    head = [f"# {c.code} {c.name}", "", "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in facts)]
    english = [c.summary_en, *([_demote(c.doc_en)] if c.doc_en != c.summary_en else [])]
    body = [_demote(c.doc), "## English", *english]
    if ERROR_KIND.search(c.doc) or ERROR_KIND.search(c.doc_en):
        body.append("错误类别 The kinds of error (E1–E9): [docs/errors.md](../errors.md)")
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def _demote(doc: str) -> str:
    """A doc's sections one level down, under the page's own headings."""
    return re.sub(r"^## ", "### ", doc, flags=re.M)


def write_rule_pages(folder: Path, checks: Sequence[Check]) -> int:
    """Write ``CODE.md`` for every check into `folder`; return how many."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for c in checks:
            (folder / f"{c.code}.md").write_text(rule_page(c), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"无法写入 {folder}：{exc}", f"cannot write {folder}: {exc}") from exc
    return len(checks)


def run_list(argv: Sequence[str]) -> int:
    """``pfaudit rules``: every check with its code, name, category, severity and summary."""
    p = argparse.ArgumentParser(prog="pfaudit rules", description="列出全部检查。 List every check.")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="输出格式 output format")
    p.add_argument("--write-docs", type=Path, metavar="DIR", help="把每项检查的说明写成 DIR/CODE.md")
    args, checks = _parse(p, argv)
    if args.write_docs:
        write_rule_pages(args.write_docs, checks)
        return 0
    rows = [[c.code, c.name, c.category, c.severity.value, c.summary_in(args.lang)] for c in checks]
    if args.format == "json":
        keys = ("code", "name", "category", "severity", "summary")
        docs = [c.doc_en or c.doc if args.lang == "en" else c.doc for c in checks]
        items = [dict(zip(keys, row, strict=True)) | {"doc": doc} for row, doc in zip(rows, docs, strict=True)]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(tabulate(rows, headers=HEADERS[args.lang]) + "\n")
    return 0


def run_explain(argv: Sequence[str]) -> int:
    """``pfaudit explain CODE``: a check's whole documentation."""
    p = argparse.ArgumentParser(prog="pfaudit explain", description="查看某项检查的说明。 Show one check's documentation.")
    p.add_argument("code")
    args, checks = _parse(p, argv)
    wanted = args.code.strip()
    for c in checks:
        if wanted.upper() == c.code or wanted == c.name:
            sys.stdout.write(explain_text(c, args.lang))
            return 0
    raise ConfigError(
        f"没有代码或名称为 {wanted!r} 的检查；用 pfaudit rules 查看全部。",
        f"no check has the code or name {wanted!r}; pfaudit rules lists them all.",
    )
