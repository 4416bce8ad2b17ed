"""The .docx reader: body paragraphs and tables in document order, merged cells resolved.

python-docx opens the package; the body XML is walked directly, because its paragraph and
table objects hide what matters here: runs inside tracked insertions, content controls, and
the gridSpan/vMerge structure of merged cells. Headers, footers, text boxes and comments are
not part of the report body and are left out.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

from auditor.readers.layout import NO_CELL, Layout
from auditor.readers.limits import check_zip, current, too_deep, too_many_cells
from auditor.readers.sniff import reader_hook
from auditor.report.errors import ReadError
from auditor.report.model import Note, Report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose text is not body text: deleted revisions, properties, drawings and text
# boxes (anchored elsewhere on the page), and Fallback copies of AlternateContent.
_SKIP = {
    W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "tblPr", W + "tcPr", W + "trPr",
    W + "drawing", W + "pict", W + "object", W + "commentReference", _MC_FALLBACK,
}  # fmt: skip
_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}


def _text(element: etree._Element) -> str:
    """The displayed text of a paragraph: w:t, with tabs and breaks; field codes are not w:t."""
    out: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W + "t":
            # NOTE: an unexpanded entity (&name; declared in a DTD) is a child node; the text
            # after it is that node's tail, which `.text` alone would silently drop.
            out.append((child.text or "") + "".join(node.tail or "" for node in child))
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag not in (W + "p", W + "tbl"):
            out.append(_text(child))
    return "".join(out)


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    """Direct children with this tag, looking through content controls and custom XML."""
    out: list[etree._Element] = []
    for child in element:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _CONTAINERS:
            out.extend(_children(child, tag))
    return out


def _blocks(element: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables in document order, looking through content controls."""
    out: list[etree._Element] = []
    for child in element:
        if child.tag in (W + "p", W + "tbl"):
            out.append(child)
        elif child.tag in _CONTAINERS:
            out.extend(_blocks(child))
    return out


def _int(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(W + "val", default))
    except ValueError:
        return default


def _declared_width(tr: etree._Element) -> int:
    """The columns a row declares (gridBefore plus every cell's gridSpan), before any is built."""
    props = tr.find(W + "trPr")
    width = max(0, _int(props.find(W + "gridBefore") if props is not None else None, 0))
    for tc in _children(tr, W + "tc"):
        props = tc.find(W + "tcPr")
        width += max(1, _int(props.find(W + "gridSpan") if props is not None else None, 1))
    return width


def _grid(tbl: etree._Element, nested: list[etree._Element], budget: list[int]) -> list[list[str | None]]:
    """The table as a grid: a spanned column is blank, a vertically merged cell is None.

    :param budget: the cells the file may still lay out; a table over it is refused unbuilt.
    """
    width = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    rows = _children(tbl, W + "tr")
    widest = max([width, *(_declared_width(tr) for tr in rows)])
    budget[0] -= widest * len(rows)
    if budget[0] < 0:
        where = (f"第 {budget[1] + 1} 个表格（{len(rows):,} 行 × {widest:,} 列）", f"table {budget[1] + 1} ({len(rows):,} rows × {widest:,} columns)")
        raise too_many_cells(where, widest * len(rows), current())
    budget[1] += 1
    grid: list[list[str | None]] = []
    for tr in rows:
        row: list[str | None] = []
        props = tr.find(W + "trPr")
        row.extend([NO_CELL] * _int(props.find(W + "gridBefore") if props is not None else None, 0))
        for tc in _children(tr, W + "tc"):
            props = tc.find(W + "tcPr")
            span = max(1, _int(props.find(W + "gridSpan") if props is not None else None, 1))
            vmerge = props.find(W + "vMerge") if props is not None else None
            hmerge = props.find(W + "hMerge") if props is not None else None
            blocks = _blocks(tc)
            nested.extend(b for b in blocks if b.tag == W + "tbl")
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue":
                value: str | None = None
            elif hmerge is not None and hmerge.get(W + "val", "continue") == "continue":
                value = ""  # the legacy way of spanning columns
            else:
                value = "\n".join(_text(p) for p in blocks if p.tag == W + "p").strip()
            row.extend([value] + [NO_CELL] * (span - 1))
        grid.append(row)
        width = max(width, len(row))
    # NOTE: a continuation with nothing above it (a broken merge) reads as an empty cell.
    for r, row in enumerate(grid):
        row.extend([""] * (width - len(row)))
        for c, value in enumerate(row):
            if value is None and (r == 0 or c >= len(grid[r - 1])):
                row[c] = ""
    return grid


def _lay_out(layout: Layout, blocks: list[etree._Element], counter: list[int], budget: list[int]) -> None:
    for block in blocks:
        if block.tag == W + "p":
            text = _text(block)
            if text.strip():
                counter[0] += 1
                # NOTE: soft, like lines of a text file: a document converted from PDF often
                # breaks a sentence into two paragraphs, and the text parser re-joins those.
                layout.paragraph(text, {"paragraph": counter[0]}, hard=False)
            continue
        nested: list[etree._Element] = []
        grid = _grid(block, nested, budget)
        layout.table(grid, layout="docx")
        # Nested tables follow their parent, in document order.
        for table in nested:
            _lay_out(layout, [table], counter, budget)


def read_docx(path: Path, data: bytes) -> Report:
    """Read .docx bytes into a report whose path is `path` (the user's file, even if converted).

    :raises ReadError: when the package is damaged or has no document body.
    """
    from docx.oxml.parser import parse_xml  # imported here: only .docx files pay for it
    from docx.package import Package

    check_zip(data, path.name)
    try:
        part = Package.open(io.BytesIO(data)).main_document_part
        # NOTE: macro-enabled documents and templates (.docm/.dotx) have a content type
        # python-docx does not model; their XML is the same, so it is parsed directly.
        root = getattr(part, "element", None)
        root = parse_xml(part.blob) if root is None else root
        body = root.find(W + "body")
    except (MemoryError, RecursionError):
        raise  # the memory ceiling or the nesting: the pipeline names it; the file is not "damaged"
    except Exception as exc:  # a damaged package fails in many ways inside python-docx; each means the same
        if "excessive depth" in str(exc).lower():  # libxml2's limit on nesting (256 levels)
            raise too_deep() from exc
        raise ReadError(
            f"无法打开 Word 文档“{path.name}”：文件已损坏或不完整。",
            f"cannot open the Word document “{path.name}”: the file is damaged or incomplete",
        ) from exc
    if body is None:
        raise ReadError(f"Word 文档“{path.name}”没有正文部分，无法检查。", f"the Word document “{path.name}” has no body to check")
    layout = Layout()
    _lay_out(layout, _blocks(body), [0], [current().cells, 0])
    return layout.report(str(path), "docx", _entity_notes(body))


def _entity_notes(body: etree._Element) -> list[Note]:
    """A note naming the XML entities left unexpanded (Word never writes them; their text is unknown)."""
    names = sorted({node.name for node in body.iter(etree.Entity)})
    if not names:
        return []
    listed = "、".join(f"&{n};" for n in names[:5])
    return [
        Note(
            f"正文中有未展开的 XML 实体引用（{listed}），其内容未读取；实体前后的文字照常检查",
            f"the text holds unexpanded XML entity references ({', '.join(f'&{n};' for n in names[:5])}), "
            "whose content was not read; the text around them was checked as usual",
        )
    ]


pfaudit_read = reader_hook("docx", read_docx, "Read a Word .docx report; None for anything that is not one.")
