"""Spreadsheet formats: ``csv`` (UTF-8 with a BOM, for Excel) and ``xlsx`` (bytes, openpyxl).

One row per finding: file, location in words, code, name, category, severity, message,
expected, actual. With `Run.summary` the csv holds one row per report instead; the xlsx
always has both sheets. Text from reports is untrusted: cells that Excel would read as a
formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import re

from auditor.formats.documents import kinds_said, pairs_said
from auditor.formats.summary import report_rows
from auditor.formats.words import category_label, message, place, severity_label, word
from auditor.pipeline.files import CREATOR
from auditor.pipeline.result import Run

FINDING_COLUMNS = ("file", "location", "code", "name", "category", "severity", "message", "expected", "actual")
REPORT_COLUMNS = ("file", "error", "warning", "info", "risk", "worst", "not_checked", "hidden", "kinds", "held_against")
_NUMBER = re.compile(r"[-+]?\d[\d,.]*%?")
_FILL = {"error": "F8D7DA", "warning": "FFF3CD", "info": "D1ECF1"}


def _defuse(value: object) -> object:
    """Prefix text that Excel would evaluate (=, +, -, @ …) with an apostrophe; numbers pass."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def finding_rows(run: Run) -> list[list[str]]:
    """The findings as rows of `FINDING_COLUMNS`, in the run's language."""
    lang = run.lang
    return [
        [
            f.path,
            place(f.location, lang),
            f.code,
            f.name,
            category_label(f.category, lang),
            severity_label(f.severity.value, lang),
            message(f, lang),
            f.expected or "",
            f.actual or "",
        ]
        for f in run.findings
    ]


def summary_rows(run: Run) -> list[list[object]]:
    """One row per report, as `REPORT_COLUMNS`."""
    return [
        [
            r.path,
            r.errors,
            r.warnings,
            r.infos,
            r.risk,
            r.worst or (word("unreadable", run.lang) if r.unreadable else ""),
            " ".join(r.not_checked),
            r.hidden,
            kinds_said(run.file(r.path), run.lang),
            "；".join(pairs_said(run.file(r.path), run.lang)),
        ]
        for r in report_rows(run)
    ]


def format_csv(run: Run) -> str:
    """Findings (or, with `Run.summary`, reports) as CSV with a BOM so Excel reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)  # NOTE: \r\n line ends, as RFC 4180 and Excel expect
    columns = REPORT_COLUMNS if run.summary else FINDING_COLUMNS
    writer.writerow([word(c, run.lang) for c in columns])
    for row in summary_rows(run) if run.summary else finding_rows(run):
        writer.writerow([_defuse(v) for v in row])
    return "\ufeff" + out.getvalue()


def _sheet(ws, headers: list[str], rows: list[list[object]], widths: list[int]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # NOTE: never a formula, whatever the report text starts with
    for n, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + n)].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions


def format_xlsx(run: Run) -> bytes:
    """An Excel workbook: a findings sheet and a per-report summary sheet (risk score included)."""
    from openpyxl import Workbook  # imported here: only the xlsx format pays for openpyxl
    from openpyxl.styles import Alignment, PatternFill

    lang = run.lang
    wb = Workbook()
    wb.properties.creator = CREATOR  # NOTE: how a later run knows not to audit this file as a report
    ws = wb.active
    ws.title = word("findings", lang)
    _sheet(ws, [word(c, lang) for c in FINDING_COLUMNS], finding_rows(run), [40, 22, 7, 26, 14, 7, 70, 14, 14])
    for excel_row, f in enumerate(run.findings, 2):
        ws.cell(excel_row, 6).fill = PatternFill("solid", fgColor=_FILL[f.severity.value])
        ws.cell(excel_row, 7).alignment = Alignment(wrap_text=True, vertical="top")
    summary = wb.create_sheet(word("reports", lang))
    _sheet(summary, [word(c, lang) for c in REPORT_COLUMNS], summary_rows(run), [40, 7, 7, 7, 8, 60, 30, 9, 24, 40])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
