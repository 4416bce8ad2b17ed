"""The ``html`` format: one self-contained page a reviewer reads in any browser, offline.

A batch overview (totals, a bar per category, a sortable table of reports), a filter bar
(severity, category, file, free text, order), then each report with its coverage and its
findings in order: message, expected against actual, and the text around the finding
with the span marked, or the table row with the cell marked. This module turns the `Run`
into plain values; ``templates/report.html.j2`` lays them out with Jinja2's autoescape, so
report text is escaped in one place. The page loads nothing (a Content-Security-Policy
forbids it); its stylesheet and script are ``templates/report.css`` and ``report.js``.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib.resources import files

from auditor.engine.findings import Finding
from auditor.formats.documents import kinds_said, pairs_said
from auditor.formats.summary import FACT_LABELS, coverage_warning, not_installed_lines, report_rows
from auditor.formats.words import SEVERITIES, anchor, category_label, message, place, severity_label, word
from auditor.pipeline.result import FileResult, Run
from auditor.report.model import said

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
MAX_RELATED = 20  # related places listed under a finding
_UI = {
    "zh": {
        "filter": "筛选",
        "all": "全部",
        "search": "搜索文字、代码、文件…",
        "shown": "显示",
        "of": "处，共",
        "order": "排序",
        "by_order": "按位置",
        "by_severity": "按严重程度",
        "by_code": "按检查代码",
        "by_category": "按类别",
        "none": "当前筛选条件下没有可显示的发现。",
        "facts": "识别到的数据",
        "checks_run": "已运行检查",
        "by_cat": "各类别发现数",
        "reports_n": "份报告",
        "findings_n": "处发现",
    },
    "en": {
        "filter": "Filter",
        "all": "all",
        "search": "search text, code, file…",
        "shown": "showing",
        "of": "of",
        "order": "order",
        "by_order": "by position",
        "by_severity": "by severity",
        "by_code": "by code",
        "by_category": "by category",
        "none": "No finding matches the current filters.",
        "facts": "facts found",
        "checks_run": "checks run",
        "by_cat": "findings by category",
        "reports_n": "reports",
        "findings_n": "findings",
    },
}


@cache
def _template():  # jinja2 is imported only when the html format is asked for
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("auditor.formats", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    assets = files("auditor.formats") / "templates"
    # NOTE: our own stylesheet, script and policy go in as they are; everything else is escaped.
    env.globals.update(
        css=Markup((assets / "report.css").read_text(encoding="utf-8")),
        js=Markup((assets / "report.js").read_text(encoding="utf-8")),
        csp=Markup(CSP),
    )
    return env.get_template("report.html.j2")


def _lines(f: Finding) -> dict | None:
    """The lines around the finding, each split around its marked part (code-point columns)."""
    loc = f.location
    lines = (f.context.lines if f.context else ()) or (
        ((loc.line, f.snippet),) if loc and loc.line is not None and f.snippet else ()
    )
    if not lines or loc is None or loc.line is None:
        return {"numbered": False, "lines": [{"before": "", "marked": f.snippet, "after": ""}]} if f.snippet else None
    first, last = loc.line, loc.end_line or loc.line
    out = []
    for number, text in lines:
        if first <= number <= last:
            start = loc.column - 1 if number == first else 0
            end = (loc.end_column or loc.column) - 1 if number == last else len(text)
            end = max(end, start + 1)  # an empty span still gets a visible mark
            out.append({"number": number, "before": text[:start], "marked": text[start:end], "after": text[end:]})
        else:
            out.append({"number": number, "before": text, "marked": None})
    return {"numbered": True, "lines": out}


def _row(f: Finding, lang: str) -> dict | None:
    table = f.context.table if f.context else None
    if not table or not table.row:
        return None
    related = set(table.related_columns)
    kinds = ["hit" if n == table.column else "rel" if n in related else "" for n in range(1, len(table.row) + 1)]
    return {
        "caption": anchor(f.location, lang),
        "above": table.above or (),
        "cells": [{"text": text, "kind": kind} for text, kind in zip(table.row, kinds, strict=True)],
    }


def _finding(f: Finding, order: int, lang: str) -> dict:
    where = " · ".join(p for p in (place(f.location, lang), " › ".join(f.location.section if f.location else ())) if p)
    pairs = [
        {"key": k, "label": word(k, lang), "value": getattr(f, k)} for k in ("expected", "actual") if getattr(f, k) is not None
    ]
    related = None
    if f.related_locations:
        places = "；".join(place(r, lang) or r.path for r in f.related_locations[:MAX_RELATED])
        more = " …" if len(f.related_locations) > MAX_RELATED else ""
        related = {"label": word("related", lang), "places": places, "more": more}
    row = _row(f, lang)
    return {
        "severity": f.severity.value, "rank": f.severity.rank, "order": order, "code": f.code, "name": f.name,
        "category": f.category, "path": f.path, "severity_label": severity_label(f.severity.value, lang),
        "category_label": category_label(f.category, lang), "where": where, "message": message(f, lang),
        "pairs": pairs, "row": row, "lines": None if row else _lines(f), "related": related,
    }  # fmt: skip


def _report(run: Run, n: int, file: FileResult, found: list[Finding], offset: int) -> dict:
    lang = run.lang
    c = Counter(f.severity.value for f in found)
    comma = ", " if lang == "en" else "，"
    kinds = kinds_said(file, lang)
    notes = [*([kinds] if kinds else []), *pairs_said(file, lang), *(said(note, lang) for note in file.notes)]
    if file.hidden:
        notes.append(f"hidden by the baseline: {file.hidden}" if lang == "en" else f"已按基线隐藏 {file.hidden} 处")
    labels = FACT_LABELS["en" if lang == "en" else "zh"]
    coverage = [{"label": labels.get(k, k), "count": v} for k, v in file.coverage.items() if k != "content"]
    total = len(file.checked) + len(file.not_checked)
    ran = f"{_UI[lang]['checks_run']} {len(file.checked)}/{total}" if total else ""
    return {
        "number": n, "path": file.path, "error": file.error, "unreadable": word("unreadable", lang), "notes": notes,
        "tally": comma.join(f"{severity_label(s.value, lang)} {c[s.value]}" for s in SEVERITIES),
        "coverage": coverage, "coverage_shown": bool(coverage or ran), "ran": ran,
        "warning": coverage_warning(file, lang),
        "clean": word("clean", lang) if not found and not file.error else "",
        "findings": [_finding(f, offset + i, lang) for i, f in enumerate(found)],
    }  # fmt: skip


def _segment(severity: str, count: int, top: int, lang: str) -> dict:
    """One severity's part of a category bar, as a share of the longest bar."""
    return {"severity": severity, "width": f"{100 * count / top:.1f}", "title": f"{severity_label(severity, lang)} {count}"}


