"""`audit()`: run the enabled checks over one report's facts and return located findings.

The engine does no I/O. It extracts facts once, calls each check with the arguments the
check asks for, records a crashing check as PF00 instead of stopping, fills in each
finding's code, name, category, severity and location, and sorts the result.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Iterable
from typing import Any

from auditor.check import Check
from auditor.coverage import has_content
from auditor.facts import Facts, extract
from auditor.findings import Finding, Severity, locate, source_line
from auditor.model import Report, Span
from auditor.profile import Profile, load_profile

# Findings the engine and the readers make themselves, with the metadata a check would carry.
ENGINE_CODES: dict[str, dict[str, str]] = {  # "summary_en" is the --lang en message
    "PF00": {
        "name": "check-crashed",
        "category": "structure",
        "severity": "error",
        "summary": "某项检查在运行时出错，本报告的这一项未被检查。",
        "summary_en": "a check crashed; this report was not checked for it",
    },
    "PF01": {
        "name": "unreadable-file",
        "category": "unreadable",
        "severity": "error",
        "summary": "文件无法读取为报告（损坏、二进制、编码无法识别或为空），未做任何检查。",
        "summary_en": "the file cannot be read as a report; nothing was checked",
    },
    "PF02": {
        "name": "no-report-content",
        "category": "unreadable",
        "severity": "info",
        "summary": "未识别到绩效自评报告的内容（年度、资金、指标、得分均未找到），检查无从进行。",
        "summary_en": "no report content found (no year, funds, indicators or scores): nothing could be checked",
    },
}


def engine_finding(code: str, path: str, message: str, span: Span | None = None, **kw: Any) -> Finding:
    """A finding made by the engine or a reader (PF codes)."""
    meta = ENGINE_CODES[code]
    kw.setdefault("message_en", meta["summary_en"])
    return Finding(
        span or Span(0, 0),
        message,
        code=code,
        name=meta["name"],
        category=meta["category"],
        severity=Severity(meta["severity"]),
        path=path,
        **kw,
    )


def _finish(report: Report, check: Check, finding: Finding, severity: Severity | None) -> Finding:
    location = locate(report, finding.span)
    return dataclasses.replace(
        finding,
        code=check.code,
        name=check.name,
        category=check.category,
        severity=severity or finding.severity or check.severity,
        path=report.path,
        location=location,
        related_locations=tuple(locate(report, s) for s in finding.related),
        snippet=source_line(report, finding.span) if report.kind == "text" else report.snippet(finding.span),
    )


def audit(
    report: Report,
    checks: Iterable[Check],
    *,
    options: dict[str, dict[str, Any]] | None = None,
    severities: dict[str, Severity] | None = None,
    profile: Profile | None = None,
    facts: Facts | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Run `checks` over `report` and return its findings, sorted.

    `options` and `severities` are keyed by check code. With `strict`, a check that raises
    propagates its exception (for tests) instead of becoming a PF00 finding.
    """
    facts = facts if facts is not None else extract(report)
    inputs = {"report": report, "facts": facts, "profile": profile or load_profile()}
    options = options or {}
    severities = severities or {}
    out: list[Finding] = []
    for check in checks:
        try:
            for finding in check.run(inputs, options.get(check.code, {})):
                out.append(_finish(report, check, finding, severities.get(check.code)))
        except Exception as exc:
            if strict:
                raise
            where = traceback.extract_tb(exc.__traceback__)[-1]
            message = f"检查 {check.code} {check.name} 运行出错（{type(exc).__name__}: {exc}，{where.filename}:{where.lineno}），本项未检查。"
            crashed = engine_finding("PF00", report.path, message)
            out.append(dataclasses.replace(crashed, location=locate(report, crashed.span)))
    if not has_content(facts.found()):
        empty = engine_finding("PF02", report.path, ENGINE_CODES["PF02"]["summary"])
        out.append(dataclasses.replace(empty, location=locate(report, empty.span)))
    return sorted(out, key=Finding.sort_key)
