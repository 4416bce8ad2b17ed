"""Deviation reasons: each indicator row's 偏差原因 cell, and the sections of a report that give reasons.

What a reason says is judged by the checks against the profile's word lists; here it is only
found, with what it explains and whether it was asked for an improvement measure too.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from auditor.facts.cells import value_after
from auditor.facts.types.form import Form, Reason
from auditor.report.model import Heading, Mapped, Paragraph, Report, Span

# A section giving reasons: 偏离绩效目标的原因和下一步改进措施, 存在的问题和原因分析, 偏差原因分析.
_SECTION = regex.compile(r"偏差原因|偏离[^，。]{0,8}原因|原因分析|问题(?:及|和|与)原因|未完成(?:的)?原因|原因(?:及|和)(?:改进|下一步)")
# A form field holding the reasons for the whole project (江苏: 偏差大或目标未完成原因分析 | …).
_FIELD = regex.compile(r"^(?:偏差大或目标未完成(?:的)?原因分析|(?:目标)?未完成(?:的)?原因分析|偏差原因(?:分析)?(?:及改进措施)?)[:：]?$")
_FIELD_CELLS = 3  # a label row holds the label and its value; a column header holds many words
_FIELD_PIECES = 3  # lines a printed field label may be split over
_FIELD_PIECE_CHARS = 8  # one piece of a split label is short
_MEASURE = regex.compile(r"措\s*施|改进|整改|建议|下一步")
# NOTE: compiled once: every cell of every short row and every short block is stripped with it.
_WHITESPACE = regex.compile(r"\s+")
# The reason column's header: a 原因 word (or 备注, a remarks column) and, within a few characters
# (a header may wrap), 措施.
_HEADER_REASON = regex.compile(r"原\s*因|备\s*注")
_HEADER_MEASURE = regex.compile(r"[^|\t\n]{0,8}?措\s*施")
HEADER_LOOKBACK = 600  # characters before the first indicator row that may hold the column header


def deviation_reasons(report: Report, forms: Sequence[Form]) -> list[Reason]:
    """Every indicator row's filled reason cell, then every section or field giving reasons."""
    out: list[Reason] = []
    for n, form in enumerate(forms):
        if "reason" not in form.columns or not form.indicators:
            continue
        cause, measure = _header_asks(report, form)
        for row in form.indicators:
            cell = row.cells.get("reason")
            if cell is None or row.placeholder or not cell.value:
                continue
            out.append(Reason(cell.text, cell.span, "cell", row, n, cause, measure))
    out.extend(_sections(report))
    out.extend(_fields(report))
    return out


def _header_asks(report: Report, form: Form) -> tuple[bool, bool]:
    """Whether the reason column's header asks for a cause (not 备注), and for 改进措施 too
    ("偏差原因分析及改进措施", not "未完成原因分析")."""
    start = min(row.span.start for row in form.indicators)
    before = report.text[max(0, start - HEADER_LOOKBACK) : start]
    found = list(_HEADER_REASON.finditer(before))
    if not found or "备" in found[-1].group():
        return False, False
    return True, bool(_HEADER_MEASURE.match(before, found[-1].end()))


def _sections(report: Report) -> list[Reason]:
    out: list[Reason] = []
    headings = report.headings
    for n, h in enumerate(headings):
        title = h.text.text
        if not _SECTION.search(title) or title.lstrip("（(一二三四五六七八九十0123456789)）、. ").startswith("针对"):
            continue
        end = next((x.span.start for x in headings[n + 1 :] if x.level <= h.level), None)
        stop = len(report.text) + 1 if end is None else end
        body = [b.text for b in report.blocks if isinstance(b, Paragraph | Heading) and h.span.end <= b.span.start < stop]
        if not body:
            continue
        text = Mapped.join(body)
        out.append(Reason(text, h.span, "section", asks_measure=bool(_MEASURE.search(title)), concluded=end is not None))
    return out


def _fields(report: Report) -> list[Reason]:
    out: list[Reason] = []
    out.extend(_printed_fields(report))
    for table in report.tables:
        for row in table.rows:
            if len(row.nonblank()) > _FIELD_CELLS:
                continue
            for n, cell in enumerate(row.cells):
                if not _FIELD.match(_WHITESPACE.sub("", cell.value)):
                    continue
                value = value_after(row, n)
                if value is not None:
                    asks = bool(_MEASURE.search(cell.value))
                    out.append(Reason(value.text, cell.span, "section", asks_measure=asks))
                break
    return out


def _printed_fields(report: Report) -> list[Reason]:
    """A field whose label a Word export printed one piece a line ("偏差大或 / 目标未完成 / 原因分析"),
    with its content on the line below."""
    out: list[Reason] = []
    blocks = [b for b in report.blocks if isinstance(b, Paragraph | Heading)]
    after = 0  # the block after the last label found: a label's tail is no label of its own
    for n in range(len(blocks)):
        if n < after:
            continue
        label = ""
        for k in range(n, min(n + _FIELD_PIECES, len(blocks) - 1)):
            if len(blocks[k].text.text.strip()) > _FIELD_PIECE_CHARS:
                break
            label += _WHITESPACE.sub("", blocks[k].text.text)
            if _FIELD.match(label):
                value = blocks[k + 1]
                asks = bool(_MEASURE.search(label))
                out.append(Reason(value.text, Span(blocks[n].span.start, blocks[k].span.end), "section", asks_measure=asks))
                after = k + 1
                break
    return out
