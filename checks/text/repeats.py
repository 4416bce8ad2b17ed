"""Repeat checks: sentences pasted several times, phrases doubled by careless editing, a goal copied as its result."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, pairwise

import regex

from auditor import DOCUMENTS, Facts, Finding, Mapped, Report, Sentence, Severity, Span, check, cut_words, module_checks

_NOT_WORD = regex.compile(r"[^\p{Han}\p{L}\p{N}]+")
_CLAUSE = regex.compile(r"[,，]")
_DOUBLED = regex.compile(r"(\p{Han}{3,12}?)\1")
# A document's name printed twice back to back is a page title above the same heading once
# the page lost its line breaks, not an editing slip in the report.
_DOCUMENT_NAME = regex.compile(r"(?:报告|自评表|评价表|目标表|情况表|申报表)$")


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _tokens(text: str) -> list[str]:
    """Words as jieba cuts them; only near-duplicate candidates ever ask."""
    return [t for t in cut_words(text) if t.strip()]


def _bigrams(key: str) -> set[str]:
    return {a + b for a, b in pairwise(key)}  # NOTE: pairs of characters, not a slice per index


_DIGITS = regex.compile(r"\d+(?:\.\d+)?")


# Character overlap settles most candidates; words (jieba) decide only the borderline ones.
CLEARLY_SAME, CLEARLY_DIFFERENT = 0.95, 0.70


def _near(a: str, b: str, threshold: float, words: bool = True) -> bool:
    """Same words in nearly the same amounts ("基本已完成" ~ "已基本完成"), same figures.

    Reordered words are the same characters, and a sentence that differs by a character or
    two is the same sentence; jieba is loaded only when the overlap is in between, where
    whether the differing characters form whole words decides. Without `words`, only the
    clear cases count.
    """
    if sorted(_DIGITS.findall(a)) != sorted(_DIGITS.findall(b)):
        return False  # parallel sentences about different projects differ in their figures
    if sorted(a) == sorted(b):
        return True
    ca, cb = Counter(a), Counter(b)
    overlap = 2 * sum((ca & cb).values()) / (len(a) + len(b))
    if overlap >= CLEARLY_SAME or overlap < CLEARLY_DIFFERENT or not words:
        return overlap >= CLEARLY_SAME
    ta, tb = _tokens(a), _tokens(b)
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    return 2 * common / (len(ta) + len(tb)) >= threshold


@dataclass(frozen=True, slots=True)
class _Unit:
    key: str
    text: Mapped
    sentence: Sentence

    @property
    def scope(self) -> tuple:
        # Prose repeats prose; a cell repeats cells of its own table. Narrative copied into
        # the attached table is normal and not reported.
        s = self.sentence
        return ("table", s.in_table) if s.in_table is not None else ("prose",)


def _figures(key: str) -> tuple[str, ...]:
    return tuple(sorted(_DIGITS.findall(key)))


def _candidates(keys: list[str], grams: list[set[str]], rank: dict[str, int]) -> Iterator[tuple[int, int]]:
    """Pairs ``(n, m)``, ``n < m``, that may pass `_groups`' tests, each once; a superset of those that do.

    A pair is tested only when the two keys hold the same figures (`_near` requires it) and
    share at least half the smaller one's bigrams among the uncommon ones (those `rank` places),
    the smaller holding at least 60% of the larger's. So, with uncommon bigrams ordered
    rarest first and keys taken smallest first (prefix filtering), a pair shares a bigram
    among the first ``|U| - ceil(|g| / 2) + 1`` of the smaller (indexed) and the first
    ``|U| - ceil(0.3 |g|) + 1`` of the larger (probed). Cost follows the pairs that are
    nearly alike, not all pairs.
    """
    # NOTE: postings by figures, then by bigram: a unit looks its figures up once, not a
    # (figures, bigram) tuple hashed per probe. Each posting keeps what the filters read:
    # the unit, its size, the uncommon bigrams from this one on, and ceil(size / 2).
    index: dict[tuple[str, ...], defaultdict[str, list[tuple[int, int, int, int]]]] = {}
    uncommon, place = rank.keys(), rank.__getitem__
    # NOTE: smallest first, ties in index order: a stable sort of the indices by size alone.
    for m in sorted(range(len(grams)), key=[len(g) for g in grams].__getitem__):
        g, figures = grams[m], _figures(keys[m])
        postings = index.get(figures)
        if postings is None:
            postings = index[figures] = defaultdict(list)
        rare = sorted(g & uncommon, key=place)
        size_m, rare_m = len(g), len(rare)
        need = (3 * size_m + 9) // 10  # shared uncommon bigrams the pair needs, at least
        found: set[int] = set()
        for i, gram in enumerate(rare[: max(0, rare_m - need + 1)]):
            left = rare_m - i
            # NOTE: `get`, not the defaultdict's [], so a probe leaves no empty list behind.
            for n, size, rest, half in postings.get(gram, ()):
                # The length filter (|g_n| >= 0.6 |g_m|), then the positional one: the first
                # shared bigram is here, so at most what follows it in both can be shared
                # (min(left, rest) >= max(need, half), spelt out without building either).
                if (
                    n not in found
                    and 5 * size >= 3 * size_m
                    and left >= need
                    and left >= half
                    and rest >= need
                    and rest >= half
                ):
                    found.add(n)
        half_m = (size_m + 1) // 2
        for j, gram in enumerate(rare[: max(0, rare_m - half_m + 1)]):
            postings[gram].append((m, size_m, rare_m - j, half_m))
        yield from ((min(n, m), max(n, m)) for n in sorted(found))


def _groups(units: list[_Unit], threshold: float, words: bool = True) -> list[list[_Unit]]:
    """Units grouped as repeats within one scope: equal keys, then near duplicates by words."""
    parent = list(range(len(units)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    for i, u in enumerate(units):
        k = (u.scope, u.key)
        if k in first:
            parent[find(i)] = find(first[k])
        else:
            first[k] = i
    # Candidate near duplicates share most character bigrams; only those are segmented.
    # Bigrams found in many units ("项目", "资金") are left out of the shared count.
    distinct = list(first.items())
    grams = [_bigrams(k[1]) for k, _ in distinct]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g)  # NOTE: counted in C, set by set, in the same order as bigram by bigram
    common = max(8, len(distinct) // 20)
    # NOTE: the uncommon bigrams ranked once, rarest first, ties by the bigram (a stable sort by
    # df of the sorted bigrams), so each unit sorts its own by a dict lookup, not a built key.
    ranked = sorted(sorted(gram for gram, n in df.items() if n <= common), key=df.__getitem__)
    rank = {gram: r for r, gram in enumerate(ranked)}
    uncommon = rank.keys()
    for n, m in _candidates([k for (_, k), _ in distinct], grams, rank):
        (scope_n, key_n), i = distinct[n]
        (scope_m, key_m), j = distinct[m]
        if scope_n != scope_m or not 0.7 <= len(key_n) / len(key_m) <= 1.43:
            continue
        g, h = grams[n], grams[m]
        both = g & h
        shared = len(both & uncommon)
        if not shared or shared < 0.5 * min(len(g), len(h)) or len(both) / (len(g) + len(h) - len(both)) < 0.6:
            continue
        # NOTE: a pair already in one group changes nothing; skipping it spares the word
        # segmentation (and loading jieba) for repeats found through a third unit.
        if find(i) != find(j) and _near(key_n, key_m, threshold, words):
            parent[find(j)] = find(i)
    out: dict[int, list[_Unit]] = defaultdict(list)
    for i, u in enumerate(units):
        out[find(i)].append(u)
    return [sorted(g, key=lambda u: u.text.span().start) for g in out.values() if len(g) > 1]


def _clauses(sentences: Iterable[Sentence], min_chars: int) -> list[_Unit]:
    out = []
    for s in sentences:
        for piece in _split_clauses(s.text):
            key = _key(piece.text)
            if len(key) >= min_chars:
                out.append(_Unit(key, piece, s))
    return out


_TERMINAL = "。！？；!?;…"
_TERMINALS = tuple(_TERMINAL)  # NOTE: built once: every sentence asks
TITLE_CHARS = 40


def _title_like(sentence: Sentence) -> bool:
    """A short line of prose with no sentence ending: a title, a page header, a file name a site repeats."""
    text = sentence.text.text.strip()
    return sentence.in_table is None and len(text) <= TITLE_CHARS and not text.endswith(_TERMINALS)


def _merge(repeats: list[list[_Unit]]) -> list[list[list[_Unit]]]:
    """Repeats of consecutive sentences of one passage, found in the same blocks, become one."""
    by_blocks: dict[tuple, list[list[_Unit]]] = defaultdict(list)
    for repeat in repeats:
        by_blocks[tuple(u.sentence.block for u in repeat)].append(repeat)
    return list(by_blocks.values())


def _covering(units: list[_Unit]) -> Span:
    spans = [u.text.span() for u in units]
    return Span(min(s.start for s in spans), max(s.end for s in spans))


@check("TX01", category="duplicated_text", severity="warning", needs=("sentences",), documents=DOCUMENTS)
def duplicated_sentence(
    report: Report,
    facts: Facts,
    *,
    min_chars: int = 12,
    min_phrase_chars: int = 10,
    min_phrase_repeats: int = 3,
    similarity: float = 0.85,
) -> Iterator[Finding]:
    """同一句话（或只调换了词序的同一句话）在报告中重复出现。

    ## 说明
    以句为单位比较：去掉空格和标点后完全相同，或经 jieba 分词后用词基本相同
    （“基本已完成”与“已基本完成”）且所含数字相同的句子算作重复；只是数字不同的
    并列句（各项目分别写“安排资金X万元，已支出Y万元”）不算。正文只与正文比较，
    表格单元格只与同一张表其他行的单元格比较；正文抄入附表不算重复。
    同一段落整段重复时合并为一条。正文中重复三次及以上、或表中重复的长段落为警告，
    其余为提示。较短的分句在正文中出现三次以上、且不全在已报告的重复句中时，另报告一条提示。
    jieba 只在出现疑似近似重复时才加载。

    ## 为何重要
    整句重复多是套用模板、复制粘贴，说明相应部分没有针对本项目写实际情况（E5）。

    ## 反例
    ```text
    （一）居家养老项目支出29.59万元。设置的预期绩效目标基本已完成，由于财政资金紧张，资金未拨付到位。
    （二）文明城市项目支出4.83万元。设置的预期绩效目标已基本完成，由于财政资金紧张，资金未拨付到位。
    （三）改造提升项目支出11.99万元。设置的预期绩效目标基本已完成，由于财政资金紧张，资金未拨付到位。
    ```

    ## 正例
    ```text
    （一）居家养老项目安排资金150万元，已支出29.59万元，服务老人1200人次。
    （二）文明城市项目安排资金30万元，已支出4.83万元，宣传活动推迟到次年。
    ```

    ## 选项
    - `min_chars`：参与比较的句子至少多少个字（不计标点），默认 12。
    - `min_phrase_chars`：参与比较的分句至少多少个字，默认 10。
    - `min_phrase_repeats`：分句至少出现几次才报告，默认 3。
    - `similarity`：近似重复的用词重合度下限（0–1），默认 0.85。
    """
    units = [
        _Unit(k, s.text, s)
        for s in facts.sentences
        if len(k := _key(s.text.text)) >= min_chars and not _title_like(s)
    ]
    prose = [s for s in facts.sentences if s.in_table is None]
    # A phrase must recur three times to count; exact and reordered repeats are enough to tell.
    clauses = _clauses(prose, min_phrase_chars)
    phrases = [g for g in _groups(clauses, similarity, words=False) if len(g) >= min_phrase_repeats]
    phrase_size = {u.key: len(g) for g in phrases for u in g}
    repeats = []
    for group in _groups(units, similarity):
        if group[0].sentence.in_table is not None and len({u.sentence.row for u in group}) < 2:
            continue  # a target copied as its actual value is an indicator problem, not boilerplate
        if all(phrase_size.get(u.key, 0) > len(group) for u in group):
            continue  # the sentence is a phrase repeated more often on its own; reported below
        repeats.append(group)
    covered: list[Span] = []
    for passage in _merge(repeats):
        first, second = passage[0], passage[0][1:2]
        count = len(first)
        blocks = sorted({u.sentence.block for u in first})
        spans = [_covering([u for r in passage for u in r if u.sentence.block == b]) for b in blocks]
        covered.extend(u.text.span() for r in passage for u in r)
        chars = sum(len(r[0].key) for r in passage)
        in_table = first[0].sentence.in_table is not None
        loud = chars >= 50 if in_table else count >= 3
        at = spans[1] if len(spans) > 1 else second[0].text.span()
        what = "这句话" if len(passage) == 1 else f"这段文字（{len(passage)}句，约{chars}字）"
        yield Finding(
            at,
            f"{what}在报告中重复出现{count}次，疑似套话或重复粘贴：“{report.quote(first[0].text.span())}”。",
            actual=str(count),
            related=tuple(s for s in spans if s != at),
            severity=Severity.WARNING if loud else Severity.INFO,
            message_en=f"this text occurs {count} times",
        )
    # Whether an offset lies in a covered span: the furthest end among the spans starting at
    # or before it says (a bisection, not a pass over every span for every phrase).
    covered.sort()
    starts = [c.start for c in covered]
    reach = list(accumulate((c.end for c in covered), max))
    for group in phrases:
        outside = [u for u in group if not (k := bisect_right(starts, u.text.span().start)) or reach[k - 1] <= u.text.span().start]
        if not outside:
            continue
        yield Finding(
            group[1].text.span(),
            f"“{report.quote(group[0].text.span())}”在报告中出现了{len(group)}次，表述雷同，建议针对各部分写明实际情况。",
            actual=str(len(group)),
            related=tuple(u.text.span() for u in group if u is not group[1]),
            severity=Severity.INFO,
            message_en=f"this phrase occurs {len(group)} times",
        )


def _spliced(clauses: list[Mapped]) -> Iterator[tuple[Mapped, str, str]]:
    """A clause made of the next clause's start and the previous clause's end: an edit left over."""
    if len(clauses) < 3:
        return
    keys = [_key(c.text) for c in clauses]  # NOTE: each clause's key once, not once per neighbour
    for i in range(1, len(clauses) - 1):
        mid = keys[i]
        prev, nxt = keys[i - 1], keys[i + 1]
        if len(mid) < 8:
            continue
        # The longest start of `mid` that `nxt` starts with, and end that `prev` ends with (4 or more).
        head = _shared(mid, nxt)
        head = head if head > 3 else 0
        tail = _shared(mid[::-1], prev[::-1])
        tail = tail if tail > 3 else 0
        if head and tail and head + tail >= len(mid) and head < len(mid) and tail < len(mid):
            yield clauses[i], mid[:head], mid[-tail:]


def _shared(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their start (one pass, not a slice per length)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _split_clauses(text: Mapped) -> list[Mapped]:
    s = text.text
    if "," not in s and "，" not in s:  # NOTE: most sentences are one clause: no scan
        return [text[0 : len(s)]]
    out, start = [], 0
    for m in _CLAUSE.finditer(s):
        out.append(text[start : m.start()])
        start = m.end()
    out.append(text[start : len(s)])
    return out


INTERLEAVE = 8  # characters before a doubled phrase that, printed twice nearby, show two columns run together


def _interleaved(text: str, at: int) -> bool:
    """Whether the text before `at` is printed again close by: a two-column block flattened line by
    line prints each column's near-identical lines side by side, and so doubles their words."""
    before = text[max(0, at - INTERLEAVE) : at]
    if len(before) < INTERLEAVE:
        return False
    near = text[max(0, at - 12 * INTERLEAVE) : at + 12 * INTERLEAVE]
    return near.count(before) >= 2


