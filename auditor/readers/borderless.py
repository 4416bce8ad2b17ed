"""Tables printed without ruling lines, recovered from where their words stand.

A form printed as a Word table without borders has no lines for pdfplumber to find: its text comes
out line by line, every narrow cell wrapped ("一级指" / "标"), and the decoder finds neither the
header nor the rows. Its words still stand in columns, though: each
cell's text starts at its column's left edge, a cell's wrapped lines follow at the font's line
pitch, and rows are set apart by a wider gap (the cells' padding and paragraph spacing).

A table is recognised at a line holding at least three pieces of known header words
(`HEADER_WORDS`, or their wrapped starts); its columns are the left edges of that line's words.
Lines below belong to it while every word starts at a column's edge and stays inside the
column; the table ends at a wide gap or a line that does not fit. Precision comes first: a
table whose rows cannot be told apart (two figures stacked in one cell) or whose header row
does not name at least three known headings is left as text, as it was read before.

Word tables often centre their cells, so no word starts at a column's edge: then the header's words
are taken as centred in columns bounded halfway between their centres (`_centred`); a word belongs
to the column holding it whole, and only the gap and the line pitch tell rows apart.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from auditor.readers.pdfitems import wrap
from auditor.readers.stacking import Piece, Placed, figured, stacked

HEADER_WORDS = (
    "一级指标", "二级指标", "三级指标", "分值", "权重", "年度指标值", "实际完成值", "全年实际值", "实际值", "得分",
    "偏差原因分析及改进措施", "未完成原因", "项目资金", "年初预算数", "全年预算数", "全年执行数", "执行率", "指标值",
)  # fmt: skip
_ROW_GAP = 0.7  # a gap between lines wider than this many line heights starts a new row
TOTAL_ROW = re.compile(r"^(?:总分|合计|总计)")
_END_GAP = 2.2  # a gap wider than this many line heights ends the table


@dataclass(slots=True)
class Line:
    """The words of one printed line, left to right."""

    top: float
    bottom: float
    words: list[dict] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Found:
    """A recovered table: its grid (header row first), its box, and whether it reaches the page's end."""

    rows: list[list[str | None]]
    box: tuple[float, float, float, float]
    columns: list[float]
    pad: float  # the most a cell's text can stop short of the next column (`_grow`)
    last: bool
    aligned: bool = False  # its 一级/二级 labels stand at the top of their rows (see `_aligned`)
    centred: bool = False  # `columns` are the columns' bounds, the cells' text centred between them
    parts: list[list[list[tuple[float, float]]]] = field(default_factory=list)  # each cell's words: (top, x0)


def lines_of(words: list[dict]) -> list[Line]:
    """Words grouped into lines by their tops (a line's words share a baseline, give or take)."""
    out: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        line = out[-1] if out else None
        if line is not None and word["top"] - line.top < 0.5 * max(line.height, 1.0):
            line.words.append(word)
            line.bottom = max(line.bottom, word["bottom"])
        else:
            out.append(Line(word["top"], word["bottom"], [word]))
    for line in out:
        line.words.sort(key=lambda w: w["x0"])
    return out


_FIRSTS = frozenset(w[0] for w in HEADER_WORDS)  # a header word, or its wrapped start, holds its first character


@functools.lru_cache(maxsize=4096)
def heading(text: str) -> bool:
    """Whether a piece of text is a known header word or the start of one it wraps."""
    if _FIRSTS.isdisjoint(text):
        return False  # (most words of a page: asked once per line, and every line is asked)
    text = re.sub(r"\s+", "", text)
    return len(text) >= 2 and any(w in text or w.startswith(text) for w in HEADER_WORDS)




