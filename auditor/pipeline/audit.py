"""One report through the pipeline: read → facts → checks → located findings, context, coverage.

`audit_path` (a file) and `audit_bytes` (an upload, standard input) are the one call the
CLI, the batch pool, the web page and a cluster worker all make; each returns a
`FileResult` that holds the report's findings and, when the `Setup` asks, what a later pass
needs from the report while it is at hand: the corpus record (`Setup.keep`) or the report
itself (`Setup.keep_report`, for the web page and annotated copies). Whatever goes wrong
with one file becomes one PF01 finding for it, never an exception: a bad file must not
stop a batch. The limits of `auditor.readers.limits` hold while a file is read and audited: a file
over one is a PF01 finding that names the limit.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.engine.check import Check
from auditor.engine.context import with_context
from auditor.engine.coverage import coverage, doubt_note, missing_facts, split_checks
from auditor.engine.findings import Finding, Location
from auditor.engine.plugins import collect_checks, make_plugin_manager
from auditor.engine.profile import Profile, load_profile
from auditor.engine.project import install_hint
from auditor.engine.runner import UNREADABLE_FILE, engine_finding, run_checks
from auditor.facts import Facts, extract
from auditor.pairs.document import Document, documents
from auditor.pipeline.config import Config
from auditor.pipeline.files import display_name, read_input
from auditor.pipeline.paired import within
from auditor.pipeline.parts import split
from auditor.pipeline.result import FileResult, NotInstalled
from auditor.pipeline.selectors import check_settings, checks_for, ignored, select_checks
from auditor.readers.limits import applied, check_text, memory_exceeded, too_deep, too_large
from auditor.report.errors import ReadError
from auditor.report.model import Note, Report

# Takes what a later pass needs from a report while it is at hand (the corpus record); must
# be a module-level function, since it travels to worker processes by reference.
Keep = Callable[[Report, Facts, bytes], Any]


@dataclass(frozen=True, slots=True)
class Setup:
    """Everything a process needs to audit reports: plugins, the enabled checks, their settings.

    `keep` and `keep_report` say what each `FileResult` brings back besides its findings:
    ``keep(report, facts, data)`` as `FileResult.kept`, and the `Report` as
    `FileResult.report`. `unavailable` holds the enabled checks left out of `checks`
    because a library they require is not installed (`Check.missing`).
    """

    pm: Any
    checks: list[Check]
    config: Config
    options: dict[str, dict]
    severities: dict
    profile: Profile
    keep: Keep | None = None
    keep_report: bool = False
    unavailable: tuple[Check, ...] = ()
    # Declarations of other files a self-evaluation may answer to, known before it is audited
    # (the web page's other uploads): its paired findings are then made with the report at hand.
    declarations: tuple[Any, ...] = ()

    @classmethod
    def build(
        cls,
        plugins: Sequence[str] = (),
        config: Config | None = None,
        pm: Any = None,
        *,
        keep: Keep | None = None,
        keep_report: bool = False,
    ) -> Setup:
        """Resolve the configuration against the plugins, loading them unless `pm` has them."""
        config = config if config is not None else Config()
        pm = pm if pm is not None else make_plugin_manager(plugins)
        every = collect_checks(pm)
        options, severities = check_settings(every, config)
        profile = load_profile(config.profile, config.profile_options)
        enabled = select_checks(every, config)
        # NOTE: a check whose optional library is missing is not run, rather than crashing as PF00.
        unavailable = tuple(c for c in enabled if c.missing())
        runnable = [c for c in enabled if c not in unavailable]
        _freeze_once()
        return cls(pm, runnable, config, options, severities, profile, keep, keep_report, unavailable)

    def portable(self) -> tuple[Config, Keep | None, bool]:
        """What another process needs, besides the plugin names, to build the same setup."""
        return self.config, self.keep, self.keep_report


_FROZEN: list[bool] = []  # whether this process has frozen what it holds after its first setup


def _freeze_once() -> None:
    """Take what the process holds once it is set up (modules, compiled patterns, plugins, the
    profile) out of the garbage collector's sight, once per process.

    A batch allocates and drops millions of small objects; each collection of the oldest
    generation would walk these long-lived ones again (a tenth of a 200-report batch's time).
    Only the first setup freezes, after a collection, so a process that builds many setups (the
    tests) pins nothing but what it held at the start.
    """
    if not _FROZEN:
        _FROZEN.append(True)
        gc.collect()
        gc.freeze()


def not_installed(checks: Sequence[Check]) -> tuple[NotInstalled, ...]:
    """`checks` (some `Setup.unavailable`) grouped by the command that installs what they miss."""
    grouped: dict[str, tuple[list[str], set[str]]] = {}
    for c in checks:
        missing = c.missing()
        codes, modules = grouped.setdefault(install_hint(missing), ([], set()))
        codes.append(c.code)
        modules.update(missing)
    return tuple(NotInstalled(tuple(codes), tuple(sorted(modules)), hint) for hint, (codes, modules) in grouped.items())


def shown(findings: list[Finding], config: Config) -> tuple[Finding, ...]:
    """The findings the configuration does not switch off for their path (PF codes included)."""
    return tuple(f for f in findings if not ignored(f.code, f.name, f.category, f.path, config))


def unreadable(path: str | Path, message: str, setup: Setup, message_en: str | None = None) -> FileResult:
    """The result for a file that could not be read or analysed: one PF01 finding."""
    where = display_name(path)
    severity = setup.severities.get(UNREADABLE_FILE.code)
    finding = engine_finding(UNREADABLE_FILE, where, message, location=Location(where), severity=severity, message_en=message_en)
    return FileResult(where, error=message, findings=shown([finding], setup.config))


def _audit_report(where: str, report: Report, setup: Setup) -> tuple[FileResult, Facts | None]:
    # Corpus checks run once per run, after every report (`auditor.corpus`): not here.
    mine = [c for c in checks_for(where, setup.checks, setup.config) if not c.per_run]
    parts = split(report)  # a file may hold several reports, each audited as its own
    found: list[Finding] = []
    facts_found: dict[str, int] = {}
    every: list[Facts] = []
    docs: list[Document] = []
    kinds: list[str] = []
    doubts: list[Note] = []
    for n, part in enumerate(parts, 1):
        facts = extract(part)
        every.append(facts)
        if (doubt := doubt_note(part, facts)) is not None:
            doubts.append(doubt)
        found.extend(
            run_checks(part, facts, mine, options=setup.options, severities=setup.severities, profile=setup.profile)
        )
        for kind, count in coverage(facts).items():
            facts_found[kind] = facts_found.get(kind, 0) + count
        docs.extend(documents(part, facts, n))
        kinds.extend(k or "" for k in facts.kinds or ("",))
    # a self-evaluation meets a declaration of the same file here, one of another file in `pairs.run.across`
    docs, paired_found, paired = within(
        docs, mine, setup.declarations, options=setup.options, severities=setup.severities, profile=setup.profile
    )
    found.extend(paired_found)
    facts_found["paired"] = paired
    if len(parts) > 1:
        facts_found["content"] = min(facts_found.get("content", 0), 1)
    found = with_context(report, sorted(found, key=Finding.sort_key))
    # a check that reads no kind of document the file holds is neither run nor missing
    ran, skipped = split_checks([c for c in mine if c.applies(tuple(kinds))], facts_found)
    several = Note(f"文件中有{len(parts)}份报告，已分别检查", f"the file holds {len(parts)} reports, each checked on its own")
    notes = (*report.notes, *doubts) if len(parts) == 1 else (*report.notes, several, *doubts)
    result = FileResult(
        where, report.encoding, report.kind, notes, facts_found, None,
        checked=tuple(c.code for c in ran),
        not_checked=tuple(c.code for c in skipped),
        missing_facts=missing_facts(skipped, facts_found),
        findings=shown(found, setup.config),
        report=report if setup.keep_report else None,
        documents=tuple(docs),
        kinds=tuple(dict.fromkeys(k for k in kinds if k)),
    )  # fmt: skip
    # the whole file's facts, for the corpus pass: a file of several reports is read again whole, when asked
    return result, every[0] if len(every) == 1 else None


def _kept(result: FileResult, report: Report, facts: Facts | None, data: bytes, keep: Keep) -> FileResult:
    try:
        return dataclasses.replace(result, kept=keep(report, facts or extract(report), data))
    except Exception as exc:  # the report's own findings stand; it only drops out of the corpus pass
        why = f"{type(exc).__name__}: {exc}"
        note = Note(
            f"未能提取跨报告检查所需的内容（{why}），本报告不参与跨报告检查",
            f"what the cross-report checks need could not be taken from this report ({why}); it is left out of them",
        )
        return dataclasses.replace(result, notes=(*result.notes, note))


def audit_bytes(data: bytes, path: str | Path, setup: Setup) -> FileResult:
    """Audit one report given as bytes; `path` names it (its suffix picks the reader)."""
    path = Path(display_name(path))  # a name that is not UTF-8 is shown escaped, in every format
    with applied(setup.config.limits):
        report = read_bytes(data, path, setup)
        if isinstance(report, FileResult):
            return report
        try:
            result, facts = _audit_report(str(path), report, setup)
        except Exception as exc:  # as above: an extractor bug costs one report, not the batch
            return failed(path, exc, setup, ("分析", "analysis"))
        return _kept(result, report, facts, data, setup.keep) if setup.keep is not None else result


def read_bytes(data: bytes, path: Path, setup: Setup) -> Report | FileResult:
    """The report a file's bytes hold, or the PF01 result that says why there is none (too
    large, too long, damaged, a reader's failure); called with the file's limits applied."""
    limits = setup.config.limits
    try:
        if len(data) > limits.file_size:
            raise too_large(len(data), limits)
        report = setup.pm.hook.pfaudit_read(path=path, data=data)
        check_text(len(report.text), limits)
    except ReadError as exc:
        return unreadable(path, str(exc), setup, exc.en)
    except Exception as exc:  # a reader bug must not stop a batch of hundreds of files
        return failed(path, exc, setup, ("读取", "reading"))
    return report


def failed(path: Path, exc: Exception, setup: Setup, stage: tuple[str, str]) -> FileResult:
    """The PF01 result of a file whose reading or analysis (`stage`, in Chinese and English) raised `exc`."""
    if isinstance(exc, MemoryError | RecursionError):
        limit = memory_exceeded(setup.config.limits) if isinstance(exc, MemoryError) else too_deep()
        return unreadable(path, str(limit), setup, limit.en)
    why = f"{type(exc).__name__}: {exc}"
    return unreadable(path, f"{stage[0]}时出错（{why}），未做任何检查。", setup, f"{stage[1]} failed ({why}); nothing was checked")


def load(path: Path, setup: Setup) -> bytes | FileResult:
    """A report file's bytes, or the PF01 result when it cannot or must not be read (too large, a FIFO)."""
    limits = setup.config.limits
    try:
        return read_input(path, limits.file_size, lambda n: too_large(n, limits))
    except ReadError as exc:
        return unreadable(path, str(exc), setup, exc.en)
    except OSError as exc:
        why = exc.strerror or exc
        return unreadable(path, f"无法打开文件：{why}。", setup, f"cannot open the file: {why}")


def audit_path(path: Path, setup: Setup) -> FileResult:
    """Read and audit one file; any failure to read or analyse it becomes a PF01 finding."""
    data = load(path, setup)
    return data if isinstance(data, FileResult) else audit_bytes(data, path, setup)
