"""How well a scan reads against its text original: characters, numeric cells, findings.

Both sides are read by pfaudit's own readers, so both are normalised alike: the characters
compared are the report's text without white space, in NFKC (a full-width bracket the
engine reads as a half-width one is the same character to every check).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from auditor.report.model import Report

_NUMBER = re.compile(r"^[≥≤<>]?-?\d[\d,]*(\.\d+)?%?$")
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def read(data: bytes, name: str) -> Report:
    """A file's report, as pfaudit reads it (a .pdf by the PDF reader, OCR included)."""
    from auditor.readers import text
    from auditor.readers.pdf import read_pdf

    path = Path(name)
    return read_pdf(path, data) if path.suffix == ".pdf" else text.pfaudit_read(path, data)


def characters(report: Report) -> str:
    """The report's characters, without white space, in NFKC."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", report.text))


def _segments(report: Report) -> list[str]:
    """The report's lines and cells, each without white space, in NFKC."""
    parts = re.split(r"[\n\t]+", unicodedata.normalize("NFKC", report.text))
    return [t for p in parts if (t := re.sub(r"\s+", "", p))]


def char_accuracy(truth: Report, scan: Report) -> tuple[int, int]:
    """Characters of the original that the scan reads in the same order, and how many there are.

    Lines and cells are paired first, then characters within each pair: a report that repeats
    a passage cannot have its copies paired with each other's.
    """
    a, b = _segments(truth), _segments(scan)
    ok = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            ok += sum(len(t) for t in a[i1:i2])
        elif op == "replace":
            left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
            ok += sum(m.size for m in difflib.SequenceMatcher(None, left, right, autojunk=False).get_matching_blocks())
    return ok, sum(len(t) for t in a)


def _cell(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def _rows(report: Report) -> list[list[str]]:
    """Every table row as its printed (non-empty) cells, tables one after another."""
    return [[v for c in row.cells if (v := _cell(c.value))] for table in report.tables for row in table.rows]


def numeric_cells(truth: Report, scan: Report) -> tuple[int, int, list[str]]:
    """Numeric table cells of the original read exactly, in the same row at the same place among its cells.

    Rows are paired in order by their text (a table cut at another place across a page break
    still pairs row for row); an empty column the scan adds or loses does not count.
    """
    a, b = _rows(truth), _rows(scan)
    matcher = difflib.SequenceMatcher(None, ["|".join(r) for r in a], ["|".join(r) for r in b], autojunk=False)
    ok, n, misses = 0, 0, []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i2 - i1):
            want = a[i1 + k]
            got = b[j1 + k] if op in ("equal", "replace") and j1 + k < j2 else []
            for col, value in enumerate(want):
                if not _NUMBER.match(value):
                    continue
                n += 1
                if col < len(got) and got[col] == value:
                    ok += 1
                else:
                    misses.append(f"row {want[:2]}: {value!r} read {got[col] if col < len(got) else None!r}")
    return ok, n, misses


def numeric_tokens(truth: Report, scan: Report) -> tuple[int, int]:
    """Figures of the original's text read exactly, in order (for reports printed as plain text)."""
    a = _TOKEN.findall(characters(truth))
    b = _TOKEN.findall(characters(scan))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(a)
