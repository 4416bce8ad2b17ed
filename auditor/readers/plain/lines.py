"""The lines of a plain-text report, each with its kind (blank, text, a tab-separated row, a pipe
row, a cell line of a Word table exported one cell per line), the cells of a table row
printed on one line, and the rows of a table printed one cell a line between lines of pipes.
`auditor.readers.plain.parse` builds the report from them.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from auditor.report.model import Mapped, Span
from auditor.report.normalize import printed_width

_PAGE_NUMBER = regex.compile(
    r"^\s*(?:[-—–－]{1,2}\s*\d{1,3}\s*[-—–－]{1,2}|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)\s*$"
)
# A page that lost its line breaks still numbers its sections right after a full stop
# ("…已全部到位。2.项目资金执行情况分析…"): each numbered part goes back on a line of its own.
_INLINE_SECTION = regex.compile(
    r"(?<=[。！!？?])\s*(?=[一二三四五六七八九十]{1,3}\s*[、．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)]"
    r"|\d{1,2}\s*[、.．](?![\d.．%％]))"
)
# ... and a heading runs straight into its first sub-heading ("二、绩效目标完成情况分析(一)资金…").
_FIRST_CHILD = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、．.]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)]|\d{1,2}\s*[、．.](?![\d.．]))"
    r"[^。；;，,：:、\n]{2,40}?(?=[（(]\s*[一1１]\s*[）)]|[1１]\s*[、．.](?![\d.．%％]))"
)


PROSE_TAIL_CHARS = 80
_SPACES = regex.compile(r"(?: {2,}|\u3000+)\s*")
_ANY_SPACE = regex.compile(r"\s+")  # between figures alone on a line, one space is enough
SPACED_MIN_CELLS = 3
_FIGURE_TEXT = r"[\d.,%％]+"  # a figure as a cell prints it: digits, separators, a percent sign
_FIGURE = regex.compile(_FIGURE_TEXT)
_FIGURES_ONLY = regex.compile(rf"{_FIGURE_TEXT}(?:\s+{_FIGURE_TEXT})*")
_SPACED_PIPES = {"pipe", "spaced"}  # two delimiters that one table may mix
_PROSE_MARK = regex.compile(r"[，；]")
_MD_SEPARATOR = regex.compile(r"[|:\-\s]+")  # NOTE: compiled once: every pipe row asks
SPACED_CELL_CHARS = 40
# A PDF or a fixed-width export breaks every line of prose at the page's width: when many text
# lines end within a few columns of one width (a CJK character counts two), the document is
# hard-wrapped there, and a line that reaches that width runs on into the next one.
WRAP_MIN_WIDTH = 30  # narrower lines are headings, names and stubs, not wrapped prose
WRAP_MIN_LINES = 6
WRAP_SHARE = 0.3  # of the lines at least WRAP_MIN_WIDTH wide, this share ends at the wrap
WRAP_WIDER = 0.1  # at most this share of them is wider than the wrap (a wrapped page has none)
WRAP_SLACK = 4  # columns: justification and half-width digits move a line's end a little
SHORT_LINE = (WRAP_MIN_WIDTH - WRAP_SLACK) // 2  # fewer characters than this cannot reach any wrap


@dataclass(slots=True)
class _Line:
    text: str  # without the line break
    start: int  # offset of the first character
    printed: int = -1  # display width of the printed line this piece ends; -1 when more of it follows

    @property
    def kind(self) -> str:
        t = self.text
        if t.startswith("\t") and "\t" not in t[1:]:
            return "cell"  # a lone tab is an empty cell, not a blank line
        if not t.strip() or _PAGE_NUMBER.match(t):
            return "blank"  # a page number is where a page broke, nothing the report says
        if "\t" in t:
            return "tsv"
        if _is_pipe_row(t):
            return "pipe"
        if _is_spaced_row(t):
            return "spaced"
        return "text"

    def mapped(self) -> Mapped:
        return Mapped.of(self.text, self.start)


def _is_pipe_row(text: str) -> bool:
    """A pipe-table line: "| a | b |", "a | b |", "年度资金总额 |" or "a | b" — not a lone "|" in prose."""
    t = text.strip()
    if "|" not in t:
        return False
    return t.startswith("|") or t.endswith("|") or t.count("|") >= 2


def _is_spaced_row(text: str, fewest: int = SPACED_MIN_CELLS) -> bool:
    """A table row whose cells a PDF or a web page set apart with runs of spaces: three cells or
    more (`fewest`; two inside a spaced table), each short, none a sentence ("项目建设单位满意度  ≥90%  ≥90%")."""
    if "  " not in text and "\u3000" not in text:
        return False
    cells = _SPACES.split(text.strip())
    if len(cells) < fewest:
        return False
    figures = sum(bool(_FIGURE.fullmatch(c)) for c in cells)
    # a long cell is a sentence, unless it is the note a row of figures ends with ("总额  0.00  3.36  …  1.预算执行率=…")
    if any(len(c) > SPACED_CELL_CHARS for c in cells[:-1]) or (len(cells[-1]) > SPACED_CELL_CHARS and figures < 3):
        return False
    if any("。" in c for c in cells) and figures < 2:
        return False  # a sentence, unless it is the note at the end of a row of figures
    if sum(bool(_PROSE_MARK.search(c)) for c in cells) >= 2 or text.rstrip()[-1] in "，,、":
        return False  # justified prose with stray double spaces: its pieces run on with commas
    # NOTE: three cells with no figure may be a name padded to three characters' width ("王  斌  副镇长")
    return len(cells) > fewest or any(c.isdigit() for c in text) or fewest < SPACED_MIN_CELLS


def _split_sections(line: str, start: int) -> list[_Line]:
    """One printed line as the numbered parts a page that lost its line breaks ran together."""
    if "\t" in line:
        return [_Line(line, start)]
    if "|" in line:
        # The report's prose run on after the last cell of a table row: the prose is no cell.
        cut = line.rfind("|") + 1
        tail = line[cut:]
        if len(tail) < PROSE_TAIL_CHARS or tail.count("。") < 2:
            return [_Line(line, start)]
        return [_Line(line[:cut], start), *_split_sections(tail, start + cut)]
    pieces: list[_Line] = []
    at = 0
    for m in _INLINE_SECTION.finditer(line):
        pieces.append(_Line(line[at : m.start()], start + at))
        at = m.end()
    pieces.append(_Line(line[at:], start + at))
    out: list[_Line] = []
    for piece in pieces:
        while m := _FIRST_CHILD.match(piece.text):
            out.append(_Line(piece.text[: m.end()], piece.start))
            piece = _Line(piece.text[m.end() :], piece.start + m.end())
        out.append(piece)
    return out


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        pieces = _split_sections(line, pos)
        # NOTE: a line under SHORT_LINE characters is narrower than any wrap (at most two columns
        # a character): its length stands in for its width, and most lines (cells) cost nothing.
        pieces[-1].printed = printed_width(line) if len(line) >= SHORT_LINE else len(line)
        out.extend(pieces)
        pos += len(raw) + 1
    return out


def _strip(m: Mapped) -> Mapped:
    t = m.text
    if not t or not (t[0].isspace() or t[-1].isspace()):
        return m
    left = len(t) - len(t.lstrip())
    right = len(t.rstrip())
    return m[left:right] if right > left else m[left:left]


def _cell_span(cell: Mapped) -> Span:
    return _strip(cell).span()


def _join_cell(pieces: list[Mapped]) -> Mapped:
    return Mapped.join(_strip(p) if n else p for n, p in enumerate(pieces))


def _split_row(line: _Line, kind: str) -> list[Mapped] | None:
    m = line.mapped()
    sep = "\t" if kind == "tsv" else "|"
    if kind == "pipe":
        body = m.text.strip()
        if _MD_SEPARATOR.fullmatch(body) and "-" in body and ("--" in body or body.count("|") >= 2):
            return None  # a Markdown separator row, not a lone dash cell ("- |": a blank cell printed one a line)
        lead = len(m.text) - len(m.text.lstrip())
        if m.text[lead:].startswith("|"):
            m = m[lead + 1 :]
        trail = len(m.text.rstrip())
        if m.text[:trail].endswith("|"):
            m = m[: trail - 1]
    cells: list[Mapped] = []
    if kind in ("spaced", "figures"):
        start = len(m.text) - len(m.text.lstrip())
        end = len(m.text.rstrip())
        for gap in (_SPACES if kind == "spaced" else _ANY_SPACE).finditer(m.text, start, end):
            cells.append(m[start : gap.start()])
            start = gap.end()
        cells.append(m[start:end])
        return cells
    start = 0
    for n, ch in enumerate(m.text):
        if ch == sep:
            cells.append(m[start:n])
            start = n + 1
    cells.append(m[start:])
    return cells


def wrap_width(lines: list[_Line]) -> int | None:
    """The width from which a text line counts as full (hard-wrapped), or None when prose is not wrapped."""
    widths = sorted(line.printed for line in lines if line.printed >= WRAP_MIN_WIDTH and line.kind == "text")
    if len(widths) < WRAP_MIN_LINES:
        return None
    best, top, low = 0, 0, 0
    for i, w in enumerate(widths):  # the densest window of WRAP_SLACK columns
        while widths[low] < w - WRAP_SLACK:
            low += 1
        if i - low + 1 >= best:
            best, top = i - low + 1, w
    wider = len(widths) - bisect_right(widths, top)
    if best < WRAP_MIN_LINES or best < WRAP_SHARE * len(widths) or wider > WRAP_WIDER * len(widths):
        return None
    return top - WRAP_SLACK


def _same_delimiter(kind: str, other: str) -> bool:
    """Whether a line of kind `other` continues a table of `kind` (pipes and spaced cells mix)."""
    return other == kind or {kind, other} == _SPACED_PIPES


def _as_row(kind: str, line: _Line) -> str | None:
    """How `line` splits as a row of a `kind` table, or None where the table ends."""
    if _same_delimiter(kind, line.kind):
        # NOTE: a row of spaced cells between pipe rows ("年度资金总额 |⏎32.4  31.69  10") is the same table
        return line.kind
    if kind == "tsv" and line.kind == "cell":
        return "tsv"
    if kind in _SPACED_PIPES and line.kind == "text":
        if _FIGURES_ONLY.fullmatch(line.text.strip()):
            return "figures"  # the figures a wrapped row left on a line of their own ("10  10")
        if _is_spaced_row(line.text, 2):
            # inside a spaced table, or a pipe table some of whose rows are spaced, two cells make a
            # row ("完成养护500公里  完成养护520公里")
            return "spaced"
    return None


_PIPES_ALONE = regex.compile(r"\s*\|[\s|]*\|\s*")
CELL_LINE_ENDS = 2  # rows a table of one cell a line must end with a line of pipes, at least


def cells_a_line(rows: list[list[Mapped]], ends: list[int]) -> list[list[Mapped]]:
    """A table exported one cell a line ("公猪饲养舍 |", "22.8 |"), each row closed by a line of
    pipes alone ("||"), as the rows it prints: the cells between two such lines are one row.

    NOTE: without it every line is a row of one cell, and the decoder has to guess where the
    rows end from the cells' kinds; the lines of pipes say it.
    """
    ended = set(ends)
    if len(ended) < CELL_LINE_ENDS or any(len(r) != 1 for k, r in enumerate(rows) if k not in ended):
        return rows
    out: list[list[Mapped]] = []
    row: list[Mapped] = []
    for k, cells in enumerate(rows):
        if k in ended:
            if row:
                out.append(row)
            row = []
        else:
            row.append(cells[0])
    if row:
        out.append(row)
    return out


def pipes_alone(text: str) -> bool:
    """A line of pipes alone ("||", "| ||"): where a table exported one cell a line closes a row."""
    return _PIPES_ALONE.fullmatch(text) is not None