@check("TX02", category="duplicated_text", severity="warning", needs=("sentences",), documents=DOCUMENTS)
def doubled_phrase(report: Report, facts: Facts) -> Iterator[Finding]:
    """同一词组紧挨着重复（“沟通居民区党组织沟通居民区党组织”），或改写时留下了半句残文。

    ## 说明
    三个字以上的词组紧接着再出现一次，几乎总是编辑失误（两个字的叠词如“常常”“看看”不算）。
    另一种情形是一个分句的前半与下一分句开头相同、后半与上一分句结尾相同，
    是改写时新旧两版都留了下来。同一段文字在报告中出现多次时只报告一次。
    文件名称紧挨着出现两次（“……绩效自评报告……绩效自评报告”）是网页标题与正文标题去掉换行后连在一起，不算；
    两栏几乎相同的文字（年初目标和实际完成情况）被逐行交错拼在一起时，每行都出现两次，也不算
    （重复词组之前的八个字在附近再次出现）。

    ## 为何重要
    这类错误说明材料未经校对，复核时会被视为质量问题。

    ## 反例
    ```text
    进一步畅通居民区党组织沟通居民区党组织沟通联系广大群众制度化渠道。
    ```

    ## 正例
    ```text
    进一步畅通居民区党组织沟通联系广大群众的制度化渠道，常常听取意见。
    ```
    """
    seen: dict[str, list[tuple[Mapped, str]]] = defaultdict(list)
    for s in facts.sentences:
        text = s.text.text
        # NOTE: per phrase length, the stretch where the text last went on repeating itself:
        # a later match inside it ends where it ends, without walking it again (quadratic).
        stretch: dict[int, tuple[int, int]] = {}
        for m in _DOUBLED.finditer(text):
            size, at = len(m[1]), m.start()
            # "通居民区党组织沟|通居民区党组织沟" reads better as "居民区党组织沟通" twice.
            lo, hi = stretch.get(size, (-1, -1))
            if lo <= at <= hi:
                at = hi
            else:
                lo = at
                while at + 2 * size < len(text) and text[at + 2 * size] == text[at]:
                    at += 1
                stretch[size] = (lo, at)
            if not s.text.contiguous(at, at + 2 * size):
                continue  # cells of a flattened table side by side ("预算数 全年预算数 全年执行数")
            if any(s.text.span(k, k + 1).start in facts.cell_starts for k in range(at + 1, at + 2 * size)):
                # a form's cells glued, not a phrase doubled: a target and its actual ("专项使用专项使用"),
                # the header's words ("年初预算数全年预算数全年执行数")
                continue
            if _DOCUMENT_NAME.search(text, at, at + size):
                continue
            if _interleaved(text, at):
                continue  # two columns' lines run together, each printed twice ("辖区林木区林木资源")
            piece = s.text[at : at + 2 * size]
            phrase = report.quote(s.text[at : at + size].span())
            seen[f"doubled:{phrase}"].append((piece, f"“{phrase}”连续重复了两次（“{phrase}{phrase}”），应删去一处。"))
        for clause, head, tail in _spliced(_split_clauses(s.text)):
            seen[f"spliced:{clause.text}"].append(
                (clause, f"分句“{report.quote(clause.span())}”前半“{head}”与下一分句开头重复、后半“{tail}”与上一分句结尾重复，疑似改写时留下的残句。")
            )
    for places in seen.values():
        places.sort(key=lambda p: p[0].span().start)
        first, message = places[0]
        yield Finding(
            first.span(),
            message if len(places) == 1 else message[:-1] + f"（同样的文字共出现{len(places)}处）。",
            related=tuple(p.span() for p, _ in places[1:]),
            message_en="a phrase is repeated back to back" if message.startswith("“") else "a clause left over from an edit",
        )


