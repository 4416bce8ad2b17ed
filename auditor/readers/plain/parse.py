"""Plain text to `Report`: headings, re-joined paragraphs and tables in every layout the samples show.

Layouts recognised: tab-separated rows with blank fields for merged cells;
Word tables exported one cell per line (each cell a line opening with a tab, continuation
lines for multi-line cells, rows separated by blank lines); pipe tables; rows whose cells a
PDF's text layer sets apart with runs of spaces. Prose lines that a page break cut
mid-sentence are joined back into one paragraph, and so are the lines of a hard-wrapped page
(a PDF export breaks every line at the page width: `auditor.readers.plain.lines.wrap_width`).
"""

from __future__ import annotations

import regex

from auditor.readers.plain.laid import aligned, laid_tables
from auditor.readers.plain.lines import (
    _as_row,
    _cell_span,
    _join_cell,
    _Line,
    _lines,
    _same_delimiter,
    _split_row,
    _strip,
    cells_a_line,
    pipes_alone,
    wrap_width,
)
from auditor.report.model import Block, Cell, Heading, Mapped, Paragraph, Report, Row, Span, Table
from auditor.report.normalize import for_reading
from auditor.report.outline import heading_marker

_TERMINAL = set("。！？；：!?;:…")
_CLOSERS = set("）)”’」』】》")
_COMMAS = set("，、,")
# (a one-character count unit starts a word as often: "2⏎⏎项目决策" is a cell, then a label)
_UNIT_START = regex.compile(r"^(?:万元|亿元|元|%|％|人次|(?:个|人|次|项|万|亿)(?!\p{Han}))")
# "附件1" opens an attachment: the narrative's outline no longer applies to what follows.
_ANNEX = regex.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?$")
MAX_HEADING_CHARS = 40
MAX_TITLE_STOP_CHARS = 20
_FIRST_ITEM = regex.compile(r"^(?:[（(]\s*[一1１]\s*[）)]|[1１]\s*[、．.](?![\d.．%％]))")
_PUNCT = regex.compile(r"[\p{P}\d]")
MAX_PAGE_GAP = 3  # blank lines a page break leaves between two halves of a sentence
PAGE_HEADER_CHARS = 20
_WORD_START = regex.compile(r"[\x21-\x7e]+")
_ASCII_END = regex.compile(r"[0-9A-Za-z.%]$")
_ASCII_START = regex.compile(r"[0-9A-Za-z]")
_CLAUSE_MARK = regex.compile(r"[，,、；;：:]")
# A line of cells set apart by single spaces that ends with a figure cell, another figure before it
_ROW_OF_FIGURES = regex.compile(r"(?:^|\s)[\d.%％]+\s(?:\S+\s)*[\d.%％]+$")


def _is_stopped_title(text: str) -> tuple[str, str] | None:
    """"(三)绩效指标完成情况分析。": a short numbered line closed by a full stop, a title or an item."""
    found = heading_marker(text)
    if not found:
        return None
    rest = text[len(found[1]) :].strip()
    if rest.endswith("。") and 4 <= len(rest) <= MAX_TITLE_STOP_CHARS and not _PUNCT.search(rest[:-1]):
        return found
    return None


def _is_heading(text: str) -> tuple[str, str] | None:
    found = heading_marker(text)
    if not found:
        return None
    rest = text[len(found[1]) :].strip()
    if not rest or len(rest) > MAX_HEADING_CHARS or "。" in rest or rest[-1] in "。；;，,":
        return None
    return found


