"""Header words and category labels in text that lost its separators, or gained some inside words.

A glued header ("一级指标二级指标三级指标…") is cut at its words; pieces a PDF parted with single
spaces inside a header word or a category label ("一级 指标二级 指标", "满意 度指 标") are joined
back. The cells under the header are the business of `auditor.facts.decode.glued`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import regex

from auditor.facts.decode.glued import _LABEL
from auditor.facts.decode.pieces import Gap, Piece
from auditor.facts.decode.words import FUND_WORDS, GARBLED, INDICATOR_WORDS
from auditor.report.model import Mapped

# NOTE: notes first: alternation takes the first that matches, and "得分计算方法" is one word, not 得分 + …
_WORD_ALTS = "|".join(p for _, p in sorted((*INDICATOR_WORDS, *FUND_WORDS), key=lambda w: w[0] != "note"))
_HEADER_WORD = regex.compile(rf"(?:{_WORD_ALTS})(?:\s*[(（][^()（）]{{0,12}}[)）])*")
_NUMBERING = regex.compile(r"\s*\d{1,2}\s*[:：]")
_PARENT_WORD = regex.compile(r"绩效指标|项目资金|资金情况|预算执行情况")
_DEBRIS = regex.compile(r"[(（A-Za-z0-9/×*%.)）]{1,6}")  # a decoration OCR broke ("执行率(B/A1")
MIN_GLUED_WORDS = 3  # header words in a row that make a glued header
MAX_GLUED_GAP = 0  # other characters allowed between two of them (a title above the columns aside)


def _spelled(pattern: str, at: int = 0) -> tuple[set[str], int]:
    """Every string `pattern` (from `at` to its group's end) spells, and where it stopped: a word
    pattern is characters, escaped signs, (?:…) groups, | and ?, and nothing else (it raises)."""
    options: set[str] = set()
    spelled = {""}
    while at < len(pattern) and pattern[at] != ")":
        if pattern[at] == "|":
            options |= spelled
            spelled, at = {""}, at + 1
            continue
        if pattern.startswith("(?:", at):
            part, at = _spelled(pattern, at + 3)
            at += 1  # (its ")")
        elif pattern[at] == "\\" and not pattern[at + 1].isalnum():
            part, at = {pattern[at + 1]}, at + 2
        elif pattern[at] in "\\()[]{}*+.^$?":
            raise ValueError(f"a header word spelled with {pattern[at:]!r}: the quick search of header words cannot read it")
        else:
            part, at = {pattern[at]}, at + 1
        if pattern.startswith("?", at):
            part, at = part | {""}, at + 1
        spelled = {a + b for a in spelled for b in part}
    return options | spelled, at


# NOTE: a header word is looked for in every piece of eight characters or more, a report's prose
# included, and the whole pattern tried at each character costs more than the rest of the
# decoding of headers. The words' own letters say where one may start: its first two are a word
# ("一级", "得分"), or its first three start one ("年度指", not "年度工"); only there is it tried.
_CORES = _spelled(_WORD_ALTS)[0]
_WHOLE2 = frozenset(w for w in _CORES if len(w) == 2)
_START3 = frozenset(w[:3] for w in _CORES if len(w) > 2)
_MAY_START = regex.compile(
    "(?=[" + "".join(sorted({regex.escape(w[0]) for w in _CORES})) + "][" + "".join(sorted({regex.escape(w[1]) for w in _CORES})) + "])"
)
if min(map(len, _CORES)) < 2:  # a one-character word may start wherever its character stands
    raise ValueError("a one-character header word: the quick search of header words cannot find it")


def _header_words(s: str) -> list[regex.Match]:
    """What ``_HEADER_WORD.finditer(s)`` finds, each word tried only where its letters start."""
    found: list[regex.Match] = []
    after = 0
    for may in _MAY_START.finditer(s):
        i = may.start()
        if i >= after and (s[i : i + 2] in _WHOLE2 or s[i : i + 3] in _START3) and (m := _HEADER_WORD.match(s, i)):
            found.append(m)
            after = m.end()
    return found


def _straddling(ps: list[Piece]) -> list[Piece]:
    """Pieces a single space parted inside header words ("一级 指标二级 指标三级指标年度指标 值") joined
    back into one glued piece: a PDF's text layer puts spaces in the middle of words, not between them.
    A header whose words each fill a piece ("年初预算数 全年预算数 …") is left as printed."""
    n = len(ps)
    spaced = [p.gap == Gap.SPACE and p.width == 1 and not p.grid for p in ps]
    # NOTE: a run is a piece and the single-spaced pieces after it; the pieces between runs pass as
    # they are, in one step (a grid has no run at all)
    starts = [k - 1 for k in range(1, n) if spaced[k] and (k == 1 or not spaced[k - 1])]
    out: list[Piece] = []
    i = 0
    for start in starts:
        out.extend(ps[i:start])
        i = start
        j = i + 1
        while j < n and spaced[j]:
            j += 1
        if not ps[i].grid:
            joined = "".join(p.value for p in ps[i:j])
            bounds, at = set(), 0
            for p in ps[i:j]:
                at += len(p.value)
                bounds.add(at)
            if len(joined) >= 8 and _straddled(joined, bounds):
                first = ps[i]
                out.append(Piece(Mapped.join(p.text for p in ps[i:j]), first.gap, first.width, first.block, first.row, first.column))
            else:
                out.extend(_labels_rejoined(ps[i:j], joined, sorted(bounds)))
        else:
            out.extend(ps[i:j])
        i = j
    out.extend(ps[i:])
    return out


def _straddled(joined: str, bounds: set[int]) -> bool:
    """Whether header words are glued to each other and spaces fall inside them: "一级 指标二级 指标" is
    one glued header a PDF spaced; "偏差原因分析及改进措施指标值 完成值" is two lines of spaced words
    run together, "一级 指标 二级指标" a spaced header with a wrapped word."""
    cuts = set(_header_cuts(joined))  # "执行率 得分" is two words, where the run cuts "执行率得分"
    glued = any(c not in bounds for c in cuts)  # and words glued to each other: "指标二级"
    return glued and any(m.start() < b < m.end() and b not in cuts for run in _word_runs(joined) if len(run) >= MIN_GLUED_WORDS for m in run for b in bounds)


def _labels_rejoined(run: Sequence[Piece], joined: str, bounds: list[int]) -> list[Piece]:
    """A category label a narrow cell wrapped and a PDF parted with single spaces ("满意 度指 标",
    "效 益 指 标") joined back, with only the pieces it spans: the rest of the run keeps its spaces."""
    # a label whose 指标 opens the template's numbering ("社会效益 指标1:是否…") is a bare label and a
    # name beside it, not a label a space parted
    spans = [
        (m.start(), m.end()) for m in _LABEL.finditer(joined)
        if any(m.start() < b < m.end() for b in bounds) and not _NUMBERING.match(joined, m.end())
    ]  # fmt: skip
    if not spans:
        return list(run)
    starts = [0, *bounds[:-1]]  # where each piece starts in `joined`
    out: list[Piece] = []
    k = 0
    while k < len(run):
        end = next((e for s, e in spans if starts[k] <= s < starts[k] + len(run[k].value) < e), None)
        if end is None:
            out.append(run[k])
            k += 1
            continue
        last = next(m for m in range(k, len(run)) if starts[m] + len(run[m].value) >= end)
        # a second label starting inside the pieces joined ("满意 度指 标服务 对象 满意 度指 标")
        while (more := max((e for s, e in spans if s < starts[last] + len(run[last].value) < e), default=None)) is not None:
            last = next(m for m in range(last, len(run)) if starts[m] + len(run[m].value) >= more)
        first = run[k]
        out.append(Piece(Mapped.join(p.text for p in run[k : last + 1]), first.gap, first.width, first.block, first.row, first.column))
        k = last + 1
    return out


def split_headers(ps: list[Piece]) -> list[Piece]:
    """The pieces, with each glued header ("一级指标二级指标三级指标…") cut at its words.

    A piece next to a glued header is cut at any header word it holds: the header ran on
    past a space ("…年初目标值 (A)实际完成值 (B)得分").
    """
    ps = _straddling(ps)
    glued = [n for n, p in enumerate(ps) if len(p.value) >= 8 and _header_cuts(p.value)]
    near = {k for n in glued for k in range(n - 2, n + 3)}
    word = [_is_word(p.value) for p in ps]
    if not near and not any(word):
        return ps  # no header word anywhere: nothing to cut
    out: list[Piece] = []
    left = False  # whether the last piece out is a header word, as cut already
    for n, p in enumerate(ps):
        cuts = _header_cuts(p.value, 1) if n in near else []
        if not cuts and not word[n] and (left or (n + 1 < len(ps) and word[n + 1])):
            cuts = _edge_cuts(p.value)  # a spaced header that lost a line break: "…改进措施指标值", "171一级指标"
        if not cuts:
            out.append(p)
            left = word[n]
            continue
        last = 0
        for k, at in enumerate([*cuts, len(p.value)]):
            if at > last:
                gap, width = (p.gap, p.width) if not out or (last == 0 and k == 0) else (Gap.GLUED, 0)
                if last == 0:
                    gap, width = p.gap, p.width
                out.append(Piece(p.text[last:at], gap, width, p.block, p.row, p.column, p.grid))
            last = at
        left = _is_word(out[-1].value)
    return out


def _is_word(s: str) -> bool:
    """Whether `s` is one header word, decorations and all."""
    return bool(s) and _may_start(s[0]) and _HEADER_WORD.fullmatch(s) is not None


@functools.lru_cache(maxsize=4096)
def _may_start(char: str) -> bool:
    # NOTE: most pieces start with a character no header word starts with (the pattern matches it
    # partially when some word does): they are no word, and the whole pattern is not tried on them
    return _HEADER_WORD.match(char, partial=True) is not None


def _header_cuts(s: str, fewest: int = MIN_GLUED_WORDS) -> list[int]:
    """Where each glued run of header words in `s` starts and ends each word (empty when there is none)."""
    cuts: set[int] = set()
    for run in _word_runs(s):
        if len(run) >= fewest:
            rated = any(_RATE_WORD.fullmatch(m.group()) for m in run)
            for m in run:
                cuts.update((m.start(), m.end()))
                if not rated and (joined := _RATE_THEN.match(m.group())):
                    cuts.add(m.start() + joined.end(1))  # "执行率得分" with no 执行率 before it: two columns
    return sorted(c for c in cuts if 0 < c < len(s))


def _edge_cuts(s: str) -> list[int]:
    """Where header words at the start or the end of `s` part from the rest of it."""
    cuts: set[int] = set()
    for run in _word_runs(s):
        if run and (run[0].start() == 0 or run[-1].end() == len(s)):
            cuts.update(c for m in run for c in (m.start(), m.end()))
    return sorted(c for c in cuts if 0 < c < len(s))


def _word_runs(s: str) -> list[list[regex.Match]]:
    """The runs of header words in `s`, each word glued to the next (or parted by a title or debris)."""
    runs: list[list[regex.Match]] = []
    run: list[regex.Match] = []
    for m in _header_words(s):
        between = s[run[-1].end() : m.start()] if run else ""
        if run and len(between) > MAX_GLUED_GAP and not _PARENT_WORD.fullmatch(between) and not _DEBRIS.fullmatch(between) and not GARBLED.fullmatch(between):
            runs.append(run)
            run = []
        run.append(m)
    runs.append(run)
    return runs


# "执行率得分" is one column where the header has an 执行率 column of its own ("执行率 执行率得分"),
# and the 执行率 and 得分 columns glued together where it has none ("分值执行率得分").
_RATE_WORD = regex.compile(r"(?:预算|资金|支出|项目)?执行率(?:\(%\))?|(?:资金)?支付率|(?:预算|资金)?支出率")
_RATE_THEN = regex.compile(r"((?:预算|资金)?执行率)(?:得分|分值|权重)")
