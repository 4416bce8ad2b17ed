"""A copy of an .xlsx with each finding as a cell note on its cell, highlighted by severity.

Excel holds one note per cell, so the findings on one cell share its note, one paragraph
each. A last sheet lists every finding with a link to its cell; findings with no cell (a
remark about the whole report) appear only there.
"""

from __future__ import annotations

import io
import warnings
from collections import defaultdict
from collections.abc import Sequence

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from auditor.annotate.note import AUTHOR, note_lines
from auditor.engine.findings import Finding
from auditor.formats.words import category_label, message, place, severity_label

SHEET = {"zh": "pfaudit检查结果", "en": "pfaudit findings"}
_HEADERS = {
    "zh": ["位置", "级别", "代码", "类别", "说明", "应为", "实际"],
    "en": ["location", "severity", "code", "category", "message", "expected", "actual"],
}
# Light fills, so the cell's own text stays readable: red, amber, blue.
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


def _cell_ref(f: Finding) -> tuple[str, str] | None:
    loc = f.location
    if loc is None or not loc.sheet or not loc.cell:
        return None
    return loc.sheet, loc.cell.split(":")[0]  # a merged range is noted on its top-left cell


def annotate_xlsx(data: bytes, findings: Sequence[Finding], lang: str = "zh", *, macros: bool = False) -> bytes:
    """The workbook with a note and a fill on every cell a finding points at, plus a findings sheet.

    :param macros: keep the VBA project (an .xlsm workbook).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's "extension not supported" chatter
        wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=macros)
    on_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        ref = _cell_ref(f)
        if ref and ref[0] in wb.sheetnames:
            on_cell[ref].append(f)
    for (sheet, coord), found in on_cell.items():
        cell = wb[sheet][coord]
        text = "\n\n".join("\n".join(note_lines(f, lang)) for f in found)
        if cell.comment is not None:  # keep what the author wrote, below the findings
            text += "\n\n" + cell.comment.text
        note = Comment(text, AUTHOR)
        note.width, note.height = 360, min(600, 40 + 18 * text.count("\n") + len(text) // 2)
        cell.comment = note
        worst = max(found, key=lambda f: f.severity.rank).severity.value
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
    _findings_sheet(wb, findings, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _findings_sheet(wb: openpyxl.Workbook, findings: Sequence[Finding], lang: str) -> None:
    key = "en" if lang == "en" else "zh"
    ws = wb.create_sheet(SHEET[key])
    ws.append(_HEADERS[key])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in findings:
        ws.append(
            [
                place(f.location, lang) or "—",
                severity_label(f.severity.value, lang),
                f.code,
                category_label(f.category, lang),
                message(f, lang),
                f.expected or "",
                f.actual or "",
            ]
        )
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # report text that starts with "=" must stay text, never a formula
        ref = _cell_ref(f)
        if ref and ref[0] in wb.sheetnames:
            link = ws.cell(ws.max_row, 1)
            link.hyperlink = f"#'{ref[0]}'!{ref[1]}"
            link.font = Font(color="0563C1", underline="single")
        ws.cell(ws.max_row, 2).fill = PatternFill("solid", fgColor=FILLS[f.severity.value])
        ws.cell(ws.max_row, 5).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFG", (16, 7, 7, 14, 70, 14, 14), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