class _Builder:
    """Walks the lines once, emitting blocks and tracking the heading outline."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.outline: list[tuple[str, str]] = []  # (kind, heading text) per level
        self.tables = 0
        self.wrap = wrap_width(lines)
        self.wraps: list[int] = []  # where a hard-wrapped line ran on: its line break's offset

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.outline)

    def _next_nonblank(self, i: int) -> int:
        while i < len(self.lines) and self.lines[i].kind == "blank":
            i += 1
        return i

    def run(self) -> list[Block]:
        i = 0
        laid = laid_tables(self.lines)
        while i < len(self.lines):
            kind = self.lines[i].kind
            if i in laid:
                end, rows = laid[i]
                self._emit_table(rows, "laid")  # a table laid out by position: a grid, its rows a guess
                i = end
            elif kind == "blank":
                i += 1
            elif kind == "cell":
                i = self._cell_table(i)
            elif kind in ("tsv", "pipe", "spaced"):
                i = self._delimited_table(i, kind)
            else:
                i = self._text(i)
        return self.blocks

    # -- prose ---------------------------------------------------------------------

    def _heading(self, line: _Line, kind: str, marker: str) -> None:
        kinds = [k for k, _ in self.outline]
        if kind in kinds:
            del self.outline[kinds.index(kind) :]
        text = _strip(line.mapped())
        read = for_reading(text)  # sections are matched like the text under them: normalised
        self.outline.append((kind, read.text))
        self.blocks.append(Heading(read, marker, kind, len(self.outline), text.span()))

    def _wrapped(self, line: _Line, nxt: _Line | None) -> bool:
        """Whether `line` ends a full printed line of hard-wrapped prose that runs on into `nxt`."""
        # NOTE: a wrap can leave a piece of a flattened row that looks like spaced cells on a line of its own
        if self.wrap is None or nxt is None or nxt.kind not in ("text", "spaced"):
            return False
        # A line also counts as full when the next line's first word would not have fitted on it
        # ("…拨款⏎310.2154.74"): a figure is never broken, so it moves to the next line whole.
        word = _WORD_START.match(nxt.text.lstrip())
        if line.printed + (len(word[0]) if word else 0) < self.wrap:
            return False
        tail = line.text.rstrip()
        if not tail or (tail[-1] in _TERMINAL and tail[-1] not in "：:"):
            return False
        if _ROW_OF_FIGURES.search(tail) and not _UNIT_START.match(nxt.text.strip()):
            return False  # a row whose last cell is a figure ("…达成预期指标 8"): the next line is a wrapped cell's tail
        # NOTE: a wrap may leave an item number at the start of a line ("…扎实抓好⏎2.强化…"):
        # after a full line cut mid-sentence it is the sentence going on, not a new item. After a
        # colon ("其中:" in a flattened row) the line goes on too, unless a numbered list opens.
        if heading_marker(nxt.text.strip()) and (tail[-1] in "：:" or not _CLAUSE_MARK.search(tail)):
            return False  # a title as wide as the page ("…绩效自评报告⏎一、基本情况") has no clause mark
        return not _ANNEX.match(nxt.text.strip())

    def _continues(self, line: _Line, nxt: _Line | None, adjacent: bool = False) -> bool:
        if adjacent and nxt is not None and self._wrapped(line, nxt):
            self.wraps.append(nxt.start - 1)
            return True
        text = line.text
        if nxt is None or nxt.kind != "text":
            return False
        tail = text.rstrip()
        if not tail or tail[-1] in _TERMINAL or tail[-1] in _CLOSERS:
            return False
        if tail[-1].isdigit() and _UNIT_START.match(nxt.text.strip()):
            return True  # a number cut from its unit: "共支出 260.15⏎⏎万元"
        if not any(c in _COMMAS for c in tail):
            return False  # a title or a name, not a sentence cut by a page break
        return _is_heading(nxt.text.strip()) is None

    def _annex(self, text: Mapped) -> None:
        read = for_reading(text)
        self.outline = [("annex", read.text)]
        self.blocks.append(Heading(read, "", "annex", 1, text.span()))

    def _text(self, i: int) -> int:
        line = self.lines[i]
        stripped = line.text.strip()
        if _ANNEX.match(stripped):
            self._annex(_strip(line.mapped()))
            return i + 1
        found = _is_heading(stripped)
        if found is None and (found := _is_stopped_title(stripped)):
            # a title only when its first sub-item follows ("1.数量指标。…"), not the last item of a list
            k = self._next_nonblank(i + 1)
            if k >= len(self.lines) or not _FIRST_ITEM.match(self.lines[k].text.strip()):
                found = None
        if found and i + 1 < len(self.lines) and self._wrapped(line, self.lines[i + 1]):
            found = None  # the first line of a wrapped paragraph that opens with its number
        if found:
            self._heading(line, *found)
            return i + 1
        parts = [_strip(line.mapped())]
        last = line  # the printed line the paragraph has reached
        j = i + 1
        while True:
            k = self._next_nonblank(j)
            if k - j > MAX_PAGE_GAP or k >= len(self.lines):
                break
            if not self._continues(last, self.lines[k], adjacent=k == j):
                break
            nxt = _strip(self.lines[k].mapped())
            if _ASCII_END.search(parts[-1].text) and _ASCII_START.match(nxt.text):
                # "…620.82万元 100⏎100% 10": two figures either side of the break stay two
                parts.append(Mapped.of(" ", self.lines[k].start - 1))
            parts.append(nxt)
            last = self.lines[k]
            j = k + 1
        joined = Mapped.join(parts)
        span = Span(parts[0].span().start, parts[-1].span().end)
        self.blocks.append(Paragraph(for_reading(joined), span, self.section))
        return j

    # -- tables --------------------------------------------------------------------

    def _emit_table(self, rows: list[list[Mapped]], layout: str) -> None:
        first = next((_strip(c) for c in rows[0] if c.text.strip()), None) if rows else None
        if first is not None and _ANNEX.match(first.text):
            self._annex(first)
        built: list[Row] = []
        for r, cells in enumerate(rows):
            cell_nodes = tuple(
                Cell(for_reading(_strip(c)), _cell_span(c), r, col) for col, c in enumerate(cells)
            )
            span = cell_nodes[0].span.cover(cell_nodes[-1].span)
            built.append(Row(cell_nodes, span, r))
        if not built:
            return
        span = built[0].span.cover(built[-1].span)
        self.blocks.append(Table(tuple(built), span, self.tables, layout, self.section))
        self.tables += 1

    def _cell_table(self, i: int) -> int:
        rows: list[list[Mapped]] = []
        row: list[list[Mapped]] = []  # cells, each a list of line pieces
        while i < len(self.lines):
            line = self.lines[i]
            kind = line.kind
            if kind == "cell":
                row.append([line.mapped()[1:]])
                i += 1
            elif kind == "blank":
                if row:
                    rows.append([_join_cell(c) for c in row])
                    row = []
                k = self._next_nonblank(i)
                if k >= len(self.lines) or self.lines[k].kind != "cell":
                    i = k
                    break
                i = k
            elif row:  # a continuation line of a multi-line cell
                row[-1].append(line.mapped())
                i += 1
            else:
                break
        if row:
            rows.append([_join_cell(c) for c in row])
        self._emit_table(rows, "cell-per-line")
        return i

    def _delimited_table(self, i: int, kind: str) -> int:
        rows: list[list[Mapped]] = []
        ends: list[int] = []  # the rows that are a line of pipes alone ("||", "||||||")
        lines: list[_Line] = []  # each row's line, for where its cells start
        noise: list[int] = []
        while i < len(self.lines):
            line = self.lines[i]
            split = _as_row(kind, line)
            if split is not None:
                cells = _split_row(line, split)
                if cells is not None:
                    if pipes_alone(line.text):
                        ends.append(len(rows))
                    rows.append(cells)
                    lines.append(line)
                i += 1
                continue
            # A page header between two halves of one table ("项目绩效自评") is skipped.
            k = self._next_nonblank(i)
            skipped: list[int] = []
            while (
                k < len(self.lines)
                and self.lines[k].kind == "text"
                and len(self.lines[k].text.strip()) <= PAGE_HEADER_CHARS
                and len(skipped) < 2
            ):
                skipped.append(k)
                k = self._next_nonblank(k + 1)
            if skipped and k < len(self.lines) and _same_delimiter(kind, self.lines[k].kind):
                noise.extend(skipped)
                i = k
                continue
            break
        if kind == "spaced" and (lined := aligned(rows, lines)) is not rows:
            self._emit_table(lined, "aligned")  # a grid: its empty cells hold their columns
        else:
            self._emit_table(cells_a_line(rows, ends), kind)
        for k in noise:
            self._text(k)
        return i


def parse(text: str, path: str = "<text>", encoding: str = "utf-8", notes: tuple[str, ...] = ()) -> Report:
    """Parse decoded text into a `Report`."""
    builder = _Builder(_lines(text))
    blocks = builder.run()
    blocks.sort(key=lambda b: b.span.start)
    return Report(path=path, text=text, blocks=tuple(blocks), encoding=encoding, notes=notes, wraps=frozenset(builder.wraps))
