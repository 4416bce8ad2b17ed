"""One recognised page as blocks: paragraphs and ruled tables, each piece of text with its doubts.

The engine's characters are placed on the page: those inside a ruled table go to its cells
(`auditor.readers.ocr.grid`), the rest make lines by their height and paragraphs by the
lines' geometry, as the PDF reader joins a text layer's lines. Every piece of text keeps its
box on the page and the ranges the engine may have misread: characters it was unsure of,
letters among digits (``O`` for ``0``, ``l`` for ``1``) and a ``2`` that may be a ``≥``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from auditor.parse import heading_marker
from auditor.readers.ocr.engine import Word
from auditor.readers.ocr.grid import Glyph, Grid, glyphs, grids, place
from auditor.readers.ocr.image import Rules

UNSURE = 0.90  # a character read with less confidence than this may be another one
# Letters a scan turns digits into, and back: O/0, D/0, Q/0, l/1, I/1, |/1, S/5, B/8, Z/2, g/9.
LOOKALIKES = "OoDQlI|SsBZzg"
_NUMBERISH = re.compile(rf"[≥≤<>＞＜]?[0-9{re.escape(LOOKALIKES)}]*[0-9][0-9{re.escape(LOOKALIKES)}.,，%％]*")
_BARE_NUMBER = re.compile(r"^[\d.,，]+$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／共]\s*\d{1,4}\s*页?)?[-—–\s]*$")
MARGIN_BAND = 0.08


@dataclass(slots=True)
class Piece:
    """Text read from one place on the page: its box (fractions of the page) and doubtful ranges."""

    text: str
    box: tuple[float, float, float, float]
    doubts: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """A paragraph (`piece`) or a table (`rows` for the layout, `pieces` beside them) of one page."""

    top: float
    piece: Piece | None = None
    full: bool = False  # a paragraph whose last line reaches the right margin
    rows: list[list[str | None]] = field(default_factory=list)
    pieces: list[list[Piece]] = field(default_factory=list)


def _latin(a: str, b: str) -> bool:
    """Whether two wrapped lines meet between Latin words (a space); a number or Chinese wraps without one."""
    return a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha()


def _lines(found: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs in lines, top to bottom, each line left to right."""
    lines: list[list[Glyph]] = []
    for g in sorted(found, key=lambda g: (g.y, g.x)):
        line = lines[-1] if lines else None
        if line and abs(g.y - median(h.y for h in line)) <= 0.5 * max(g.y1 - g.y0, line[0].y1 - line[0].y0):
            line.append(g)
        else:
            lines.append([g])
    return [sorted(line, key=lambda g: g.x) for line in lines]


def _line_text(line: list[Glyph]) -> tuple[str, list[float]]:
    """A line's text, a space where the gap between characters is a space wide, and each character's confidence."""
    text, sure = "", []
    height = median(g.y1 - g.y0 for g in line)
    for before, g in zip([None, *line], line, strict=False):
        # Inside one text box the engine's own spaces stand; between boxes, a gap a space wide is one.
        apart = before is not None and before.word != g.word and g.x0 - before.x1 > 0.3 * height
        if apart and not text.endswith(" ") and g.char != " ":
            text += " "
            sure.append(1.0)
        text += g.char
        sure.append(g.confidence)
    return text, sure


def doubts(text: str, sure: list[float]) -> list[tuple[int, int]]:
    """The ranges of `text` a reader of the scan could have misread, whole numbers at a time."""
    out: list[tuple[int, int]] = []
    for m in _NUMBERISH.finditer(text):
        a, b = m.span()
        token = m.group()
        lookalike = any(ch in LOOKALIKES for ch in token)
        unsure = any(s < UNSURE for s in sure[max(a - 1, 0) : b])
        # "≥95%" read as "295%": a rate over 100 that starts with a 2 where a sign would stand.
        sign = token.startswith("2") and token.endswith(("%", "％")) and _over_hundred(token)
        if lookalike or unsure or sign:
            out.append((a, b))
    for i, s in enumerate(sure):
        if s < UNSURE and not any(a <= i < b for a, b in out):
            out.append((i, i + 1))
    return sorted(out)


def _over_hundred(token: str) -> bool:
    digits = token.rstrip("%％").replace(",", "").replace("，", "")
    try:
        return float(digits) > 100
    except ValueError:
        return False


