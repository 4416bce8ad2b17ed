"""Headers: the column words of a fund block or an indicator table, in any printing.

A header is found by its words — the template's and their synonyms (全年实际值, 完成值, 指标值,
目标值, 评分, 权重 …) — in any order, one to a cell, one to a line, wrapped over two pieces
("年度 / 指标值") or glued into one piece ("一级指标二级指标三级指标…"). Its column sequence is
what the rows below are decoded against; the separators between its words say which
separators part the cells of the rows below.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from auditor.facts.decode.pieces import Gap, Piece
from auditor.facts.decode.words import FUND, GARBLED, INDICATOR, PARENTS, WORD_CHARS
from auditor.facts.decode.wrapped_header import grid_wrapped, line_wrapped, wrapped_words

_JOIN = 3  # a header word wraps over at most this many pieces ("年度 / 指标值")
_GAP_JOIN = 2  # pieces in between two header words that are not header words (a unit, a title)
_BLANKS = 16  # empty cells in between two header words (a grid's padding)
_FIGURE = regex.compile(r"[≥≤<>=]?\d")
_OTHER = regex.compile(r"[^\d。，,；;:：]{2,8}")


@dataclass(frozen=True, slots=True)
class Header:
    """A header found in the piece stream: its roles in column order and where it stands."""

    kind: str  # "fund" or "indicator"
    roles: tuple[str, ...]
    start: int  # index of its first piece
    end: int  # index after its last piece
    cell_gap: tuple[Gap, int]  # pieces parted by less than this are one cell
    row_gap: Gap | None  # rows below are parted by this separator (None: not parted)
    columns: tuple[int, ...] = ()  # grid columns of the roles when the header stands in a grid
    alone: bool = False  # the header's row holds nothing else: the rows below start after a row break
    spread: tuple[int, ...] = ()  # its words' pieces, when they stand among its first rows' cells (`decode.sheet`)


def _word(table: tuple[regex.Pattern, tuple[str, ...]], text: str) -> str | None:
    # NOTE: a header is looked for at every piece, joined with the next two: texts repeat
    return _known(table is FUND, text) if len(text) <= WORD_CHARS else None


@functools.lru_cache(maxsize=8192)
def _known(fund: bool, text: str) -> str | None:
    pattern, roles = FUND if fund else INDICATOR
    m = pattern.match(text)
    return None if m is None else roles[m.lastindex - 1] if m.lastindex else None


@functools.lru_cache(maxsize=4096)
def _may_start(fund: bool, char: str) -> bool:
    """Whether some header word of the kind starts with this character (the pattern matches it partially)."""
    pattern, _ = FUND if fund else INDICATOR
    return pattern.match(char, partial=True) is not None


def word_at(ps: Sequence[Piece], i: int, kind: str) -> tuple[str, int] | None:
    """The header word that starts at piece `i` (joining up to three pieces), with the index after it."""
    table = FUND if kind == "fund" else INDICATOR
    if not ps[i].value:
        return None  # an empty cell starts no word
    if not _may_start(table is FUND, ps[i].value[0]):
        return None  # NOTE: most pieces, prose among them: no join of them can be a word either
    text = ""
    for k in range(i, min(i + _JOIN, len(ps))):
        if k > i and not ps[k].value:
            break
        if k > i and ps[k].gap >= Gap.BLOCK and ps[k].width > 3:
            break
        text += ps[k].value
        if len(text) > 30:
            break
        role = _word(table, text)
        if role is not None:
            # "年度" + "指标值": prefer the longest join that is still a word
            longer = word_at_exact(ps, i, k + 1, table, text)
            return longer or (role, k + 1)
    return None


def word_at_exact(
    ps: Sequence[Piece], i: int, after: int, table: tuple[regex.Pattern, tuple[str, ...]], text: str
) -> tuple[str, int] | None:
    """A longer join than `text` that is still a header word ("年度" + "指标值"); never two words ("执行率" + "得分")."""
    for k in range(after, min(i + _JOIN, len(ps))):
        if not ps[k].value or _word(table, ps[k].value) is not None:
            return None
        text += ps[k].value
        role = _word(table, text)
        if role is not None:
            return role, k + 1
    return None


def _parent(ps: Sequence[Piece], i: int) -> int | None:
    if i < len(ps) and PARENTS.match(ps[i].value):
        return i + 1
    return None


def _order(roles: list[str]) -> list[str]:
    """Two-level headers: 年度指标值 over 指标性质 | 指标值 | 度量单位 is those three columns;
    年度预算数 over 年初预算 | 调整后预算数 is a title, not a column."""
    if roles[:2] == ["budget", "initial"] and roles.count("budget") == 2:
        roles = roles[1:]
    if "nature" in roles or "unit" in roles:
        targets = [n for n, r in enumerate(roles) if r == "target"]
        if len(targets) == 2:  # the group word and the sub-column word: the later one stands in the row
            first = targets[0]
            subs = [r for r in roles[first + 1 :] if r in ("level1", "level2", "name", "nature", "target", "unit")]
            if roles.index("nature" if "nature" in roles else "unit") > first and subs:
                rest = [r for r in roles[first + 1 :] if r not in ("level1", "level2", "name", "nature", "target", "unit")]
                head = [r for r in roles[:first] if r not in ("level1", "level2", "name")]
                lead = [r for r in ("level1", "level2", "name") if r in roles]
                ordered = [*lead, *head, *[r for r in subs if r not in lead], *rest]
                return list(dict.fromkeys(ordered))
    return list(dict.fromkeys(roles))


# A formula or a clause between two column words ("预算执行率=预算执行数/调整后预算数,…"): a note, no
# header (a glued "/" between two words is a division; a spaced one may be an empty cell).
_PROSE = regex.compile(r"[=＝,，;；。]")


def _garbled(p: Piece) -> bool:
    """A header word OCR garbled, glued between two others ("调整预算将,A、全年执行数"): no clause."""
    return p.gap == Gap.GLUED and GARBLED.fullmatch(p.value) is not None


def find_headers(ps: Sequence[Piece], kind: str) -> list[Header]:
    """Every header of `kind` in the pieces, in order."""
    found: list[Header] = []
    i = 0
    n = len(ps)
    fund = kind == "fund"
    while i < n:
        v = ps[i].text.text
        if not v or not _may_start(fund, v[0]):
            i += 1  # (what `word_at` says first, without the call: most pieces)
            continue
        hit = word_at(ps, i, kind)
        if hit is None:
            i += 1
            continue
        roles: list[str] = []
        cols: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        j = i
        misses = blanks = others = 0
        pending: list[int] = []
        while j < n:
            got = word_at(ps, j, kind)
            if got is None:
                if (p := _parent(ps, j)) is not None:
                    j = p
                    continue
                if not ps[j].value and blanks < _BLANKS:
                    blanks += 1  # the empty cells of a padded grid row
                    j += 1
                    continue
                misses += 1
                if misses > _GAP_JOIN or (_PROSE.search(ps[j].value) and not _garbled(ps[j])) or (ps[j].value and len(ps[j].value) > 12) or _FIGURE.match(ps[j].value) or (ps[j].gap == Gap.GLUED and ps[j].value in ("/", "÷")):
                    break  # a figure between two column words: labelled values ("当年预算数 | 242,400.00"), no header
                if kind == "indicator" and _OTHER.fullmatch(ps[j].value):
                    pending.append(j)  # a column the vocabulary does not know ("指标解释", "评分规则")
                j += 1
                continue
            misses = 0
            role, after = got
            for k in pending:
                others += 1
                roles.append(f"other{others}")
                cols.append(ps[k].column)
                starts.append(k)
                ends.append(k + 1)
            pending = []
            if role == "note" and role in roles:
                role = f"note{roles.count('note') + sum(r.startswith('note') for r in roles)}"  # a second notes column
            elif role in roles and role != "target":
                # a word seen already: what came before was another header (the goal block's columns)
                k = roles.index(role) + 1
                roles, cols, starts, ends = roles[k:], cols[k:], starts[k:], ends[k:]
            roles.append(role)
            cols.append(ps[j].column)
            starts.append(j)
            ends.append(after)
            j = after
        header = _header(ps, kind, roles, cols, starts, ends)
        if header is not None:
            header = _wrapped(ps, header, functools.partial(_word, FUND if fund else INDICATOR))
            found.append(header)
            i = header.end
        else:
            i += 1
    return found


def _wrapped(ps: Sequence[Piece], header: Header, word: Callable[[str], str | None]) -> Header:
    """The header with the second halves of its words joined on, from the row or the line below."""
    grid = grid_wrapped(ps, header.start, header.end, header.roles, header.columns, word)
    if grid is not None:
        return dataclasses.replace(header, roles=grid.roles, columns=grid.columns, end=grid.end)
    line = line_wrapped(ps, header.start, header.end, header.roles, header.cell_gap, word) if header.row_gap == Gap.LINE else None
    return dataclasses.replace(header, roles=line.roles, end=line.end) if line is not None else header


def _header(
    ps: Sequence[Piece], kind: str, roles: list[str], cols: list[int], starts: list[int], ends: list[int]
) -> Header | None:
    names = set(roles)
    if kind == "fund":
        money = names & {"initial", "budget", "spent", "rate", "received"}
        if len(money) < 2 or not names & {"spent", "rate"}:
            return None
    else:
        named = "name" in names or {"target", "actual"} <= names
        scored = bool(names & {"weight", "score", "actual"})
        declared = {"name", "target"} <= names and bool(names & {"level1", "level2"})  # a declaration's: 一级/二级/三级指标, 指标值
        if not (named and scored) and not declared:
            return None
    end = ends[-1]  # the second line of a two-line header is the header's too
    first = starts
    table = FUND if kind == "fund" else INDICATOR
    roles, starts, ends, cols = wrapped_words(ps, lambda text: _word(table, text), roles, starts, ends, cols)
    # separators between words, and inside words; a second half glued on where the line break
    # between the header's two lines was lost parts no cells
    kept = set(starts)
    between = [ps[s].gap for s in first[1:] if s in kept or ps[s].gap != Gap.GLUED]
    widths = [ps[s].width for s in first[1:] if s in kept or ps[s].gap != Gap.GLUED]
    inside = [ps[k].gap for s, e in zip(starts, ends, strict=True) for k in range(s + 1, e)]
    cell_gap = _cell_gap(between, widths, inside)
    row_gap = None
    if between and all(g == Gap.CELL for g in between):
        row_gap = Gap.ROW  # the header in one row of a grid: a row to a grid row below it
    elif between and max(between) < Gap.LINE:
        row_gap = Gap.LINE  # the header on one line: a row to a line below it
    ordered = _order(roles)
    columns = tuple(cols[roles.index(r)] for r in ordered) if all(c >= 0 for c in cols) else ()
    if kind == "indicator" and "name" in ordered and not {"level1", "level2"} <= set(ordered):
        # the category columns under words the vocabulary does not know ("评价指标", "评价内容"), or a
        # word lost with the text before it: rows still print their merged 一级/二级 labels in front
        lead = ordered.index("level2") if "level2" in ordered else ordered.index("name")
        missing = [r for r in ("level1", "level2") if r not in ordered]
        if "level1" in ordered and ordered.index("level1") > lead:
            missing = []
        ordered = [*ordered[:lead], *missing, *ordered[lead:]]
        columns = () if missing else columns  # the implied columns stand nowhere in a grid
    after = end
    while after < len(ps) and not ps[after].value and ps[after].gap < Gap.ROW:
        after += 1  # the empty cells that close the header's row
    alone = after >= len(ps) or (row_gap is not None and ps[after].gap >= row_gap)
    return Header(kind, tuple(ordered), starts[0], end, cell_gap, row_gap, columns, alone)


def _cell_gap(between: list[Gap], widths: list[int], inside: list[Gap]) -> tuple[Gap, int]:
    """The weakest separator that still parts two cells."""
    if not between:
        return (Gap.CELL, 0)
    weakest = min(between)
    if weakest == Gap.SPACE:
        width = min(w for g, w in zip(between, widths, strict=True) if g == Gap.SPACE)
        return (Gap.SPACE, width)
    if weakest == Gap.GLUED:
        return (Gap.GLUED, 0)
    if inside and max(inside) >= weakest:
        return (weakest, 0)  # words wrap over the same separator that parts cells: every piece is a cell
    return (weakest, 0)


def header_words(ps: Sequence[Piece], header: Header) -> list[str]:
    """The text of each header word, in the header's own order (for letters and formulas)."""
    out: list[str] = []
    i = header.start
    while i < header.end and len(out) < len(header.roles):
        got = word_at(ps, i, header.kind)
        if got is None:
            i += 1
            continue
        out.append("".join(p.value for p in ps[i : got[1]]))
        i = got[1]
    # the header's roles may be reordered (two-level headers): align words by role
    return out[: len(header.roles)] + [""] * (len(header.roles) - len(out))
