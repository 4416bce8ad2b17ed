"""The labels a fund block is read by, as events in the token stream: column labels (年初预算数,
全年预算数(A), 执行率(B/A) …), row labels (年度资金总额, 其中：当年财政拨款 …) and labels that end
the block (年度总体目标, 绩效指标 …); and the header a run of column labels forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from auditor.facts.funds.columns import RATE_ROLES, Column
from auditor.facts.tokens import Break, Token
from auditor.report.model import Mapped

# Column labels, most specific first: at one position the first alternative wins.
_ROLES = (
    ("rate", r"(?:预算|资金|支出|项目)?执行率|支付率|(?:预算|资金)?支出率"),
    ("received_rate", r"(?:资金|预算)?到位率"),
    ("initial", r"年初预算(?:数|金额|资金)?|年初批复(?:数|金额)?"),
    ("received", r"(?:全年|实际)?到位(?:资金|数|金额)"),
    ("budget", r"全年预算(?:数|金额)?|调整后(?:的)?(?:全年)?预算(?:数|金额)?|当年预算(?:数)?|扣除[^(（]{0,10}后预算金额|预算(?:数|金额)|批复(?:数|金额)|计划安排(?:资金)?|预算安排(?:数|资金|金额)?"),
    ("spent", r"全年执行(?:数|金额|资金)?|(?:预算)?执行(?:数|金额)|实际执行(?:数)?|支出数|实际支出(?:数|金额)?|决算数"),
    ("weight", r"(?<!总)分值|权重"),
    ("score", r"(?<![总自])得分(?!计算|方法|率)"),
    ("note", r"得分计算方法|计算方法|佐证材料|所需材料|上传端口|未完成原因|偏差原因|原因分析|备注"),
    ("index", r"行次|序号"),
    ("money", r"统筹整合资金数"),
    # "预算执行(E/C×100%)" is a rate column only when a formula follows; decided in `_word_events`.
    ("rate_bare", r"预算执行(?!情况|数|金额|率)"),
    ("received_rate_bare", r"预算到位(?!情况|数|金额|率)"),
)
_ROW_TOTAL = r"(?:年度(?:财政)?资金总额|资金总额|年度资金|资金合计|^总额|^合计|^总计)(?:合计|总计)?"
_ROW_PART = (
    r"其中|财政拨款|当年财政|本年财政|财政资金|一般公共预算|上年结转|结转(?:结余)?资金|其他资金|单位资金|自有资金"
    r"|自筹资金|专户|中央(?:财政)?(?:资金|补助)|地方(?:财政)?资金|省级(?:财政)?资金|市级(?:财政)?资金|县级(?:财政)?资金"
    r"|基本支出|项目支出|社会资本|^其他$"
)
_END = (
    r"年度(?:总体)?目标|总体目标|预期目标|实际完成|绩效指标|一级指标|资金管理|情况说明|存在问题|年度绩效|主要绩效"
    r"|项目年度总目标|分配科学|下达及时|评价结论"
)
# The period a column label may open with ("全年实际支出数", "年度预算数", "本年执行数").
_PERIOD = r"(?:全年|本年度|本年|当年|年度)?"
_QUALIFIED = frozenset({"budget", "spent", "rate", "received"})
_EVENTS = regex.compile(
    "|".join(f"(?P<{role}>{_PERIOD if role in _QUALIFIED else ''}(?:{pattern}))" for role, pattern in _ROLES)
    + f"|(?P<row_total>{_ROW_TOTAL})|(?P<row_part>{_ROW_PART})|(?P<end>{_END})|(?P<skip>列次|栏次)"
)
_ANNOTATION = regex.compile(r"\s*[(（]\s*([^()（）]{0,30})[)）]?")
_LETTER = regex.compile(r"^([A-H])$")
_FORMULA = regex.compile(r"^([A-H])\s*[/÷]\s*([A-H])")
_HEADER_ROLES = frozenset({"initial", "budget", "spent", "rate", "received"})


@dataclass(frozen=True, slots=True)
class Event:
    """Something the block reader reacts to: a column label, a row label, an end label, a number."""

    kind: str  # a role from _ROLES, "row_total", "row_part", "end", "number", "blank"
    text: Mapped
    index: int  # the token it came from
    annotation: str = ""
    start: int = 0  # where the event starts in its token's text
    end: int = 0  # where it ends, its annotation included


def events(tokens: Sequence[Token], start: int, stop: int) -> list[Event]:
    """Column labels, row labels, end labels, numbers and blanks in tokens[start:stop]."""
    out: list[Event] = []
    for n in range(start, stop):
        tok = tokens[n]
        if tok.is_number:
            if tok.depth == 0 and not _in_sentence(tokens, n) and not _period_start(tokens, n):
                out.append(Event("number", tok.text, n))
            continue
        if tok.blank:
            out.append(Event("blank", tok.text, n))
            continue
        out.extend(_word_events(tokens, n))
    return out


_PERIOD_REST = regex.compile(r"^\s*[-—–~至]\s*\d{1,2}\s*月")


def _period_start(tokens: Sequence[Token], n: int) -> bool:
    """The "1" of "1-7月执行数": a number that opens a period in a column label, not a value."""
    return n + 1 < len(tokens) and bool(_PERIOD_REST.match(tokens[n + 1].value))


def _in_sentence(tokens: Sequence[Token], n: int) -> bool:
    """A number glued to words that do not end in a label is part of a sentence ("执行率低于70%")."""
    tok = tokens[n]
    if tok.brk != Break.GLUED or n == 0 or tokens[n - 1].is_number:
        return False
    before = tokens[n - 1].value
    last = None
    for m in _EVENTS.finditer(before):
        last = m
    tail = before[last.end() :] if last else before
    return bool(tail.strip(" :：()（）万元"))


def _depths(text: str, start: int) -> list[int]:
    out, depth = [], start
    for c in text:
        out.append(depth)
        if c in "(（[【〔":
            depth += 1
        elif c in ")）]】〕":
            depth = max(0, depth - 1)
    return out


def _word_events(tokens: Sequence[Token], n: int) -> list[Event]:
    tok = tokens[n]
    s = tok.text.text
    matches = list(_EVENTS.finditer(s))
    if not matches:
        return []
    bracketed = tok.depth > 0 or any(c in s for c in "(（[【〔")
    depths = _depths(s, tok.depth) if bracketed else None
    out = []
    for m in matches:
        if depths is not None and depths[m.start()] > 0:
            continue
        kind = m.lastgroup or ""
        annotation = ""
        end = m.end()
        if kind in dict(_ROLES):
            after = _ANNOTATION.match(s, m.end())
            if after and s[m.end() : after.end()].strip():
                annotation, end = after[1], after.end()
            elif m.end() == len(s) and n + 1 < len(tokens) and tokens[n + 1].value.startswith(("(", "（")):
                annotation = tokens[n + 1].value.strip("()（） ")
        if kind.endswith("_bare"):
            if not _FORMULA.match(annotation.replace(" ", "")):
                continue
            kind = kind.removesuffix("_bare")
        out.append(Event(kind, tok.text[m.start() : m.end()], n, annotation, m.start(), end))
    return out


SHORT_LABEL = 12  # a header of only two columns must print each in a cell or word of its own
MAX_HEADER_GAP = 8  # characters of other text allowed between two column labels of one header


_PROSE = regex.compile(r"[。；;，,:：]")


def _outside_brackets(text: str) -> str:
    return regex.sub(r"[(（][^()（）]*[)）]", "", text)


def _close(tokens: Sequence[Token], a: Event, b: Event) -> bool:
    """Whether two column labels sit next to each other, as in a header, not far apart in prose."""
    if a.index == b.index:
        # Labels glued in one word follow each other directly ("全年预算数(A)全年执行数(B)"); words
        # between them make a sentence about the columns ("执行率按全年执行数除以全年预算数计算").
        between = tokens[a.index].value[a.end : b.start]
        return not _outside_brackets(between).strip(" 、/|")
    tail, head = tokens[a.index].value[a.end :], tokens[b.index].value[: b.start]
    if _PROSE.search(tail) or _PROSE.search(head):
        return False
    gap = len(tail.strip()) + len(head.strip())
    for n in range(a.index + 1, b.index):
        between = tokens[n].value
        if not between.startswith(("(", "（")) and tokens[n].depth == 0:
            gap += len(between)
    return gap <= MAX_HEADER_GAP


def _column(event: Event, seen: set[str]) -> Column:
    role = event.kind
    ann = event.annotation.replace(" ", "")
    letter = ""
    formula = None
    if (m := _LETTER.match(ann)) is not None:
        letter = m[1]
    elif (m := _FORMULA.match(ann)) is not None:
        formula = (m[1], m[2])
    elif role == "rate" and regex.search(r"执行数?.{0,4}[/÷].{0,4}预算", ann):
        formula = None  # worded as spent/budget: the usual roles
    if role in seen:
        role = "money" if role not in RATE_ROLES else "other_rate"
        suffix = 2
        while f"{role}{suffix}" in seen:
            suffix += 1
        role = f"{role}{suffix}"
    seen.add(role)
    return Column(role, event.text, letter, formula, "%" in ann)


def _header(tokens: Sequence[Token], evs: list[Event], at: int) -> tuple[list[Column], int] | None:
    """Columns of a header that starts at evs[at], and the event index after it."""
    columns: list[Column] = []
    seen: set[str] = set()
    i = at
    while i < len(evs) and evs[i].kind in dict(_ROLES) and (i == at or _close(tokens, evs[i - 1], evs[i])):
        columns.append(_column(evs[i], seen))
        i += 1
    roles = {c.role for c in columns}
    if len(_HEADER_ROLES & roles) < 2 or not roles & {"spent", "rate"}:
        return None
    if len(columns) == 2 and any(len(tokens[e.index].value) > SHORT_LABEL for e in evs[at:i]):
        return None  # two money words inside a sentence ("执行数占预算数的比例") are not a header
    return columns, i


def _implied(columns: list[Column]) -> list[Column]:
    """Columns the template implies after the printed ones: a 得分 printed away from its 分值."""
    roles = {c.role for c in columns}
    if "weight" in roles and "score" not in roles:
        return [*columns, Column("score")]
    return columns


def _stray_stop(evs: list[Event], end: int) -> int:
    """Where values displaced from the block can still stand: up to the next header or indicator table."""
    k = end
    while k < len(evs) and k - end < 60:
        e = evs[k]
        if e.kind in dict(_ROLES) and e.kind not in ("note",):
            break
        if e.kind == "end" and regex.search(r"一级指标|绩效指标", e.text.text):
            break
        k += 1
    return k
