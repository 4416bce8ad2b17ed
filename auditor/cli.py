"""The ``pfaudit`` command: check reports, list checks, explain one. Exit 0, 1 or 2.

``pfaudit [check] PATH...`` audits files and folders; ``pfaudit rules`` lists the checks;
``pfaudit explain CODE`` prints a check's documentation. Exit codes: 0 when no finding
reaches ``--fail-on`` (default: warning), 1 when one does, 2 for usage, config, baseline
or plugin errors. One unreadable file is a finding, never a stop. The ``rules`` and
``explain`` commands live in `auditor.catalog`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import auditor
from auditor.baseline import apply_baseline, load_baseline, write_baseline
from auditor.batch import audit_files, workers
from auditor.catalog import run_explain, run_list
from auditor.config import FAIL_ON, Config, find_config, load_config, validate
from auditor.errors import ConfigError, PfauditError
from auditor.findings import Finding
from auditor.pipeline import Setup, unreadable
from auditor.plugins import collect_formats, make_plugin_manager
from auditor.progress import progress, wants_progress
from auditor.result import RISK_CAP, RISK_WEIGHTS, FileResult, Run

REPORT_SUFFIXES = {
    ".txt", ".text", ".md", ".tsv", ".csv",
    ".docx", ".xlsx", ".xlsm", ".pdf", ".doc", ".wps", ".xls", ".et",
}  # fmt: skip
SUBCOMMANDS = ("check", "rules", "explain")
BINARY_FORMATS = ("xlsx",)
RISK_HELP = "风险分 = min({cap}, {error}×错误 + {warning}×警告 + {info}×提示)".format(cap=RISK_CAP, **RISK_WEIGHTS)


def _parser(formats: Sequence[str]) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pfaudit",
        description="检查项目支出绩效自评报告/自评表的前后矛盾之处。",
        epilog="其他命令：pfaudit rules（列出全部检查）；pfaudit explain 代码（查看某项检查的说明）。"
        "退出码：0 没有达到 --fail-on 级别的发现；1 有；2 用法、配置、基线或插件错误。",
    )
    p.add_argument("paths", nargs="+", type=Path, help="要检查的文件或文件夹")
    p.add_argument(
        "--format", "-f", default="text", choices=sorted(formats), help="输出格式（默认 text；xlsx 须配合 --output）"
    )
    p.add_argument("--output", "-o", type=Path, help="把结果写入文件而不是标准输出")
    p.add_argument("--select", help="只运行这些检查（逗号分隔：代码、前缀、名称或类别），取代配置中的 select")
    p.add_argument("--extend-select", help="在配置之外再启用这些检查")
    p.add_argument("--ignore", help="不运行这些检查（逗号分隔），追加到配置中的 ignore")
    p.add_argument(
        "--config", type=Path, help="配置文件（默认向上查找 pfaudit.toml 或含 [tool.pfaudit] 的 pyproject.toml）"
    )
    p.add_argument("--profile", help="地区参数配置（默认 national）")
    p.add_argument("--fail-on", choices=FAIL_ON, help="达到此级别的发现使退出码为 1（默认 warning）")
    p.add_argument("--lang", choices=("zh", "en"), help="消息与表头的语言（默认中文）")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="text 输出是否着色（auto：仅在终端且未设置 NO_COLOR 时）")  # fmt: skip
    p.add_argument("--statistics", action="store_true", help="只列出每个检查代码的发现次数（text 格式）")
    p.add_argument("--summary", action="store_true",
                   help=f"每份报告一行：各级别数量、最严重的发现、风险分（text/csv；json/xlsx 总是包含）。{RISK_HELP}")  # fmt: skip
    p.add_argument("--quiet", "-q", action="store_true", help="只输出一行汇总；没有发现时什么也不输出")
    p.add_argument("--baseline", type=Path, help="基线文件：其中记录的发现不再显示，只报告新的")
    p.add_argument("--write-baseline", type=Path, metavar="FILE", help="把本次全部发现写入基线文件后退出（退出码 0）")
    p.add_argument(
        "--jobs", "-j", type=int, default=0, metavar="N",
        help="同时检查的进程数（默认自动：40 份以上的批量检查用全部 CPU 核）",
    )  # fmt: skip
    p.add_argument("--no-progress", action="store_true", help="不显示进度条（默认仅在终端中批量检查时显示）")
    p.add_argument("--plugin", action="append", default=[], help="额外加载的插件模块（可重复）")
    return p


def iter_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Named files as given; folders walked in name order for report files, hidden ones skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if (
                    child.is_file()
                    and child.suffix.lower() in REPORT_SUFFIXES
                    and not any(part.startswith(".") for part in rel.parts)
                ):
                    yield child
        else:
            yield path


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _config(args: argparse.Namespace) -> Config:
    source = args.config or find_config(args.paths[0] if args.paths[0].exists() else Path.cwd())
    config = load_config(source)
    if args.select:
        config.select = _split(args.select)
    if args.extend_select:
        config.extend_select += _split(args.extend_select)
    if args.ignore:
        config.ignore += _split(args.ignore)
    for key in ("profile", "fail_on", "lang"):
        if getattr(args, key):
            setattr(config, key, getattr(args, key))
    validate(config)
    return config


def _exit_code(findings: Sequence[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = {"error": 3, "warning": 2, "info": 1}[fail_on]
    return int(any(f.severity.rank >= threshold for f in findings))


def _color(choice: str, args: argparse.Namespace) -> bool:
    # NOTE: an explicit --color always wins over NO_COLOR, as no-color.org asks of CLI flags.
    if choice != "auto":
        return choice == "always"
    if args.output or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _emit(data: str | bytes, output: Path | None) -> None:
    if output is not None:
        try:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8", newline="")
        except OSError as exc:
            raise ConfigError(f"无法写入输出文件 {output}：{exc.strerror or exc}") from exc
    elif isinstance(data, bytes):
        if sys.stdout.isatty():
            raise ConfigError("这种格式是二进制文件，不能直接输出到终端；请加 --output 文件名（如 --output 结果.xlsx）")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)


def run_check(argv: Sequence[str]) -> int:
    """``pfaudit [check] PATH...``."""
    plugins = _plugins(argv)
    pm = make_plugin_manager(plugins)
    formats = collect_formats(pm)
    args = _parser(formats).parse_args(argv)
    if args.format in BINARY_FORMATS and args.output is None and sys.stdout.isatty() and not args.write_baseline:
        raise ConfigError(f"{args.format} 是二进制格式，不能输出到终端；请加 --output 文件名.{args.format}")
    config = _config(args)
    setup = Setup.build(plugins, config, pm)
    checks = setup.checks
    accepted = load_baseline(args.baseline) if args.baseline else None
    files_in = list(iter_files([p for p in args.paths if p.exists()]))
    if not files_in and all(p.is_dir() for p in args.paths):
        sys.stderr.write("pfaudit: 给定的文件夹中没有可检查的报告文件（.txt .docx .xlsx .pdf 等），什么也没有检查。\n")
    show_bar = not (args.quiet or args.no_progress) and wants_progress(sys.stderr, len(files_in))
    batch = audit_files(files_in, setup, plugins, workers(args.jobs, len(files_in)))
    files: list[FileResult] = list(progress(batch, len(files_in), sys.stderr, show_bar, config.lang))
    files += [unreadable(p, "文件或文件夹不存在。", setup) for p in args.paths if not p.exists()]
    findings = sorted((f for file in files for f in file.findings), key=Finding.sort_key)
    if args.write_baseline:
        n = write_baseline(findings, args.write_baseline)
        done = (
            f"wrote {n} findings to baseline {args.write_baseline}"
            if config.lang == "en"
            else f"已将 {n} 处发现写入基线 {args.write_baseline}"
        )
        sys.stderr.write(f"pfaudit: {done}\n")
        return 0
    hidden_total = 0
    if accepted is not None:
        findings, hidden = apply_baseline(findings, accepted, args.baseline)
        files = [dataclasses.replace(f, hidden=hidden[f.path]) for f in files]
        hidden_total = sum(hidden.values())
    code = _exit_code(findings, config.fail_on)
    run = Run(
        tuple(files), tuple(findings), tuple(checks), auditor.__version__, code, config.lang,
        hidden=hidden_total, baseline=str(args.baseline) if args.baseline else None,
        color=_color(args.color, args), quiet=args.quiet, statistics=args.statistics, summary=args.summary,
    )  # fmt: skip
    _emit(formats[args.format](run), args.output)
    return code


def _plugins(argv: Sequence[str]) -> list[str]:
    found = []
    for n, arg in enumerate(argv):
        if arg == "--plugin" and n + 1 < len(argv):
            found.append(argv[n + 1])
        elif arg.startswith("--plugin="):
            found.append(arg.split("=", 1)[1])
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            command, rest = argv[0], argv[1:]
        else:
            command, rest = "check", argv
        if command == "rules":
            return run_list(rest)
        if command == "explain":
            return run_explain(rest)
        return run_check(rest)
    except PfauditError as exc:
        sys.stderr.write(f"pfaudit: {exc}\n")
        return 2
    except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
        return int(exc.code or 0)
    except KeyboardInterrupt:
        sys.stderr.write("pfaudit: 已中断\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
