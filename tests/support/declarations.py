"""Target declarations written for the tests (tests/data/declarations.toml), rendered as .xlsx and .docx.

`workbook` writes one workbook holding every declaration, one project a sheet (as finance
systems export them); `word` writes one .docx per declaration; `evaluation_docx` renders a
self-evaluation of tests/field or tests/forms as a national-template Word form, for pairing
across formats. Nothing here is third-party text: the declarations are this project's own.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import DATA, ROOT

PAIRS = tomllib.loads((DATA / "declarations.toml").read_text(encoding="utf-8"))["pair"]


def source(pair: dict) -> Path:
    """The self-evaluation a declaration answers to."""
    return ROOT / "tests" / pair["evaluation"]


def _title(pair: dict) -> str:
    return "部门整体绩效目标表" if pair.get("form") == "department" else "项目支出绩效目标申报表"


def _grid(pair: dict) -> list[list[str]]:
    """The declaration as rows of five cells, national template."""
    name = "部门（单位）名称" if pair.get("form") == "department" else "项目名称"
    rows = [
        [_title(pair), "", "", "", ""],
        [f"（{pair['year']}年度）", "", "", "", ""],
        [name, pair["project"], "", "主管部门", pair.get("department", "")],
        ["实施单位", pair.get("unit", ""), "", "实施期", pair.get("period", f"{pair['year']}年1月-{pair['year']}年12月")],
        ["项目资金（万元）", "年度资金总额", pair["annual"], "其中：财政拨款", pair["fiscal"]],
        ["年度目标", pair.get("goal", ""), "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
    ]
    rows += [list(row) for row in pair["rows"]]
    return rows


FIRST_ROW = 8  # the sheet row of a declaration's first indicator


def _sheet_name(pair: dict, n: int) -> str:
    return f"{n}.{pair['project']}"[:31].replace("/", "")


def workbook(pairs: list[dict], path: Path) -> Path:
    """One workbook, one declaration a sheet; merged cells as a finance system exports them."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n, pair in enumerate(pairs, 1):
        ws = wb.create_sheet(_sheet_name(pair, n))
        grid = _grid(pair)
        for row in grid:
            ws.append(row)
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # "=100%" is a target typed as text, not a formula
        ws.merge_cells("A1:E1")
        ws.merge_cells("A2:E2")
        ws.merge_cells("B6:E6")
        # each level-1 label merged down over its rows, as the forms print it
        labels = [row[0] for row in pair["rows"]]
        start = 0
        for i in range(1, len(labels) + 1):
            if i < len(labels) and labels[i] == labels[start]:
                continue
            if i - start > 1:
                for k in range(start + 1, i):
                    ws.cell(FIRST_ROW + k, 1).value = None
                ws.merge_cells(start_row=FIRST_ROW + start, start_column=1, end_row=FIRST_ROW + i - 1, end_column=1)
            start = i
    wb.save(path)
    return path


def word(pair: dict, path: Path) -> Path:
    """One declaration as a Word document: its title, its year, then the form as one table."""
    import docx

    document = docx.Document()
    grid = _grid(pair)
    document.add_paragraph(grid[0][0])
    document.add_paragraph(grid[1][0])
    table = document.add_table(rows=0, cols=5)
    table.style = "Table Grid"  # ruled, as forms are printed: a PDF of it keeps its cells
    for row in grid[2:]:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    goal = table.rows[3].cells
    goal[1].merge(goal[4]).text = pair.get("goal", "")
    document.save(path)
    return path


def _wan(yuan) -> str:
    return "" if yuan is None else f"{yuan / 10000:f}".rstrip("0").rstrip(".")


def evaluation_docx(txt: Path, path: Path) -> Path:
    """A self-evaluation of the test tree rendered as a Word form: the same project, figures and rows."""
    import docx

    from auditor.engine.plugins import make_plugin_manager
    from auditor.facts import extract
    from auditor.pairs.document import documents

    pm = make_plugin_manager(entry_points=False)
    report = pm.hook.pfaudit_read(path=txt, data=txt.read_bytes())
    (doc,) = [d for d in documents(report, extract(report)) if d.kind != "declaration"]
    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph(f"（{doc.year}年度）")
    table = document.add_table(rows=0, cols=8)
    table.style = "Table Grid"
    head = [
        ["项目名称", doc.project.text if doc.project else "", "", "", "主管部门", doc.department.text if doc.department else "", "", ""],
        ["实施单位", doc.unit.text if doc.unit else "", "", "", "", "", "", ""],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        ["年度资金总额", _wan(doc.initial), _wan(doc.budget), _wan(doc.budget), "10", "100%", "10", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ]
    body = [
        [line.level1, line.level2, line.name, line.target.text if line.target else "", line.actual,
         f"{line.weight}" if line.weight is not None else "", f"{line.weight}" if line.weight is not None else "", ""]
        for line in doc.lines if line.certain
    ]  # fmt: skip
    for row in head + body:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.save(path)
    return path