@check("TX06", category="duplicated_text", severity="warning", needs=("sentences",))
def goal_copied(report: Report, facts: Facts) -> Iterator[Finding]:
    """“年度总体目标”的实际完成情况与预期目标一字不差，是照抄目标，不是完成情况。

    ## 说明
    比较同一行的“预期目标”和“实际完成情况”两栏（去掉空格、标点和编号）。表格被压成文字时，
    两栏常被逐行交错拼在一起，行标题（“年度总体 / 目标”）也夹在其中；这里按阅读顺序把各段分回两栏，
    两栏读来相同（至少40个字相同，摘录截断处可以不完整）才报告。

    ## 为何重要
    实际完成情况应写实际完成的工作量和成效；照抄预期目标等于没有报告完成情况（E4）。

    ## 反例
    ```text
    预期目标 实际完成情况 1.始终站稳立场把准方向,深入学习宣传新时代法治理念,扎实抓好重点领域法律普及, 1.始终站稳立场把准方向,深入学习宣传新时代法治理念,扎实抓好重点领域法律普及,推动普法工作紧扣 推动普法工作紧扣中心服务大局。 中心服务大局。
    ```

    ## 正例
    ```text
    预期目标 实际完成情况 1.始终站稳立场把准方向,深入学习宣传新时代法治理念,扎实抓好重点领域法律普及。 1.全年开展普法宣传活动126场,覆盖群众3.2万人次,重点人群学法用法考试参考率100%。
    ```
    """
    for copy in facts.goal_copies:
        yield Finding(
            copy.actual,
            f"“实际完成情况”与“预期目标”一字不差（约{copy.chars}字），是照抄目标，没有写出实际完成的工作量和成效。",
            expected="实际完成的工作量和成效",
            actual=report.quote(copy.actual),
            related=(copy.expected,),
            message_en="the actual results repeat the expected target word for word",
        )


pfaudit_checks = module_checks(__name__)
