"""The report as one stream of tokens: words and numbers in reading order, with the break before each.

Flattened tables lose their grid in a hundred ways (one cell per line, pipes with runs of
empty cells, a whole table on one space-separated line, numbers glued together). What
survives every one of them is reading order and the strength of the break between two
pieces of text. Form readers that walk this stream instead of a grid read every layout
the same way; a table with a real grid (.docx, .xlsx, tab-separated rows) adds cell and
row breaks, so nothing is lost for it either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import regex

from auditor.report.model import Heading, Mapped, Paragraph, Report, Table
from auditor.report.numbers import Quantity, decimals, read_cell, to_decimal


class Break(IntEnum):
    """How strongly a token is separated from the one before it."""

    GLUED = 0  # nothing between: "总额:1484631.00%"
    SPACE = 1  # a space or tab inside a line
    CELL = 2  # a cell boundary ("|", a table cell, a tab-separated field)
    LINE = 3  # a line break inside a paragraph
    ROW = 4  # a new table row
    BLOCK = 5  # a new paragraph, heading or table


@dataclass(frozen=True, slots=True)
class Token:
    """A word (any run of text) or a number, with the break before it.

    `number` is the reading of a number token: None for words and for a digit run that can
    only be several numbers glued together ("310.2154.741050%5"), which form readers split.
    """

    text: Mapped
    brk: Break
    block: int  # index of the block in `Report.blocks`
    is_number: bool = False
    number: Quantity | None = None
    in_table: bool = False
    row: int = -1  # table row index for tokens from a table, else -1
    column: int = -1  # table column index for tokens from a table, else -1
    depth: int = 0  # brackets open before the token: "执行数/全年" in "执行率(全年 执行数/全年 预算数)" is 1

    @property
    def value(self) -> str:
        """The token's reading text."""
        return self.text.text

    @property
    def blank(self) -> bool:
        """A blank mark standing for an empty or not-applicable cell ("—", "-", "/")."""
        return not self.is_number and self.text.text in BLANK_TOKENS


BLANK_TOKENS = frozenset({"/", "／", "—", "-", "–", "——", "……", "…", "--"})

# A number as a form prints it: a comparator, digits with separators, a percent sign or a
# money unit. Digits glued to more digits, dots and percent signs stay one run here.
_NUMBER_RUN = regex.compile(
    r"(?P<cmp>≥|≧|>=|≤|≦|<=|[<>=])?(?P<digits>\d(?:\d|[.,%](?=\d))*%?)(?P<unit>亿元|万元|元|‰)?"
)
# A number followed by these is part of a label or a date ("2021年度", "(10分)", "第3页").
_LABEL_SUFFIX = regex.compile(r"[年月日号期季度页条款届批次级类个项名人户村所座]")
_INTERESTING = regex.compile(r"[(（\[【〔)）\]】〕]|[≥≧≤≦<>=]?\d")
_OPEN = "(（[【〔"
_CLOSE = ")）]】〕"
_SEPARATORS = regex.compile(r"[|｜]+|\s+")


def _gap(report_text: str, left: int, right: int, wraps: frozenset[int] = frozenset()) -> Break:
    """The break between two characters of the original text at offsets `left` < `right`."""
    if right <= left + 1:
        return Break.GLUED
    between = report_text[left + 1 : right]
    if "\n" in between:  # a hard wrap runs the line on: "年初预⏎算数" is one word, "万元 ⏎100" two
        wrap = wraps and between.count("\n") == 1 and left + 1 + between.index("\n") in wraps
        return (Break.SPACE if between.strip("\r\n") else Break.GLUED) if wrap else Break.LINE
    if "|" in between or "｜" in between or "\t" in between:
        return Break.CELL
    if between.strip() == "":
        return Break.SPACE
    return Break.GLUED  # characters dropped by normalisation (a gloss, LaTeX residue)


