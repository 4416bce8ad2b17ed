"""The middle of a run, between the files to audit and the output: `gather`, then `finish`.

`gather` audits the files (in the process pool or on a Dask cluster), the places a walk
could not enter, standard input and missing paths, pairs each self-evaluation with its
declaration and runs the corpus pass. `finish` hides what a baseline accepts, applies the
one exit-code rule (`Severity.exit_code`) and builds the `Run`. The CLI parses its
arguments, writes the register or a baseline between the two and the output after them;
the web page, whose files were audited one by one, calls `finish` alone. The history is
written by the caller after the output: a database that fails costs the history of a run,
never its results.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from auditor.corpus.record import make_record
from auditor.engine.findings import Finding, Severity
from auditor.engine.project import VERSION
from auditor.pipeline.audit import Setup, unreadable
from auditor.pipeline.batch import PARALLEL_FROM, workers
from auditor.pipeline.files import Blocked
from auditor.pipeline.result import FileResult, Run
from auditor.pipeline.watchdog import Watchdog
from auditor.readers.limits import too_large
from auditor.run import pairing, stages
from auditor.run.baseline import apply_baseline

Progress = Callable[[Iterable[FileResult], int], Iterable[FileResult]]


def _silent(results: Iterable[FileResult], total: int) -> Iterable[FileResult]:
    return results


@dataclass(frozen=True, slots=True)
class Options:
    """What a run is asked for beside its setup: the CLI's arguments, as the run needs them."""

    plugins: Sequence[str] = ()
    jobs: int = 0
    executor: str = "process"
    scheduler: str | None = None
    db: str | None = None  # the history's URL (`stages.url_of`)
    register: bool = False  # keep each report's record for a register
    annotate: bool = False  # keep the report for an annotated copy
    declarations: Sequence[Path] = ()
    quiet: int = 0
    stdin: BinaryIO | None = None  # audited after the files, as `stdin_name`
    stdin_name: str = "-"
    missing: Sequence[Path] = ()  # paths given that do not exist: a PF01 each
    progress: Progress = field(default=_silent)  # wraps the results as they come (a progress bar)


@dataclass(frozen=True, slots=True)
class Gathered:
    """Every file's result, every finding of the run (sorted, no baseline applied), and the setup used.

    `stopped` says Ctrl-C stopped the run: then only the files finished before it are here.
    """

    setup: Setup
    files: list[FileResult]
    findings: list[Finding]
    stopped: bool = False


def _sorted(files: Iterable[FileResult], more: Iterable[Finding] = ()) -> list[Finding]:
    return sorted((*(f for file in files for f in file.findings), *more), key=Finding.sort_key)


def gather(files_in: Sequence[Path], blocked: Sequence[Blocked], setup: Setup, options: Options, history) -> Gathered:
    """Audit a run's inputs, pair them and run the corpus pass over them and the history (or None).

    Each report's record is kept when the corpus checks will run or a register is written,
    the report itself for an annotated copy.
    """
    config = setup.config
    corpus = stages.wanted(setup, len(files_in) + (options.stdin is not None), options.db) or options.register
    setup = dataclasses.replace(setup, keep=make_record if corpus else None, keep_report=options.annotate)
    jobs = workers(options.jobs, len(files_in))
    # Scanned pages share the cores the files leave: -j 4 on one scan reads four pages at once.
    cores = options.jobs if options.jobs > 0 else workers(0, PARALLEL_FROM)
    config.limits = dataclasses.replace(config.limits, ocr_jobs=max(1, cores // jobs))
    batch = stages.audit_all(files_in, setup, options.plugins, jobs, options.executor, options.scheduler)
    results: list[FileResult] = []
    try:
        # NOTE: one at a time, so that a Ctrl-C keeps the files finished before it; the batch
        # stops its workers on the way out, without waiting for the file at hand.
        for result in options.progress(batch, len(files_in)):
            results.append(result)
    except KeyboardInterrupt:
        return Gathered(setup, results, _sorted(results), stopped=True)
    results += [unreadable(b.path, str(b.why), setup, b.why.en) for b in blocked]
    if options.stdin is not None:
        with Watchdog(setup) as watchdog:  # standard input is as hostile as any file, and as limited
            data = options.stdin.read(config.limits.file_size + 1)
            name = options.stdin_name
            too_big = too_large(len(data), config.limits) if len(data) > config.limits.file_size else None
            results.append(unreadable(name, str(too_big), setup, too_big.en) if too_big else watchdog.audit_bytes(data, name))
    results += [unreadable(p, "文件或文件夹不存在。", setup, "no such file or folder") for p in options.missing]
    files = pairing.pair_run(options, setup, options.plugins, results, history)
    found: list[Finding] = []
    if setup.keep is not None:
        files, found = stages.corpus_pass(setup, files, history)
    return Gathered(setup, files, _sorted(files, found))


def finish(
    files: Sequence[FileResult],
    findings: Iterable[Finding],
    setup: Setup,
    lang: str,
    *,
    accepted: Counter | None = None,
    baseline: Path | None = None,
    **shown,
) -> Run:
    """The finished run: the findings a baseline accepts hidden, the exit code, the `Run` the formats render.

    :param accepted: the baseline's accepted findings (`auditor.run.baseline.load_baseline`), or None.
    :param shown: how the output shows the run (`Run`'s color, quiet, statistics, summary, not_installed).
    """
    ordered = sorted(findings, key=Finding.sort_key)
    hidden_total = 0
    if accepted is not None:
        ordered, hidden = apply_baseline(ordered, accepted, baseline)
        files = [dataclasses.replace(f, hidden=hidden[f.path]) for f in files]
        hidden_total = sum(hidden.values())
    code = Severity.exit_code(ordered, setup.config.fail_on)
    return Run(
        tuple(files), tuple(ordered), tuple(setup.checks), VERSION, code, lang,
        hidden=hidden_total, baseline=str(baseline) if baseline else None, **shown,
    )  # fmt: skip


def remember(history, gathered: Gathered) -> None:
    """Write a finished run to the history (after its output); a run cut short is not history."""
    if history is not None and not gathered.stopped:
        files = gathered.files
        profile = gathered.setup.config.profile
        history.record(files, gathered.findings, stages.records(files), version=VERSION, profile=profile)
