"""Outline numbering: the marker that opens a numbered heading or item (一、 （一） 1. （1）).

The plain-text reader finds headings by it, the PDF reader keeps a numbered line whole by it,
and the facts number a report's outline by it: one pattern list for all three.
"""

from __future__ import annotations

import regex

_HEADING_KINDS = (
    ("cn", regex.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]")),
    ("cn-paren", regex.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]")),
    ("arabic", regex.compile(r"^(\d{1,2})\s*[、.．](?![\d.．])")),
    ("arabic-paren", regex.compile(r"^[（(]\s*(\d{1,2})\s*[）)]")),
)


def heading_marker(text: str) -> tuple[str, str] | None:
    """Return ``(kind, marker)`` when a stripped line starts with outline numbering."""
    for kind, pattern in _HEADING_KINDS:
        m = pattern.match(text)
        if m:
            return kind, m.group()
    return None
