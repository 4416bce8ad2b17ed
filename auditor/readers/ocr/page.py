"""One recognised page as blocks: paragraphs and ruled tables, each piece of text with its doubts.

The engine's characters are placed on the page: those inside a ruled table go to its cells
(`auditor.readers.ocr.grid`), the rest make lines by their height and paragraphs by the
lines' geometry, as the PDF reader joins a text layer's lines. Every piece of text keeps its
box on the page and the ranges the engine may have misread: characters it was unsure of,
letters among digits (``O`` for ``0``, ``l`` for ``1``) and a ``2`` that may be a ``≥``.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from statistics import median

from auditor.readers.ocr.engine import Word
from auditor.readers.ocr.grid import Glyph, Grid, glyphs, grids, place, spaces
from auditor.readers.ocr.image import Rules

UNSURE = 0.90  # a character read with less confidence than this may be another one
SHORT = 6  # a cell this short is one value: any character of it read unsure makes it doubtful
# Letters a scan turns digits into, and back: O/0, D/0, Q/0, l/1, I/1, |/1, S/5, B/8, Z/2, g/9.
LOOKALIKES = "OoDQlI|SsBZzg"
_NUMBERISH = re.compile(rf"[≥≤<>＞＜]?[0-9{re.escape(LOOKALIKES)}]*[0-9][0-9{re.escape(LOOKALIKES)}.,，%％]*")
_LOOSE_POINT = re.compile(r"(?<=\d)\.(?= +\d)")  # a point between a figure and the next one
_BARE_NUMBER = re.compile(r"^[\d.,，]+$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／共]\s*\d{1,4}\s*页?)?[-—–\s]*$")
MARGIN_BAND = 0.08
WIDE = 0.5  # of the page's width: text this wide can have been wrapped at a margin
LINE_PITCH = 1.15  # the pitch of single-spaced lines, of the engine's box height
BACK_OFF = 6  # ems: a line this short of the margin was wrapped if the next one's first word would not fit


@dataclass(slots=True)
class Piece:
    """Text read from one place on the page: its box (fractions of the page) and doubtful ranges."""

    text: str
    box: tuple[float, float, float, float]
    doubts: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """Lines of text (`lines`) or a table (`rows` for the layout, `pieces` beside them) of one page."""

    top: float
    rows: list[list[str | None]] = field(default_factory=list)
    pieces: list[list[Piece]] = field(default_factory=list)
    lines: list[Piece] = field(default_factory=list)  # text outside tables, line by line
    blank: list[int] = field(default_factory=list)  # blank lines before each line


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


def _spaces(before: Glyph, after: Glyph, height: float) -> int:
    """How many spaces the gap between two characters stands for.

    Between two text boxes a gap of about a quarter of the type's height is a space, and
    every space's width counts (`grid.spaces`).
    """
    gap = after.x0 - before.x1
    if before.word != after.word:
        return spaces(gap, height) if gap > 0.25 * height else 0
    return 0  # inside a text box the spaces are in its text (`run._spaced`)


def _line_text(line: list[Glyph]) -> tuple[str, list[float]]:
    """A line's text, with the spaces its gaps stand for, and each character's confidence."""
    text, sure = "", []
    height = median(g.y1 - g.y0 for g in line)
    before, spoken = None, 0
    for g in line:
        if g.char == " ":
            spoken += 1  # the engine (or the page's white) put a space here, however narrow the gap
            continue
        n = max(_spaces(before, g, height), spoken) if before is not None else 0
        before, spoken = g, 0
        text += " " * n
        sure.extend([1.0] * n)
        text += g.char
        sure.append(g.confidence)
    for m in reversed(list(_LOOSE_POINT.finditer(text))):
        # No figure printed ends in a point: this one is a speck of the scan ("10. 10"). The
        # figure keeps the doubt the point was read with.
        k = m.start()
        sure[k - 1] = min(sure[k - 1], sure[k])
        text, sure = text[:k] + text[k + 1 :], sure[:k] + sure[k + 1 :]
    return text, sure


def doubts(text: str, sure: list[float]) -> list[tuple[int, int]]:
    """The ranges of `text` a reader of the scan could have misread: whole figures, and short values."""
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
    # A word misread in a sentence makes no figure wrong; in a short cell (a grade, 是/否) it
    # may be the whole value.
    if len(text.strip()) <= SHORT:
        out.extend((i, i + 1) for i, s in enumerate(sure) if s < UNSURE and not any(a <= i < b for a, b in out))
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


def _piece(found: list[Glyph], box: tuple[float, float, float, float], size: tuple[int, int], angle: float) -> Piece:
    text, sure = _joined([_stripped(*_line_text(line)) for line in _lines(found)]) if found else ("", [])
    return Piece(text, _frac(box, size, angle), doubts(text, sure))


def _table(grid: Grid, size: tuple[int, int], angle: float) -> Block:
    pieces_of = {id(c): _piece(c.glyphs, c.box, size, angle) for c in grid.cells}
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


def _frac(box: tuple[float, float, float, float], size: tuple[int, int], angle: float) -> tuple[float, float, float, float]:
    """A box in the straightened page as fractions of the page as scanned (turned back by `angle`)."""
    w, h = size
    turn = math.radians(angle)
    cos, sin = math.cos(turn), math.sin(turn)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - w / 2, y - h / 2
        # The inverse of the straightening turn (image y points down, as OpenCV's matrix has it).
        xs.append(w / 2 + cos * dx + sin * dy)
        ys.append(h / 2 - sin * dx + cos * dy)
    clip = lambda v: min(max(v, 0.0), 1.0)  # noqa: E731
    return (round(clip(min(xs) / w), 4), round(clip(min(ys) / h), 4), round(clip(max(xs) / w), 4), round(clip(max(ys) / h), 4))


def _middle(line: list[Glyph]) -> float:
    return (min(g.y0 for g in line) + max(g.y1 for g in line)) / 2


def _pitch(lines: list[list[Glyph]]) -> float:
    """The distance from one line to the next where no blank line parts them.

    Measured between neighbours closer than a line and a half; on a page where every line
    stands apart (a form printed a cell a line, blank lines between), from the boxes' height:
    the engine's boxes are a little less tall than the lines are apart.
    """
    height = median(max(g.y1 for g in line) - min(g.y0 for g in line) for line in lines)
    steps = [_middle(b) - _middle(a) for a, b in itertools.pairwise(lines)]
    close = [d for d in steps if 0 < d < 1.5 * height]
    return median(close) if close else LINE_PITCH * height


def _breaks(a: Glyph, b: Glyph) -> bool:
    """Whether a printing may wrap a line between two characters: not in a number or Latin word, nor at a space."""
    apart = b.x0 - a.x1 > 0.25 * (a.y1 - a.y0)
    return not (apart or any(c.char == " " or (c.char.isascii() and c.char.isalnum()) for c in (a, b)))


def _unbroken(line: list[Glyph]) -> float:
    """The width of a line's start up to the first place a printing could have wrapped it."""
    end = next((k for k in range(1, len(line)) if _breaks(line[k - 1], line[k])), len(line))
    return line[end - 1].x1 - line[0].x0


