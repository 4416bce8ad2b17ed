"""The HTML reader: reports published as web pages, saved from a browser or exported as "Excel".

lxml's HTML parser (libxml2) builds the tree; the text is what a browser shows. Block elements
and ``<br>`` end a line, runs of white space collapse to one space (a line break between two
Chinese characters to nothing, as CSS does), ``&nbsp;`` is a space, and script, style,
noscript, hidden elements and comments are left out. Site chrome (navigation, footers) stays:
it is text the page shows, and guessing what is chrome could drop the report's own words.

A ``<table>`` is a form, read cell by cell with rowspan/colspan resolved as in a .docx, unless
it is page layout: a table holding another table, a single column, or a cell holding an article
(`FRAME_BLOCKS` paragraphs or more, and most of the table's text). Layout tables are read
through, so the innermost tables are the forms and the article's paragraphs stay paragraphs.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

from lxml import etree

from auditor.readers.charset import decode
from auditor.readers.layout import NO_CELL, Layout
from auditor.readers.limits import current, too_many_cells
from auditor.readers.sniff import reader_hook, suffix_kind
from auditor.report.errors import LimitError, ReadError
from auditor.report.model import Note, Report

Grid = list[list[str | None]]
_SKIP = frozenset({
    "head", "title", "script", "style", "noscript", "template", "iframe", "frame", "object", "embed",
    "applet", "svg", "math", "canvas", "audio", "video", "select", "datalist", "input", "map",
})  # fmt: skip
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option", "textarea",
})  # fmt: skip
_RAW = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})  # white space kept as typed
_PARAGRAPHS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_DIGITS = re.compile(r"\s*(\d+)")
_INVISIBLE = str.maketrans({"\xa0": " ", "\u200b": None, "\ufeff": None})
FRAME_BLOCKS = 12  # paragraphs in one cell that make it an article inside a page frame, not a form cell
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534  # the limits browsers apply
# NOTE: a few bytes of colspan can ask for millions of cells (a hundred cells of colspan=1000 in
# each of a thousand rows); a table beyond the cells limit is refused rather than filling the memory.


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F") and not "\uac00" <= char <= "\ud7a3"


def _collapse(text: str) -> str:
    """Collapse white space as a browser does; a line break between Chinese characters vanishes."""

    def space(m: re.Match[str]) -> str:
        if "\n" in m.group() or "\r" in m.group():
            before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
            if before and after and _wide(before) and _wide(after):
                return ""
        return " "

    return _SPACE.sub(space, text).translate(_INVISIBLE).strip(" ")


class _Flow:
    """Text gathered into lines and tables in document order, as a browser lays them out."""

    def __init__(self) -> None:
        self.items: list[str | Grid] = []
        self._parts: list[str] = []
        self.raw = 0  # depth inside <pre> and its kin

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not self.raw:
            self._parts.append(text)
            return
        # NOTE: kept white space becomes no-break space, which `_collapse` leaves alone.
        first, *lines = text.replace("\r\n", "\n").split("\n")
        self._parts.append(first.replace(" ", "\xa0").replace("\t", "\xa0"))
        for line in lines:
            self.end_line()
            self._parts.append(line.replace(" ", "\xa0").replace("\t", "\xa0"))

    def end_line(self) -> None:
        if self._parts:
            line = _collapse("".join(self._parts))
            self._parts = []
            if line.strip():
                self.items.append(line)

    def table(self, table: etree._Element) -> None:
        self.end_line()
        for caption in table.findall("caption"):
            _walk(caption, self, tables=False)
            self.end_line()
        grid = _grid(table)
        if any(value for row in grid for value in row):
            self.items.append(grid)


def _hidden(element: etree._Element) -> bool:
    style = element.get("style")
    return element.get("hidden") is not None or (style is not None and _HIDDEN.search(style) is not None)


def _walk(root: etree._Element, flow: _Flow, *, tables: bool) -> None:
    """Feed the text under `root` (not its tail) to `flow`, without recursion: pages nest deeply."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if closing:
            if tag in _RAW:
                flow.raw -= 1
            if tag in _BLOCK:
                flow.end_line()
            if element is not root:
                flow.add(element.tail)
            continue
        if not tag or tag in _SKIP or _hidden(element):
            if element is not root:
                flow.add(element.tail)
            continue
        if tag in ("br", "hr"):
            flow.end_line()
            flow.add(element.tail)
            continue
        if tag == "table" and tables and not _is_frame(element):
            flow.table(element)
            flow.add(element.tail)
            continue
        if tag in _BLOCK:
            flow.end_line()
        if tag in _RAW:
            flow.raw += 1
        flow.add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def _row_groups(table: etree._Element) -> list[list[etree._Element]]:
    """The table's rows by group, in the order a browser shows them: head, bodies, foot."""
    head: list[list[etree._Element]] = []
    body: list[list[etree._Element]] = []
    foot: list[list[etree._Element]] = []
    loose: list[etree._Element] = []
    for child in table:
        if child.tag == "tr":
            loose.append(child)
            continue
        if loose:
            body.append(loose)
            loose = []
        if child.tag in ("thead", "tbody", "tfoot"):
            group = [tr for tr in child if tr.tag == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[child.tag].append(group)
    if loose:
        body.append(loose)
    return [g for g in (*head, *body, *foot) if g]


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in ("td", "th") and not _hidden(c)]


