"""The engine: run the enabled checks over one report's facts and return located findings.

`run_checks` calls each check with the inputs it asks for, records a crashing check as
PF00 instead of stopping, fills in each finding's code, name, category, severity, location
and snippet, and sorts the result. It does no I/O; `auditor.pipeline.audit` reads the file and
extracts the facts once. `run_corpus_checks` is its counterpart once per run, over every
report and the history; there and in the paired checks' loop (`auditor.pipeline.paired`) a check
that raises becomes PF00 through the same `check_crashed`.

Three checks have no function: the engine (PF00, PF02) and the pipeline (PF01) make their
findings. They are declared and contributed like every other check, so they can be listed,
explained, ignored and given a severity in the configuration.
"""

from __future__ import annotations

import bisect
import dataclasses
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from auditor.engine.check import Check, engine_check
from auditor.engine.coverage import has_content
from auditor.engine.findings import Finding, Location, Severity, locate, source_line
from auditor.engine.hookspecs import hookimpl
from auditor.engine.profile import Profile, load_profile
from auditor.facts import Facts, extract
from auditor.report.model import Report, Span

CHECK_CRASHED = engine_check(
    "PF00", "check-crashed", category="structure", severity="error",
    doc="某项检查在运行时出错，本报告的这一项未被检查。",
    doc_en="A check raised an error while running; this report was not checked for it.",
)  # fmt: skip
UNREADABLE_FILE = engine_check(
    "PF01", "unreadable-file", category="unreadable", severity="error",
    doc="文件无法读取为报告（损坏、二进制、编码无法识别或为空），未做任何检查。",
    doc_en="The file cannot be read as a report (damaged, binary, of unknown encoding or empty); nothing was checked.",
)  # fmt: skip
NO_REPORT_CONTENT = engine_check(
    "PF02", "no-report-content", category="unreadable", severity="info",
    doc="未识别到绩效自评报告的内容（年度、资金、指标、得分均未找到），检查无从进行。",
    doc_en="No report content was found (no fiscal year, funds, indicators or scores), so nothing could be checked.",
)  # fmt: skip
ENGINE_CHECKS = (CHECK_CRASHED, UNREADABLE_FILE, NO_REPORT_CONTENT)
# The --lang en message of each engine finding.
MESSAGE_EN = {
    "PF00": "a check crashed; this report was not checked for it",
    "PF01": "the file cannot be read as a report; nothing was checked",
    "PF02": "no report content found (no year, funds, indicators or scores): nothing could be checked",
}


@hookimpl
def pfaudit_checks() -> list[Check]:
    """The engine's own checks, contributed like any plugin's."""
    return list(ENGINE_CHECKS)


def engine_finding(
    check: Check,
    path: str,
    message: str,
    *,
    span: Span | None = None,
    location: Location | None = None,
    severity: Severity | None = None,
    message_en: str | None = None,
) -> Finding:
    """A finding of one of the `ENGINE_CHECKS`, made by the engine or the pipeline."""
    return Finding(
        span or Span(0, 0),
        message,
        code=check.code,
        name=check.name,
        category=check.category,
        severity=severity or check.severity,
        path=path,
        location=location,
        message_en=message_en or MESSAGE_EN[check.code],
    )


def crash_messages(check: Check, exc: Exception, what: tuple[str, str] = ("检查", "check")) -> tuple[str, str]:
    """The PF00 message, Chinese and English: which check raised what, and where in its source.

    The source file is named from its package on (``checks/copying.py``), not by the path of
    the environment it is installed in.
    """
    where = traceback.extract_tb(exc.__traceback__)[-1]
    parts = Path(where.filename).parts
    cut = max((i + 1 for i, part in enumerate(parts) if part in ("site-packages", "dist-packages")), default=0)
    source = "/".join(parts[cut:]) if cut else where.filename
    why = f"{type(exc).__name__}: {exc}，{source}:{where.lineno}"
    return (
        f"{what[0]} {check.code} {check.name} 运行出错（{why}），本项未检查。",
        f"{what[1]} {check.code} {check.name} crashed ({type(exc).__name__}: {exc}, {source}:{where.lineno}); "
        "it was not checked",
    )


