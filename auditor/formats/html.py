"""The ``html`` format: one self-contained page a reviewer reads in any browser, offline.

A batch overview (totals, a bar per category, a sortable table of reports), a filter bar
(severity, category, file, free text, order), then each report with its coverage and its
findings in order: message, expected against actual, and the text around the finding
with the span marked, or the table row with the cell marked. Every piece of report text
goes through `_e`; the page loads nothing (a Content-Security-Policy forbids it).
"""

from __future__ import annotations

from collections import Counter
from html import escape

from auditor.findings import Finding
from auditor.formats.html_assets import CSS, JS
from auditor.formats.summary import FACT_LABELS, coverage_warning, report_rows
from auditor.formats.words import SEVERITIES, anchor, category_label, message, place, severity_label, word
from auditor.result import FileResult, Run

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
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


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _ui(run: Run, key: str) -> str:
    return _UI["en" if run.lang == "en" else "zh"][key]


def _lines(f: Finding) -> str:
    """The lines around the finding with the span marked (code-point columns)."""
    loc = f.location
    lines = (f.context.lines if f.context else ()) or (
        ((loc.line, f.snippet),) if loc and loc.line is not None and f.snippet else ()
    )
    if not lines or loc is None or loc.line is None:
        return f'<pre class="ctx"><mark>{_e(f.snippet)}</mark></pre>' if f.snippet else ""
    first, last = loc.line, loc.end_line or loc.line
    out = []
    for number, text in lines:
        body = _e(text)
        if first <= number <= last:
            start = loc.column - 1 if number == first else 0
            end = (loc.end_column or loc.column) - 1 if number == last else len(text)
            end = max(end, start + 1)  # an empty span still gets a visible mark
            body = f"{_e(text[:start])}<mark>{_e(text[start:end])}</mark>{_e(text[end:])}"
        out.append(f'<span class="ln">{number}</span>{body}')
    return '<pre class="ctx">' + "\n".join(out) + "</pre>"


def _row(f: Finding, lang: str) -> str:
    table = f.context.table if f.context else None
    if not table or not table.row:
        return ""
    column = table.column
    above = ""
    if table.above:
        above = '<tr class="above">' + "".join(f"<td>{_e(c)}</td>" for c in table.above) + "</tr>"
    related = set(table.related_columns)
    kinds = {n: "hit" if n == column else "rel" if n in related else "" for n in range(1, len(table.row) + 1)}
    cells = "".join(
        f'<td class="{kinds[n]}">{_e(c)}</td>' if kinds[n] else f"<td>{_e(c)}</td>"
        for n, c in enumerate(table.row, 1)
    )
    caption = _e(anchor(f.location, lang))
    return (
        f'<table class="row"><caption>{caption}</caption><tbody>{above}<tr class="hit-row">{cells}</tr></tbody></table>'
    )


def _finding(f: Finding, order: int, run: Run) -> str:
    lang = run.lang
    sev = f.severity.value
    where = " · ".join(p for p in (place(f.location, lang), " › ".join(f.location.section if f.location else ())) if p)
    values = ""
    if f.expected is not None or f.actual is not None:
        parts = [
            f'<span class="{k}">{word(k, lang)}<b>{_e(getattr(f, k))}</b></span>'
            for k in ("expected", "actual")
            if getattr(f, k) is not None
        ]
        values = f'<div class="values">{"".join(parts)}</div>'
    context = _row(f, lang) or _lines(f)
    related = ""
    if f.related_locations:
        shown = "；".join(_e(place(r, lang) or r.path) for r in f.related_locations[:20])
        more = " …" if len(f.related_locations) > 20 else ""
        related = f'<p class="related">{word("related", lang)}：{shown}{more}</p>'
    return (
        f'<li class="finding sev-{sev}" data-severity="{sev}" data-rank="{f.severity.rank}" data-order="{order}" '
        f'data-code="{_e(f.code)}" data-category="{_e(f.category)}" data-file="{_e(f.path)}">'
        f'<div class="head"><span class="badge sev-{sev}">{severity_label(sev, lang)}</span>'
        f'<span class="code">{_e(f.code)}</span><span>{_e(f.name)}</span>'
        f'<span class="muted">{_e(category_label(f.category, lang))}</span><span class="muted">{_e(where)}</span></div>'
        f'<p class="msg">{_e(message(f, lang))}</p>{values}{context}{related}</li>'
    )


def _coverage(file: FileResult, run: Run) -> str:
    lang = run.lang
    labels = FACT_LABELS["en" if lang == "en" else "zh"]
    facts = "".join(
        f'<span class="fact{"" if n else " zero"}">{_e(labels.get(k, k))} {n}</span>'
        for k, n in file.coverage.items()
        if k != "content"
    )
    total = len(file.checked) + len(file.not_checked)
    ran = f"{_ui(run, 'checks_run')} {len(file.checked)}/{total}" if total else ""
    out = f'<div class="coverage">{_ui(run, "facts")}：{facts} {_e(ran)}</div>' if facts or ran else ""
    warning = coverage_warning(file, lang)
    if warning:
        out += f'<div class="alert">{_e(warning)}</div>'
    return out