def _text_block(lines: list[list[Glyph]], size: tuple[int, int], angle: float) -> Block | None:
    """The page's lines outside tables, as lines of a text file: the text parser finds paragraphs,
    headings and rows set apart by spaces in them, as it does in a .txt report.

    A line that runs to the right edge of the text and goes on at its left edge in the next
    line was wrapped by the printing, not by its writer: the two are one line again, as in
    the file that was printed (a form flattened to one long line stays one line). So is a
    line that ends a little short of the edge when the next one's first word would not have
    fitted there: a printing wraps neither inside a number nor at a space.
    """
    if not lines:
        return None
    left = min(line[0].x0 for line in lines)
    right = max(line[-1].x1 for line in lines)
    em = median(median(g.y1 - g.y0 for g in line) for line in lines)
    # The right edge is a margin only where several lines end at it; one long line is no wrap.
    # Nor is a page of short lines (a form printed a cell a line), however many end alike.
    margin = sum(line[-1].x1 >= right - 1.2 * em for line in lines) >= 2 and right - left >= WIDE * size[0]
    pitch = _pitch(lines)
    joined: list[tuple[list[Glyph], str, list[float], int]] = []
    previous: list[Glyph] | None = None
    for line in lines:
        text, sure = _stripped(*_line_text(line))
        # A line further down than the pitch had blank lines before it in the original.
        blank = 0 if previous is None else min(3, max(0, round((_middle(line) - _middle(previous)) / pitch) - 1))
        wrapped = (
            margin and previous is not None and not blank and line[0].x0 <= left + 0.8 * em
            and (previous[-1].x1 >= right - 1.2 * em or (previous[-1].x1 >= right - BACK_OFF * em and previous[-1].x1 + _unbroken(line) > right))
        )  # fmt: skip
        if wrapped:
            members, before, before_sure, gap = joined[-1]
            both, both_sure = _joined([(before, before_sure), (text, sure)])
            joined[-1] = ([*members, *line], both, both_sure, gap)
        else:
            joined.append((list(line), text, sure, blank))
        previous = line
    pieces, blanks = [], []
    for members, text, sure, blank in joined:
        box = (min(g.x0 for g in members), min(g.y0 for g in members), max(g.x1 for g in members), max(g.y1 for g in members))
        pieces.append(Piece(text, _frac(box, size, angle), doubts(text, sure)))
        blanks.append(blank)
    return Block(min(g.y0 for g in lines[0]), lines=pieces, blank=blanks)


def blocks(words: list[Word], rules: Rules, size: tuple[int, int], dpi: int, angle: float = 0.0) -> list[Block]:
    """The page's text and tables in reading order, top to bottom.

    :param angle: the skew the page was straightened by; boxes are given on the page as scanned.
    """
    loose = [g for n, w in enumerate(words) for g in glyphs(w, n)]
    tables = grids(rules, dpi, [w.box for w in words])
    for grid in tables:
        loose = place(grid, loose)
    band = size[1] * MARGIN_BAND
    out: list[Block] = [_table(g, size, angle) for g in tables if any(c.glyphs for c in g.cells)]
    # Text between tables is a block of its own: the text above a table, then below it.
    cuts = sorted(g.box[1] for g in tables)
    runs: dict[int, list[list[Glyph]]] = {}
    for line in _lines(loose):
        text = "".join(g.char for g in line).strip()
        edge = line[0].y0 < band or line[0].y1 > size[1] - band
        if not text or (edge and _PAGE_NUMBER.match(text)):
            continue
        runs.setdefault(sum(line[0].y > c for c in cuts), []).append(line)
    out.extend(b for run in runs.values() if (b := _text_block(run, size, angle)) is not None)
    return sorted(out, key=lambda b: b.top)
