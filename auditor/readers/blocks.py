"""The blocks a laid-out report is made of: the lines of a table the text parser took for one
(a paragraph each), and the tables numbered with the heading path they stand under."""

from __future__ import annotations

import dataclasses

from auditor.report.model import Block, Heading, Mapped, Paragraph, Table
from auditor.report.normalize import for_reading


def lines_with_offsets(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def stripped(m: Mapped) -> Mapped:
    t = m.text
    left = len(t) - len(t.lstrip())
    right = len(t.rstrip())
    return m[left:right] if right > left else m[left:left]


def as_paragraphs(text: str, table: Table) -> list[Paragraph]:
    """The whole lines under a table the text parser found, one paragraph each."""
    start = text.rfind("\n", 0, table.span.start) + 1
    end = text.find("\n", max(table.span.end - 1, start))
    out: list[Paragraph] = []
    for line, n in lines_with_offsets(text[start : len(text) if end == -1 else end]):
        piece = stripped(Mapped.of(line, start + n))
        if piece.text:
            out.append(Paragraph(for_reading(piece), piece.span(), table.section))
    return out


def with_sections(blocks: list[Block], text: str) -> list[Block]:
    """Number tables in document order and give each the heading path it stands under."""
    out: list[Block] = []
    stack: list[Heading] = []
    index = 0
    for block in blocks:
        if isinstance(block, Heading):
            del stack[block.level - 1 :]
            stack.append(block)
        elif isinstance(block, Table):
            # The heading as printed, as the text parser records sections.
            section = tuple(text[h.span.start : h.span.end] for h in stack)
            block = dataclasses.replace(block, index=index, section=section)
            index += 1
        out.append(block)
    return out
