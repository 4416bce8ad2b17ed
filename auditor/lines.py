"""The lines of a plain-text report, each with its kind (blank, text, a tab-separated row, a pipe
row, a cell line of a Word table exported one cell per line), and the cells of a table row
printed on one line. `auditor.parse` builds the report from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.model import Mapped, Span


@dataclass(slots=True)
class _Line:
    text: str  # without the line break
    start: int  # offset of the first character

    @property
    def kind(self) -> str:
        t = self.text
        if t.startswith("\t") and "\t" not in t[1:]:
            return "cell"  # a lone tab is an empty cell, not a blank line
        if not t.strip():
            return "blank"
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


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        out.append(_Line(line, pos))
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
