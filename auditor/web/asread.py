"""What pfaudit read from a report's forms, as the page draws it under the findings.

`as_read` turns the plain reading the child process sent back (``pfaudit read --format
json``'s shape) into rows of printed cells under their column headers, in the page's
language: a staff member compares them with the form and sees at a glance whether it was
understood. A row read more than one way keeps ``certain=False``: the page marks it, since
a finding that rests on it is only a hint. Built when the page is drawn, not in the child:
the language can be switched after the check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.formats.reading import shown
from auditor.web.bridge import columns


@dataclass(frozen=True, slots=True)
class ReadRow:
    """One row as read: its cells as printed ("" where nothing was read), and whether one reading fits."""

    cells: tuple[str, ...]
    certain: bool = True


@dataclass(frozen=True, slots=True)
class ReadTable:
    """The fund rows or the indicator rows of one form, under the column headers `pfaudit read` prints."""

    kind: str  # "fund" or "indicators"
    head: tuple[str, ...]
    rows: tuple[ReadRow, ...]

    @property
    def uncertain(self) -> int:
        """How many rows were read more than one way."""
        return sum(not r.certain for r in self.rows)


@dataclass(frozen=True, slots=True)
class ReadForm:
    """One self-evaluation form as read; `total` is the 总分 row's (分值, 得分) as printed."""

    number: int
    tables: tuple[ReadTable, ...]
    total: tuple[str, str] | None
    unread: tuple[str, ...]

    @property
    def uncertain(self) -> int:
        """How many of its rows were read more than one way."""
        return sum(t.uncertain for t in self.tables)


@dataclass(frozen=True, slots=True)
class AsRead:
    """The fiscal year (None: not read) and every form read, in order; no forms: none was read."""

    year: int | None
    forms: tuple[ReadForm, ...]
    inferred: bool = False  # the year is what the prose says most, no title or form states it

    @property
    def uncertain(self) -> int:
        """How many rows of all its forms were read more than one way."""
        return sum(f.uncertain for f in self.forms)

    @property
    def rows(self) -> int:
        """How many rows were read in all."""
        return sum(len(t.rows) for f in self.forms for t in f.tables)


def _text(value: Any) -> str:
    # None is a column the form lacks or a cell not read; the page, like `pfaudit read`, shows it blank
    return "" if value is None else str(value)


def _table(kind: str, rows: Sequence[Mapping[str, Any]], heads: Sequence[tuple[str, str]]) -> ReadTable:
    read = tuple(ReadRow(tuple(shown(r, k, "?") for k, _ in heads), r.get("certain", True) is not False) for r in rows)
    return ReadTable(kind, tuple(h for _, h in heads), read)


def _form(number: int, form: Mapping[str, Any], heads: Mapping[str, Sequence[tuple[str, str]]]) -> ReadForm:
    tables = tuple(_table(kind, form[kind], heads[kind]) for kind in ("fund", "indicators") if form.get(kind))
    total = form.get("total")
    pair = (_text(total.get("weight")), _text(total.get("score"))) if total else None
    return ReadForm(number, tables, pair, tuple(_text(u) for u in form.get("unread") or ()))


def as_read(reading: Mapping[str, Any] | None, lang: str = "zh") -> AsRead | None:
    """The reading drawn for the page in `lang`; None when there is none (the file was not read)."""
    if reading is None:
        return None
    heads = columns(lang)
    forms = tuple(_form(n, form, heads) for n, form in enumerate(reading.get("forms") or (), 1))
    return AsRead(reading.get("fiscal_year"), forms, bool(reading.get("fiscal_year_inferred")))
