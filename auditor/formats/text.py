"""The ``text`` and ``concise`` formats: findings with the offending line and a caret, or one line each.

``path:line:col: CODE [级别] message [name]`` stays on one line so terminals and editors
can jump to it; each report with something to say gets a header line first. `Run.quiet`
(1: findings only, 2: nothing), `Run.statistics` and `Run.summary` choose other views;
`Run.color` adds ANSI colours. ``concise`` is ruff's shape: ``path:line:col: CODE message``.
Whatever comes from a report or its name goes through `printable`: only pfaudit's own
colours reach the terminal as escape sequences.
"""

from __future__ import annotations

from tabulate import tabulate
from wcwidth import wcwidth

from auditor.engine.findings import Finding, Location
from auditor.formats.documents import kinds_said, pairs_said
from auditor.formats.summary import compact, coverage_warning, not_installed_lines, report_rows
from auditor.formats.words import anchor, message, place, printable, severity_label, word
from auditor.pipeline.result import Run, counts, statistics
from auditor.report.model import said

SNIPPET_WIDTH = 70
ROW_CELL = 16  # characters of a neighbouring cell shown in a row line
_STYLE = {"error": "31;1", "warning": "33;1", "info": "36", "head": "1", "dim": "2", "note": "35"}


def _paint(text: str, style: str, run: Run) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if run.color and text else text


def _width(text: str) -> int:
    """Terminal columns: two for a wide (CJK) character, none for a combining mark."""
    return sum(max(0, wcwidth(c)) for c in text)