def _jumps(offsets: Sequence[int], lo: int, hi: int) -> list[int]:
    """Indexes k in (lo, hi] where the original skips characters between k-1 and k.

    ``offsets[k] - k`` never decreases, so a stretch whose two ends agree has no gap: halving
    finds the few gaps a normalised paragraph has without visiting every character.
    """
    if hi <= lo or offsets[hi] - hi == offsets[lo] - lo:
        return []
    if hi == lo + 1:
        return [hi]
    mid = (lo + hi) // 2
    return _jumps(offsets, lo, mid) + _jumps(offsets, mid, hi)


def read_number(text: Mapped) -> Quantity | None:
    """Read a number token; None when it is a glued run that needs splitting."""
    s = text.text
    q = read_cell(text)
    if q is not None:
        return q
    m = _NUMBER_RUN.fullmatch(s)
    if m is None:
        return None
    digits = m["digits"]
    if digits.count("%") or digits.count(".") > 1:
        return None
    value = to_decimal(digits)
    if value is None:
        return None
    return Quantity(value, decimals(digits), m["unit"] or "", text.span(), s)


class _Tokenizer:
    """Splits reading text into tokens, tracking brackets so that "分值(10分)" stays a word."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.tokens: list[Token] = []

    def add(self, text: Mapped, brk: Break, block: int, **where: int | bool) -> None:
        """Tokenize one piece of reading text (a paragraph, heading or cell)."""
        s = text.text
        if not s.strip():
            return
        if isinstance(text.offsets, range) and not _SEPARATORS.search(s):
            # Most cells are one word or one number: no separator, nothing dropped inside.
            if _NUMBER_RUN.fullmatch(s):
                self._emit(text, 0, len(s), brk, block, where, 0, number=True)
                return
            if not _INTERESTING.search(s):
                self._emit(text, 0, len(s), brk, block, where, 0)
                return
        depth = 0
        for i, j, b in self._pieces(text):
            depth = self._chunk(text, i, j, brk if i == 0 or b is None else b, block, depth, where)
            brk = Break.GLUED

    def _pieces(self, text: Mapped) -> list[tuple[int, int, Break | None]]:
        """Separator-free stretches of `text`, each with the break before it.

        A separator is a space, tab, line break or "|" in the reading text, or whitespace in
        the original that normalisation dropped (a PDF's "620.82万元 620.82万元" reads glued).
        """
        s = text.text
        cuts: dict[int, Break] = {}
        for m in _SEPARATORS.finditer(s):
            run = m.group()
            kind = Break.CELL if "|" in run or "｜" in run or "\t" in run else Break.LINE if "\n" in run else Break.SPACE
            cuts[m.start()] = max(cuts.get(m.start(), Break.GLUED), kind)
            cuts[m.end()] = max(cuts.get(m.end(), Break.GLUED), kind)
        offsets = text.offsets
        if not isinstance(offsets, range):
            original = self.report.text
            for k in _jumps(offsets, 0, len(offsets) - 1):
                gap = _gap(original, offsets[k - 1], offsets[k], self.report.wraps)
                if gap >= Break.SPACE:
                    cuts[k] = max(cuts.get(k, Break.GLUED), gap)
        out: list[tuple[int, int, Break | None]] = []
        pos, before = 0, None
        for at in sorted(cuts):
            if at > pos:
                piece_end = at
                out.append((pos, piece_end, before))
            if at >= pos:
                pos, before = at, cuts[at]
                while pos < len(s) and (s[pos].isspace() or s[pos] in "|｜"):
                    pos += 1
        if pos < len(s):
            out.append((pos, len(s), before))
        return [(i, j, b) for i, j, b in out if s[i:j].strip(" \t\n|｜")]

    def _chunk(self, text: Mapped, i: int, j: int, brk: Break, block: int, depth: int, where: dict) -> int:
        """Split one separator-free stretch into words and numbers; return the bracket depth after it."""
        s = text.text
        start, start_depth, k = i, depth, i
        # Only brackets and digits matter; the regex jumps over everything else.
        for m in _INTERESTING.finditer(s, i, j):
            if m.start() < k:
                continue  # inside a number run already read
            c = m.group()[0]
            if c in _OPEN:
                depth += 1
                continue
            if c in _CLOSE:
                depth = max(0, depth - 1)
                continue
            if depth:
                continue
            run = _NUMBER_RUN.match(s, m.start(), j)
            if run is None:
                continue
            if self._label_number(s, run.end(), j):
                k = run.end()
                continue
            if run.start() > start:
                self._emit(text, start, run.start(), brk, block, where, start_depth)
                brk = Break.GLUED
            self._emit(text, run.start(), run.end(), brk, block, where, depth, number=True)
            brk, start, start_depth, k = Break.GLUED, run.end(), depth, run.end()
        if j > start:
            self._emit(text, start, j, brk, block, where, start_depth)
        return depth

    @staticmethod
    def _label_number(s: str, end: int, j: int) -> bool:
        return end < j and bool(_LABEL_SUFFIX.match(s, end))

    def _emit(
        self, text: Mapped, i: int, j: int, brk: Break, block: int, where: dict, depth: int, number: bool = False
    ) -> None:
        piece = text[i:j]
        if number:
            self.tokens.append(Token(piece, brk, block, True, read_number(piece), depth=depth, **where))
        else:
            self.tokens.append(Token(piece, brk, block, depth=depth, **where))


# Words that open a form's region: a fund block's or an indicator table's header, a goal block.
_TRIGGER = regex.compile(r"预算|执行数|执行率|分值|得分|三级指标|指标名称|预期目标")
# In a real grid only the fund block and the goal block are read from the stream (indicator
# rows have their own grid reader), so a table is read from such a row on, for a few rows.
_TABLE_TRIGGER = regex.compile(r"预算|执行数|执行率|预期目标|资金总额")
REGION_BLOCKS = 80  # blocks read after a trigger: a table flattened one cell per line is long
REGION_CHARS = 6000  # and at most this many characters of them
TABLE_ROWS = 12
REGION_BEFORE = 3  # blocks kept before a trigger, for the block's title and unit  # rows of a grid read after a trigger row


def regions(report: Report) -> list[int]:
    """The blocks worth tokenizing: each block that mentions a form's header words, and those after it.

    Form readers look only at form regions; prose far from any header is left to the prose
    extractors, which keeps the stream's cost tied to the forms, not to the report's length.
    """
    keep: set[int] = set()
    blocks = report.blocks
    n = 0
    while n < len(blocks):
        block = blocks[n]
        if isinstance(block, Table):
            text = "".join(c.value for row in block.rows for c in row.cells)
        else:
            text = block.text.text  # the reading text: "預算" in the original reads 预算
        if not _TRIGGER.search(text):
            n += 1
            continue
        keep.update(range(max(0, n - REGION_BEFORE), n))  # the title above ("项目资金（万元）")
        size = 0
        k = n
        while k < len(blocks) and k - n <= REGION_BLOCKS and size <= REGION_CHARS:
            keep.add(k)
            size += blocks[k].span.end - blocks[k].span.start
            k += 1
        n = k
    return sorted(keep)


def tokens(report: Report) -> list[Token]:
    """The words and numbers of the report's form regions (see `regions`) in reading order."""
    tok = _Tokenizer(report)
    for n in regions(report):
        block = report.blocks[n]
        if isinstance(block, Paragraph | Heading):
            tok.add(block.text, Break.BLOCK, n)
        elif isinstance(block, Table):
            _table(tok, block, n)
    return tok.tokens


def _table(tok: _Tokenizer, table: Table, block: int) -> None:
    first = True
    until = -1
    for row in table.rows:
        if row.index > until:
            ahead = table.rows[row.index : row.index + REGION_BEFORE]
            if not any(_TABLE_TRIGGER.search(c.value) for r in ahead for c in r.cells):
                continue  # read from a few rows above the trigger: the block's title and unit
            until = row.index + REGION_BEFORE + TABLE_ROWS
        row_brk = Break.BLOCK if first else Break.ROW
        first = False
        cell_brk = row_brk
        for cell in row.cells:
            if not cell.value:
                continue
            before = len(tok.tokens)
            tok.add(cell.text, cell_brk, block, in_table=True, row=row.index, column=cell.column)
            if len(tok.tokens) > before:
                cell_brk = Break.CELL
