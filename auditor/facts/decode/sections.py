"""Where an indicator table's rows give way to the report's text again: at a section of its outline.

A section heading ("二、…", "（三）…") after the table's first row ends its rows; so does a heading
of any numbering ("3.分析评价…") right after a table of pipe rows, whose last pipe is its end. In a
glued printing a heading has no line of its own: its marker, run into the rows, says it.
"""

from __future__ import annotations

from auditor.facts.decode.cells import WORDS, Atom
from auditor.report.model import Heading, Report, Table
from auditor.report.outline import heading_marker

# The outline numberings a report's sections use (一、 （一）); "1." numbers indicators too
SECTION_KINDS = ("cn", "cn-paren")


def opens_section(a: Atom) -> bool:
    """An atom that opens with a section's outline marker ("（三）存在问题…")."""
    found = heading_marker(a.value) if a.kind in WORDS else None
    return found is not None and found[0] in SECTION_KINDS


RESUME = 3  # blocks after a heading within which a table of pipe rows that resumes makes it a wrapped cell


def _after_pipes(report: Report) -> frozenset[int]:
    """Headings right after a table of pipe rows, of any numbering ("3.分析评价…"): the table's rows
    end with its last pipe, the heading is the report's text again — unless the pipe rows resume
    right after it (a cell's wrapped "1、…" list, printed as its own line), or the text ends with it
    (an excerpt cut inside a cell: the table's last row may never have been printed whole)."""
    out: set[int] = set()
    end = -1
    blocks = report.blocks
    for n, block in enumerate(blocks):
        if isinstance(block, Table):
            end = block.span.end if block.layout == "pipe" else -1
        elif block.span.start >= end >= 0:
            resumes = any(isinstance(b, Table) and b.layout == "pipe" for b in blocks[n + 1 : n + 1 + RESUME])
            if isinstance(block, Heading) and not resumes and n + 1 < len(blocks):
                out.add(block.span.start)
            end = -1
    return frozenset(out)


def section_starts(report: Report) -> frozenset[int]:
    """Where the report's sections open: the indicator rows end at any of them."""
    return frozenset(h.span.start for h in report.headings if h.kind in SECTION_KINDS) | _after_pipes(report)