def _stripped(text: str, sure: list[float]) -> tuple[str, list[float]]:
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    return text[left:right], sure[left:right]


def _joined(parts: list[tuple[str, list[float]]]) -> tuple[str, list[float]]:
    text, sure = "", []
    for t, s in parts:
        if text and _latin(text, t):
            text += " "
            sure.append(1.0)
        text += t
        sure.extend(s)
    return text, sure


def _piece(found: list[Glyph], box: tuple[float, float, float, float], size: tuple[int, int]) -> Piece:
    text, sure = _joined([_stripped(*_line_text(line)) for line in _lines(found)]) if found else ("", [])
    w, h = size
    frac = (round(box[0] / w, 4), round(box[1] / h, 4), round(box[2] / w, 4), round(box[3] / h, 4))
    return Piece(text, frac, doubts(text, sure))


def _table(grid: Grid, size: tuple[int, int]) -> Block:
    pieces_of = {id(c): _piece(c.glyphs, c.box, size) for c in grid.cells}
    rows: list[list[str | None]] = []
    pieces: list[list[Piece]] = []
    for r in range(grid.height):
        row: list[str | None] = []
        beside: list[Piece] = []
        for c in range(grid.width):
            cell = grid.owner(r, c)
            piece = pieces_of[id(cell)] if cell is not None else Piece("", (0, 0, 0, 0))
            if cell is not None and (r, c) == (cell.rows[0], cell.columns[0]):
                row.append(piece.text)
            elif cell is not None and c == cell.columns[0]:
                row.append(None)  # the merged cell above goes on in this row
            else:
                row.append("")
            beside.append(piece)
        rows.append(row)
        pieces.append(beside)
    return Block(grid.box[1], rows=rows, pieces=pieces)


def _paragraphs(lines: list[list[Glyph]], size: tuple[int, int]) -> list[Block]:
    """Lines joined into paragraphs by their geometry: a line that reaches the right margin goes on."""
    if not lines:
        return []
    left = min(line[0].x0 for line in lines)
    widest = max(line[-1].x1 for line in lines) - left
    right = median(line[-1].x1 for line in lines if line[-1].x1 - left > 0.6 * widest)
    em = median(median(g.y1 - g.y0 for g in line) for line in lines)
    blocks: list[Block] = []
    parts: list[tuple[str, list[float]]] = []
    members: list[Glyph] = []
    previous: list[Glyph] | None = None

    def close() -> None:
        if parts:
            box = (min(g.x0 for g in members), min(g.y0 for g in members), max(g.x1 for g in members), max(g.y1 for g in members))
            text, sure = _joined(parts)
            w, h = size
            frac = (round(box[0] / w, 4), round(box[1] / h, 4), round(box[2] / w, 4), round(box[3] / h, 4))
            blocks.append(Block(box[1], Piece(text, frac, doubts(text, sure)), full=previous[-1].x1 >= right - 1.5 * em))

    for line in lines:
        text, sure = _stripped(*_line_text(line))
        top, bottom = min(g.y0 for g in line), max(g.y1 for g in line)
        starts = (
            previous is None
            or previous[-1].x1 < right - 1.5 * em
            or line[0].x0 > left + 1.5 * em
            or top - max(g.y1 for g in previous) > bottom - top
            or heading_marker(text) is not None
        )
        if starts:
            close()
            parts, members = [], []
        parts.append((text, sure))
        members.extend(line)
        previous = line
    close()
    return blocks


def blocks(words: list[Word], rules: Rules, size: tuple[int, int], dpi: int) -> list[Block]:
    """The page's paragraphs and tables in reading order, top to bottom."""
    loose = [g for n, w in enumerate(words) for g in glyphs(w, n)]
    tables = grids(rules, dpi, [w.box for w in words])
    for grid in tables:
        loose = place(grid, loose)
    band = size[1] * MARGIN_BAND
    lines = []
    for line in _lines(loose):
        text = "".join(g.char for g in line)
        edge = line[0].y0 < band or line[0].y1 > size[1] - band
        if not (edge and _PAGE_NUMBER.match(text)):
            lines.append(line)
    out = _paragraphs(lines, size)
    out.extend(_table(g, size) for g in tables if any(c.glyphs for c in g.cells))
    return sorted(out, key=lambda b: b.top)