def _place(line: Line, columns: list[float], tolerance: float, centred: bool = False) -> Placed | None:
    """The line's words by column, or None when a word starts off a column's edge or crosses into the next.

    Centred (`columns` are the bounds): a word may start anywhere in its column but must end
    inside it, give or take the tolerance.
    """
    out: Placed = {}
    for word in line.words:
        at = bisect_right(columns, word["x0"] + tolerance) - 1  # the column the word starts in
        if at < 0:
            return None
        if not centred and word["x0"] - columns[at] > tolerance and at not in out:
            return None  # only a second word of a cell (after a space) starts inside its column
        if at + 1 < len(columns) and word["x1"] > columns[at + 1] + (tolerance if centred else -tolerance):
            return None
        out.setdefault(at, []).append((word["text"], word["x0"], word["x1"]))
    return out


def _grow(
    lines: list[Line], start: int, columns: list[float], tolerance: float, pad: float | None, centred: bool = False, headed: bool = True,
    coarse: bool = False,
) -> tuple[list, int, float]:
    """The table's lines from `start` grouped into rows, the index of the first line after it,
    and the most the cells' padding can be (no more than `pad`, the page before's, when it goes on).

    A row starts after a gap wider than a cell's line pitch, or where a line sets a figure under
    a column whose cell in the row already holds one that does not wrap into it (a cell merged
    down several rows can run past the next row's top, leaving no gap). Centred, where a line's
    text stops tells nothing of what would have fitted: only the gap and the pitch split rows.
    """
    taken: list[tuple[Line, Placed]] = []
    n, inside = start, False
    while n < len(lines):
        line = lines[n]
        placed = _place(line, columns, tolerance, centred)
        gap = line.top - lines[n - 1].bottom if n > start else 0.0
        if placed is None or gap > _END_GAP * line.height:
            inside = placed is None and gap <= _ROW_GAP * line.height
            break
        taken.append((line, placed))
        n += 1
    # NOTE: the nearest any text comes to the next column is the most the padding can be: a
    # figure is taken for two stacked cells only when it would surely have fitted on the line above.
    seen = [columns[c + 1] - p[2] for _, placed in taken for c, pieces in placed.items() if c + 1 < len(columns) for p in pieces]
    pad = min([*seen, *([] if pad is None else [pad])], default=0.0)
    steps = [b[0].top - a[0].top for a, b in pairwise(taken) if b[0].top - a[0].bottom <= _ROW_GAP * b[0].height]
    pitch = median(steps) if steps else None  # a cell's line pitch
    # The last column has no next column to stop at: its text reaches at least as far as it does.
    last_right = max((p[2] for _, placed in taken for p in placed.get(len(columns) - 1, ())), default=0.0)
    right = [x - pad for x in columns[1:]] + [last_right]
    rows: list[list[tuple[Line, Placed]]] = []
    last: dict[int, Piece] = {}  # the current row's last piece in each column
    for k, (line, placed) in enumerate(taken):
        gap = line.top - taken[k - 1][0].bottom if k else None
        # A cell's lines follow at its pitch; a line off that pitch is the top of a row a cell
        # merged down from the row above runs past.
        off = pitch is not None and k and abs(line.top - taken[k - 1][0].top - pitch) > 0.15 * line.height
        # The header's cells hold words: its first line with a figure starts the first row (laid out and
        # going on overleaf, the lines above it finish the row before: `laid`). 总分 starts a row.
        figures = len(rows) == 1 and figured([placed]) and (headed or (coarse and not figured([x for _, x in rows[0]])))
        opens = figures or (0 in placed and TOTAL_ROW.match(placed[0][0][0]) is not None)
        if gap is None or gap > _ROW_GAP * line.height or off or opens or (not centred and any(
            c in last and stacked(last[c], pieces[0], right[c], coarse) for c, pieces in placed.items()
        )):
            rows.append([])
            last = {}
        rows[-1].append((line, placed))
        last.update({c: pieces[-1] for c, pieces in placed.items()})
    if inside and rows:
        # NOTE: the line that does not fit is inside the last row: that row is not clearly a
        # table row either, and goes back to the text.
        n -= len(rows.pop())
    return rows, n, pad


