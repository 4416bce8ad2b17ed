"""The ``json`` format: every file with its coverage and summary, every finding, stable keys."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from auditor.engine.findings import Context, Finding, Location
from auditor.formats.documents import documents_data, kinds_said, pairs_said
from auditor.formats.summary import report_rows
from auditor.formats.words import SEVERITIES, message, place
from auditor.pipeline.result import FileResult, Run, fingerprint, statistics
from auditor.report.model import said


def location_dict(loc: Location | None) -> dict:
    """A location as a JSON-ready dict (empty when there is none)."""
    if loc is None:
        return {}
    # On a scanned page: where on the page (fractions of its width and height) and that OCR read it.
    scanned = {"region": list(loc.region), "ocr": True} if loc.ocr and loc.region else {}
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
    } | scanned


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


class _Each(list):
    """A list the JSON encoder walks one item at a time: each item's dict is made when reached."""

    def __init__(self, items: Sequence, make: Callable[[Any], dict]) -> None:
        super().__init__()
        self._items, self._make = items, make

    def __iter__(self) -> Iterator[dict]:
        return map(self._make, self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)


def format_json(run: Run) -> str:
    """Files (coverage, checks run and not run, per-report summary), findings and totals."""
    return "".join(json_chunks(run))


def json_chunks(run: Run) -> Iterator[str]:
    """`format_json`'s text in pieces, for writing as it is made: no whole document in memory."""
    rows = {r.path: r for r in report_rows(run)}

    def file_dict(f: FileResult) -> dict:
        row = rows[f.path]
        return {
            "path": f.path,
            "encoding": f.encoding,
            "kind": f.kind,
            "documents": {
                "kinds": list(f.kinds),
                "said": kinds_said(f, run.lang),
                "pairs": pairs_said(f, run.lang),
                "parts": documents_data(f),
            },
            "notes": [said(note, run.lang) for note in f.notes],
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

    doc = {
        "version": run.version,
        "files": _Each(run.files, file_dict),
        "findings": _Each(run.findings, lambda f: finding_dict(f, run.lang)),
        "summary": {s.value: sum(f.severity is s for f in run.findings) for s in SEVERITIES},
        "statistics": [
            {"code": r.code, "name": r.name, "count": r.count, "error": r.error, "warning": r.warning, "info": r.info}
            for r in statistics(run.findings)
        ],
        "baseline": {"file": run.baseline, "hidden": run.hidden},
        "not_installed": [{"checks": list(n.codes), "modules": list(n.modules), "install": n.install} for n in run.not_installed],
        "exit_code": run.exit_code,
    }
    # NOTE: with an indent, json's encoder is the pure-Python one that json.dumps uses too,
    # so the pieces join to exactly what json.dumps wrote.
    yield from json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(doc)
    yield "\n"


# NOTE: the CLI writes a format's `chunks` as they are made when it has them, so a batch's
# JSON is never one string in memory; every other caller gets the whole text.
format_json.chunks = json_chunks  # type: ignore[attr-defined]