def _finish(report: Report, check: Check, finding: Finding, severity: Severity | None) -> Finding:
    location = locate(report, finding.span)
    return dataclasses.replace(
        check.stamp(finding, severity),
        path=report.path,
        location=location,
        related_locations=tuple(locate(report, s) for s in finding.related),
        snippet=source_line(report, finding.span) if report.kind == "text" else report.snippet(finding.span),
    )


# The fact kinds a finding about a form's cells rests on.
_FORM_KINDS = frozenset({"forms", "fund_lines", "indicators", "totals"})
HEDGE = ("（这一处表格有不止一种读法，以上按最可能的读法判断，请对照原表核实。）",
         " (this part of the table can be read more than one way; the finding follows the likeliest reading: check it against the form.)")  # fmt: skip


OCR_HEDGE = ("（这里的文字是从扫描件中用 OCR 识别出来的，识别结果不确定，以上只作提示，请对照原件核实。）",
             " (this text was read from a scan by OCR, which was unsure of it: the finding is only a hint; check it against the original.)")  # fmt: skip


class _Doubts:
    """The uncertain cells' spans, merged and in order: whether a span meets one is a binary search."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged: list[list[int]] = []
        for sp in sorted(spans, key=lambda x: (x.start, x.end)):
            if merged and sp.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], sp.end)
            else:
                merged.append([sp.start, sp.end])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def meets(self, span: Span) -> bool:
        """Whether `span` overlaps an uncertain span (an empty one: stands inside or at its start)."""
        k = bisect.bisect_right(self.starts, max(span.start, span.end - 1)) - 1
        while k >= 0 and self.ends[k] >= span.start:
            a, b = self.starts[k], self.ends[k]
            if (span.start < b and a < span.end) or (span.start == span.end and a <= span.start <= b) or (a == b == span.start):
                return True
            k -= 1
        return False


def _hedged(finding: Finding, uncertain: _Doubts, checks: dict[str, Check], scanned: _Doubts | None = None) -> Finding:
    """A finding that rests on text the reader could read another way is at most information.

    An error must rest on cells read with certainty; what an ambiguous reading suggests is
    said as info, with a request to look at the form. Text OCR was unsure of (`scanned`,
    the report's `uncertain` spans) hedges a finding of any check; an ambiguous form reading
    hedges the form checks'.
    """
    check = checks.get(finding.code)
    if finding.severity.rank < Severity.WARNING.rank or check is None:
        return finding
    spans = (finding.span, *finding.related)
    if scanned is not None and any(scanned.meets(s) for s in spans):
        hedge = OCR_HEDGE
    elif _FORM_KINDS & set(check.needs) and any(uncertain.meets(s) for s in spans):
        hedge = HEDGE
    else:
        return finding
    return dataclasses.replace(
        finding,
        severity=Severity.INFO,
        message=finding.message + hedge[0],
        message_en=(finding.message_en + hedge[1]) if finding.message_en else None,
    )


def check_crashed(
    check: Check, exc: Exception, path: str, severity: Severity | None, *,
    what: tuple[str, str] = ("检查", "check"), location: Location | None = None,
) -> Finding:  # fmt: skip
    """The one PF00 finding for a check that raised, per report, per pair or per run."""
    message, message_en = crash_messages(check, exc, what)
    return engine_finding(CHECK_CRASHED, path, message, location=location, severity=severity, message_en=message_en)


def run_checks(
    report: Report,
    facts: Facts,
    checks: Iterable[Check],
    *,
    options: dict[str, dict[str, Any]] | None = None,
    severities: dict[str, Severity] | None = None,
    profile: Profile | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Run `checks` over `report` and its `facts`; return the findings, located and sorted.

    `options` and `severities` are keyed by check code. With `strict`, a check that raises
    propagates its exception (for tests) instead of becoming a PF00 finding. Checks without
    a function are skipped (their findings are the engine's own), and so are corpus checks,
    paired checks (`auditor.pairs`) and checks that do not read this kind of document.
    """
    available = {"report": report, "facts": facts, "profile": profile or load_profile()}
    options = options or {}
    severities = severities or {}
    out: list[Finding] = []
    by_code: dict[str, Check] = {}
    for check in checks:
        by_code[check.code] = check
        # The engine's own checks have no function; corpus checks run once per run, over every
        # report (`auditor.corpus.bridge`), and paired checks where a self-evaluation meets its
        # declaration (`auditor.pipeline.paired`), not here.
        if check.func is None or check.per_run or check.paired or not check.applies(facts.kinds):
            continue
        try:
            for finding in check.run(available, options.get(check.code, {})):
                out.append(_finish(report, check, finding, severities.get(check.code)))
        except MemoryError:
            raise  # the file's whole audit is over the memory limit (a PF01 from the pipeline), not one check
        except Exception as exc:
            if strict:
                raise
            crashed = check_crashed(check, exc, report.path, severities.get("PF00"))
            out.append(dataclasses.replace(crashed, location=locate(report, crashed.span)))
    if facts.uncertain or report.uncertain:
        doubts, scanned = _Doubts(facts.uncertain), _Doubts(report.uncertain) if report.uncertain else None
        out = [_hedged(f, doubts, by_code, scanned) for f in out]
    if not has_content(facts.found()):
        empty = engine_finding(NO_REPORT_CONTENT, report.path, NO_REPORT_CONTENT.summary, severity=severities.get("PF02"))
        out.append(dataclasses.replace(empty, location=locate(report, empty.span)))
    return sorted(out, key=Finding.sort_key)


def audit(report: Report, checks: Iterable[Check], **settings: Any) -> list[Finding]:
    """`run_checks` on a report whose facts are not extracted yet (tests, plugins, notebooks).

    `settings` are `run_checks`' keywords. A file on disk or an upload goes through
    `auditor.pipeline.audit.audit_path` or `audit_bytes` instead, which extract the facts once
    and add the context and coverage that formats show.
    """
    return run_checks(report, extract(report), checks, **settings)


def corpus_checks(checks: Iterable[Check]) -> list[Check]:
    """The enabled checks that run once per run over the corpus (they take ``corpus``)."""
    return [c for c in checks if c.per_run]


def run_corpus_checks(
    corpus: Any,
    checks: Iterable[Check],
    *,
    options: dict[str, dict] | None = None,
    severities: dict[str, Severity] | None = None,
    profile: Profile | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Run the corpus checks once over `corpus` (`auditor.Corpus`); a check that raises becomes one PF00 finding."""
    context = {"corpus": corpus, "profile": profile}
    options, severities = options or {}, severities or {}
    path = corpus.reports[0].path if corpus.reports else ""
    what = ("跨报告检查", "cross-report check")
    out: list[Finding] = []
    for check in corpus_checks(checks):
        # A corpus check locates its own findings from the records: only the stamp is left.
        out += stamped(
            check, context, options, severities, strict,
            lambda exc, check=check: check_crashed(check, exc, path, severities.get("PF00"), what=what, location=Location(path)),
        )  # fmt: skip
    return sorted(out, key=Finding.sort_key)


def stamped(
    check: Check,
    context: dict[str, Any],
    options: dict[str, dict],
    severities: dict[str, Severity],
    strict: bool,
    crashed: Callable[[Exception], Finding],
) -> list[Finding]:
    """One check over a whole corpus or pair, its findings stamped with code and severity; a check
    that raises becomes the finding `crashed` makes of it (or raises, when `strict`)."""
    try:
        return [check.stamp(f, severities.get(check.code)) for f in check.run(context, options.get(check.code, {}))]
    except Exception as exc:
        if strict:
            raise
        return [crashed(exc)]
