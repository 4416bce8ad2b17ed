"""Counted lists in prose: a count stated with the items it counts ("分为4个等级：…；…", "包括…等
三个方面", a numbered run 1. 2. 3., headings that follow "包括："), and the 其中/其余 remainder.

Positions inside a paragraph are found from the figures' spans, so each listing keeps its
span in the original.
"""

from __future__ import annotations

import regex

from auditor.facts import numbering
from auditor.facts.types.prose import Listing
from auditor.report.model import Mapped, Report

_CN = "一二三四五六七八九十两"
_COUNT = rf"(?P<count>(?<!\d)\d+|[{_CN}]{{1,3}})\s*(?P<mw>场次|个|项|类|种|条|家|所|名|场|批|大)(?P<noun>\p{{Han}}{{0,6}}?)"
_COUNT_THEN_LIST = regex.compile(
    _COUNT + r"\s*[,，]?\s*(?:(?P<marker>即|分别为|分别是|包括|包含|具体为|具体是|如下)\s*[:：]?|[:：])"
)
_LIST_THEN_COUNT = regex.compile(
    r"(?:包括|包含|分为|涵盖|涉及)(?P<items>[^。;:：]{2,80}?)(?P<etc>等)?"
    rf"(?P<count>\d+|[{_CN}]{{1,3}})(?P<mw>个|项|类|种|大)(?P<noun>方面|部分|环节|阶段|类别|层次|维度|领域|板块)"
)
_NUMBER_MARKERS = (
    regex.compile(r"(?:^|(?<=[;；。,，:：\s]))(\d{1,2})[.、．](?!\d)"),
    regex.compile(r"[(（](\d{1,2})[)）]"),
    regex.compile(rf"[(（]([{_CN}]{{1,3}})[)）]"),
    regex.compile(rf"(?:^|(?<=[;；。,，:：\s]))([{_CN}]{{1,3}})是"),
    regex.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])"),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_PAREN_CHAR = regex.compile(r"[()（）]")
_INNER_COUNT = rf"(?P<n>(?<!\d)\d+|[{_CN}]{{1,3}})\s*"
_CONJ = regex.compile(r"和|及|与|以及")
_ETC = regex.compile(r"等(?:\p{Han}{0,4})?$")



def _unquoted(s: str, mask: bool) -> str:
    """`s` with each ``[(（][^()（）]*[)）]|“[^”]*”|《[^》]*》`` masked by NULs (or dropped).

    NOTE: the same as a regex ``sub``, in one pass: the regex would rescan the rest of the text
    for every “ or 《 that is never closed, which is quadratic in a long line of them.
    """
    out: list[str] = []
    i = done = 0
    unclosed = {"“": len(s), "《": len(s)}  # where a search for the closing mark last failed
    while i < len(s):
        ch = s[i]
        if ch in "(（":
            m = _PAREN_CHAR.search(s, i + 1)
            end = m.start() if m and m.group() in ")）" else -1
        elif ch in unclosed and i < unclosed[ch]:
            end = s.find("”" if ch == "“" else "》", i + 1)
            if end < 0:
                unclosed[ch] = i
        else:
            end = -1
        if end < 0:
            i += 1
            continue
        out += [s[done:i], "\0" * (end + 1 - i) if mask else ""]
        i = done = end + 1
    out.append(s[done:])
    return "".join(out)

def _count(text: str) -> int | None:
    # NOTE: not numbers.to_decimal: cn2an takes 0.2 s to import, too much for "三个方面".
    value = int(text) if text.isdigit() else numbering.outline_number(text.replace("两", "二"))
    return value if value is not None and 0 < value < 100 else None


def _list_end(text: str, start: int) -> int:
    end = text.find("。", start)
    return len(text) if end == -1 else end


def _numbered_items(text: Mapped) -> list[int] | None:
    """Positions of the items of a numbered list (1. 2. / （1） / 一是 二是 / ①②)."""
    s = text.text.lstrip()
    lead = len(text.text) - len(s)
    for pattern in _NUMBER_MARKERS:
        first = pattern.match(s)
        if not first:
            continue
        found = [(m.start() + lead, m[1]) for m in pattern.finditer(s)]
        numbers = [_CIRCLED.index(n) + 1 if n in _CIRCLED else _count(n) for _, n in found]
        # Keep the run 1, 2, 3, … that the list opens with.
        positions: list[int] = []
        for (at, _), n in zip(found, numbers, strict=True):
            if n == len(positions) + 1:
                positions.append(at)
        return positions if positions and numbers[0] == 1 else None
    return None


