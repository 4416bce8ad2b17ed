"""The 年度总体目标 block: is the 实际完成情况 just the 预期目标 copied?

In a grid the two texts sit in two cells of one row. Flattened from a spreadsheet or PDF,
the two columns come out interleaved line by line ("1.始终站稳… 1.始终站稳…推动普法 推动普法…"),
with the row's own label ("年度总体 / 目标") mixed in. The pieces are dealt back into two
columns in reading order — each piece goes to one column, a short label to neither — and
the block is a copy when both columns read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from auditor.facts.tokens import Break, Token
from auditor.facts.types.prose import GoalCopy, GoalGap
from auditor.report.model import Span

_EXPECTED = regex.compile(r"^(?:预期目标|年初设定目标|年度目标)$")
_ACTUAL = regex.compile(r"^(?:实际完成情况|全年实际完成情况|年度总体目标完成情况|完成情况)$")
_END = regex.compile(r"一级指标|二级指标|绩效指标|三级指标|项目资金|资金投入")
_LABEL = regex.compile(r"^[^,，。;；:：、]{1,6}$")  # a row label mixed into the columns ("年度总体", "目标")
_STRIP = regex.compile(r"[\s,，。;；:：、.．()（）]")
MIN_COPY = 40  # characters two interleaved columns must share to call one a copy
MIN_CELL_COPY = 20  # the same for two cells of a real grid, which cannot be misread
MAX_PIECES = 80
MAX_CHARS = 3000  # a 年度总体目标 block is a few hundred characters; more is not one
MAX_STATES = 4000  # states the dealing may visit: linear in the pieces for two copies of one text


def _block(tokens: Sequence[Token], start: int) -> tuple[int, bool]:
    """Where the block after the header stops, and whether a word that closes it stops it (the
    indicator table's or the fund block's header) rather than its length."""
    size = 0
    for n in range(start, len(tokens)):
        tok = tokens[n]
        size += len(tok.value)
        if not tok.is_number and _END.search(tok.value):
            return n, True
        if size > MAX_CHARS:
            return n, False
    return len(tokens), False


def _chunks(tokens: Sequence[Token], start: int) -> list[tuple[str, Span]]:
    """Text pieces after the header, split where the original had a space or line break."""
    out: list[tuple[str, Span]] = []
    for n in range(start, _block(tokens, start)[0]):
        tok = tokens[n]
        if out and tok.brk == Break.GLUED:
            text, span = out[-1]
            out[-1] = (text + tok.value, span.cover(tok.text.span()))
        else:
            if len(out) >= MAX_PIECES:
                break
            out.append((tok.value, tok.text.span()))
    return out


def _deal(pieces: list[str]) -> tuple[list[int], list[int]] | None:
    """Deal pieces into two columns that read the same, matching as much text as possible.

    The state is which column is ahead and the text it has beyond the other; a piece goes to
    the column behind when it continues what that column still has to match, to the column
    ahead otherwise, or to neither when it is a short row label.
    """
    keys = [_STRIP.sub("", p) for p in pieces]
    budget = [MAX_STATES]

    @cache
    def walk(k: int, lead: int, surplus: str) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        if k == len(keys):
            return (0, (), ())
        key = keys[k]
        best: tuple[int, tuple[int, ...], tuple[int, ...]] | None = None

        def consider(column: int | None, new_lead: int, new_surplus: str, gained: int) -> None:
            nonlocal best
            shared, a, b = walk(k + 1, new_lead, new_surplus)
            shared += gained
            if column == 0:
                a = (k, *a)
            elif column == 1:
                b = (k, *b)
            if best is None or shared > best[0]:
                best = (shared, a, b)

        if key and surplus.startswith(key):
            consider(1 - lead, lead, surplus[len(key) :], len(key))
        elif key and surplus and key.startswith(surplus):
            consider(1 - lead, 1 - lead, key[len(surplus) :], len(surplus))
        consider(lead if surplus else 0, lead if surplus else 0, surplus + key, 0)
        if _LABEL.match(pieces[k]):
            consider(None, lead, surplus, 0)
        assert best is not None
        return best

    try:
        shared, first, second = walk(0, 0, "")
    except _TooMany:
        return None  # not two columns of one text: those deal out in a few states per piece
    finally:
        walk.cache_clear()
    return (list(first), list(second)) if shared else None


class _TooMany(Exception):
    """The dealing ran past its budget of states."""


def goal_copies(tokens: Sequence[Token]) -> list[GoalCopy]:
    """年度总体目标 blocks whose actual-completion text repeats the expected target word for word."""
    out: list[GoalCopy] = []
    for n in range(len(tokens) - 1):
        if tokens[n].is_number or not _EXPECTED.match(tokens[n].value):
            continue
        after = next((k for k in range(n + 1, min(n + 3, len(tokens))) if _ACTUAL.match(tokens[k].value)), None)
        if after is None:
            continue
        pieces = _chunks(tokens, after + 1)
        if len(pieces) < 2:
            continue
        dealt = _deal([p for p, _ in pieces])
        if dealt is None:
            continue
        first, second = ([pieces[i] for i in column] for column in dealt)
        if not first or not second:
            continue
        shared = min(sum(len(_STRIP.sub("", p)) for p, _ in first), sum(len(_STRIP.sub("", p)) for p, _ in second))
        in_grid = tokens[after].in_table and len(pieces) == 2
        if shared < (MIN_CELL_COPY if in_grid else MIN_COPY):
            continue
        expected = first[0][1].cover(first[-1][1])
        actual = second[0][1].cover(second[-1][1])
        out.append(GoalCopy(expected, actual, shared))
    return out


_TEXT = regex.compile(r"\p{Han}{6,}")  # a target or its result is written in words, not a bare label


def goal_gaps(tokens: Sequence[Token]) -> list[GoalGap]:
    """年度总体目标 blocks under a 预期目标 / 实际完成情况 header that hold no text, or one text.

    Only a block the indicator table's header closes counts: an excerpt cut off inside the
    block says nothing about what was left out.
    """
    out: list[GoalGap] = []
    for n in range(len(tokens) - 1):
        if tokens[n].is_number or not _EXPECTED.match(tokens[n].value):
            continue
        after = next((k for k in range(n + 1, min(n + 3, len(tokens))) if _ACTUAL.match(tokens[k].value)), None)
        if after is None or not _block(tokens, after + 1)[1]:
            continue
        pieces = _chunks(tokens, after + 1)
        texts = [(p, span) for p, span in pieces if _TEXT.search(p)]
        if len(texts) >= 2:
            continue
        if texts:
            out.append(GoalGap(texts[0][1], 1, texts[0][0]))
        else:
            out.append(GoalGap(tokens[after].text.span(), 0, " ".join(p for p, _ in pieces)))
    return out
