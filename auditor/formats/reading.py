"""What pfaudit read from a report, as data and as tables: the fiscal year and each form's cells.

`reading(report, facts)` gives the shape `pfaudit read --format json` prints (and the web page
shows under the findings): for each form its fund rows (label, 年初预算数, 全年预算数, 全年执行数,
分值, 执行率, 得分), its indicator rows (一级, 二级, 三级, 分值, 年度指标值, 实际完成值, 得分, 偏差原因)
and its 总分 row, each cell as printed; "" is a cell printed empty, None a column the form does
not have or a cell that was not read. Rows the reader saw but could not read are listed under
``unread``. Pure functions: no I/O.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import regex
from tabulate import tabulate

from auditor.facts.types.bundle import Facts
from auditor.facts.types.form import Form, FundLine, IndicatorRow
from auditor.formats.declared import declared, declared_text
from auditor.formats.documents import kind_words
from auditor.report.model import Report, Span

FUND_CELLS = ("initial", "budget", "spent", "weight", "rate", "score")
INDICATOR_CELLS = ("weight", "target", "actual", "score")
# Column headers of the text tables, Chinese and English.
_FUND_HEAD = {
    "label": ("项目资金", "funds"), "initial": ("年初预算数", "initial budget"), "budget": ("全年预算数", "budget"),
    "spent": ("全年执行数", "spent"), "weight": ("分值", "weight"), "rate": ("执行率", "rate"), "score": ("得分", "score"),
}  # fmt: skip
_INDICATOR_HEAD = {
    "level1": ("一级指标", "level 1"), "level2": ("二级指标", "level 2"), "name": ("三级指标", "indicator"),
    "weight": ("分值", "weight"), "target": ("年度指标值", "target"), "actual": ("实际完成值", "actual"),
    "score": ("得分", "score"), "reason": ("偏差原因", "reason"),
}  # fmt: skip


def columns(lang: str = "zh") -> dict[str, tuple[tuple[str, str], ...]]:
    """The columns of the fund and the indicator tables as ``(key, header)``, as `reading_text` heads them."""
    en = lang == "en"
    return {
        "fund": tuple((k, h[en]) for k, h in _FUND_HEAD.items()),
        "indicators": tuple((k, h[en]) for k, h in _INDICATOR_HEAD.items()),
    }


_FIGURE = regex.compile(r"\d|^[—\-－/／]+$")  # a figure or an empty cell's mark: no label's word


def printed(report: Report, span: Span, read: str | None = None) -> str:
    """The text under a span as the file prints it, its line breaks closed up; or, for a cell wrapped
    in a table printed a row a line (its span runs across the row's other cells), as `read`."""
    snippet = report.snippet(span)
    closed = "".join(part.strip() for part in snippet.splitlines())
    if read is None or "\n" not in snippet or ("  " not in snippet and "".join(closed.split()) == "".join(read.split())):
        return closed
    if "  " in snippet:
        return read  # laid out by position: the span runs across other cells' lines
    # a label whose lines start each line of its span, the row's figures after its first: its words
    # at the start of each line, as printed
    words = ["".join(itertools.takewhile(lambda w: not _FIGURE.search(w), line.split())) for line in snippet.splitlines()]
    return "".join(words) if all(words) else read


def _fund_cell(report: Report, line: FundLine, role: str) -> str | None:
    q = line.values.get(role)
    if q is not None:
        return printed(report, q.span, q.text)
    if role in line.blanks:
        return printed(report, line.blanks[role])
    return None


def _fund_row(report: Report, line: FundLine) -> dict[str, Any]:
    row: dict[str, Any] = {"label": printed(report, line.label_span, line.label) if line.label_span else line.label}
    row.update({role: _fund_cell(report, line, role) for role in FUND_CELLS})
    if not line.certain:
        row["certain"] = False
    return row


def _cell(report: Report, row: IndicatorRow, role: str) -> str | None:
    cell = row.cells.get(role)
    if cell is None:
        return None
    offsets = cell.text.offsets
    if offsets and "\n" in report.text[cell.span.start : cell.span.end] and any(b - a > 1 for a, b in itertools.pairwise(offsets)):
        # a cell wrapped over lines laid out by position: its words, not the other cells between them
        runs, first = [], 0
        for k in range(1, len(offsets) + 1):
            if k == len(offsets) or "\n" in report.text[offsets[k - 1] : offsets[k]]:
                runs.append(report.text[offsets[first] : offsets[k - 1] + 1].strip())
                first = k
        return "".join(runs)
    return printed(report, cell.span)


def _target(report: Report, row: IndicatorRow) -> str | None:
    """The 年度指标值 as printed, with its 指标性质 and a percent 度量单位 where the form splits them off."""
    text = _cell(report, row, "target")
    if text is None:
        return None
    nature, unit = _cell(report, row, "nature"), _cell(report, row, "unit")
    # NOTE: a 度量单位 printed after its figure is read with it ("735" "人次" → 735人次); one the
    # form prints before the 指标值 (计量单位 | 指标性质 | 指标值) heads the column and stays there
    after = "unit" in row.cells and row.cells["unit"].column > row.cells["target"].column
    if text and unit and after and not text.endswith(unit):
        text += unit
    if text and nature and nature in ("≥", "≤", "=", ">", "<", "≧", "≦", "﹦", "═"):
        text = nature + text
    return text


def _indicator_row(report: Report, row: IndicatorRow) -> dict[str, Any]:
    cells = {
        "level1": row.level1,
        "level2": row.level2,
        "name": _cell(report, row, "name") or "",
        "weight": _cell(report, row, "weight"),
        "target": _target(report, row),
        "actual": _cell(report, row, "actual"),
        "score": _cell(report, row, "score"),
        "reason": _cell(report, row, "reason"),
    }
    if not row.certain:
        cells["certain"] = False
    # NOTE: a cell another close reading of the row fills otherwise is not read for sure: its value
    # is null, and the likeliest reading is kept apart ("unsure"), shown with a mark, never as read
    unsure = {role: cells[role] for role in INDICATOR_CELLS if role in row.doubts and cells[role] is not None}
    if unsure:
        cells.update(dict.fromkeys(unsure))
        cells["unsure"] = unsure
    return cells


def _form(report: Report, form: Form) -> dict[str, Any]:
    total = None
    if form.total is not None:
        total = {
            "weight": form.total.weight.text if form.total.weight is not None else None,
            "score": form.total.score.text if form.total.score is not None else None,
        }
    return {
        "fund": [_fund_row(report, line) for line in form.fund],
        "indicators": [_indicator_row(report, row) for row in form.indicators if not row.placeholder],
        "total": total,
    }


def reading(report: Report, facts: Facts) -> dict[str, Any]:
    """What was read from one report: its kinds of document, fiscal year, forms' cells and declarations."""
    return {
        "path": report.path,
        "kinds": list(facts.kinds),
        "fiscal_year": year.year if (year := facts.fiscal_year or facts.inferred_year) is not None else None,
        # the year no title or form states, taken from what the prose says most: nothing is checked against it
        "fiscal_year_inferred": facts.fiscal_year is None and facts.inferred_year is not None,
        "forms": [_form(report, form) for form in facts.forms],
        "declarations": [declared(facts.declaration)] if facts.declaration is not None else [],
    }


def reading_json(readings: list[dict[str, Any]]) -> str:
    """One report's reading as a JSON object, several as a JSON array."""
    data: Any = readings[0] if len(readings) == 1 else readings
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


DOUBT = "？"
_DOUBT_LEGEND = ("？ 此行有不止一种读法：依据它的发现只作提示，请对照原表核实；值后带“？”的格子另有读法，不算读出",
                 "? this row can be read more than one way: findings resting on it are information only; a value"
                 " ending in '?' is the likeliest of its readings, not one read for sure")  # fmt: skip


def shown(row: dict[str, Any], key: str, mark: str) -> str:
    """A cell as a person reads it: blank when not read, the likeliest reading with `mark` when unsure."""
    value = row.get(key)
    if value is None and key in (row.get("unsure") or {}):
        return f"{row['unsure'][key]}{mark}"
    return "" if value is None else str(value)


def _table(rows: list[dict[str, Any]], head: dict[str, tuple[str, str]], lang: str) -> str:
    keys = list(head)
    mark = DOUBT if lang != "en" else "?"
    body = [[shown(r, k, mark) for k in keys] for r in rows]
    headers = [head[k][lang == "en"] for k in keys]
    if any(r.get("certain") is False for r in rows):
        body = [[mark if r.get("certain") is False else "", *cells] for r, cells in zip(rows, body, strict=True)]
        headers = ["", *headers]
    # NOTE: cells are shown as printed: tabulate would read "2175.9657" as a float and round it
    return tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True)