def _split_items(text: Mapped) -> tuple[list[Mapped], int, int, bool]:
    """Items of a run-in list, with the fewest and most items it can be read as."""
    plain = _unquoted(text.text, mask=True)  # aliases and quotes are no items
    complete = not _ETC.search(plain.rstrip("\0 ").rstrip("。"))
    sep = ";" if ";" in plain else "、"
    pieces: list[Mapped] = []
    start = 0
    for n, ch in enumerate(plain):
        if ch == sep:
            pieces.append(text[start:n])
            start = n + 1
    pieces.append(text[start:])
    pieces = [p for p in pieces if p.text.strip(" ,，。\0")]
    low = high = len(pieces)
    if sep == "、" and pieces:
        tail = _unquoted(pieces[-1].text, mask=False)
        high += len(_CONJ.findall(tail)) + tail.count(",")
    return pieces, low, high, complete


def listings(report: Report) -> list[Listing]:
    """Counts stated together with the list they count."""
    out: list[Listing] = []
    headings = report.headings
    for paragraph in report.paragraphs:
        text = paragraph.text
        s = text.text
        for m in _COUNT_THEN_LIST.finditer(s):
            count = _count(m["count"])
            if count is None or count < 2 or m["noun"].startswith(tuple(_CN)):
                continue
            span = text.span(m.start("count"), m.end("noun") if m["noun"] else m.end("mw"))
            noun = m["mw"] + m["noun"]
            rest_start = m.end()
            end = _list_end(s, rest_start)
            rest = text[rest_start:end]
            if not rest.text.strip(" ,，"):
                if end < len(s):
                    continue
                items = _following_headings(headings, paragraph.span.end)
                if items:
                    out.append(Listing(count, noun, span, tuple(items), len(items), len(items)))
                continue
            numbered = _numbered_items(rest)
            if numbered:
                spans = tuple(rest[i : i + 1].span() for i in numbered)
                out.append(Listing(count, noun, span, spans, len(spans), len(spans)))
                continue
            pieces, low, high, complete = _split_items(rest)
            inner = [regex.search(_INNER_COUNT + regex.escape(m["mw"]), p.text) for p in pieces]
            breakdown = low >= 2 and all(inner)
            if breakdown:
                # "指标8个：产出指标5个、效益指标2个、满意度指标1个": the parts must add up, not count.
                low = high = sum(_count(m["n"]) or 0 for m in inner if m)
            if low >= 2:
                spans = tuple(p.span() for p in pieces)
                out.append(Listing(count, noun, span, spans, low, high, complete, breakdown))
        for m in _LIST_THEN_COUNT.finditer(s):
            count = _count(m["count"])
            if count is None or count < 2:
                continue
            items = text[m.start("items") : m.end("items")]
            pieces, low, high, _ = _split_items(items)
            if "、" not in items.text or low < 2:
                continue
            span = text.span(m.start("count"), m.end("noun"))
            out.append(Listing(count, m["mw"] + m["noun"], span, tuple(p.span() for p in pieces), low, high, not m["etc"]))
    out.extend(_remainders(report))
    out.extend(_year_parts(report))
    return sorted(out, key=lambda listing: listing.span.start)


# "10个项目已全部完工，其中3个项目资金执行100%，其余甲项目99.97%；乙项目99.89%……": the 3 and
# the items after 其余 (each with its own figure) make up the 10.
_REMAINDER = regex.compile(
    rf"(?P<count>\d+|[{_CN}]{{1,3}})\s*个(?P<noun>项目|村|乡镇|镇|单位|学校|企业|标段)[^。]{{0,40}}?"
    rf"其中\s*(?P<part>\d+|[{_CN}]{{1,3}})\s*个[^。;；]{{0,40}}?[,，;；]\s*其余(?P<rest>[^。]*)"
)
_FIGURE = regex.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:%|万元|元|亿元)")


def _remainders(report: Report) -> list[Listing]:
    out: list[Listing] = []
    for paragraph in report.paragraphs:
        text = paragraph.text
        for m in _REMAINDER.finditer(text.text):
            total, part = _count(m["count"]), _count(m["part"])
            if total is None or part is None:
                continue
            rest = m["rest"]
            plain = _unquoted(rest, mask=True)
            counted = regex.match(rf"(\d+|[{_CN}]{{1,3}})\s*个", plain)
            if counted:
                items = _count(counted[1]) or 0
                spans: tuple = (text.span(m.start("rest"), m.start("rest") + counted.end()),)
            else:
                pieces = [p for p in regex.finditer(r"[^,，;；、]+", plain) if _FIGURE.search(p.group())]
                if len(pieces) < 2:
                    continue  # "其余正在推进": nothing to count
                items = len(pieces)
                spans = tuple(text.span(m.start("rest") + p.start(), m.start("rest") + p.end()) for p in pieces)
            found = part + items
            span = text.span(m.start("count"), m.end("noun"))
            out.append(Listing(total, "个" + m["noun"], span, spans, found, found, counted=part))
    return out


