"""CI formats: ``github`` (workflow-command annotations), ``gitlab`` (Code Quality) and ``junit``.

GitLab Code Quality is a JSON array with one object per finding: description, check_name,
a fingerprint unique within the report, severity (error → major, warning → minor, info →
info) and a location by path and lines (line 1 for a binary report, whose anchor is named
in the description).

JUnit shape: one ``testsuite`` per report and one ``testcase`` per enabled check on that
report, named ``CODE name``. A check with error or warning findings fails (one
``failure`` listing them all); one with only info findings passes and lists them in
``system-out``; one that lacked the facts it needs is ``skipped`` with the reason; an
unreadable report is a single ``error`` case. A CI dashboard then shows what was checked,
not only what failed.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

from auditor.engine.findings import Finding, Severity
from auditor.formats.summary import coverage_warning
from auditor.formats.words import anchor, message, place, printable
from auditor.pipeline.result import Run, fingerprint

GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _data(text: str) -> str:
    """Escape a workflow command's message: %, CR and LF; other control characters as ``\\x1b``."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)  # a CI log plays escape sequences as colours and cursor moves


def _prop(text: str) -> str:
    """Escape a workflow command's property value: as the message, plus ``:`` and ``,``."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(f: Finding, lang: str) -> str:
    loc = f.location
    props = {"file": f.path}
    if loc is not None and loc.line is not None:
        props.update(line=loc.line, col=loc.column, endLine=loc.end_line, endColumn=loc.end_column)
    props["title"] = f"{f.code} {f.name}"
    where = anchor(loc, lang)
    text = f"{message(f, lang)} ({where})" if where else message(f, lang)
    fields = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items() if v is not None)
    return f"::{GITHUB_LEVEL[f.severity.value]} {fields}::{_data(text)}"


def format_github(run: Run) -> str:
    """One ``::error``/``::warning``/``::notice`` line per finding, and a notice per partial report."""
    lines = [_annotation(f, run.lang) for f in run.findings]
    for file in run.files:
        warning = coverage_warning(file, run.lang)
        if warning:
            lines.append(f"::notice file={_prop(file.path)},title=pfaudit coverage::{_data(warning)}")
    return "".join(line + "\n" for line in lines)


def format_gitlab(run: Run) -> str:
    """GitLab Code Quality: one object per finding (see the module docstring)."""
    seen: Counter = Counter()
    out = []
    for f in run.findings:
        loc = f.location
        where = anchor(loc, run.lang)
        text = f"{message(f, run.lang)} ({where})" if where and (loc is None or loc.line is None) else message(f, run.lang)
        key = fingerprint(f)
        seen[(f.path, key)] += 1  # NOTE: identical findings in one file still need distinct fingerprints
        begin = loc.line if loc is not None and loc.line is not None else 1
        end = loc.end_line if loc is not None and loc.end_line is not None else begin
        out.append({
            "description": f"{f.code} {text} [{f.name}]",
            "check_name": f.code,
            "fingerprint": hashlib.sha256(f"{f.path}\x1f{key}\x1f{seen[(f.path, key)]}".encode()).hexdigest()[:32],
            "severity": GITLAB_SEVERITY[f.severity.value],
            "location": {"path": f.path, "lines": {"begin": begin, "end": end}},
        })  # fmt: skip
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _case(suite: ET.Element, path: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=_clean(path), name=_clean(name))


def _describe(f: Finding, lang: str) -> str:
    where = place(f.location, lang)
    return f"{where}: {message(f, lang)}" if where else message(f, lang)


def format_junit(run: Run) -> str:
    """JUnit XML: a testsuite per report, a testcase per check (see the module docstring)."""
    root = ET.Element("testsuites", name="pfaudit")
    grouped = run.by_file()
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path, found in grouped.items():
        file = run.file(path)
        suite = ET.SubElement(root, "testsuite", name=_clean(path))
        tally = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        by_code: dict[str, list[Finding]] = {}
        for f in found:
            by_code.setdefault(f.code, []).append(f)
        names = {c.code: c.name for c in run.checks} | {f.code: f.name for f in found}
        # Per-path ignores can switch checks off for one file: list only what was enabled for it.
        enabled = set(file.checked) | set(file.not_checked)
        codes = [] if file.error else [c.code for c in run.checks if not enabled or c.code in enabled]
        codes += [code for code in by_code if code not in codes]
        for code in codes:
            case = _case(suite, path, f"{code} {names.get(code, '')}".strip())
            tally["tests"] += 1
            mine = by_code.get(code, [])
            body = "\n".join(_clean(_describe(f, run.lang)) for f in mine)
            if file.error and mine:
                ET.SubElement(case, "error", message=_clean(file.error), type=code).text = body
                tally["errors"] += 1
            elif any(f.severity.rank >= Severity.WARNING.rank for f in mine):
                head = f"{len(mine)} findings" if run.lang == "en" else f"{len(mine)} 处发现"
                ET.SubElement(
                    case, "failure", message=_clean(f"{head}: {message(mine[0], run.lang)}"), type=code
                ).text = body
                tally["failures"] += 1
            elif mine:
                ET.SubElement(case, "system-out").text = body
            elif code in file.not_checked:
                ET.SubElement(case, "skipped", message=_clean(coverage_warning(file, run.lang)))
                tally["skipped"] += 1
        for key, value in tally.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