def _rows(rows: list[list[tuple[Line, Placed]]], width: int) -> tuple[list[list[str | None]], list[list[list[tuple[float, float]]]]]:
    """Each row's cells, a cell's words and wrapped lines joined as a wrap joins them; and each
    cell's words, where they stand (top, left edge)."""
    grid: list[list[str | None]] = []
    parts: list[list[list[tuple[float, float]]]] = []
    for row in rows:
        cells = ["" for _ in range(width)]
        where: list[list[tuple[float, float]]] = [[] for _ in range(width)]
        for line, placed in row:
            for c, pieces in placed.items():
                for text, x0, _ in pieces:
                    cells[c] = wrap(cells[c], text.strip()) if cells[c] else text.strip()
                    where[c].append((line.top, x0))
        grid.append(list(cells))
        parts.append(where)
    return grid, parts


def find(lines: list[Line], carried: Found | None = None, coarse: bool = False) -> list[tuple[int, int, Found]]:
    """The borderless tables among a page's lines: (first line, end line, table).

    :param carried: a table that reached the end of the page before: lines at the top of this
        page that fit its columns go on with it (without a header of their own).
    :param coarse: the words stand at character positions, not at their printed ones (`stacking.stacked`).
    """
    out: list[tuple[int, int, Found]] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        tolerance = 0.3 * max(line.height, 1.0)
        going_on = n == 0 and carried is not None
        if going_on:
            readings = [(carried.columns, carried.centred)]
        elif sum(heading(w["text"]) for w in line.words) >= 3:
            readings = [([w["x0"] for w in line.words], False), (_centred(line), True)]
        else:
            n += 1
            continue
        tried: list[int] = []  # the lines each reading took for the header's row
        for columns, centred in readings:
            if any(b - a <= tolerance for a, b in pairwise(columns)):
                continue  # two words of one cell, not two columns
            rows, end, pad = _grow(lines, n, columns, tolerance, carried.pad if going_on else None, centred, not going_on, coarse)
            grid, parts = _rows(rows, len(columns))
            # Going on overleaf, the top lines need no header, but a row of two cells at least (one
            # cell alone at a page's top may as well be a paragraph at the margin).
            headed = any(sum(map(bool, row)) >= 2 for row in grid) if going_on else bool(grid) and sum(heading(c or "") for c in grid[0]) >= 3
            if len(grid) >= 2 - going_on and headed:
                break
            tried.append(len(rows[0]) if rows else 1)
        else:
            n += min(tried, default=1)  # NOTE: past the lines tried: a page is read once, not once a line
            continue
        used = [ln for row in rows for ln, _ in row]
        box = (min(w["x0"] for ln in used for w in ln.words), used[0].top,
               max(w["x1"] for ln in used for w in ln.words), used[-1].bottom)  # fmt: skip
        out.append((n, end, Found(grid, box, columns, pad, end == len(lines), not going_on and _aligned(grid), centred, parts)))
        n = end
    return out


def _centred(line: Line) -> list[float]:
    """The bounds of the columns a header line's words stand centred in.

    Each bound lies halfway between two words' centres; the first column reaches as far left of
    its word's centre as it reaches right of it (its text may start left of the header word's).
    """
    centres = [(w["x0"] + w["x1"]) / 2 for w in line.words]
    bounds = [(a + b) / 2 for a, b in pairwise(centres)]
    first = line.words[0]["x0"]
    return [min(first, 2 * centres[0] - bounds[0]) if bounds else first, *bounds]


def _aligned(grid: list[list[str | None]]) -> bool:
    """Whether the table's 一级/二级 labels are set at the top of the rows they head.

    A label merged down several rows and centred in them lands on a middle row, and the rows
    above it would seem to belong to the label before. When the first row under the header
    starts every label column that holds a label at all, the labels sit at the top of their runs:
    the rows a label heads are the ones down to the next label, as a ruled table's merged cells
    would tell.
    """
    labels = [c for c, text in enumerate(grid[0]) if text and ("一级" in text or "二级" in text)]
    return len(grid) > 1 and all(grid[1][c] or not any(row[c] for row in grid[2:]) for c in labels)


def page_lines(page: Any) -> list[Line]:
    """A page's words as lines: a space inside a cell splits words, a column's gap always does."""
    return lines_of(page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5))