def _snippet(f: Finding) -> list[str]:
    """The snippet with the span marked by carets under it (or flattened, for a binary report)."""
    loc = f.location
    if not f.snippet or loc is None or loc.line is None or loc.column is None:
        flat = " ".join(f.snippet.split())  # a binary report's span may cross lines or cells
        return [f"    | {printable(flat[:SNIPPET_WIDTH])}{'…' if len(flat) > SNIPPET_WIDTH else ''}"] if flat else []
    line = f.snippet.replace("\t", "  ")
    col = len(f.snippet[: loc.column - 1].replace("\t", "  "))
    end = loc.end_column or loc.column
    length = (end - loc.column) if loc.end_line == loc.line else len(f.snippet) - loc.column + 1
    length = max(1, min(length, SNIPPET_WIDTH // 2))
    start = max(0, col - SNIPPET_WIDTH // 2)
    shown = printable(line[start : start + SNIPPET_WIDTH])  # the caret is measured on what is shown
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_WIDTH < len(line) else ""
    gutter = f"{loc.line:>5} | "
    before, under = printable(line[start:col]), printable(line[col : col + length])
    caret = " " * (_width(prefix) + _width(before)) + "^" * max(1, _width(under))
    return [f"{gutter}{prefix}{shown}{suffix}", f"{' ' * (len(gutter) - 2)}| {caret}"]


def _row(f: Finding, lang: str) -> list[str]:
    """The table row around a cell finding, when the snippet cannot show it.

    Rows printed on one line (tab- or pipe-separated) already show in the snippet; a
    Word table exported one cell per line, or a binary report, needs the row spelled out.
    """
    table = f.context.table if f.context else None
    if not table or not table.row or table.layout in ("tsv", "pipe", "spaced", "aligned"):
        return []
    column = table.column
    shown = []
    for n, cell in enumerate(table.row, 1):
        limit = ROW_CELL * 2 if n == column else ROW_CELL
        cell = cell if len(cell) <= limit else cell[:limit] + "…"
        shown.append(f"【{cell}】" if n == column else cell)
    label = f"row {table.row_number}" if lang == "en" else f"第{table.row_number}行"
    return [f"    {label}: {printable(' │ '.join(shown))}"]


def _where(loc: Location | None, lang: str) -> str:
    if loc is None:
        return ""
    return printable(" · ".join(p for p in (anchor(loc, lang), " › ".join(loc.section)) if p))


def _head(f: Finding, lang: str) -> str:
    loc = f.location
    if loc and loc.line is not None:
        return f"{printable(f.path)}:{loc.line}:{loc.column}"
    where = place(loc, lang) if loc else ""
    return printable(f"{f.path}:{where}" if where else f.path)


def _tally(found: list[Finding], lang: str) -> str:
    c = counts(found)
    parts = [f"{severity_label(s, lang)} {c[s]}" for s in ("error", "warning", "info") if c[s]]
    if lang == "en":
        return f"{_n(len(found), 'finding')}: {', '.join(parts)}" if found else word("clean", lang)
    return f"{len(found)} 处：{'，'.join(parts)}" if found else word("clean", lang)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(run: Run) -> str:
    """One sentence: reports checked, findings by severity, partial coverage, baseline."""
    c = counts(run.findings)
    partial = sum(1 for f in run.files if f.not_checked and not f.error)
    unreadable = sum(1 for f in run.files if f.error)
    en = run.lang == "en"
    if en:
        out = f"{_n(len(run.files), 'report')}, {_n(len(run.findings), 'finding')} (error {c['error']}, warning {c['warning']}, info {c['info']})"
    else:
        out = f"共 {len(run.files)} 份报告，{len(run.findings)} 处发现（错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}）"
    clauses = (
        (partial, f"；{partial} 份报告有检查因缺少数据未运行", f"; some checks could not run on {_n(partial, 'report')}"),
        (unreadable, f"；{unreadable} 个文件无法读取", f"; {_n(unreadable, 'file')} unreadable"),
        (run.hidden, f"；已按基线隐藏 {run.hidden} 处", f"; {run.hidden} hidden by the baseline"),
    )
    return out + "".join(clause[1 + en] for clause in clauses if clause[0]) + ("." if en else "。")


def _listing(run: Run) -> list[str]:
    out: list[str] = []
    lang = run.lang
    for path, found in run.by_file().items():
        file = run.file(path)
        warning = coverage_warning(file, lang)
        pairs = pairs_said(file, lang)
        if not found and not warning and not file.notes and not file.hidden and not pairs:
            continue  # a clean, fully covered report: counted in the summary line only
        shown = printable(path)
        kinds = kinds_said(file, lang)
        # NOTE: the tally first: a listing of pfaudit's own is known by its "── path（N" heading (auditor.pipeline.files)
        tally = f"{_tally(found, lang)} · {kinds}" if kinds else _tally(found, lang)
        head = f"── {shown}（{tally}）" if lang == "zh" else f"── {shown} ({tally})"
        out.append(_paint(head, "head", run))
        for pair in pairs:
            out.append(_paint(f"  · {printable(pair)}", "note", run))
        for note in file.notes:
            out.append(_paint(f"  · {printable(said(note, lang))}", "note", run))
        if warning:
            out.append(_paint(f"  ! {printable(warning)}", "warning", run))
        if file.hidden:
            hid = (
                f"  · {_n(file.hidden, 'finding')} hidden by the baseline"
                if lang == "en"
                else f"  · 已按基线隐藏 {file.hidden} 处"
            )
            out.append(_paint(hid, "dim", run))
        for f in found:
            sev = _paint(f"[{severity_label(f.severity.value, lang)}]", f.severity.value, run)
            text = printable(" ".join(message(f, lang).split()))  # one finding, one line: a message never breaks it
            out.append(f"{_head(f, lang)}: {_paint(f.code, 'head', run)} {sev} {text} [{f.name}]")
            where = _where(f.location, lang)
            if where:
                out.append(_paint(f"    {where}", "dim", run))
            out.extend(_snippet(f))
            out.extend(_row(f, lang))
        out.append("")
    return out


def _statistics(run: Run) -> str:
    rows = [[r.count, r.code, r.name, r.error, r.warning, r.info] for r in statistics(run.findings)]
    headers = [word(k, run.lang) for k in ("count", "code", "name", "error", "warning", "info")]
    return tabulate(rows, headers=headers, tablefmt="simple", colalign=("right",)) if rows else ""


def summary_table(run: Run) -> str:
    """One row per report: counts by severity, risk score, worst finding, checks not run."""
    lang = run.lang
    rows = []
    for r in report_rows(run):
        worst = r.worst if len(r.worst) <= 40 else r.worst[:40] + "…"
        if r.unreadable:
            worst = worst or word("unreadable", lang)
        rows.append([printable(r.path), r.errors, r.warnings, r.infos, r.risk, printable(worst), compact(r.not_checked)])
    keys = ("file", "error", "warning", "info", "risk", "worst", "not_checked")
    return tabulate(rows, headers=[word(k, lang) for k in keys], tablefmt="simple")


def counts_table(run: Run) -> str:
    """Findings per report by severity, with a total row: the closing table of a listing."""
    lang = run.lang
    rows = [[printable(r.path), r.errors, r.warnings, r.infos] for r in report_rows(run)]
    rows.append([word("total", lang), *(sum(row[k] for row in rows) for k in (1, 2, 3))])
    keys = ("file", "error", "warning", "info")
    return tabulate(rows, headers=[word(k, lang) for k in keys], tablefmt="simple")


def format_text(run: Run) -> str:
    """Findings grouped by report with snippets, a counts table, then a one-line summary.

    With `Run.quiet` 1 a table asked for (statistics, summary) comes alone, else the findings
    alone; with 2 nothing. Checks not run for a missing library are named once, above the summary.
    """
    if run.quiet >= 2:
        return ""
    notes = [_paint(f"! {line}", "warning", run) for line in not_installed_lines(run)]
    if run.statistics or run.summary:
        body = _statistics(run) if run.statistics else summary_table(run)
        if run.quiet:
            return body + "\n" if body else ""
    else:
        listing = "\n".join(_listing(run)).rstrip("\n")
        if run.quiet:
            listing = "\n".join(part for part in (listing, *notes) if part)
            return listing + "\n" if listing else ""
        body = "\n\n".join(part for part in (listing, counts_table(run) if run.files else "") if part)
    lines = [body, ""] if body else []
    return "\n".join([*lines, *notes, _paint(summary_line(run), "head", run)]) + "\n"


def format_concise(run: Run) -> str:
    """One line per finding, ``path:line:col: CODE message`` (ruff's shape), then the summary line."""
    if run.quiet >= 2:
        return ""
    lines = [f"{_head(f, run.lang)}: {f.code} {printable(' '.join(message(f, run.lang).split()))}" for f in run.findings]
    if not run.quiet:
        lines += [f"! {line}" for line in not_installed_lines(run)]
        lines.append(summary_line(run))
    return "".join(line + "\n" for line in lines)
