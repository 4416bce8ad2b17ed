"""The .xlsx/.xlsm reader: every sheet as a table, values printed as Excel shows them.

openpyxl is used in normal (not read-only) mode, because read-only worksheets do not expose
merged ranges. Formulas are read through the values Excel cached when it saved the file; a
formula without a cached value (a file written by a tool that does not compute) is reported
in the notes and read as blank, never as its formula text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from auditor.readers.layout import Layout
from auditor.readers.limits import check_zip, current, too_many_cells, too_many_sheets
from auditor.readers.sniff import reader_hook
from auditor.report.errors import LimitError, ReadError
from auditor.report.model import Note, Report

_FORMULA_XML = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_XML = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE_XML = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([A-Za-z0-9:$]{1,40})[\"']")
_SHEET_XML = re.compile(rb"<(?:\w+:)?sheet[\s/>]")  # an entry of <sheets>, not <sheets> itself
_CHUNK, _CARRY = 1 << 20, 4096
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
MAX_LISTED = 5


def number_text(value: float | int | Decimal, fmt: str) -> str:
    """A number as its number format shows it: decimals, percent and thousands separators.

    >>> number_text(242400.0, "General"), number_text(242400, "#,##0.00"), number_text(0.9, "0%")
    ('242400', '242,400.00', '90%')
    """
    section = _QUOTED.sub("", (fmt or "General").split(";")[0])
    # Floats carry binary noise (0.1 + 0.2); 15 significant digits is what Excel keeps.
    number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    percent = "%" in section
    if percent:
        number *= 100
    if section.lower() == "general" or not re.search(r"[0#?]", section):
        text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
        text = _trim(text)
    else:
        decimals = re.search(r"\.([0#?]+)", section)
        places = len(decimals.group(1)) if decimals else 0
        text = f"{number:,.{places}f}" if re.search(r"[0#?],[0#?]", section) else f"{number:.{places}f}"
    return text + "%" if percent else text


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_text(value: Any, fmt: str) -> str:
    """Any cell value as text: numbers by their format, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        try:
            return number_text(value, fmt)
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula; only then is the workbook loaded a second time."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(
            _FORMULA_XML.search(z.read(n))
            for n in z.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )


def _declared_sheets(data: bytes, name: str) -> None:
    """Refuse a workbook that lists more sheets than the limit, before openpyxl makes any.

    NOTE: openpyxl checks each new sheet's title against every sheet made before it, so
    loading n sheets costs n² comparisons; the limit bounds that as the cell limit bounds cells.
    """
    limits = current()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        count = len(_SHEET_XML.findall(z.read("xl/workbook.xml")))
    if count > limits.sheets:
        raise too_many_sheets(name, count, limits)


def _declared_cells(data: bytes, name: str) -> None:
    """Refuse a workbook whose sheets declare too many cells or merged cells, before openpyxl builds them.

    The worksheet XML is streamed and its ``<c>`` tags and ``mergeCell`` ranges counted: openpyxl
    makes an object for every cell and for every cell a merged range covers, so a whole-sheet
    merge (A1:XFD1048576) would otherwise fill the memory while the workbook loads.
    """
    limits = current()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for member in z.namelist():
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            cells, merged, carry = 0, 0, b""
            with z.open(member) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    # NOTE: a tag cut by the chunk boundary is carried over from its "<" (a tag
                    # longer than _CARRY is not one openpyxl reads as a cell or a merge anyway).
                    text = carry + chunk
                    cut = text.rfind(b"<") if chunk else len(text)
                    text, carry = (text[:cut], text[cut:]) if cut > len(text) - _CARRY else (text, b"")
                    covered = sum(_area(ref) for ref in _MERGE_XML.findall(text))
                    cells, merged = cells + len(_CELL_XML.findall(text)) + covered, merged + covered
                    if cells > limits.cells:
                        sheet = member.rsplit("/", 1)[-1]
                        also = (f"（其中合并单元格覆盖 {merged:,} 个）", f" ({merged:,} of them under merged ranges)") if merged else ("", "")
                        where = (f"“{name}”的工作表 {sheet}{also[0]}", f"sheet {sheet} of “{name}”{also[1]}")
                        raise too_many_cells(where, cells, limits)
                    if not chunk:
                        break


def _area(ref: bytes) -> int:
    from openpyxl.utils.cell import range_boundaries  # imported here: only workbooks pay for openpyxl

    try:
        left, top, right, bottom = range_boundaries(ref.decode("ascii").replace("$", ""))
    except (ValueError, TypeError):
        return 0  # openpyxl does not merge what it cannot read either
    return (right - left + 1) * (bottom - top + 1) if None not in (left, top, right, bottom) else 0


