"""One file, many reports: a workbook of forms, a PDF with one 自评表 per project, a page of
"精选N篇" sample reports. Each is audited as a report of its own, with its own fiscal year
and facts, and text shared between them is not "repeated within a report".

A workbook whose sheets name different projects holds one report per sheet; a document of
several target declarations, one report per declaration title. Otherwise a
new report starts at an attachment heading (附件2), at a report title standing on its own
line ("补助资金绩效自评报告 2"), or at a form title followed by its year ("财政项目支出绩效自评表
(2022 年度)", which a PDF may print in the middle of one long line). A start counts only when
what follows it is a report in its own right — its own fund table, 项目名称 or outline — so a
catalogue of titles or a page header repeated on every page never splits anything.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import regex

from auditor.facts.declaration import TITLE as DECLARATION_TITLE
from auditor.report.model import Block, Heading, Paragraph, Report, Table
from auditor.report.normalize import for_reading_str

_TITLE_LINE = regex.compile(r"^[^。；;,，]{0,30}(?:绩效(?:目标)?自评(?:报告|表)|绩效评价报告)\s*(?:篇\s*)?\d{0,2}\s*$")
_FORM_TITLE = regex.compile(r"(?:财政)?(?:项目支出|部门整体支出)?绩效(?:目标)?自评表\s*[(（]\s*\d{4}\s*年度\s*[)）]")
# A fund table's column labels: a period and an amount ("年初预算数", "全年实际支出数", "年度预算数").
_FUND_COLUMN = regex.compile(
    r"(?:年初|全年|年度|本年|当年)(?:实际)?(?:预算|执行|支出)数|预算执行数|执行数\s*[(（]B|预算数\s*[(（]A"
)
_OUTLINE = regex.compile(r"(?:^|\n)\s*一\s*[、.．]")
_PROJECT = regex.compile(r"项目名称\s*[|:：\t ]\s*(?P<name>[^\s|:：\t]{2,40})")
MIN_CHARS = 120  # a part shorter than this is a title, a catalogue line or a page header
DECLARATION_TITLE_CHARS = 60  # a declaration's title line; a longer line is prose mentioning one


def _starts(report: Report) -> list[int]:
    """Offsets in the report text where a new report may start."""
    found: set[int] = set()
    for block in report.blocks:
        annex = isinstance(block, Heading) and block.kind == "annex"
        if annex or (isinstance(block, Paragraph | Heading) and _TITLE_LINE.match(block.text.text)):
            found.add(block.span.start)
        if isinstance(block, Paragraph):
            text = block.text
            for m in _FORM_TITLE.finditer(text.text):
                found.add(text.span(m.start(), m.end()).start)
    return sorted(found)


def _kind(body: str) -> str:
    """What a stretch of the file is: a form (its own fund table), a narrative (its own outline), or neither."""
    if len(body) < MIN_CHARS:
        return ""
    if len(set(_FUND_COLUMN.findall(body))) >= 2:
        return "form"
    return "narrative" if _OUTLINE.search(body) else ""


def _project(body: str) -> str:
    m = _PROJECT.search(body)
    return m["name"] if m else ""


def _same_project(narrative: str, form: str) -> bool:
    """Whether a form is the one attached to the narrative before it (its project is named there)."""
    name = _project(form)
    if not name:
        return True
    core = regex.sub(r"^\d{4}年度?|项目$|[“”\"()（）]", "", name)
    return len(core) >= 2 and core[: max(2, len(core) * 2 // 3)] in regex.sub(r"\s", "", narrative)


def _bounds(report: Report) -> list[int]:
    """The start of every report in the file after the first; empty when there is one report.

    Two forms, or two narratives, are two reports; a form after a narrative belongs to it when
    the narrative names the form's project (the usual 自评报告 with its 自评表 attached).
    """
    starts = _starts(report)
    if len(starts) < 2:
        return []
    text = report.text
    ends = [*starts[1:], len(text)]
    bodies = [for_reading_str(text[start:end]) for start, end in zip(starts, ends, strict=True)]  # 預算數 reads as 预算数
    pieces = [(start, _kind(body), body) for start, body in zip(starts, bodies, strict=True)]
    bounds: list[int] = []
    current: tuple[str, str] | None = None  # the kind and text of the report being built
    lead: int | None = None  # a title or attachment heading waiting for the report it opens
    for start, kind, body in pieces:
        if not kind:
            lead = start if lead is None else lead
            continue
        opens = lead if lead is not None else start
        lead = None
        if current is None:
            current = (kind, body)
            continue
        if current[0] == "narrative" and kind == "form" and _same_project(current[1], body):
            current = ("narrative+form", current[1] + body)
            continue
        bounds.append(opens)
        current = (kind, body)
    return bounds


def _cut(block: Block, lo: int, hi: int) -> Block | None:
    """The part of a block inside ``[lo, hi)``: whole, a slice of a paragraph, or nothing."""
    if block.span.end <= lo or block.span.start >= hi:
        return None
    if lo <= block.span.start and block.span.end <= hi:
        return block
    if not isinstance(block, Paragraph):
        return block if lo <= block.span.start < hi else None  # a table or heading stays whole
    text = block.text
    i = text.index_at(lo) if lo > block.span.start else 0
    j = text.index_at(hi) if hi < block.span.end else len(text)
    piece = text[i:j]
    if not piece.text.strip():
        return None
    return Paragraph(piece, piece.span(), block.section)


def _sheet_bounds(report: Report) -> list[int]:
    """A workbook with one project per sheet: where each sheet after the first starts.

    Sheets are several reports only when at least two of them name different projects; the
    stages of one project (立项, 监控, 自评 sheets) stay one report.
    """
    starts: dict[str, int] = {}
    for anchor in report.anchors:
        if anchor.sheet is not None and anchor.sheet not in starts:
            starts[anchor.sheet] = anchor.span.start
    if len(starts) < 2:
        return []
    offsets = sorted(starts.values())
    ends = [*offsets[1:], len(report.text)]
    # NOTE: the raw text first: reading drops the tab between "项目名称" and a name in the next cell
    names = {_project(raw) or _project(for_reading_str(raw)) for lo, hi in zip(offsets, ends, strict=True) if (raw := report.text[lo:hi])}
    names -= {""}
    return offsets[1:] if len(names) >= 2 else []


def _declaration_bounds(report: Report) -> list[int]:
    """A document of several target declarations, each under its own title: where each after the first starts.

    Only where two titles or more stand on their own (a title line, or a table's first row): one
    declaration inside a report is part of that report.
    """
    starts: list[int] = []
    for block in report.blocks:
        if isinstance(block, Paragraph | Heading):
            if len(block.text.text) <= DECLARATION_TITLE_CHARS and DECLARATION_TITLE.match(block.text.text.strip()):
                starts.append(block.span.start)
        elif block.rows and any(
            len(c.value) <= DECLARATION_TITLE_CHARS and DECLARATION_TITLE.match(c.value) for c in block.rows[0].cells
        ):
            starts.append(block.span.start)
    # a title paragraph right above the table that repeats it counts once
    merged = [s for n, s in enumerate(starts) if n == 0 or not _adjacent(report, starts[n - 1], s)]
    return merged[1:] if len(merged) >= 2 else []


def _adjacent(report: Report, a: int, b: int) -> bool:
    """Whether nothing but a year line stands between two title starts."""
    between = [blk for blk in report.blocks if a < blk.span.start < b]
    return len(between) <= 2 and all(not isinstance(blk, Table) or blk.span.start == b for blk in between)


def split(report: Report) -> list[Report]:
    """The reports a file holds, in order; the file itself when it holds one."""
    bounds = _sheet_bounds(report) or _declaration_bounds(report) or _bounds(report)
    if not bounds:
        return [report]
    edges = [0, *bounds, len(report.text) + 1]
    parts: list[Report] = []
    for lo, hi in pairwise(edges):
        blocks = tuple(b for block in report.blocks if (b := _cut(block, lo, hi)) is not None)
        if blocks:
            parts.append(replace(report, blocks=blocks, _cache={}))
    return parts if len(parts) > 1 else [report]

