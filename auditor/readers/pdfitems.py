"""The pieces of a PDF page in reading order, and tables that go on overleaf.

A page gives paragraphs and tables (`Item`); a table cut by a page break is joined again
when the next page starts with the same columns, a row cut in two becoming one row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# NOTE: no colon: in a cell, "任务1:" is a label whose text follows (overleaf, when the page breaks there)
_TERMINAL = "。！？；.!?;…"
# A cell that is one figure ("10", "100%", "≥5万元"): a whole cell, never the start of a wrapped one
FIGURE = re.compile(r"[<>≤≥≦≧=]?-?[\d.,]+\s*(?:%|分|万元|元)?")


@dataclass(slots=True)
class Item:
    """A paragraph or a table of one page, in reading order."""

    page: int
    top: float
    text: str = ""
    rows: list[list[str | None]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # the page of every table row
    full: bool = False  # a paragraph whose last line reaches the right margin
    pieces: list[list[Any]] = field(default_factory=list)  # read by OCR: each cell's `ocr.page.Piece`
    lines: list[Any] = field(default_factory=list)  # read by OCR: text outside tables, a piece a line
    blank: list[int] = field(default_factory=list)  # read by OCR: blank lines before each line
    guessed: bool = False  # a borderless table whose labels' runs of rows (merged cells) cannot be told


def wrap(before: str, after: str) -> str:
    """Two wrapped lines as one: only a wrap between two Latin words was a space."""
    word = before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha()
    return f"{before} {after}" if word else before + after


def join_lines(text: str | None) -> str:
    """Lines of a cell as one string: a wrap inside Chinese text or a number is no space."""
    out = ""
    for line in (text or "").split("\n"):
        if line.strip():
            out = wrap(out, line.strip())
    return out


def _continues(before: list[str | None], after: list[str | None]) -> bool:
    """Whether the first row of a page is the rest of a row the page break cut in two.

    It is when every cell it fills is a cell of the row above that stops mid-sentence, and
    it fills fewer cells than that row (a new row would have its own label or numbers). A
    figure ("10", "100%") is a whole cell: a row that fills one again is the next row, even
    when it leaves its last cell empty (an indicator row without a 偏差原因, under one with it).
    """
    filled = [c for c, text in enumerate(after) if text]
    above = [c for c, text in enumerate(before) if text]
    return bool(filled) and len(filled) < len(above) and all(
        before[c] and before[c][-1] not in _TERMINAL and not FIGURE.fullmatch(before[c].strip()) for c in filled
    )


def _carry_merges(before: list[str | None], rows: list[list[str | None]]) -> None:
    """A merged cell the page break cut goes on: its empty top part on the new page continues it.

    The part on the new page is empty and itself spans rows (None below it), or sits under a
    cell that was already continuing a merge.
    """
    below = rows[1] if len(rows) > 1 else None
    for c, text in enumerate(rows[0]):
        if text == "" and before[c] != "" and (before[c] is None or (below is not None and below[c] is None)):
            rows[0][c] = None


def _glue(before: str | None, after: str | None) -> str | None:
    if before is None or not after:
        return before
    return join_lines(f"{before}\n{after}")


def _doubt_joined(mine: list[Any], theirs: list[Any]) -> None:
    """Each cell of `mine` joined to a doubtful cell overleaf becomes doubtful as a whole. A cell
    of a text page has no OCR piece (None): it gets one spanning its page, its place unknown."""
    for k, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if b is None or not b.doubts:
            continue
        if a is None:
            from auditor.readers.ocr.page import Piece  # (a scan's doubts only: only scans pay for the import)

            mine[k] = Piece("", (0.0, 0.0, 1.0, 1.0), [(0, 10**6)])
        else:
            a.doubts = [(0, 10**6)]


def merge_tables(items: list[Item]) -> list[Item]:
    """A table that ends one page and starts the next with the same columns is one table."""
    out: list[Item] = []
    for item in items:
        last = out[-1] if out else None
        if (
            last is not None
            and item.rows
            and last.rows
            and item.page == last.pages[-1] + 1
            and len(item.rows[0]) == len(last.rows[0])
        ):
            rows, pages, pieces = item.rows, item.pages, item.pieces
            if pieces and not last.pieces:
                last.pieces = [[None] * len(r) for r in last.rows]
            if _continues(last.rows[-1], rows[0]):
                last.rows[-1] = [_glue(a, b) for a, b in zip(last.rows[-1], rows[0], strict=True)]
                if last.pieces and pieces:  # a doubt in the part overleaf makes the joined cell doubtful
                    _doubt_joined(last.pieces[-1], pieces[0])
                rows, pages, pieces = rows[1:], pages[1:], pieces[1:]
            elif rows:
                _carry_merges(last.rows[-1], rows)
            last.rows.extend(rows)
            last.pages.extend(pages)
            if last.pieces:
                last.pieces.extend(pieces or [[None] * len(r) for r in rows])
        else:
            out.append(item)
    return out
