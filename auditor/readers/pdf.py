"""The .pdf reader: text in reading order, ruled tables as tables, the page of every line.

pdfplumber gives characters with positions. Tables are found from their ruling lines; their
characters are laid out as table rows and left out of the prose. Prose lines are joined into
paragraphs by geometry (a line that reaches the right margin goes on in the next one), and a
paragraph cut by a page break is left to the text parser, which re-joins a line that does not
end a sentence. A PDF with no text layer is refused with a request for OCR: checking nothing
must never look like a clean result. Pages without a text layer are read by OCR when the
``ocr`` extra is there (`auditor.readers.ocr`): their paragraphs and ruled tables come in as
the text layer's do, each piece anchored to its place on the page image.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from statistics import median
from typing import Any

from auditor.readers import borderless
from auditor.readers.inflate import bounded
from auditor.readers.layout import Layout
from auditor.readers.limits import current, too_long, too_many_pages
from auditor.readers.pdfitems import Item, join_lines, merge_tables, wrap
from auditor.readers.sniff import reader_hook
from auditor.report.errors import ReadError
from auditor.report.model import Report
from auditor.report.outline import heading_marker

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／共]\s*\d{1,4}\s*页?)?[-—–\s]*$")
MARGIN_BAND = 0.08  # page numbers live in the top and bottom 8% of a page


def _table_rows(table: Any) -> list[list[str | None]]:
    """The table's grid: a vertically merged cell is None below its first row."""
    texts = table.extract()
    cells = table.cells
    rows = table.rows
    lefts = sorted({b[0] for b in cells})  # pdfplumber's columns are the distinct left edges
    grid: list[list[str | None]] = []
    for r, row in enumerate(rows):
        top = row.bbox[1]
        out: list[str | None] = []
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                out.append(join_lines(texts[r][c]))
                continue
            x = lefts[c]
            cover = next((b for b in cells if b[0] <= x + 0.5 < b[2] and b[1] <= top + 0.5 < b[3]), None)
            # Covered from the left (a spanned column) reads blank; covered from above, the
            # merged value belongs to this row too, in the first column it spans.
            above = cover is not None and cover[1] < top - 0.5 and abs(cover[0] - x) < 0.5
            out.append(None if above and r else "")
        grid.append(out)
    return grid


def _paragraphs(page_number: int, lines: list[dict]) -> list[Item]:
    """Join a page's prose lines into paragraphs by their geometry."""
    if not lines:
        return []
    left = min(line["x0"] for line in lines)
    widest = max(line["x1"] for line in lines) - left
    # The right margin is where long lines usually end: one line pushed out by half-width
    # characters or compressed punctuation must not make every other line look short.
    right = median(line["x1"] for line in lines if line["x1"] - left > 0.6 * widest)
    width = median((line["x1"] - line["x0"]) / max(len(line["text"]), 1) for line in lines)
    items: list[Item] = []
    previous: dict | None = None
    for line in lines:
        text = line["text"].strip()
        starts = (
            previous is None
            or previous["x1"] < right - 1.5 * width
            or line["x0"] > left + 1.5 * width
            or line["top"] - previous["bottom"] > (line["bottom"] - line["top"])
            or heading_marker(text) is not None
        )
        if starts:
            items.append(Item(page_number, line["top"], text))
        else:
            items[-1].text = wrap(items[-1].text, text)
        items[-1].full = line["x1"] >= right - 1.5 * width
        previous = line
    return items


