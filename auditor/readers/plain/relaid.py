"""A page that lays a table's columns out afresh: its words moved onto the columns of the page before.

pdftotext lays each page out on its own character grid. A table going on overleaf keeps its
columns in the PDF, but in the text its columns may start elsewhere on the next page, closer
together where a column is empty ("国家政   100%   100%" under "国家政        100%     100%").
The columns a page's lines start their runs in are matched, in order, to the table's columns:
each column the lines fill takes the table's column whose cells are of its kind (figures or
words), and the words are moved there, so the table goes on as on a page laid out alike.
"""

from __future__ import annotations

from auditor.readers import borderless
from auditor.readers.pdfitems import FIGURE
from auditor.report.model import Mapped

SLACK = 1.0  # characters a run may start off the column it is counted in
_UNMATCHED = -1e9


def _starts(lines: list[borderless.Line], slack: float = SLACK) -> list[tuple[float, float]]:
    """The columns the lines' runs start in, left to right: (where, share of its runs that are figures)."""
    xs = sorted((w["x0"], bool(FIGURE.fullmatch(w["text"]))) for line in lines for w in line.words)
    out: list[list] = []
    for x, figure in xs:
        if out and x - out[-1][0] <= slack:
            out[-1][1] += figure
            out[-1][2] += 1
        else:
            out.append([x, float(figure), 1])
    return [(x, figures / n) for x, figures, n in out]


def _kinds(table: borderless.Found) -> list[float | None]:
    """Each of a table's columns: the share of its filled cells that are figures (None: none filled)."""
    out: list[float | None] = []
    for c in range(len(table.columns)):
        cells = [row[c] for row in table.rows[1:] if c < len(row) and row[c]]
        out.append(sum(bool(FIGURE.fullmatch(t)) for t in cells) / len(cells) if cells else None)
    return out


def _matched(found: list[tuple[float, float]], columns: list[float], filled: list[float | None]) -> list[int] | None:
    """The table's column each found column goes in, in order: the matching whose kinds agree best
    (a column the table never filled is a poor match), or None when there are more found columns."""
    k, m = len(found), len(columns)
    if k > m or not k:
        return None

    def worth(i: int, c: int) -> float:
        share = filled[c]
        if share is None:
            return -1.0
        return 2.0 if (found[i][1] >= 0.5) == (share >= 0.5) else -2.0

    best = [[_UNMATCHED] * (m + 1) for _ in range(k + 1)]
    back = [[0] * (m + 1) for _ in range(k + 1)]
    for c in range(m + 1):
        best[0][c] = 0.0
    for i in range(1, k + 1):
        for c in range(i, m + 1):
            # found column i-1 in table column c-1, or table column c-1 left without one
            take = best[i - 1][c - 1] + worth(i - 1, c - 1)
            leave = best[i][c - 1]
            best[i][c], back[i][c] = (take, 1) if take >= leave else (leave, 0)
    out: list[int] = []
    i, c = k, m
    while i > 0:
        if back[i][c]:
            out.append(c - 1)
            i -= 1
        c -= 1
    return out[::-1]


def onto(lines: list[borderless.Line], table: borderless.Found, where: dict[tuple[float, float], Mapped]) -> list[borderless.Line]:
    """A page's lines with the words of its top block moved onto the columns of the table going on
    from the page before, where the page lays them out elsewhere (`where`, the words' texts by
    place, learns their new places too). Lines laid out as the table's are returned as they are."""
    top = _top_block(lines)
    found = _starts(top)
    columns = table.columns
    if not found or all(any(abs(x - c) <= SLACK for c in columns) for x, _ in found):
        return lines
    into = _matched(found, columns, _kinds(table))
    if into is None:
        return lines
    moved: list[borderless.Line] = []
    for line in top:
        words = []
        for w in line.words:
            k = max((n for n, (x, _) in enumerate(found) if x <= w["x0"] + SLACK), default=0)
            x0 = columns[into[k]] + max(0.0, w["x0"] - found[k][0])
            words.append({**w, "x0": x0, "x1": x0 + (w["x1"] - w["x0"])})
        # (read every word's text before any is put at its new place: one may move onto another's old one)
        texts = [where[(w["top"], w["x0"])] for w in line.words]
        where.update({(w["top"], w["x0"]): text for w, text in zip(words, texts, strict=True)})
        moved.append(borderless.Line(line.top, line.bottom, words))
    return moved + lines[len(top) :]


_BLOCK_GAP = 2.0  # lines: a wider gap between two lines ends the page's top block


def _top_block(lines: list[borderless.Line]) -> list[borderless.Line]:
    """The page's first lines, up to the first wide gap or a line that could head a table."""
    out: list[borderless.Line] = []
    for line in lines:
        if out and (line.top - out[-1].top > _BLOCK_GAP or sum(borderless.heading(w["text"]) for w in line.words) >= 3):
            break
        out.append(line)
    return out
