"""Output formats: pure functions from a finished `Run` to a string (text, json, sarif)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pluggy
from tabulate import tabulate

from auditor.check import Check
from auditor.engine import ENGINE_CODES
from auditor.findings import Finding, Location, Severity

hookimpl = pluggy.HookimplMarker("pfaudit")

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SNIPPET_WIDTH = 70


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one input file: how it was read and which facts it yielded."""

    path: str
    encoding: str = ""
    kind: str = "text"
    notes: tuple[str, ...] = ()
    coverage: dict[str, int] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: every file, every finding (sorted), and the checks that were enabled."""

    files: tuple[FileResult, ...]
    findings: tuple[Finding, ...]
    checks: tuple[Check, ...]
    version: str = "0"
    exit_code: int = 0
    lang: str = "zh"


def _message(f: Finding, lang: str) -> str:
    return f.message_en if lang == "en" and f.message_en else f.message


# -- text ------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _excerpt(f: Finding) -> list[str]:
    loc = f.location
    if not f.snippet or loc is None or loc.line is None:
        return [f"    | {f.snippet[:SNIPPET_WIDTH]}"] if f.snippet else []
    line = f.snippet.replace("\t", "  ")
    col = len(f.snippet[: loc.column - 1].replace("\t", "  "))
    length = (loc.end_column - loc.column) if loc.end_line == loc.line else len(f.snippet) - loc.column + 1
    length = max(1, min(length, SNIPPET_WIDTH // 2))
    start = max(0, col - SNIPPET_WIDTH // 2)
    shown = line[start : start + SNIPPET_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_WIDTH < len(line) else ""
    gutter = f"{loc.line:>5} | "
    caret = " " * (_width(prefix) + _width(line[start:col])) + "^" * max(1, _width(line[col : col + length]))
    return [f"{gutter}{prefix}{shown}{suffix}", f"{' ' * (len(gutter) - 2)}| {caret}"]


def _place(loc: Location | None) -> str:
    if loc is None:
        return ""
    parts = [loc.anchor(), " › ".join(loc.section)]
    return " · ".join(p for p in parts if p)


def _head(f: Finding) -> str:
    loc = f.location
    pos = f"{loc.line}:{loc.column}" if loc and loc.line else (loc.anchor() if loc else "")
    return f"{f.path}:{pos}" if pos else f.path


def format_text(run: Run) -> str:
    """``path:line:col: CODE [级别] message [name]``, the place, the line with a caret, a summary."""
    out: list[str] = []
    for f in run.findings:
        sev = f.severity.label if run.lang == "zh" else f.severity.value
        out.append(f"{_head(f)}: {f.code} [{sev}] {_message(f, run.lang)} [{f.name}]")
        place = _place(f.location)
        if place:
            out.append(f"    {place}")
        out.extend(_excerpt(f))
    for file in run.files:
        for note in file.notes:
            out.append(f"{file.path}: {note}")
    out.append("")
    out.append(summary_table(run))
    return "\n".join(out) + "\n"


def summary_table(run: Run) -> str:
    """Per-file counts by severity, with a total line, as a tabulate grid."""
    counts: dict[str, Counter] = {f.path: Counter() for f in run.files}
    for f in run.findings:
        counts.setdefault(f.path, Counter())[f.severity.value] += 1
    rows = [[path, c["error"], c["warning"], c["info"]] for path, c in counts.items()]
    total = Counter(f.severity.value for f in run.findings)
    rows.append(["合计" if run.lang == "zh" else "total", total["error"], total["warning"], total["info"]])
    headers = ["文件", "错误", "警告", "提示"] if run.lang == "zh" else ["file", "error", "warning", "info"]
    return tabulate(rows, headers=headers, tablefmt="simple")


# -- json ------------------------------------------------------------------------------


def _location_dict(loc: Location | None) -> dict:
    if loc is None:
        return {}
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "section": list(loc.section),
        "table": loc.table,
        "table_row": loc.table_row,
        "table_column": loc.table_column,
        "page": loc.page,
        "sheet": loc.sheet,
        "cell": loc.cell,
    }


def finding_dict(f: Finding, lang: str = "zh") -> dict:
    """One finding as a JSON-ready dict with a stable key order."""
    loc = f.location
    return {
        "path": f.path,
        "code": f.code,
        "name": f.name,
        "category": f.category,
        "severity": f.severity.value,
        "message": _message(f, lang),
        "line": loc.line if loc else None,
        "column": loc.column if loc else None,
        "end_line": loc.end_line if loc else None,
        "end_column": loc.end_column if loc else None,
        "snippet": f.snippet,
        "expected": f.expected,
        "actual": f.actual,
        "location": _location_dict(loc),
        "related": [_location_dict(r) for r in f.related_locations],
        "fingerprint": fingerprint(f),
    }


def format_json(run: Run) -> str:
    """Every file and finding, with coverage and a summary, as indented JSON."""
    doc = {
        "version": run.version,
        "files": [
            {
                "path": f.path,
                "encoding": f.encoding,
                "kind": f.kind,
                "notes": list(f.notes),
                "coverage": f.coverage,
                "error": f.error,
            }
            for f in run.files
        ],
        "findings": [finding_dict(f, run.lang) for f in run.findings],
        "summary": {s.value: sum(f.severity is s for f in run.findings) for s in SEVERITIES},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# -- sarif -----------------------------------------------------------------------------


def fingerprint(f: Finding) -> str:
    """A content hash that survives edits elsewhere in the report (no line numbers in it)."""
    section = "/".join(f.location.section) if f.location else ""
    basis = "\x1f".join((f.code, section, "".join(f.snippet.split()), f.actual or ""))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def artifact_uri(path: str) -> str:
    """A percent-encoded URI: relative paths stay relative, absolute ones become file: URIs."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _rule(check: Check | None, code: str) -> dict:
    if check is None:
        meta = ENGINE_CODES[code]
        name, summary, doc, level, category = meta["name"], meta["summary"], meta["summary"], meta["severity"], meta["category"]
    else:
        name, summary, doc = check.name, check.summary, check.doc
        level, category = check.severity.value, check.category
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": SARIF_LEVEL[level]},
        "properties": {"tags": [category]},
    }


