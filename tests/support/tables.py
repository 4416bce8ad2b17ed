"""A form of the corpus printed as Word or Excel tables from its cell-level truth.

What agency staff hold is mostly a .docx or .xlsx whose cells are explicit; the corpus holds
the same forms as text. Printing each form's ``read`` truth (``tests/forms/*.json``) as real
tables, in the template's column order or another one seen in the field, the 一级 and 二级
labels merged down their rows, tells whether the binary readers and the decoder read a form
cell for cell when nothing has to be guessed.
"""

from __future__ import annotations

import io
import re

from auditor.report.normalize import printed_width

FUND_HEADER = ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUND_KEYS = ("label", "initial", "budget", "spent", "weight", "rate", "score")
ORDERS = {
    "template": (("一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "偏差原因分析及改进措施"),
                 ("level1", "level2", "name", "weight", "target", "actual", "score", "reason")),
    "field": (("一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "分值", "得分", "未完成原因"),
              ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")),
    # other words for the same columns
    "synonyms": (("一级指标", "二级指标", "指标名称", "目标值", "完成值", "权重", "评分", "未完成原因"),
                 ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")),
    # the target split into 指标性质 | 指标值 | 度量单位, as many provinces print it
    "split": (("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"),
              ("level1", "level2", "name", "nature", "value", "unit", "actual", "weight", "score", "reason")),
    # a target declaration's (申报表's) indicator table: the targets alone
    "declaration": (("一级指标", "二级指标", "三级指标", "指标值"), ("level1", "level2", "name", "target")),
}  # fmt: skip


def declared(truth: dict) -> dict:
    """What a perfect reader reads of the form printed as its declaration: each row's target."""
    keep = ("level1", "level2", "name", "target")
    forms = [{"fund": [], "indicators": [{k: row.get(k) if k in keep else None for k in row} for row in form.get("indicators") or ()], "total": None}
             for form in truth["forms"]]  # fmt: skip
    return {**truth, "forms": forms}
# "≥95%" as 指标性质, 指标值 and 度量单位; a target with words after its unit stays whole in 指标值
_SPLIT = re.compile(r"([≥≤=<>≧≦﹦═]*)(\d+(?:\.\d+)?)(%|[\u4e00-\u9fff]{1,2})?")


def _split(target: str) -> tuple[str, str, str]:
    m = _SPLIT.fullmatch(target)
    return (m[1], m[2], m[3] or "") if m and m[3] not in ("以上", "以下", "以内") else ("", target, "")


def tables(truth: dict, order: str) -> tuple[str, list[list[list[str]]]]:
    """The form's title and its tables (each a header row and its rows) in column `order`."""
    header, keys = ORDERS[order]
    out: list[list[list[str]]] = []
    for form in truth["forms"]:
        if form.get("fund"):
            out.append([list(FUND_HEADER), *([row.get(k) or "" for k in FUND_KEYS] for row in form["fund"])])
        rows = [[_cell(row, k) for k in keys] for row in form.get("indicators") or ()]
        total = form.get("total") or {}
        if total.get("weight") or total.get("score"):
            last = ["" for _ in keys]
            last[0] = "总分"
            for key in ("weight", "score"):
                if key in keys:
                    last[keys.index(key)] = total.get(key) or ""
            rows.append(last)
        if rows:
            out.append([list(header), *rows])
    return f"{truth.get('fiscal_year') or 2022}年度项目支出绩效自评表", out


def _cell(row: dict, key: str) -> str:
    if key in ("nature", "value", "unit"):
        return _split(row.get("target") or "")[("nature", "value", "unit").index(key)]
    return row.get(key) or ""


def _runs(grid: list[list[str]], column: int) -> list[tuple[int, int]]:
    """The row spans (first, last) over which the indicator table repeats a 一级/二级 label: merged cells."""
    if grid[0][0] != "一级指标":
        return []
    out, first = [], 1
    while first < len(grid):
        last = first
        while last + 1 < len(grid) and grid[first][column] and grid[last + 1][column] == grid[first][column]:
            last += 1
        if last > first:
            out.append((first, last))
        first = last + 1
    return out


# Column widths (cm) of a form on a landscape page, as forms are laid out: the indicator's name and
# the reason wide, the 一级/二级 labels and the points narrow (their words wrap over two lines)
_LANDSCAPE = {8: (2.0, 2.4, 6.0, 1.4, 3.4, 3.4, 1.4, 4.8), 7: (4.8, 2.6, 2.6, 2.6, 1.6, 2.2, 1.6)}


def docx_bytes(title: str, grids: list[list[list[str]]], ruled: bool = False, centred: bool = False, landscape: bool = False) -> bytes:
    """A Word document: the title, then each table after a blank paragraph (`ruled`: with its
    borders drawn, as a form saved as PDF shows them; `centred`: every cell's text centred, as
    Word tables are often set; `landscape`: on a landscape page, in a form's column widths)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = Document()
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(1.5)
    document.add_paragraph(title)
    for grid in grids:
        width = max(len(r) for r in grid)
        table = document.add_table(rows=len(grid), cols=width)
        if ruled:
            table.style = "Table Grid"
        if landscape:
            for column, cm in zip(table.columns, _LANDSCAPE.get(width, (25.0 / width,) * width), strict=True):
                for cell in column.cells:
                    cell.width = Cm(cm)
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                table.cell(i, j).text = value
        for column in (0, 1):  # the 一级 and 二级 labels merged down their rows, as forms print them
            for first, last in _runs(grid, column):
                table.cell(first, column).merge(table.cell(last, column)).text = grid[first][column]
        if centred:  # after the merges: setting a merged cell's text replaces its paragraph
            for cell in (c for row in table.rows for c in row.cells):  # a merged cell comes back once a row
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(title: str, grids: list[list[list[str]]]) -> bytes:
    """An Excel sheet: the title, then each table after an empty row; every cell a string."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    top = 3  # the sheet row of a grid's header: the title, an empty row, then the grid
    for grid in grids:
        sheet.append([])
        for row in grid:
            sheet.append(row)
        for column in (0, 1):
            for first, last in _runs(grid, column):
                sheet.merge_cells(start_row=top + first, end_row=top + last, start_column=column + 1, end_column=column + 1)
        top += len(grid) + 1
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # "=8个" is what the form prints, not a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def one_table_docx_bytes(title: str, grids: list[list[list[str]]]) -> bytes:
    """A Word document with the fund block and the indicator table in one ruled table, as the
    official template prints them: the fund labels spanning two columns, a first column
    "绩效指标" merged down the indicator rows, then the 一级 and 二级 labels merged down theirs."""
    from docx import Document

    document = Document()
    document.add_paragraph(title)
    width = 1 + max(len(row) for grid in grids for row in grid)
    table = document.add_table(rows=sum(len(grid) for grid in grids), cols=width)
    table.style = "Table Grid"
    top = 0
    for grid in grids:
        indicators = grid[0][0] == "一级指标"
        for i, row in enumerate(grid):
            cells = ["绩效指标", *row] if indicators else [row[0], "", *row[1:]]
            for j, value in enumerate(cells):
                table.cell(top + i, j).text = value
        if indicators:
            table.cell(top, 0).merge(table.cell(top + len(grid) - 1, 0)).text = "绩效指标"
            for column in (0, 1):
                for first, last in _runs(grid, column):
                    table.cell(top + first, column + 1).merge(table.cell(top + last, column + 1)).text = grid[first][column]
        else:
            for i, row in enumerate(grid):
                table.cell(top + i, 0).merge(table.cell(top + i, 1)).text = row[0]
        top += len(grid)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _merged(grids: list[list[list[str]]], dropped: bool) -> list[list[list[str]]]:
    """The indicator tables with each 一级/二级 label printed once, on the first row it spans; the
    rows below print an empty cell in its place, or (`dropped`) no cell, as a web page flattens
    a merged cell."""
    out = []
    for grid in grids:
        if grid[0][0] != "一级指标":
            out.append(grid)
            continue
        rows = [grid[0]]
        for i, row in enumerate(grid[1:], 1):
            lead = 0  # the labels merged with the row above: the 一级, then the 二级 under it
            while lead < 2 and i > 1 and row[lead] and row[lead] == grid[i - 1][lead]:
                lead += 1
            rows.append(row[lead:] if dropped else ["" for _ in range(lead)] + row[lead:])
        out.append(rows)
    return out


def wrapped(grids: list[list[list[str]]], width: int) -> list[list[list[str]]]:
    """The tables with each header word longer than `width` characters going on in a second
    header row, under itself ("年度指标" over "值"), as a narrow column prints it."""
    return [[[c[:width] for c in grid[0]], [c[width:] for c in grid[0]], *grid[1:]] for grid in grids]


def text_bytes(title: str, grids: list[list[list[str]]], separator: str = "pipe", merged: str = "") -> bytes:
    """The tables as text: pipe rows ("| a | b |"), tab-separated, one space between cells (an
    empty cell one space, as a web page's text gives a table), one cell a line ("a |", each
    row closed by a line "||", as a Word table exported cell by cell), one cell a line with
    nothing between rows, an empty cell a bare "|" ("bare") or an empty line ("lines"), or in fixed-width columns, each
    cell starting where its column does ("fixed", as a PDF's text laid out); `merged` "blank" or "dropped"
    prints each 一级/二级 label once (`_merged`)."""
    if merged:
        grids = _merged(grids, merged == "dropped")
    lines = [title]
    for grid in grids:
        lines.append("")
        for row in grid:
            if separator == "cells":
                lines += [*(f"{cell} |" for cell in row), "||"]
            elif separator == "lines":
                lines += list(row)  # an empty cell an empty line
            elif separator == "bare":
                lines += [f"{cell} |" if cell else "|" for cell in row]
            elif separator == "fixed":
                widths = [max(printed_width(r[k]) for r in grid) + 2 for k in range(len(grid[0]))]
                lines.append("".join(cell + " " * (w - printed_width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
            elif separator == "space":
                lines.append(" ".join(cell or " " for cell in row).rstrip())
            else:
                lines.append("| " + " | ".join(row) + " |" if separator == "pipe" else "\t".join(row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def html_bytes(title: str, grids: list[list[list[str]]]) -> bytes:
    """A web page: the title, then each table, the 一级 and 二级 labels merged down their rows
    with rowspan, as government sites publish the form."""
    from html import escape

    parts = [f"<html><head><meta charset='utf-8'></head><body><h1>{escape(title)}</h1>"]
    for grid in grids:
        spans: dict[tuple[int, int], int] = {}
        for column in (0, 1):
            for first, last in _runs(grid, column):
                spans[(first, column)] = last - first + 1
                spans.update({(r, column): 0 for r in range(first + 1, last + 1)})  # covered by the span above
        parts.append("<p></p><table border='1'>")
        for i, row in enumerate(grid):
            cells = [
                f"<td rowspan='{spans[(i, j)]}'>{escape(c)}</td>" if spans.get((i, j)) else f"<td>{escape(c)}</td>"
                for j, c in enumerate(row)
                if spans.get((i, j), 1)
            ]
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")