def reading_text(readings: list[dict[str, Any]], lang: str = "zh") -> str:
    """The readings as tables a person reads: one block per report and form."""
    en = lang == "en"
    out: list[str] = []
    for r in readings:
        year = r.get("fiscal_year")
        inferred = (" (inferred from the text)" if en else "（按正文推断）") if r.get("fiscal_year_inferred") else ""
        out.append(f"{r['path']}  " + (f"fiscal year {year}" if en else f"年度 {year}") + inferred if year else r["path"])
        if r.get("kinds"):
            out.append(("  kind: " if en else "  文件类型：") + kind_words(r["kinds"], lang))
        for data in r.get("declarations") or ():
            out.extend(declared_text(data, lang))
        if not r["forms"] and not r.get("declarations"):
            out.append("  no form was read" if en else "  未读出自评表")
        for n, form in enumerate(r["forms"], 1):
            out.append(f"\nForm {n}" if en else f"\n第{n}张表")
            if form["fund"]:
                out.append(_table(form["fund"], _FUND_HEAD, lang))
            if form["indicators"]:
                out.append(_table(form["indicators"], _INDICATOR_HEAD, lang))
            if form["total"]:
                t = form["total"]
                label = "total" if en else "总分"
                out.append(f"{label}: {t.get('weight') or ''} / {t.get('score') or ''}")
            for line in form.get("unread") or ():
                out.append(("unread: " if en else "未能读出：") + line)
            if any(row.get("certain") is False for row in (*form["fund"], *form["indicators"])):
                out.append(_DOUBT_LEGEND[en])
        out.append("")
    return "\n".join(out) + "\n"
