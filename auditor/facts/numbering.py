"""Outline numbering: the number a marker stands for ("（十一）" → 11, "三" → 3), and every heading
or paragraph that opens with a marker, with the heading it stands under.
"""

from __future__ import annotations

import regex

from auditor.facts.types.prose import Numbered
from auditor.report.model import Report
from auditor.report.outline import heading_marker

_CN_NUM = {c: n for n, c in enumerate("一二三四五六七八九十", 1)}
# NOTE: compiled once: every heading and numbered paragraph asks.
_NOT_NUMERAL = regex.compile(r"[^0-9一二三四五六七八九十]")


def outline_number(marker: str) -> int | None:
    """The number of an outline marker or a small Chinese numeral ("（十一）" -> 11, "三" -> 3)."""
    digits = _NOT_NUMERAL.sub("", marker)
    if digits.isdigit():
        return int(digits)
    if not digits:
        return None
    if digits == "十":
        return 10
    if digits.startswith("十"):
        return 10 + _CN_NUM.get(digits[1], 0)
    if len(digits) == 1:
        return _CN_NUM.get(digits)
    if digits.endswith("十"):
        return _CN_NUM.get(digits[0], 0) * 10
    if len(digits) == 3 and digits[1] == "十":
        return _CN_NUM.get(digits[0], 0) * 10 + _CN_NUM.get(digits[2], 0)
    return None


def numbered(report: Report) -> list[Numbered]:
    """Headings and numbered paragraphs in order, each with its enclosing heading."""
    out: list[Numbered] = []
    stack: list[tuple[str, int]] = []  # (kind, index into out) of the open headings
    blocks = sorted([*report.headings, *report.paragraphs], key=lambda b: b.span.start)
    for block in blocks:
        is_heading = hasattr(block, "marker")
        if is_heading:
            kind, marker = block.kind, block.marker
            if not marker:
                continue
        else:
            found = heading_marker(block.text.text)
            if not found:
                continue
            kind, marker = found
        number = outline_number(marker)
        if number is None:
            continue
        kinds = [k for k, _ in stack]
        if kind in kinds:
            parent = stack[kinds.index(kind) - 1][1] if kinds.index(kind) else -1
            if is_heading:
                del stack[kinds.index(kind) :]
        else:
            parent = stack[-1][1] if stack else -1
        text = block.text
        printed = heading_marker(text.text)  # the marker as the (normalised) block text spells it
        span = text.span(0, len(printed[1])) if printed else block.span
        out.append(Numbered(kind, number, span, is_heading, parent, text))
        if is_heading:
            stack.append((kind, len(out) - 1))
    return out
