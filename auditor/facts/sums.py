"""Totals and their parts in prose: "下达2263万元。其中：甲1435万元，乙25万元……" and "……共计3580.69万元".

Two shapes carry a breakdown. A total followed by a connector (其中, or "，为" right after
the amount) and the parts listed until the sentence ends, another total starts or a clause
changes the subject (调减, 此外, 实际…). Or parts listed first and closed by 共计/合计/总计.
The total must be unambiguous: the one amount before 其中, never one of several parallel
figures ("送审金额…审定金额…核减…，其中…"). Amounts in brackets are asides, not parts.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Sequence

import regex

from auditor.facts.types.prose import PartsSum, ProseFigure
from auditor.report.model import Report

# "共计45万元：第一批15万元……": a colon right after the amount opens its breakdown too.
# "…120万元，主要用于：…" and "…120万元，由甲80万元、乙30万元构成" open one as well; "主要" says
# the list may leave items out (only parts over the total then contradict it).
_CONNECTOR = regex.compile(
    r"其中\s*[:：,，]?|(?<=[元])\s*[,，]\s*(?:为|分别为|分别是|具体为|包括|(?P<some>主要)?用于)\s*[:：]?|(?<=[元])\s*[:：]"
    r"|(?<=[元])\s*[,，]?\s*由(?=[^。;；]{0,200}?(?:构成|组成))"
)
_TOTAL_WORD = regex.compile(r"(?:共计|合计|总计|累计|总共)[^,，;；。:：]{0,14}$")
# A clause that leaves the breakdown: a change, an addition outside it, a new total.
_STOP = regex.compile(r"调减|调增|追加|此外|另外|另有|另安排|其后|之后|后期|共计|合计|总计|累计|实际|其余|剩余|结余|尚未|已支出|已支付|到位")
_LABEL = regex.compile(r"\p{Han}")
_ETC = regex.compile(r"^\s*(?:等|等项目|等资金)")
_SENTENCE_END = "。!?！？"
_SEPARATORS = ",，;；、:："
# NOTE: a total with more parts than this is not read as one: no report lists so many, and
# a long run of amounts made every total take every later amount as its part (quadratic).
MAX_PARTS = 50
MAX_BRACKET = 400  # characters a bracketed breakdown may run to


def _depths(s: str) -> list[int]:
    out, depth = [], 0
    for c in s:
        if c in "(（":
            depth += 1
        out.append(depth)
        if c in ")）":
            depth = max(0, depth - 1)
    return out


@functools.lru_cache(maxsize=8)
def _marks(s: str, chars: str) -> list[int]:
    """Where any of `chars` stands in `s`, in order (found once per paragraph, then bisected)."""
    return [i for i, c in enumerate(s) if c in chars]


def _last(s: str, chars: str, at: int) -> int:
    """The last position before `at` of any of `chars` (-1: none), as ``max(s.rfind(c, 0, at))``."""
    marks = _marks(s, chars)
    k = bisect_left(marks, at)
    return marks[k - 1] if k else -1


def _sentence_start(s: str, at: int) -> int:
    return _last(s, _SENTENCE_END, at) + 1


def _clause_start(s: str, at: int) -> int:
    """Where the sentence or ";"-clause holding `at` starts."""
    return _last(s, _SENTENCE_END + ";；", at) + 1


def _sentence_end(s: str, at: int) -> int:
    marks = _marks(s, _SENTENCE_END)
    k = bisect_left(marks, at)
    return marks[k] if k < len(marks) else len(s)


def _labelled(s: str, start: int, at: int) -> bool:
    """Whether the clause before an amount names what it is ("小型水库工程维修养护25万元").

    The clause is what follows the last separator between `start` and `at`; it names the
    amount when it holds a Chinese character, so the look goes back only to the nearest one.
    """
    for i in range(at - 1, start - 1, -1):
        if s[i] in _SEPARATORS:
            return False
        if _LABEL.match(s[i]):
            return True
    return False


def sums(report: Report, amounts: Sequence[ProseFigure]) -> list[PartsSum]:
    """Every total stated with its parts, in the prose paragraphs."""
    out: list[PartsSum] = []
    by_paragraph: dict[int, list[ProseFigure]] = {}
    for a in amounts:
        by_paragraph.setdefault(a.paragraph, []).append(a)
    paragraphs = report.paragraphs
    for p, figs in by_paragraph.items():
        if len(figs) < 3:
            continue
        text = paragraphs[p].text
        placed = [(text.index_at(f.quantity.span.start), text.index_at(f.quantity.span.end - 1) + 1, f) for f in figs]
        placed.sort(key=lambda x: x[0])
        out.extend(_breakdowns(text.text, placed))
        out.extend(_closing_totals(text.text, placed))
        out.extend(_by_source(text.text, placed))
    return out


# Where money came from: a total followed by what each source gave is a breakdown by source
# ("实际利用共计27652.4万元，……政府拨款支出1953.2万元，……自筹资金支出29605.6万元").
_SOURCE = regex.compile(
    r"(政府拨款|财政拨款|财政资金|中央(?:财政)?资金|省级(?:财政)?资金|市级(?:财政)?资金|县级(?:财政)?资金"
    r"|区级(?:财政)?资金|自筹资金|自有资金|社会资本|银行贷款|单位资金)[^,，;；。]{0,6}$"
)
_TOTAL_BY_SOURCE = regex.compile(r"(?:共计|合计|总计)[^,，;；。]{0,4}$")


def _by_source(s: str, placed: list[tuple[int, int, ProseFigure]]) -> list[PartsSum]:
    """A 共计 total and, later in its sentence, amounts each labelled by a distinct funding source."""
    depth = _depths(s)
    out: list[PartsSum] = []
    for n, (i, j, fig) in enumerate(placed):
        start = _clause_start(s, i)
        if depth[i] or not _TOTAL_BY_SOURCE.search(s[max(start, i - 12) : i]):
            continue
        end = _sentence_end(s, j)
        if _CONNECTOR.search(s, j, end):
            continue  # 其中 or 为 makes it a breakdown of the first shape
        parts, sources = [], set()
        for x in placed[n + 1 :]:
            if x[0] >= end or depth[x[0]]:
                break
            clause = s[_clause_start_comma(s, x[0]) : x[0]]
            found = _SOURCE.search(clause)
            if found is None:
                parts = []
                break  # another kind of amount in the sentence: not a clean breakdown by source
            sources.add(found[1])
            parts.append(x)
        if len(parts) >= 2 and len(sources) == len(parts):
            out.append(PartsSum(fig, tuple(x[2] for x in parts), True, "by_source"))
    return out


_CHANGE = regex.compile(r"增长|增加|减少|下降|降低|提高|较上年|同比|增幅|减幅|多出|少于")


def _clause_start_comma(s: str, at: int) -> int:
    return max(s.rfind(c, 0, at) for c in "。!?！？;；,，") + 1


def _breakdowns(s: str, placed: list[tuple[int, int, ProseFigure]]) -> list[PartsSum]:
    depth = _depths(s)
    starts = [x[0] for x in placed]
    out: list[PartsSum] = []
    for m in _CONNECTOR.finditer(s):
        if depth[m.start()]:
            out.extend(_bracketed(s, placed, starts, depth, m))  # "120万元（其中甲80万元，乙30万元）"
            continue  # "(其中建筑工程3292万元)": an aside, one share, no breakdown
        start = _clause_start(s, m.start())
        if not s[start : m.start()].strip(" ,，:：\n"):
            start = _clause_start(s, max(start - 1, 0))  # 其中 opens the sentence: the total ends the last one
        k = bisect_left(starts, m.start())  # the amounts before the connector (they end before it too)
        before = [x for x in placed[bisect_left(starts, start, 0, k) : k] if x[1] <= m.start() and not depth[x[0]]]
        if not m.group().startswith("其中"):
            before = before[-1:]  # "124.23万元，为……": the amount right before is the total
        if len(before) != 1:
            continue  # no total, or several parallel figures: which one is broken down is not said
        total = before[0]
        if _CHANGE.search(s[_clause_start_comma(s, total[0]) : total[0]]):
            continue  # "较上年度增长189.25万元": a difference between two years, not a total broken down
        parts = _parts_after(s, placed, depth, m.end(), bisect_left(starts, m.end()))
        if len(parts) >= 2:
            closed = not _ETC.match(s[parts[-1][1] :]) and not m["some"]
            out.append(PartsSum(total[2], tuple(x[2] for x in parts), closed, "breakdown"))
    return out


def _bracketed(s: str, placed: list, starts: list[int], depth: list[int], m: regex.Match) -> list[PartsSum]:
    """A 其中 opening a bracket right after an amount, with two parts or more inside it (`starts`:
    where each placed amount starts, to find them by bisection)."""
    level = depth[m.start()]
    opening = _last(s, "(（", m.start() + 1)
    if not m.group().startswith("其中") or opening < 0 or s[opening + 1 : m.start()].strip():
        return []
    before = placed[: bisect_left(starts, opening)]
    if not before or s[before[-1][1] : opening].strip() or depth[before[-1][0]] != level - 1:
        return []  # the bracket does not follow an amount: no total it breaks down
    stop = min(len(s), m.end() + MAX_BRACKET)  # NOTE: bounded: an unclosed bracket would make each look run to the end
    closing = next((k for k in range(m.end(), stop) if depth[k] < level), stop)
    inside = placed[bisect_left(starts, m.end()) : bisect_left(starts, closing)]
    parts = [x for x in inside if depth[x[0]] == level]
    if len(parts) < 2:
        return []
    return [PartsSum(before[-1][2], tuple(x[2] for x in parts), not _ETC.match(s[parts[-1][1] :]), "breakdown")]


def _parts_after(s: str, placed: list, depth: list[int], at: int, first: int = 0) -> list:
    """The parts listed after a connector at `at`; `first` is the first amount that may start there."""
    end = _sentence_end(s, at)
    parts = []
    cursor = at
    for x in placed[first:]:
        if x[0] < at or depth[x[0]]:
            continue
        if x[0] >= end:
            break
        between = s[cursor : x[0]]
        if _STOP.search(between) or not _labelled(s, cursor, x[0]):
            break
        parts.append(x)
        cursor = x[1]
        if _CONNECTOR.match(s, x[1]):
            parts.pop()  # this amount opens a breakdown of its own: a new total
            break
        if len(parts) > MAX_PARTS:
            return []
    return parts


def _closing_totals(s: str, placed: list[tuple[int, int, ProseFigure]]) -> list[PartsSum]:
    depth = _depths(s)
    starts = [x[0] for x in placed]
    out: list[PartsSum] = []
    for n, (i, j, fig) in enumerate(placed):
        start = _sentence_start(s, i)
        if depth[i] or not _TOTAL_WORD.search(s[max(start, i - 16) : i]):
            continue
        if _CONNECTOR.match(s, j):
            continue  # "支出合计1790.12万元，其中…": a total its breakdown follows, not a closing one
        if start > 0 and not any(start <= x[0] < i for x in placed[bisect_left(starts, start, 0, n) : n]):
            # "…下达转移支付：甲40万元；…；乙3万元。共计下达…3580.69万元": the list is the last sentence,
            # and only a list opened by a colon is one — not the 其中： of that sentence's own total.
            start = _sentence_start(s, start - 1)
            colon = _last(s, ":：", i)
            if colon < start or s[max(start, colon - 2) : colon] == "其中":
                continue
            start = colon + 1
        colon = _last(s, ":：", i)
        start = colon + 1 if colon >= start else start
        listed = placed[bisect_left(starts, start, 0, n) : n]
        if len(listed) > MAX_PARTS:
            continue
        parts = [x for x in listed if not depth[x[0]] and _labelled(s, start, x[0])]
        if any(_TOTAL_WORD.search(s[max(start, x[0] - 16) : x[0]]) for x in parts):
            continue  # "…1个，共计投资200万元；…3个，共计投资1288.64万元；…共计投资15万元": parallel totals
        if len(parts) >= 2:
            out.append(PartsSum(fig, tuple(x[2] for x in parts), True, "closing"))
    return out