def _sheet(ws: Any, formulas: Any, missing: list[str]) -> tuple[list[list[str | None]], list[list[str]]]:
    """The sheet's grid (merged values resolved) and the A1 reference of every cell.

    :raises LimitError: when the cells that hold something lie too far apart for a grid.
    """
    from openpyxl.utils import get_column_letter  # imported here: only workbooks pay for openpyxl

    merged: dict[tuple[int, int], tuple[int, int, str]] = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = (rng.min_row, rng.min_col, rng.coord)
    texts: dict[tuple[int, int], str] = {}
    # NOTE: only the cells the file holds, in row order; iter_rows() would walk (and create)
    # every cell of the rectangle up to the farthest one, 1.7e10 for a cell at XFD1048576.
    for _, cell in sorted(ws._cells.items()):
        if cell.value is None and formulas is None:
            continue
        text = cell_text(cell.value, cell.number_format)
        if cell.value is None and formulas is not None:
            source = formulas.cell(cell.row, cell.column)
            if source.data_type == "f":
                missing.append(f"{ws.title}!{cell.coordinate}")
        if text:
            texts[(cell.row, cell.column)] = text
    bottom = max((r for r, _ in [*texts, *merged]), default=0)
    right = max((c for _, c in [*texts, *merged]), default=0)
    if bottom * right > current().cells:
        far = f"{get_column_letter(right)}{bottom}"
        where = (f"工作表“{ws.title}”（A1 至 {far}，{bottom:,} 行 × {right:,} 列）", f"sheet “{ws.title}” (A1 to {far}, {bottom:,} rows × {right:,} columns)")
        raise too_many_cells(where, bottom * right, current())
    grid: list[list[str | None]] = []
    refs: list[list[str]] = []
    for r in range(1, bottom + 1):
        row_values: list[str | None] = []
        row_refs: list[str] = []
        for c in range(1, right + 1):
            ref = f"{get_column_letter(c)}{r}"
            top, left, coord = merged.get((r, c), (r, c, ref))
            if (top, left) == (r, c):
                row_values.append(texts.get((r, c), ""))
            elif c == left:
                row_values.append(None)  # a merged value belongs to every row it spans
            else:
                row_values.append("")  # shown once, in the first column it spans
            row_refs.append(coord)
        grid.append(row_values)
        refs.append(row_refs)
    return grid, refs


def _missing_note(missing: list[str]) -> Note:
    shown, shown_en = "、".join(missing[:MAX_LISTED]), ", ".join(missing[:MAX_LISTED])
    why = "the file was saved by a tool that does not calculate formulas"
    if len(missing) == 1:
        return Note(
            f"{shown} 是公式单元格，但没有缓存值（文件由不计算公式的工具保存），此单元格按空白处理",
            f"{shown_en} is a formula cell without a cached value ({why}); it was read as blank",
        )
    return Note(
        f"{shown} 等 {len(missing)} 个公式单元格没有缓存值（文件由不计算公式的工具保存），这些单元格按空白处理",
        f"{len(missing)} formula cells ({shown_en}{', …' if len(missing) > MAX_LISTED else ''}) have no cached "
        f"value ({why}); they were read as blank",
    )


def read_xlsx(path: Path, data: bytes) -> Report:
    """Read .xlsx/.xlsm bytes into a report whose path is `path`.

    :raises ReadError: when the workbook is damaged.
    """
    import openpyxl  # imported here: only workbooks pay for it

    check_zip(data, path.name)
    try:
        _declared_sheets(data, path.name)
        _declared_cells(data, path.name)
    except LimitError:
        raise
    except Exception:  # damage (a bad CRC, an encrypted member) is reported by openpyxl's own attempt below
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" chatter is not the user's business
            values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(data)) if _has_formulas(data) else None
    except (MemoryError, RecursionError):
        raise  # the memory ceiling or the nesting: the pipeline names it; the file is not "damaged"
    except Exception as exc:  # a damaged workbook fails in many ways inside openpyxl; each means the same
        raise ReadError(
            f"无法打开 Excel 工作簿“{path.name}”：文件已损坏或不完整。",
            f"cannot open the Excel workbook “{path.name}”: the file is damaged or incomplete",
        ) from exc
    layout = Layout()
    missing: list[str] = []
    # NOTE: by title once: a workbook's ``book[title]`` looks through every sheet each time.
    with_formulas = {ws.title: ws for ws in formulas.worksheets} if formulas is not None else {}
    for ws in values.worksheets:
        grid, refs = _sheet(ws, with_formulas.get(ws.title) if formulas is not None else None, missing)
        if not grid:
            continue
        layout.paragraph(ws.title, {"sheet": ws.title})
        layout.table(grid, lambda r, c, ws=ws, refs=refs: {"sheet": ws.title, "cell": refs[r][c]}, layout="xlsx")
    notes = [_missing_note(missing)] if missing else []
    return layout.report(str(path), "xlsx", notes)


pfaudit_read = reader_hook("xlsx", read_xlsx, "Read an Excel .xlsx/.xlsm report; None for anything that is not one.")
