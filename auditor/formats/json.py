"""The ``json`` format: every file with its coverage and summary, every finding, stable keys."""

from __future__ import annotations

import json

from auditor.findings import Finding, Location
from auditor.formats.run import SEVERITIES, Run, fingerprint, message, place
from auditor.formats.summary import report_rows, statistics


def location_dict(loc: Location | None) -> dict:
    """A location as a JSON-ready dict (empty when there is none)."""
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
        "paragraph": loc.paragraph,
    }


def finding_dict(f: Finding, lang: str = "zh") -> dict:
    """One finding as a JSON-ready dict with a stable key order."""
    loc = f.location
    out = {
        "path": f.path,
        "code": f.code,
        "name": f.name,
        "category": f.category,
        "severity": f.severity.value,
        "message": message(f, lang),
        "line": loc.line if loc else None,
        "column": loc.column if loc else None,
        "end_line": loc.end_line if loc else None,
        "end_column": loc.end_column if loc else None,
        "place": place(loc, lang),
        "snippet": f.snippet,
        "expected": f.expected,
        "actual": f.actual,
        "location": location_dict(loc),
        "related": [location_dict(r) for r in f.related_locations],
        "fingerprint": fingerprint(f),
    }
    context = f.extra.get("context") if isinstance(f.extra, dict) else None
    if context:
        out["context"] = context
    return out


def format_json(run: Run) -> str:
    """Files (coverage, checks run and not run, per-report summary), findings and totals."""
    rows = {r.path: r for r in report_rows(run)}
    files = []
    for f in run.files:
        row = rows[f.path]
        files.append(
            {
                "path": f.path,
                "encoding": f.encoding,
                "kind": f.kind,
                "notes": list(f.notes),
                "coverage": f.coverage,
                "checks_run": list(f.checked),
                "checks_not_run": list(f.not_checked),
                "missing_facts": list(f.missing_facts),
                "error": f.error,
                "summary": {
                    "error": row.errors,
                    "warning": row.warnings,
                    "info": row.infos,
                    "risk": row.risk,
                    "worst": row.worst,
                    "hidden_by_baseline": f.hidden,
                },
            }
        )
    doc = {
        "version": run.version,
        "files": files,
        "findings": [finding_dict(f, run.lang) for f in run.findings],
        "summary": {s.value: sum(f.severity is s for f in run.findings) for s in SEVERITIES},
        "statistics": [{"code": c, "name": n, "severity": s, "count": k} for k, c, n, s in statistics(run)],
        "baseline": {"file": run.baseline, "hidden": run.hidden},
        "exit_code": run.exit_code,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
