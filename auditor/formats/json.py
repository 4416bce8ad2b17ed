"""The ``json`` format: every file with its coverage and summary, every finding, stable keys."""

from __future__ import annotations

import json

from auditor.findings import Context, Finding, Location
from auditor.formats.summary import report_rows
from auditor.formats.words import SEVERITIES, message, place
from auditor.result import Run, fingerprint, statistics


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
    if f.context is not None:
        out["context"] = context_dict(f.context)
    return out


def context_dict(context: Context) -> dict:
    """A finding's context as JSON-ready data: ``lines`` and ``table``, each only when present."""
    out: dict = {}
    if context.lines:
        out["lines"] = [[n, text] for n, text in context.lines]
    table = context.table
    if table is not None:
        row: dict = {"layout": table.layout, "row_number": table.row_number, "column": table.column, "row": list(table.row)}
        if table.above is not None:
            row["above"] = list(table.above)
        if table.related_columns:
            row["related_columns"] = list(table.related_columns)
        out["table"] = row
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
        "statistics": [
            {"code": r.code, "name": r.name, "count": r.count, "error": r.error, "warning": r.warning, "info": r.info}
            for r in statistics(run.findings)
        ],
        "baseline": {"file": run.baseline, "hidden": run.hidden},
        "exit_code": run.exit_code,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
