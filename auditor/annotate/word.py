"""A copy of a .docx with each finding as a Word comment on its paragraph or table cell.

Findings locate a .docx place the way the reader counts: the N-th body paragraph that shows
any text, or table T (nested tables after their parent, in document order), row R and cell C
of the row as printed (a cell spanning columns counted once, a vertically merged cell
belonging to its first row).
The body is walked here in that same order to find the paragraph or cell element again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from docx import Document
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from auditor.annotate.note import AUTHOR, INITIALS, note_lines
from auditor.engine.findings import Finding

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Text the reader does not count as body text: deleted revisions, drawings, text boxes.
_SKIP = {W + "del", W + "moveFrom", W + "drawing", W + "pict", W + "object", _MC_FALLBACK}
_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}


def _children(element: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Direct children with these tags, looking through content controls and custom XML."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tags)


def _shows_text(element: etree._Element) -> bool:
    for child in element:
        if child.tag in _SKIP or not isinstance(child.tag, str):
            continue
        if child.tag == W + "t" and (child.text or "").strip():
            return True
        if child.tag == W + "noBreakHyphen" or (child.tag not in (W + "p", W + "tbl") and _shows_text(child)):
            return True
    return False


def _vmerge_continues(tc: etree._Element) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(W + "val", "continue") == "continue"


def _grid(tbl: etree._Element, nested: list[etree._Element]) -> list[list[etree._Element]]:
    """Each row as a list indexed by grid column, holding the cell element printed there."""
    grid: list[list[etree._Element]] = []
    for r, tr in enumerate(_children(tbl, (W + "tr",))):
        before = tr.find(f"{W}trPr/{W}gridBefore")
        row: list = [None] * int(before.get(W + "val", "0")) if before is not None else []
        for tc in _children(tr, (W + "tc",)):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            width = max(1, int(span.get(W + "val", "1"))) if span is not None else 1
            nested.extend(_children(tc, (W + "tbl",)))
            c = len(row)
            above = grid[r - 1][c] if r and c < len(grid[r - 1]) else None
            row.extend([above if _vmerge_continues(tc) and above is not None else tc] * width)
        grid.append(row)
    return grid


def _places(body: etree._Element) -> tuple[list[etree._Element], list[list[list[etree._Element]]]]:
    """The body's counted paragraphs and its tables as grids, in the reader's order."""
    paragraphs: list[etree._Element] = []
    tables: list[list[list[etree._Element]]] = []

    def walk(blocks: Iterator[etree._Element]) -> None:
        for block in blocks:
            if block.tag == W + "p":
                if _shows_text(block):
                    paragraphs.append(block)
                continue
            nested: list[etree._Element] = []
            tables.append(_grid(block, nested))
            walk(iter(nested))

    walk(_children(body, (W + "p", W + "tbl")))
    return paragraphs, tables


def covered_cells(data: bytes) -> set[tuple[int, int, int]]:
    """``(table, row, column)``, all 0-based, of grid cells that continue the cell on their left.

    The reader prints a spanned column as an empty cell; the page uses this to draw the cell
    once, spanning, as Word shows it.
    """
    document = Document(io.BytesIO(data))
    _, tables = _places(document.element.body)
    return {
        (t, r, c)
        for t, grid in enumerate(tables)
        for r, row in enumerate(grid)
        for c in range(1, len(row))
        if row[c] is not None and row[c] is row[c - 1]
    }


def _runs(paragraph: Paragraph) -> list[Run]:
    runs = paragraph.runs
    return runs if runs else [Run(paragraph._p.add_r(), paragraph)]


def _target(f: Finding, paragraphs: list, tables: list) -> list[etree._Element]:
    """The paragraph elements a finding's comment spans; [] when the finding has no place here."""
    loc = f.location
    if loc is None:
        return []
    if loc.table is not None and loc.table_row is not None and 0 < loc.table <= len(tables):
        grid = tables[loc.table - 1]
        if 0 < loc.table_row <= len(grid):
            row = grid[loc.table_row - 1]
            starts = [c for c in range(len(row)) if row[c] is not None and (c == 0 or row[c] is not row[c - 1])]
            column = (loc.table_column or 1) - 1
            tc = row[starts[column]] if column < len(starts) else None
            if tc is not None:
                own = list(_children(tc, (W + "p",)))
                return [p for p in own if _shows_text(p)] or own[:1]
    if loc.paragraph is not None and 0 < loc.paragraph <= len(paragraphs):
        return [paragraphs[loc.paragraph - 1]]
    return []


def annotate_docx(data: bytes, findings: Sequence[Finding], lang: str = "zh") -> bytes:
    """The document with one comment per finding; findings with no place go on the first paragraph.

    :raises ValueError: when `data` is not a .docx that python-docx can open (.docm, damaged).
    """
    document = Document(io.BytesIO(data))
    body = document.element.body
    paragraphs, tables = _places(body)
    fallback = paragraphs[:1] or list(body.iter(W + "p"))[:1]
    if not fallback:
        fallback = [document.add_paragraph()._p]
    for f in findings:
        where = _target(f, paragraphs, tables) or fallback
        first, last = Paragraph(where[0], document._body), Paragraph(where[-1], document._body)
        shown = " ".join(p.text for p in (Paragraph(e, document._body) for e in where)).strip()
        phrase = f.snippet.strip() if f.snippet and f.snippet.strip() != shown else ""
        lines = note_lines(f, lang, phrase[:60])
        comment = document.add_comment([_runs(first)[0], _runs(last)[-1]], lines[0], AUTHOR, INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