def _is_frame(table: etree._Element) -> bool:
    """Whether a table lays out the page rather than holding a form (see the module docstring)."""
    if any(inner is not table for inner in table.iter("table")):
        return True
    rows = [_cells(tr) for group in _row_groups(table) for tr in group]
    if all(len(row) <= 1 for row in rows):
        return True
    # NOTE: a form cell may hold many paragraphs too (Word writes a <p> per line), but not most
    # of the table's text, as an article in the content column of a page frame does.
    cells = [cell for row in rows for cell in row]
    long = [c for c in cells if len(c) and sum(e.tag in _PARAGRAPHS for e in c.iter()) >= FRAME_BLOCKS]
    if not long:
        return False
    total = sum(len("".join(c.itertext())) for c in cells)
    return any(len("".join(c.itertext())) * 2 > total for c in long)


def _number(value: str | None, default: int, top: int) -> int:
    """A rowspan/colspan as browsers read it: leading digits ("2px" is 2), within limits."""
    if value is None:
        return default
    digits = _DIGITS.match(value)
    return min(int(digits.group(1)), top) if digits else default


def _cell_text(cell: etree._Element) -> str:
    if len(cell) == 0:  # most cells hold bare text: no walk needed
        return _collapse(cell.text or "")
    flow = _Flow()
    _walk(cell, flow, tables=False)
    flow.end_line()
    return "\n".join(line for line in flow.items if isinstance(line, str))


def _grid(table: etree._Element) -> Grid:
    """The printed grid: a spanned column is `NO_CELL`, a row-spanned cell is None below its first row.

    :raises LimitError: when the spans ask for more cells than the limit (`auditor.readers.limits`).
    """
    slots: dict[tuple[int, int], str | None] = {}
    cap = current().cells
    r = width = 0
    for group in _row_groups(table):
        end = r + len(group)
        for tr in group:
            c = 0
            for cell in _cells(tr):
                while (r, c) in slots:
                    c += 1
                across = max(1, _number(cell.get("colspan"), 1, MAX_COLSPAN))
                down = min(_number(cell.get("rowspan"), 1, MAX_ROWSPAN) or end - r, end - r)  # 0: to the group's end
                if len(slots) + across * down > cap or (r + 1) * max(width, c + across) > cap:
                    raise _too_big(max(len(slots) + across * down, (r + 1) * max(width, c + across)))
                text = _cell_text(cell)
                for dr in range(down):
                    for dc in range(across):
                        # NOTE: where spans overlap (a malformed table) the first cell keeps the slot.
                        slots.setdefault((r + dr, c + dc), text if (dr, dc) == (0, 0) else None if dc == 0 else NO_CELL)
                c += across
                width = max(width, c)
            r += 1
    # A row with no cell at all (an empty <tr>) is not shown; no span can cross it.
    shown = sorted({row for row, _ in slots})
    if len(shown) * width > cap:
        raise _too_big(len(shown) * width)
    return [[slots.get((row, c), "") for c in range(width)] for row in shown]


def _too_big(n: int) -> LimitError:
    return too_many_cells(("网页中表格的行列合并（rowspan/colspan）", "a web-page table's rowspan/colspan"), n, current())


def _parse(text: str, name: str) -> etree._Element:
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8")
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"无法解析网页“{name}”：{exc}。", f"cannot parse the web page “{name}”: {exc}") from exc
    fatal = [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]
    if fatal:
        # NOTE: libxml2 stops at a fatal error (nesting deeper than 2048 elements); a part read
        # silently would look like a clean report.
        where, why = fatal[0].line, fatal[0].message.strip()
        raise ReadError(f"无法完整解析网页“{name}”：第 {where} 行{why}。", f"cannot parse all of the web page “{name}”: line {where}: {why}")
    if root is None:
        raise ReadError(f"网页“{name}”中没有可检查的文字。", f"the web page “{name}” holds no text to check")
    return root


def read_html(path: Path, data: bytes) -> Report:
    """Read a web page into a report; tables keep their grid, paragraphs their numbers.

    :raises ReadError: for an empty, binary or undecodable file, or a page with no text.
    """
    text, encoding, notes = decode(data, path.name)
    flow = _Flow()
    _walk(_parse(text, path.name), flow, tables=True)
    flow.end_line()
    if not flow.items:
        raise ReadError(
            f"网页“{path.name}”中没有可检查的文字：页面为空，或正文由脚本加载、在框架（iframe）里或在附件中"
            "（请在浏览器中打开后复制正文，或下载报告原件）。",
            f"the web page “{path.name}” holds no text to check: it is empty, or its text is loaded by script, "
            "inside a frame (iframe) or in an attachment (open it in a browser and copy the text, or download "
            "the report itself)",
        )
    layout = Layout()
    paragraph = 0
    for item in flow.items:
        if isinstance(item, str):
            paragraph += 1
            # NOTE: soft, as in .docx: pages pasted from PDF cut sentences into paragraphs.
            layout.paragraph(item, {"paragraph": paragraph}, hard=False)
        else:
            layout.table(item, layout="html")
    if suffix_kind(path) not in ("html", None):
        zh = f"文件扩展名为 {path.suffix}，但内容其实是网页（HTML），已按网页读取"
        notes.append(Note(zh, f"the file is named {path.suffix} but holds a web page (HTML); it was read as one"))
    # NOTE: every table of a page is a <table>; navigation such as "首页 | 政务公开" is prose.
    report = layout.report(str(path), "html", notes, text_tables=False)
    return dataclasses.replace(report, encoding=encoding)


pfaudit_read = reader_hook("html", read_html, "Read a web page (.html/.htm, or a page saved as .xls/.doc); None for anything else.")