def _sarif_location(loc: Location, uris: dict[str, int], snippet: str = "") -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(loc.path), "index": uris[loc.path]}}
    if loc.line is not None:
        region = {
            "startLine": loc.line,
            "startColumn": loc.column,
            "endLine": loc.end_line,
            "endColumn": loc.end_column,
        }
        if snippet:
            region["snippet"] = {"text": snippet}
        physical["region"] = region
    out: dict = {"physicalLocation": physical}
    logical = []
    if loc.table is not None:
        logical.append({"kind": "cell", "name": loc.anchor(), "fullyQualifiedName": f"{loc.path}#{loc.anchor()}"})
    if loc.page is not None:
        logical.append({"kind": "page", "name": f"第{loc.page}页"})
    if loc.sheet is not None:
        logical.append({"kind": "sheet", "name": f"{loc.sheet}!{loc.cell}" if loc.cell else loc.sheet})
    if logical:
        out["logicalLocations"] = logical
    props = {k: v for k, v in _location_dict(loc).items() if v not in (None, []) and k not in ("path", "line", "column", "end_line", "end_column")}
    if props:
        out["properties"] = props
    return out


def format_sarif(run: Run) -> str:
    """SARIF 2.1.0 with rule metadata for every enabled check and percent-encoded URIs."""
    by_code = {c.code: c for c in run.checks}
    codes = sorted(set(by_code) | {f.code for f in run.findings})
    rules = [_rule(by_code.get(code), code) for code in codes]
    rule_index = {code: n for n, code in enumerate(codes)}
    paths = list(dict.fromkeys([*(f.path for f in run.files), *(f.path for f in run.findings)]))
    uris = {p: n for n, p in enumerate(paths)}
    encodings = {f.path: f.encoding for f in run.files}
    artifacts = []
    for p in paths:
        art: dict = {"location": {"uri": artifact_uri(p)}}
        if encodings.get(p):
            art["encoding"] = encodings[p]
        artifacts.append(art)
    results = []
    for f in run.findings:
        result: dict = {
            "ruleId": f.code,
            "ruleIndex": rule_index[f.code],
            "level": SARIF_LEVEL[f.severity.value],
            "message": {"text": _message(f, run.lang)},
            "partialFingerprints": {"pfaudit/v1": fingerprint(f)},
            "properties": {"category": f.category, "name": f.name},
        }
        if f.location is not None:
            result["locations"] = [_sarif_location(f.location, uris, f.snippet if f.location.line else "")]
        if f.related_locations:
            result["relatedLocations"] = [
                {"id": n, **_sarif_location(r, uris)} for n, r in enumerate(f.related_locations, 1)
            ]
        for key in ("expected", "actual"):
            if getattr(f, key) is not None:
                result["properties"][key] = getattr(f, key)
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pfaudit",
                        "version": run.version,
                        "informationUri": "https://pypi.org/project/pfaudit/",
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": True, "exitCode": run.exit_code}],
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Run], str]] = {"text": format_text, "json": format_json, "sarif": format_sarif}


@hookimpl
def pfaudit_formats() -> dict[str, Callable[[Run], str]]:
    """The built-in formats."""
    return dict(FORMATS)