def _report(run: Run, n: int, path: str, found: list[Finding], offset: int) -> str:
    file = run.file(path)
    c = Counter(f.severity.value for f in found)
    comma = ", " if run.lang == "en" else "，"
    tally = comma.join(f"{severity_label(s.value, run.lang)} {c[s.value]}" for s in SEVERITIES)
    parts = [
        f'<section class="report" id="report-{n}" data-file="{_e(path)}">',
        f'<header><h2>{_e(path)}</h2><span class="muted">{tally}</span></header>',
    ]
    if file.error:
        parts.append(f'<div class="alert bad">{word("unreadable", run.lang)}：{_e(file.error)}</div>')
    parts += [f'<p class="note">{_e(note)}</p>' for note in file.notes]
    if file.hidden:
        hid = f"hidden by the baseline: {file.hidden}" if run.lang == "en" else f"已按基线隐藏 {file.hidden} 处"
        parts.append(f'<p class="note">{_e(hid)}</p>')
    parts.append(_coverage(file, run))
    if not found and not file.error:
        parts.append(f'<p class="muted">{word("clean", run.lang)}</p>')
    parts.append('<ol class="findings">' + "".join(_finding(f, offset + i, run) for i, f in enumerate(found)) + "</ol>")
    parts.append(f'<p class="none-shown" hidden>{_ui(run, "none")}</p></section>')
    return "".join(parts)


def _overview(run: Run) -> str:
    lang = run.lang
    c = Counter(f.severity.value for f in run.findings)
    cards = "".join(
        f'<div class="card sev-{s.value}"><b id="count-{s.value}">{c[s.value]}</b>{severity_label(s.value, lang)}</div>'
        for s in SEVERITIES
    )
    cards = f'<div class="card"><b id="count-reports">{len(run.files)}</b>{_ui(run, "reports_n")}</div>' + cards
    by_cat: dict[str, Counter] = {}
    for f in run.findings:
        by_cat.setdefault(f.category, Counter())[f.severity.value] += 1
    top = max((sum(v.values()) for v in by_cat.values()), default=1)
    bars = []
    for cat, counter in sorted(by_cat.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        segs = "".join(
            f'<span class="seg sev-{s.value}" style="width:{100 * counter[s.value] / top:.1f}%" title="{severity_label(s.value, lang)} {counter[s.value]}"></span>'
            for s in SEVERITIES
            if counter[s.value]
        )
        bars.append(
            f'<button type="button" data-category-filter="{_e(cat)}">{_e(category_label(cat, lang))}</button>'
            f'<div class="bar">{segs}</div><span class="num">{sum(counter.values())}</span>'
        )
    chart = (
        f'<div class="panel"><h2>{_ui(run, "by_cat")}</h2><div class="bars">{"".join(bars)}</div></div>' if bars else ""
    )
    heads = [("file", ""), ("error", "num"), ("warning", "num"), ("info", "num"), ("risk", "num"), ("worst", "")]
    th = "".join(f'<th class="sortable {cls}" tabindex="0">{word(k, lang)}</th>' for k, cls in heads)
    th += f'<th class="sortable num" tabindex="0">{_ui(run, "checks_run")}</th>'
    rows = []
    for n, r in enumerate(report_rows(run)):
        file = run.file(r.path)
        total = len(file.checked) + len(file.not_checked)
        rows.append(
            f'<tr><td data-sort="{_e(r.path)}"><a href="#report-{n}">{_e(r.path)}</a></td>'
            f'<td class="num">{r.errors}</td><td class="num">{r.warnings}</td><td class="num">{r.infos}</td>'
            f'<td class="num">{r.risk}</td><td>{_e(r.worst or (word("unreadable", lang) if r.unreadable else ""))}</td>'
            f'<td class="num" data-sort="{len(file.checked) / total if total else 0:.4f}">{len(file.checked)}/{total}</td></tr>'
        )
    table = f'<div class="panel"><table id="reports"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    return f'<section id="overview"><div class="cards">{cards}</div>{chart}{table}</section>'


def _filters(run: Run) -> str:
    lang = run.lang
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s.value}" checked> {severity_label(s.value, lang)}</label>'
        for s in SEVERITIES
    )
    cats = sorted({f.category for f in run.findings})
    cat_opts = "".join(f'<option value="{_e(c)}">{_e(category_label(c, lang))}</option>' for c in cats)
    file_opts = "".join(f'<option value="{_e(f.path)}">{_e(f.path)}</option>' for f in run.files)
    orders = "".join(
        f'<option value="{v}">{_ui(run, "by_" + v)}</option>' for v in ("order", "severity", "code", "category")
    )
    return (
        f'<section id="filters" aria-label="{_ui(run, "filter")}">{boxes}'
        f'<label>{word("category", lang)} <select id="f-category"><option value="">{_ui(run, "all")}</option>{cat_opts}</select></label>'
        f'<label>{word("file", lang)} <select id="f-file"><option value="">{_ui(run, "all")}</option>{file_opts}</select></label>'
        f'<input type="search" id="f-search" placeholder="{_ui(run, "search")}" aria-label="{_ui(run, "search")}">'
        f'<label>{_ui(run, "order")} <select id="f-sort">{orders}</select></label>'
        f'<span>{_ui(run, "shown")} <b id="shown">{len(run.findings)}</b> {_ui(run, "of")} {len(run.findings)}</span></section>'
    )


def format_html(run: Run) -> str:
    """A single self-contained HTML page: overview, filters, and every report's findings."""
    title = word("title", run.lang)
    meta = f"pfaudit {run.version} · {len(run.files)} {_ui(run, 'reports_n')} · {len(run.findings)} {_ui(run, 'findings_n')}"
    if run.hidden:
        meta += f" · {word('hidden', run.lang)} {run.hidden}"
    reports, offset = [], 0
    for n, (path, found) in enumerate(run.by_file().items()):
        reports.append(_report(run, n, path, found, offset))
        offset += len(found)
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if run.lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{_e(title)}</h1><p class="meta">{_e(meta)}</p></header>\n'
        f"{_overview(run)}\n{_filters(run)}\n<main>\n"
        + "\n".join(reports)
        + f"\n</main>\n<script>{JS}</script>\n</body>\n</html>\n"
    )
