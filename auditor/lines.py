"""The lines of a plain-text report, each with its kind (blank, text, a tab-separated row, a pipe
row, a cell line of a Word table exported one cell per line), and the cells of a table row
printed on one line. `auditor.parse` builds the report from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.model import Mapped, Span

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


@dataclass(slots=True)
class _Line:
    text: str  # without the line break
    start: int  # offset of the first character

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
        return "text"

    def mapped(self) -> Mapped:
        return Mapped.of(self.text, self.start)


def _is_pipe_row(text: str) -> bool:
    """A pipe-table line: "| a | b |", "a | b |", "年度资金总额 |" or "a | b" — not a lone "|" in prose."""
    t = text.strip()
    if "|" not in t:
        return False
    return t.startswith("|") or t.endswith("|") or t.count("|") >= 2


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
        out.extend(_split_sections(line, pos))
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
        if regex.fullmatch(r"[|:\-\s]+", body) and "-" in body:
            return None  # a Markdown separator row
        lead = len(m.text) - len(m.text.lstrip())
        if m.text[lead:].startswith("|"):
            m = m[lead + 1 :]
        trail = len(m.text.rstrip())
        if m.text[:trail].endswith("|"):
            m = m[: trail - 1]
    cells: list[Mapped] = []
    start = 0
    for n, ch in enumerate(m.text):
        if ch == sep:
            cells.append(m[start:n])
            start = n + 1
    cells.append(m[start:])
    return cells
