"""The ``pfaudit`` command: check reports, list checks, explain one. Exit 0, 1 or 2.

``pfaudit [check] PATH...`` audits files and folders (``-`` reads standard input);
``pfaudit rules`` lists the checks; ``pfaudit explain CODE`` prints a check's
documentation; ``pfaudit serve`` starts the web page (`auditor.web.serve`);
``pfaudit register`` writes the register from the audit history. Exit codes: 0 when no
finding reaches ``--fail-on`` (default: warning), 1 when one does, 2 for usage, config,
baseline or plugin errors. One unreadable file is a finding, never a stop. Options: `auditor.cli.arguments`;
``rules``, ``explain``: `auditor.cli.catalog`; the run between the files and the output: `auditor.run`.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from auditor.cli.arguments import parser, plugins_named
from auditor.cli.progress import progress, wants_progress
from auditor.engine.findings import Finding
from auditor.engine.plugins import collect_formats, make_plugin_manager
from auditor.engine.project import VERSION
from auditor.pipeline.audit import Setup, not_installed
from auditor.pipeline.config import Config, early_lang, env_lang, find_config, load_config, overridden, validate
from auditor.pipeline.files import Blocked, Globs, iter_files
from auditor.pipeline.result import FileResult
from auditor.report.errors import ConfigError, PfauditError
from auditor.run import stages
from auditor.run.baseline import load_baseline, write_baseline
from auditor.run.output import (
    OUTPUT_ERRORS,
    emit,
    lenient_streams,
    refuse_audited,
    wants_color,
    write_file,
    write_stdout,
)
from auditor.run.run import Gathered, Options, finish, gather, remember

SUBCOMMANDS = ("check", "rules", "explain", "serve", "register", "read")
STDIN = Path("-")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _config(args: argparse.Namespace) -> Config:
    named = [p for p in args.paths if p != STDIN and p.exists()]
    start = named[0] if named else Path(args.stdin_filename).parent if args.stdin_filename else Path.cwd()
    config = load_config(args.config or find_config(start if start.exists() else Path.cwd()))
    if args.select:
        config.select = _split(args.select)
    if args.extend_select:
        config.extend_select += _split(args.extend_select)
    if args.ignore:
        config.ignore += _split(args.ignore)
    # NOTE: command-line globs are relative to the working directory, the file's to its folder.
    if args.exclude is not None:
        config.exclude = [Globs(tuple(_split(args.exclude)), Path.cwd())]
    if args.extend_exclude:
        config.extend_exclude += [Globs(tuple(_split(args.extend_exclude)), Path.cwd())]
    if args.respect_gitignore is not None:
        config.respect_gitignore = args.respect_gitignore
    if args.force_exclude:
        config.force_exclude = True
    for key in ("profile", "fail_on"):
        if getattr(args, key):
            setattr(config, key, getattr(args, key))
    config.lang = args.lang or env_lang() or config.lang
    config.limits = overridden(config.limits, args.time_limit, args.memory_limit)
    if args.ocr:
        config.limits = dataclasses.replace(config.limits, ocr=args.ocr)
    validate(config)
    return config


def _say(text: tuple[str, str], lang: str) -> None:
    sys.stderr.write(f"pfaudit: {text[lang == 'en']}\n")


def _inputs(args: argparse.Namespace, config: Config, db: str | None) -> tuple[list[Path], list[Blocked]]:
    """The files the run audits and the places in folders it could not enter, found before any work.

    :raises ConfigError: when a file the run would write (or its SQLite history) is one of them.
    """
    named = [p for p in args.paths if p != STDIN and p.exists()]
    blocked: list[Blocked] = []
    files_in = list(iter_files(named, config.selection(), blocked))
    targets = {"--output": args.output, "--register": args.register, "--write-baseline": args.write_baseline,
               "--annotate": args.annotate, "--db": stages.sqlite_file(db) if db else None}  # fmt: skip
    refuse_audited(targets, [*files_in, *(p for p in named if not p.is_dir())])
    if not files_in and not blocked and named and all(p.is_dir() for p in named) and args.quiet < 2:
        _say(("给定的文件夹中没有可检查的报告文件（.txt .docx .xlsx .pdf 等），什么也没有检查。",
              "the folders given hold no report files (.txt .docx .xlsx .pdf …): nothing was checked."), config.lang)  # fmt: skip
    return files_in, blocked


def _options(args: argparse.Namespace, config: Config, plugins: Sequence[str], db: str | None, files_in: list[Path]) -> Options:
    """The run's options from the arguments: the progress bar, standard input, the paths that do not exist."""
    show_bar = not (args.quiet or args.no_progress) and wants_progress(sys.stderr, len(files_in))

    def bar(results: Iterable[FileResult], total: int) -> Iterable[FileResult]:
        return progress(results, total, sys.stderr, show_bar, config.lang)

    return Options(
        plugins, args.jobs, args.executor, args.scheduler, db, args.register is not None, args.annotate is not None,
        args.declarations, args.quiet, sys.stdin.buffer if STDIN in args.paths else None, args.stdin_filename or "-",
        [p for p in args.paths if p != STDIN and not p.exists()], bar,
    )  # fmt: skip