def _overview(run: Run) -> dict:
    lang = run.lang
    c = Counter(f.severity.value for f in run.findings)
    by_cat: dict[str, Counter] = {}
    for f in run.findings:
        by_cat.setdefault(f.category, Counter())[f.severity.value] += 1
    top = max((sum(v.values()) for v in by_cat.values()), default=1)
    bars = [
        {
            "category": cat,
            "label": category_label(cat, lang),
            "total": sum(counter.values()),
            "segments": [_segment(s.value, counter[s.value], top, lang) for s in SEVERITIES if counter[s.value]],
        }
        for cat, counter in sorted(by_cat.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]
    heads = [("file", ""), ("error", "num"), ("warning", "num"), ("info", "num"), ("risk", "num"), ("worst", "")]
    rows = []
    for n, r in enumerate(report_rows(run)):
        file = run.file(r.path)
        total = len(file.checked) + len(file.not_checked)
        rows.append({
            "number": n, "path": r.path, "errors": r.errors, "warnings": r.warnings, "infos": r.infos, "risk": r.risk,
            "worst": r.worst or (word("unreadable", lang) if r.unreadable else ""),
            "share": f"{len(file.checked) / total if total else 0:.4f}", "ran": f"{len(file.checked)}/{total}",
        })  # fmt: skip
    return {
        "reports": len(run.files),
        "cards": [{"severity": s.value, "count": c[s.value], "label": severity_label(s.value, lang)} for s in SEVERITIES],
        "bars": bars,
        "heads": [{"label": word(k, lang), "cls": cls} for k, cls in heads],
        "rows": rows,
    }


def _filters(run: Run) -> dict:
    lang = run.lang
    return {
        "severities": [{"value": s.value, "label": severity_label(s.value, lang)} for s in SEVERITIES],
        "category": word("category", lang),
        "categories": [{"value": c, "label": category_label(c, lang)} for c in sorted({f.category for f in run.findings})],
        "file": word("file", lang),
        "files": [f.path for f in run.files],
        "orders": [{"value": v, "label": _UI[lang]["by_" + v]} for v in ("order", "severity", "code", "category")],
        "total": len(run.findings),
    }


def format_html(run: Run) -> str:
    """A single self-contained HTML page: overview, filters, and every report's findings."""
    lang = "en" if run.lang == "en" else "zh"
    title = word("title", lang)
    meta = f"pfaudit {run.version} · {len(run.files)} {_UI[lang]['reports_n']} · {len(run.findings)} {_UI[lang]['findings_n']}"
    if run.hidden:
        meta += f" · {word('hidden', lang)} {run.hidden}"
    reports, offset = [], 0
    for n, (path, found) in enumerate(run.by_file().items()):
        reports.append(_report(run, n, run.file(path), found, offset))
        offset += len(found)
    page = {"overview": _overview(run), "filters": _filters(run), "reports": reports,
            "not_installed": not_installed_lines(run)}  # fmt: skip
    return _template().render(
        ui=_UI[lang], title=title, meta=meta, html_lang="en" if lang == "en" else "zh-CN", page=page
    )