def _page_items(page: Any, number: int, carried: borderless.Found | None = None) -> tuple[list[Item], borderless.Found | None]:
    """A page's paragraphs and tables, and the columns of a borderless table that goes on overleaf."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    band = page.height * MARGIN_BAND

    def numbering(text: str, top: float, bottom: float) -> bool:
        return bool(_PAGE_NUMBER.match(text)) and (top < band or bottom > page.height - band)

    words = [ln for ln in borderless.page_lines(page.filter(outside))
             if not numbering(" ".join(w["text"] for w in ln.words), ln.top, ln.bottom)]  # fmt: skip
    found = [table for _, _, table in borderless.find(words, carried)]
    boxes += [table.box for table in found]
    lines = [
        line
        for line in page.filter(outside).extract_text_lines(strip=True, return_chars=False)
        if line["text"].strip() and not numbering(line["text"], line["top"], line["bottom"])
    ]
    items = _paragraphs(number, lines)
    for table in tables:
        rows = _table_rows(table)
        if any(any(c for c in row) for row in rows):
            items.append(Item(number, table.bbox[1], rows=rows, pages=[number] * len(rows)))
    items += [Item(number, t.box[1], rows=t.rows, pages=[number] * len(t.rows), guessed=not t.aligned) for t in found]
    # Reading order is top to bottom; the gap a table leaves has already ended the paragraph above.
    items.sort(key=lambda i: i.top)
    last = found[-1] if found and found[-1].last else None
    return items, last if last is not None and items[-1].rows is last.rows else None


def _limit_inside(exc: BaseException) -> BaseException | None:
    """A limit or the memory ceiling that pdfplumber wrapped in its own exception (PdfminerException)."""
    for inner in (*exc.args, exc.__cause__, exc.__context__):
        if isinstance(inner, ReadError | MemoryError | RecursionError):
            return inner
    return None


def read_pdf(path: Path, data: bytes) -> Report:
    """Read PDF bytes into a report whose path is `path`.

    :raises ReadError: for encrypted or damaged files and for files without a text layer.
    """
    import pdfplumber  # imported here: only PDF files pay for it

    # NOTE: pdfminer logs every operator it cannot parse in a damaged file ("Could not set text
    # matrix…") as a warning, which Python prints to stderr; the file is read or refused with a
    # finding, so the user has nothing to do with them.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        with pdf, bounded(path.name):
            limits = current()
            pages = list(pdf.pages)
            if len(pages) > limits.pdf_pages:
                raise too_many_pages(len(pages), limits)
            chars = 0
            for p in pages:  # characters, page by page, before any page is laid out
                chars += len(p.chars)
                if chars > limits.text_length:
                    raise too_long(chars, limits)
            silent = [n for n, p in enumerate(pages, 1) if not p.chars]
            scanned, notes = _scanned(path, data, silent, len(pages))
            items: list[Item] = []
            carried: borderless.Found | None = None  # a borderless table that may go on overleaf
            for n, p in enumerate(pages, 1):
                if n in scanned:
                    items += [_from_scan(n, b) for b in scanned[n]]
                    carried = None
                    continue
                mine, carried = _page_items(p, n, carried)
                items += mine
    except (ReadError, MemoryError, RecursionError):
        raise  # a limit, or the memory ceiling: the pipeline names it; the file is not "damaged"
    except Exception as exc:  # pdfminer signals damage and passwords with many exception types
        inner = _limit_inside(exc)
        if inner is not None:
            raise inner from exc
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect and PDFEncryptionError in its args.
        said = " ".join(type(a).__name__ for a in (exc, *exc.args)) + f" {exc}"
        if "password" in said.lower() or "encrypt" in said.lower():
            raise ReadError(
                f"PDF“{path.name}”设置了打开密码（已加密），无法读取；请取得不加密的版本再检查。",
                f"the PDF “{path.name}” is encrypted (it has an open password); get an unencrypted version and check it",
            ) from exc
        # NOTE: no exception class name here (PdfminerException): staff read these messages.
        raise ReadError(
            f"无法读取 PDF“{path.name}”：文件已损坏或不完整。", f"cannot read the PDF “{path.name}”: the file is damaged or incomplete"
        ) from exc
    layout = Layout()
    items = merge_tables(items)
    for n, item in enumerate(items):
        if item.rows:
            piece = (lambda r, c, i=item: i.pieces[r][c]) if item.pieces else (lambda _r, _c: None)
            layout.table(
                item.rows, lambda r, c, i=item, p=piece: _where(i.pages[r], p(r, c)), layout="pdf", certain=not item.guessed,
                doubts=lambda r, c, p=piece: p(r, c).doubts if p(r, c) is not None else (),
            )  # fmt: skip
            continue
        if item.lines:
            layout.lines([(p.text, _where(item.page, p), p.doubts, b) for p, b in zip(item.lines, item.blank, strict=True)])
            continue
        following = items[n + 1] if n + 1 < len(items) else None
        # A full last line of a page may go on overleaf: let the text parser decide.
        soft = item.full and following is not None and following.page > item.page and not following.rows
        layout.paragraph(item.text, {"page": item.page}, hard=not soft)
    return layout.report(str(path), "pdf", notes)


def _where(page: int, piece: Any) -> dict[str, Any]:
    """A piece's anchor: its page and, when OCR read it, its box on the page."""
    return {"page": page} if piece is None else {"page": page, "region": piece.box, "ocr": True}


def _from_scan(page: int, block: Any) -> Item:
    if block.lines:
        return Item(page, block.top, lines=block.lines, blank=block.blank)
    return Item(page, block.top, rows=block.rows, pages=[page] * len(block.rows), pieces=block.pieces)


def _scanned(path: Path, data: bytes, silent: list[int], count: int) -> tuple[dict[int, list[Any]], list[str]]:
    """The pages OCR read (as its blocks) and the notes on them; a scan that cannot be read is refused."""
    from auditor.readers.ocr import read  # imported here: only scans pay for it

    limits = current()
    pages = read.wanted(silent, count, limits)
    if not pages or not read.available():
        if len(silent) == count:
            raise read.refusal(path.name, limits)
        return {}, [read.unread_note(silent, limits)] if silent else []
    scanned, notes = read.read_scanned(data, pages, limits)
    if not scanned and len(silent) == count:
        raise ReadError(f"“{path.name}”是扫描件，没有一页能识别出文字：{'；'.join(notes)}。", f"“{path.name}” is a scan, and OCR read none of its pages.")
    unread = [n for n in silent if n not in scanned and n not in pages]
    return scanned, notes + ([read.unread_note(unread, limits)] if unread else [])


pfaudit_read = reader_hook("pdf", read_pdf, "Read a PDF report; None for anything that is not one.")
