"""The document model: every reader turns its input into one `Report` of these nodes.

Offsets are character offsets (Unicode code points) into `Report.text`, the text the
user's file holds (for binary formats, the text the reader laid out). Each node keeps the
text *as read* through a `Mapped` string, whose characters remember where they came from,
so that normalising or re-joining text never loses the way back to the original.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into the report text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span ends before it starts: {self.start}..{self.end}")

    def cover(self, other: Span) -> Span:
        """Return the smallest span holding both spans."""
        return Span(min(self.start, other.start), max(self.end, other.end))

    @staticmethod
    def around(spans: Sequence[Span]) -> Span:
        """The smallest span holding every one of `spans` (at least one)."""
        return Span(min(s.start for s in spans), max(s.end for s in spans))


class Mapped:
    """A string whose every character knows its offset in the original text.

    Normalisation (full-width to half-width, re-joined lines, dropped spaces) produces a
    new `Mapped`; `span(i, j)` turns a slice of the normalised string back into a `Span`
    of the original, which is what findings carry.
    """

    __slots__ = ("anchor", "offsets", "text")

    def __init__(self, text: str, offsets: Iterable[int], anchor: int = 0) -> None:
        self.text = text
        # NOTE: contiguous text keeps a `range` (O(1) to slice); only text whose characters
        # were dropped or replaced pays for a tuple of offsets.
        if type(offsets) is not range and type(offsets) is not tuple:
            offsets = tuple(offsets)
        self.offsets: Sequence[int] = offsets
        # Where an empty string sits (an empty cell still has a place in the file).
        self.anchor = offsets[0] if offsets else anchor
        if len(offsets) != len(text):
            raise ValueError("one offset per character is required")

    @classmethod
    def of(cls, text: str, start: int) -> Mapped:
        """Map a contiguous piece of the original text that begins at `start`."""
        return cls(text, range(start, start + len(text)), start)  # (an empty one still sits at `start`)

    @classmethod
    def join(cls, parts: Iterable[Mapped]) -> Mapped:
        """Concatenate mapped strings, keeping each character's origin."""
        parts = list(parts)
        anchor = parts[0].anchor if parts else 0
        text = "".join(p.text for p in parts)
        ranges = [p.offsets for p in parts if p.offsets]
        if all(isinstance(r, range) and r.step == 1 for r in ranges) and all(
            a.stop == b.start for a, b in pairwise(ranges)
        ):
            start = ranges[0].start if ranges else anchor
            return cls(text, range(start, start + len(text)), anchor)
        return cls(text, tuple(chain.from_iterable(ranges)), anchor)

    def span(self, i: int = 0, j: int | None = None) -> Span:
        """Return the original span of ``self.text[i:j]``."""
        j = len(self.text) if j is None else j
        if j <= i:
            at = self._position(i)
            return Span(at, at)
        return Span(self.offsets[i], self.offsets[j - 1] + 1)

    def extent(self) -> Span:
        """The smallest span holding every character, in whatever order normalisation left them."""
        if not self.offsets:
            return Span(self.anchor, self.anchor)
        return Span(min(self.offsets), max(self.offsets) + 1)

    def contiguous(self, i: int = 0, j: int | None = None) -> bool:
        """Whether ``self.text[i:j]`` stands unbroken in the original (no space or line break dropped inside)."""
        j = len(self.text) if j is None else j
        if j - i < 2 or isinstance(self.offsets, range):
            return True
        return self.offsets[j - 1] - self.offsets[i] == j - 1 - i

    def index_at(self, offset: int) -> int:
        """The index of the first character whose original offset is `offset` or later."""
        offsets = self.offsets
        if isinstance(offsets, range):  # contiguous: arithmetic, no search
            return min(max(offset - offsets.start, 0), len(offsets))
        return bisect_left(offsets, offset)

    def _position(self, i: int) -> int:
        if not self.offsets:
            return self.anchor
        if i < len(self.offsets):
            return self.offsets[i]
        return self.offsets[-1] + 1

    def __getitem__(self, key: slice) -> Mapped:
        # NOTE: built without `__init__`: a slice of a range or tuple is a range or tuple of the
        # text slice's length, so its checks hold; extractors slice tens of thousands of times a batch.
        offsets = self.offsets[key]
        piece = _new(Mapped)
        piece.text = self.text[key]
        piece.offsets = offsets
        piece.anchor = offsets[0] if offsets else self._position(key.indices(len(self.text))[0])
        return piece

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Mapped({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapped) and (self.text, tuple(self.offsets)) == (
            other.text,
            tuple(other.offsets),
        )

    def __hash__(self) -> int:
        return hash((self.text, tuple(self.offsets)))


_new = object.__new__


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered (or recognisably titled) heading: 一、 （一） 1、 1. （1）."""

    text: Mapped
    marker: str  # the numbering as printed, e.g. "一、" or "（二）"; "" when it was lost
    kind: str  # the numbering family: "cn", "cn-paren", "arabic", "arabic-paren", ""
    level: int  # 1-based nesting depth inferred from the order families appear in
    span: Span


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of prose, re-joined when a page break or wrap split it."""

    text: Mapped
    span: Span
    section: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; `row` and `column` are 0-based positions as printed."""

    text: Mapped
    span: Span
    row: int
    column: int
    # The cell text as read, stripped (normalised for reading, not for display). Extractors
    # ask for it thousands of times per report, so it is computed once.
    value: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", self.text.text.strip())


# What a form prints in a cell it leaves empty or marks as not applicable.
BLANK_MARKS = ("", "/", "／", "—", "-", "–", "……")


@dataclass(frozen=True, slots=True)
class Row:
    """A table row as printed; flattened text may have lost or shifted cells."""

    cells: tuple[Cell, ...]
    span: Span
    index: int

    @property
    def values(self) -> list[str]:
        """The stripped text of every cell."""
        return [c.value for c in self.cells]

    def nonblank(self) -> list[Cell]:
        """Cells that hold any text."""
        return [c for c in self.cells if c.value]


@dataclass(frozen=True, slots=True)
class Table:
    """A table; `index` is 0-based in document order, `layout` says how it was printed."""

    rows: tuple[Row, ...]
    span: Span
    index: int
    layout: str  # "tsv", "cell-per-line", "pipe", or a binary reader's name
    section: tuple[str, ...] = ()
    grouping_certain: bool = False  # True when merged cells were resolved (.docx/.xlsx)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A physical place in a binary file that a span of the laid-out text came from."""

    span: Span
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None  # A1 reference in a spreadsheet
    paragraph: int | None = None
    column: int | None = None  # a table cell's number in its row as printed, where spans make it differ
    # Where on a scanned page the text was read: (x0, y0, x1, y1) as fractions of the page's
    # width and height from its top-left corner; `ocr` says the text came from OCR.
    region: tuple[float, float, float, float] | None = None
    ocr: bool = False


Block = Paragraph | Table | Heading


class Note(str):
    """What a reader wants the user to know (the encoding used, a gap): the Chinese text, English in `en`.

    A `str`, so a note still compares, joins and serialises as the Chinese text it always
    was; `said` gives the text in the language a run asked for.
    """

    en: str

    def __new__(cls, zh: str, en: str = "") -> Note:
        note = super().__new__(cls, zh)
        note.en = en
        return note


def said(note: str, lang: str) -> str:
    """A note in `lang`: a `Note`'s English when asked for and there is one, else the text itself."""
    return note.en if lang == "en" and getattr(note, "en", "") else str(note)


@dataclass(frozen=True, slots=True)
class Report:
    """One audited document, read into paragraphs, headings and tables with spans."""

    path: str
    text: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    kind: str = "text"  # "text" has lines and columns; binary kinds use anchors
    anchors: tuple[Anchor, ...] = ()
    notes: tuple[str, ...] = ()  # what the reader wants the user to know (encoding, gaps): `Note` values
    wraps: frozenset[int] = frozenset()  # offsets of line breaks that only wrap a line (no separator)
    # Spans the reader is unsure of (characters OCR may have misread): no error may rest on them.
    uncertain: tuple[Span, ...] = ()
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Prose paragraphs in document order."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def headings(self) -> list[Heading]:
        """Headings in document order."""
        return [b for b in self.blocks if isinstance(b, Heading)]

    @property
    def tables(self) -> list[Table]:
        """Tables in document order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def cells(self) -> Iterator[tuple[Table, Row, Cell]]:
        """Every cell with its table and row."""
        for table in self.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield table, row, cell

    def snippet(self, span: Span) -> str:
        """The original text under a span."""
        return self.text[span.start : span.end]

    def quote(self, span: Span, limit: int = 30) -> str:
        """The original text under a span for a message: one line, shortened with "…"."""
        text = "".join(part.strip() for part in self.snippet(span).splitlines())
        return text if len(text) <= limit else text[:limit] + "…"