def _following_headings(headings: list, after: int) -> list:
    """Spans of the run of sibling headings that opens right after a paragraph ending in "包括："."""
    later = [h for h in headings if h.span.start >= after]
    if not later or not later[0].marker:
        return []
    first = later[0]
    spans = []
    for h in later:
        if h.level < first.level:
            break
        if h.level == first.level and h.kind == first.kind:
            spans.append(h.span)
    return spans


# "全年共实施项目15个…年初获批预算项目8个…年度中期新增项目8个": the year's items are those
# approved at the start of the year and those added during it, so the two make the total.
_YEAR_COUNT = regex.compile(rf"(?<![\d.])(?P<n>\d+|[{_CN}]{{1,3}})\s*个")
_CLAUSE_MARK = regex.compile(r"[,，;；:：、。]")
_TOTAL_WORD = regex.compile(r"共|合计|总计")
_INITIAL_WORD = regex.compile(r"年初")
_ADDED_WORD = regex.compile(r"新增|追加|年中(?!央)|年度中期")  # not "2023年中央财政"
# Words that bring in a third group or take some away: the two parts no longer make the total.
_OTHER_GROUP = regex.compile(r"结转|上年|以前年度|跨年|延续|取消|撤销|终止|调减|减少|合并|暂停|其余|另有")
PART_CLAUSE_CHARS = 40  # how far back a count's clause is read for 共, 年初 or 新增
HEAD_CHARS = 2  # the noun's last characters ("项目") that the parts must share with the total


def _year_parts(report: Report) -> list[Listing]:
    out: list[Listing] = []
    for paragraph in report.paragraphs:
        text = paragraph.text
        if not _INITIAL_WORD.search(text.text) or not _ADDED_WORD.search(text.text):
            continue
        start = 0
        for end in [*(m.end() for m in regex.finditer("。", text.text)), len(text.text)]:
            found = _year_parts_in(text, start, end)
            if found is not None:
                out.append(found)
            start = end
    return out


def _year_parts_in(text: Mapped, start: int, end: int) -> Listing | None:
    """The total and its 年初/新增 parts in one sentence, or None unless exactly one of each is there."""
    plain = _unquoted(text.text[start:end], mask=True)  # "（内含…5个）" explains, it adds nothing
    if _OTHER_GROUP.search(plain):
        return None
    roles: dict[str, list[tuple[int, str, str, regex.Match]]] = {"total": [], "initial": [], "added": []}
    for m in _YEAR_COUNT.finditer(plain):
        if _count(m["n"]) is None:
            return None
        lo = max(0, m.start() - PART_CLAUSE_CHARS)  # NOTE: bounded, so a run of counts stays linear
        marks = list(_CLAUSE_MARK.finditer(plain, lo, m.start()))
        clause = plain[marks[-1].end() if marks else lo : m.start()]
        before = regex.search(r"\p{Han}*$", clause)[0]
        after = regex.match(r"\p{Han}{0,6}", plain, pos=m.end())[0]
        initial, added = bool(_INITIAL_WORD.search(clause)), bool(_ADDED_WORD.search(clause))
        role = "initial" if initial and not added else "added" if added and not initial else ""
        if not role and _TOTAL_WORD.search(clause):
            role = "total"
        if not role:
            return None  # a count that is neither the total nor a part: the parts may not be all
        roles[role].append((m.start(), before, after, m))
    if any(len(found) != 1 for found in roles.values()):
        return None
    (t_at, t_before, t_after, total), = roles["total"]
    noun = t_after if t_after else t_before
    head = noun[:HEAD_CHARS] if t_after else noun[-HEAD_CHARS:]
    if len(head) < HEAD_CHARS:
        return None
    parts = [roles["initial"][0], roles["added"][0]]
    if not all(b.endswith(head) or a.startswith(head) for _, b, a, _ in parts):
        return None  # "年初8个项目" against "共15个村": not the same things
    summed = sum(_count(m["n"]) or 0 for *_, m in parts)
    count = _count(total["n"]) or 0
    said = _TOTAL_WORD.search(t_before)  # "全年共实施项目15个" is shown from its 共
    first = t_at - len(t_before) + (said.start() if said else 0)
    last = total.end() + (len(t_after) if t_after else 0)
    items = tuple(text.span(start + at - len(b), start + m.end() + (len(a) if not b.endswith(head) else 0)) for at, b, a, m in parts)
    return Listing(count, "个" + head, text.span(start + first, start + last), items, summed, summed, breakdown=True, parted=True)