def run_check(argv: Sequence[str]) -> int:
    """``pfaudit [check] PATH...``."""
    plugins = plugins_named(argv)
    pm = make_plugin_manager(plugins)
    formats = collect_formats(pm)
    args = parser(formats, early_lang(argv), VERSION).parse_args(argv)
    if getattr(formats[args.format], "binary", False) and args.output is None and sys.stdout.isatty() and not args.write_baseline:
        raise ConfigError(
            f"{args.format} 是二进制格式，不能输出到终端；请加 --output 文件名.{args.format}",
            f"{args.format} is a binary format and cannot go to a terminal; add --output FILE.{args.format}",
        )
    config = _config(args)
    try:
        return _check(args, Setup.build(plugins, config, pm), plugins, formats)
    except PfauditError as exc:
        exc.lang = config.lang  # the configuration may have asked for English
        raise


def _check(args: argparse.Namespace, setup: Setup, plugins: Sequence[str], formats: dict) -> int:
    config = setup.config
    accepted = load_baseline(args.baseline) if args.baseline else None
    if args.annotate and (len(args.paths) != 1 or args.paths[0] == STDIN or args.paths[0].is_dir()):
        raise ConfigError(
            "--annotate 只能用于一个报告文件，例如：pfaudit 报告.docx --annotate 报告-批注.docx",
            "--annotate takes one report file, such as: pfaudit report.docx --annotate report-annotated.docx",
        )
    db = stages.url_of(args.db) if args.db else (stages.url_of(config.db, config.root) if config.db else None)
    files_in, blocked = _inputs(args, config, db)
    history = stages.open_history(db) if db else None  # a bad database stops the run before any work
    try:
        gathered = gather(files_in, blocked, setup, _options(args, config, plugins, db, files_in), history)
        code = _write(args, gathered, formats, accepted, db)
        remember(history, gathered)  # after the results, which a failing database must not cost
    finally:
        if history is not None:
            history.close()
    if gathered.stopped:
        done = len(gathered.files)
        _say((f"已中断：{done} 份已检查完的报告已输出，其余 {len(files_in) - done} 份没有检查。",
              f"interrupted: the {done} reports finished are in the output; {len(files_in) - done} were not checked."),
             config.lang)  # fmt: skip
        return 130
    return code


def _write(args: argparse.Namespace, gathered: Gathered, formats: dict, accepted, db: str | None) -> int:
    """Write what the run asked for (register, baseline, annotated copy, the results); the exit code."""
    setup, files, findings = gathered.setup, gathered.files, gathered.findings
    config = setup.config
    if args.register:
        from auditor.run.register import register_of_run  # openpyxl: only for a register

        write_file(args.register, register_of_run(files, findings), ("台账", "register"))
    if args.write_baseline:
        n = write_baseline(findings, args.write_baseline)
        _say((f"已将 {n} 处发现写入基线 {args.write_baseline}", f"wrote {n} findings to baseline {args.write_baseline}"),
             config.lang)  # fmt: skip
        return 0
    # A corpus check left out for a missing library is worth a word only where it would have compared reports.
    absent = sum(1 for p in args.paths if p != STDIN and not p.exists())
    compared = stages.compares(len(files) - absent, db)
    left_out = not_installed([c for c in setup.unavailable if compared or not c.per_run])
    run = finish(
        files, findings, setup, config.lang, accepted=accepted, baseline=args.baseline,
        color=wants_color(args.color, args.output is not None), quiet=args.quiet, statistics=args.statistics, summary=args.summary,
        not_installed=left_out,
    )  # fmt: skip
    if args.annotate and run.files:
        _annotate(args, run.files[0], list(run.findings), config)
    if args.output is not None or args.quiet < 2:
        render = formats[args.format]
        chunks = getattr(render, "chunks", None)
        emit(chunks(run) if chunks is not None else render(run), args.output)
    return run.exit_code


def _annotate(args: argparse.Namespace, result: FileResult, findings: list[Finding], config: Config) -> None:
    source = args.paths[0]
    if result.report is None:  # unreadable or missing: a finding already says so, and there is nothing to mark
        said = (f"{source} 无法读取，没有写出批注副本。", f"{source} cannot be read; no annotated copy was written.")
    else:
        from auditor.web.annotated import annotate_file  # python-docx and openpyxl load only when asked

        written = annotate_file(source, args.annotate, result.report, result, findings, config.lang, config.profile)
        said = (f"批注副本已写入 {written}", f"annotated copy written to {written}")
    if args.quiet < 2:
        _say(said, config.lang)


def _dispatch(command: str, rest: list[str]) -> int:
    if command in ("rules", "explain"):
        from auditor.cli.catalog import run_explain, run_list

        return (run_list if command == "rules" else run_explain)(rest)
    if command == "serve":
        from auditor.web.serve import run_serve  # only the page needs the web libraries

        return run_serve(rest)
    if command == "read":
        from auditor.run.reading import run_read

        return run_read(rest)
    if command == "register":
        from auditor.run.register import run_register  # openpyxl: only for a register

        return run_register(rest)
    return run_check(rest)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lenient_streams()
    lang = early_lang(argv)
    try:
        command, rest = (argv[0], argv[1:]) if argv and argv[0] in SUBCOMMANDS else ("check", argv)
        code = _dispatch(command, rest)
        write_stdout("")  # what is still buffered: a full disk is a message here, not at exit
        return code
    except PfauditError as exc:
        sys.stderr.write(f"pfaudit: {exc.text(exc.lang or lang)}\n")
        return 2
    except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
        return int(exc.code or 0)
    except KeyboardInterrupt:
        _say(("已中断", "interrupted"), lang)
        return 130
    except OSError as exc:  # a listing written straight to a standard output that cannot take it
        if exc.errno not in OUTPUT_ERRORS:
            raise
        try:
            write_stdout("")
        except PfauditError as again:
            sys.stderr.write(f"pfaudit: {again.text(lang)}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
