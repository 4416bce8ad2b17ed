"""Fund blocks in any layout: the 项目资金 / 资金投入情况 header, its rows, and their numbers.

The reader walks the token stream (`facts.tokens`) instead of a grid, so a block reads the
same whether it arrived as a .docx table, pipes with empty runs, one cell per line, or a
whole table on one line with its numbers glued together. It recognises three things in the
words: the header's column labels (年初预算数, 全年预算数(A), 执行率(B/A) …), row labels
(年度资金总额, 其中：当年财政拨款, 上年结转资金 …) and labels that end the block (年度总体目标,
绩效指标 …). Numbers between a row label and the next label are the row's values, and
`facts.solve` decides which column each belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations, permutations, product

import regex

from auditor.facts.solve import (
    RATE_ROLES,
    Column,
    Reading,
    Slot,
    agreed,
    denominators,
    fits,
    percent,
    rate_of,
    readings,
    relations,
)
from auditor.facts.tokens import Break, Token
from auditor.model import Mapped, Report, Span, Table
from auditor.numbers import MONEY_UNITS, Quantity

# Column labels, most specific first: at one position the first alternative wins.
_ROLES = (
    ("rate", r"(?:预算|资金|支出|项目)?执行率|支付率"),
    ("received_rate", r"(?:资金|预算)?到位率"),
    ("initial", r"年初预算(?:数|金额|资金)?|年初批复(?:数|金额)?"),
    ("received", r"(?:全年|实际)?到位(?:资金|数|金额)"),
    ("budget", r"全年预算(?:数|金额)?|调整后(?:的)?(?:全年)?预算(?:数|金额)?|当年预算(?:数)?|扣除[^(（]{0,10}后预算金额|预算(?:数|金额)|批复(?:数|金额)|计划安排(?:资金)?"),
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
_UNIT = regex.compile(r"[(（]\s*(万元|元|亿元)\s*[)）]|金额单位(?:为|是|:|：)?\s*(万元|元)|单位[:：]\s*(万元|元)")
_HEADER_ROLES = frozenset({"initial", "budget", "spent", "rate", "received"})
MAX_ROWS = 8
MAX_GAP_TOKENS = 40  # a block ends when this many tokens pass without a label or a number
INTERIM_LOOKBACK = 12  # tokens before a header that may say it is a monitoring table
TOTAL_POOL = 40
ROW_POOL = 6
MAX_BASES = 12  # readings of the total row tried with displaced values
NEAR_RATE = Decimal(1)  # percentage points: a displaced rate this close to the computed one is the rate


@dataclass(frozen=True, slots=True)
class Event:
    """Something the block reader reacts to: a column label, a row label, an end label, a number."""

    kind: str  # a role from _ROLES, "row_total", "row_part", "end", "number", "blank"
    text: Mapped
    index: int  # the token it came from
    annotation: str = ""
    start: int = 0  # where the event starts in its token's text
    end: int = 0  # where it ends, its annotation included


@dataclass(slots=True)
class _Row:
    label: Mapped | None
    total: bool
    slots: list[Slot] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    trailing_blank: Span | None = None


@dataclass(frozen=True, slots=True)
class FundRow:
    """A row of a fund block as read: its label, whether it is the total, and its values by column."""

    label: str
    span: Span
    is_total: bool
    values: dict[str, Quantity]
    blanks: dict[str, Span]  # columns the row shows as empty ("—", an empty cell)
    displaced: frozenset[str] = frozenset()  # columns whose value was found outside the row
    unread: bool = False  # the row printed figures no reading of the header could place


@dataclass(frozen=True, slots=True)
class FundBlock:
    """A fund block: its columns, its rows, and the money unit it is printed in."""

    columns: tuple[Column, ...]
    rows: tuple[FundRow, ...]
    unit: str
    span: Span
    tokens: range  # the token indexes the block covers, header to last value
    unitless: bool = False  # no 元/万元 in the header, the title or the numbers
    interim: bool = False  # a mid-year monitoring block ("1-7月执行率"): its rates are for the period


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
# A mid-year monitoring block: "1-7月执行率", "上半年", a 监控 table. Its rates are for the period.
_INTERIM = regex.compile(r"\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月|上半年|运行监控|执行监控|监控表|预计执行")


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


def _slot(tokens: Sequence[Token], ev: Event) -> Slot:
    tok = tokens[ev.index]
    if ev.kind == "blank":
        return Slot(None, tok.text.span())
    return Slot(tok.text, tok.text.span(), tok.number)


def _rows(tokens: Sequence[Token], evs: list[Event], i: int) -> tuple[list[_Row], int, int]:
    """Rows after a header; returns them, the event index where the block ends, and the last token used."""
    rows: list[_Row] = []
    current: _Row | None = None
    skipping = False
    last_token = evs[i - 1].index if i else 0
    while i < len(evs):
        ev = evs[i]
        if ev.index - last_token > MAX_GAP_TOKENS:
            break
        if ev.kind == "end" or (ev.kind in _HEADER_ROLES and _header(tokens, evs, i) is not None):
            break  # a new header: this one had rows, or it was a sentence about the columns
        if ev.kind == "skip":
            skipping = True  # "列次 0 1 2 3": the form's column numbers, not values
            last_token = ev.index
        elif ev.kind in ("row_total", "row_part"):
            skipping = False
            if len(rows) >= MAX_ROWS:
                break
            total = ev.kind == "row_total"
            if current is not None and current.label is None and not current.slots:
                current.label, current.total = ev.text, total
            elif current is not None and current.label is not None and not current.slots and _same_token(current, ev):
                current.label = Mapped.join([current.label, ev.text])
            else:
                current = _Row(ev.text, total)
                rows.append(current)
            current.tokens.append(ev.index)
            last_token = ev.index
        elif ev.kind in ("number", "blank") and not skipping:
            if current is None:
                current = _Row(None, not rows)
                rows.append(current)
            current.slots.append(_slot(tokens, ev))
            current.tokens.append(ev.index)
            last_token = ev.index
        elif ev.kind in ("number", "blank"):
            last_token = ev.index
        i += 1
    return rows, i, last_token


def _same_token(row: _Row, ev: Event) -> bool:
    # "其中：当年财政拨款" reads as two row words (其中, 财政拨款) of one label.
    return bool(row.tokens) and row.tokens[-1] == ev.index


def _late_totals(rows: list[_Row]) -> tuple[list[_Row], list[Slot]]:
    """A second total row after the first one holds values a layout moved away from the first."""
    out: list[_Row] = []
    moved: list[Slot] = []
    seen_total = False
    for row in rows:
        if row.total and seen_total:
            moved.extend(s for s in row.slots if s.text is not None)
            continue
        seen_total = seen_total or (row.total and bool(row.slots))
        out.append(row)
    return out, moved


def _split_unlabelled(rows: list[_Row], columns: Sequence[Column]) -> list[_Row]:
    """Values that came before any row label (the label printed elsewhere) may hold several rows."""
    out: list[_Row] = []
    for row in rows:
        if row.label is not None or len(row.slots) <= 1:
            out.append(row)
            continue
        rest = row.slots
        first = True
        while rest:
            cut = next((k for k in range(min(len(rest), len(columns)), 0, -1) if _feasible(rest[:k], columns)), 0)
            if cut == 0:
                break
            out.append(_Row(None, row.total and first, list(rest[:cut])))
            rest = rest[cut:]
            first = False
    return out


def _feasible(slots: Sequence[Slot], columns: Sequence[Column]) -> bool:
    return any(r.values or r.blanks for r in readings(slots, columns)[:1])


def _positional(report: Report | None, tokens: Sequence[Token], row: _Row, columns: Sequence[Column], header: list[int]) -> list[Slot] | None:
    """A row of a real grid read by position: its empty cells under value columns become blanks."""
    if report is None or not header or any(h < 0 for h in header) or len(set(header)) != len(header):
        return None
    values = [n for n in row.tokens if tokens[n].is_number or tokens[n].blank]
    if not values:
        return None
    first = tokens[values[0]]
    if not first.in_table or any(tokens[n].block != first.block or tokens[n].row != first.row for n in values):
        return None
    table = report.blocks[first.block]
    if not isinstance(table, Table) or tokens[header[0]].block != first.block:
        return None
    cells = table.rows[first.row].cells
    role_cols = [tokens[h].column for h in header]
    for shift in dict.fromkeys((0, 1, -1, 2)):
        placed = {tokens[n].column - shift for n in values}
        if not placed <= set(role_cols):
            continue
        slots: list[Slot] | None = []
        by_col = {tokens[n].column - shift: n for n in values}
        for col in role_cols:
            at = col + shift
            if col in by_col:
                tok = tokens[by_col[col]]
                slots.append(Slot(None, tok.text.span()) if tok.blank else Slot(tok.text, tok.text.span(), tok.number))
            elif 0 <= at < len(cells) and not cells[at].value:
                slots.append(Slot(None, cells[at].span))
            else:
                slots = None
                break
        if slots is not None:
            return slots
    return None


def _unit(tokens: Sequence[Token], start: int, stop: int, rows: list[_Row]) -> tuple[str, bool]:
    """The block's money unit from its title, header or values; and whether it states none."""
    text = "".join(t.value for t in tokens[max(0, start - 8) : stop])
    m = _UNIT.search(text)
    if m:
        return next(g for g in m.groups() if g), False
    for row in rows:
        for slot in row.slots:
            if slot.number is not None and slot.number.unit in MONEY_UNITS:
                return slot.number.unit, False
    return "万元", True


def read_blocks(tokens: Sequence[Token], report: Report | None = None) -> list[FundBlock]:
    """Every fund block in a token stream (`report` lets rows of a real grid be read by position)."""
    evs = events(tokens, 0, len(tokens))
    blocks: list[FundBlock] = []
    i = 0
    while i < len(evs):
        if evs[i].kind not in _HEADER_ROLES:
            i += 1
            continue
        found = _header(tokens, evs, i)
        if found is None:
            i += 1
            continue
        printed, j = found
        columns = _implied(printed)
        header_tokens = [e.index for e in evs[i:j]]
        rows, end, last = _rows(tokens, evs, j)
        rows, moved = _late_totals(rows)
        rows = _split_unlabelled(rows, columns)
        if not any(r.slots for r in rows):
            i = j
            continue
        for row in rows:
            slots = _positional(report, tokens, row, printed, header_tokens)
            if slots is not None:
                row.slots = slots
        first_token = evs[i].index
        unit, unitless = _unit(tokens, first_token, last + 1, rows)
        stray_stop = _stray_stop(evs, end)
        strays = [_slot(tokens, e) for e in evs[end:stray_stop] if e.kind == "number"]
        fund_rows = _solve(rows, columns, [*moved, *strays], unit)
        if moved or any(r.label is None for r in rows) or any(r.displaced for r in fund_rows):
            # The layout moved labels and values apart: which sub-row is which cannot be trusted.
            fund_rows = [r for r in fund_rows if r.is_total][:1]
        span = tokens[first_token].text.span().cover(tokens[last].text.span())
        lookback = [t for t in tokens[max(0, first_token - INTERIM_LOOKBACK) : header_tokens[-1] + 2]]
        same_place = [t.value for t in lookback if t.block == tokens[first_token].block or not t.in_table]
        around = "".join(same_place)
        interim = bool(_INTERIM.search(around))
        blocks.append(
            FundBlock(tuple(columns), tuple(fund_rows), unit, span, range(first_token, last + 1), unitless, interim)
        )
        i = max(end, j)
    return blocks


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


def _with_unit(values: dict[str, Quantity], unit: str) -> dict[str, Quantity]:
    from dataclasses import replace

    out = {}
    for role, q in values.items():
        base = role.rstrip("0123456789")
        if base in ("initial", "budget", "received", "spent", "money") and not q.unit:
            q = replace(q, unit=unit)
        out[role] = q
    return out


def _solve(rows: list[_Row], columns: list[Column], strays: list[Slot], unit: str) -> list[FundRow]:
    """Choose one reading per row so that the most relations hold, the sub-rows' sums included."""
    options = [readings(r.slots, columns) if r.slots else [Reading()] for r in rows]
    total_at = next((n for n, r in enumerate(rows) if r.total and r.slots), None)
    displaced: set[str] = set()
    if total_at is not None and strays:
        options[total_at], displaced = _displaced(options[total_at], columns, strays, unit)
    chosen: list[Reading] = []
    if total_at is not None and len(rows) > 1 and any(len(o) > 1 for o in options):
        chosen = _joint(options, total_at)
    if not chosen:
        chosen = [agreed(_best(o)) for o in options]
    out: list[FundRow] = []
    for n, (row, reading) in enumerate(zip(rows, chosen, strict=True)):
        values = _with_unit(reading.values, unit)
        label = row.label.text if row.label is not None else ("年度资金总额" if row.total else "")
        span = row.label.span() if row.label is not None else (row.slots[0].span if row.slots else Span(0, 0))
        for slot in row.slots:
            span = span.cover(slot.span)
        moved = frozenset(displaced & set(values)) if n == total_at else frozenset()
        unread = bool(row.slots) and not reading.values and not reading.blanks
        out.append(FundRow(label, span, row.total, _canonical(values, columns), dict(reading.blanks), moved, unread))
    return out


def _best(options: list[Reading]) -> list[Reading]:
    top = options[0].score
    return [r for r in options if r.score == top]


def _joint(options: list[list[Reading]], total_at: int) -> list[Reading]:
    """Readings for every row at once, adding points for each money column whose sub-rows sum to the total."""
    # The total row's best reading on its own may be wrong when its digits are glued: the
    # sub-rows' sums decide, so it keeps a deeper pool than the sub-rows.
    pools = [o[:TOTAL_POOL] if n == total_at else o[:ROW_POOL] for n, o in enumerate(options)]
    combos = []
    for combo in product(*pools):
        score = sum((r.score for r in combo), Decimal(0)) + 2 * _sums(combo, total_at)
        combos.append((score, combo))
    if not combos:
        return []
    top = max(score for score, _ in combos)
    best = [c for score, c in combos if score == top]
    return [agreed([c[n] for c in best]) for n in range(len(options))]


def _sums(combo: Sequence[Reading], total_at: int) -> int:
    total = combo[total_at].values
    parts = [r.values for n, r in enumerate(combo) if n != total_at]
    held = 0
    for role in ("initial", "budget", "spent"):
        stated = total.get(role)
        found = [p[role] for p in parts if role in p]
        if stated is None or not found:
            continue
        summed = sum((q.value for q in found), Decimal(0))
        slack = stated.tolerance + sum((q.tolerance for q in found), Decimal(0))
        if abs(summed - stated.value) <= slack:
            held += 1
    return held


def _displaced(options: list[Reading], columns: list[Column], strays: list[Slot], unit: str) -> tuple[list[Reading], set[str]]:
    """Fill the total row's empty columns from numbers the layout moved away from it (a PDF's one-line table).

    A filling is kept only when it makes more of the row's relations hold than any reading
    without it, and no other filling does as well.
    """
    numbers = [s.number for s in strays if s.number is not None]
    if not numbers:
        return options, set()
    best_plain = options[0].relations
    found: list[tuple[int, Reading, set[str]]] = []
    for base in options[:MAX_BASES]:
        missing = [c for c in columns if c.role not in base.values and c.role in ("spent", "weight", "rate", "score")]
        for k in range(1, min(len(missing), len(numbers)) + 1):
            for cols in combinations(missing, k):
                for picks in permutations(numbers, k):
                    if not all(fits(q, c) for q, c in zip(picks, cols, strict=True)):
                        continue
                    trial = {**base.values, **{c.role: q for q, c in zip(picks, cols, strict=True)}}
                    held = relations(_with_unit(trial, unit), columns)
                    if held > best_plain:
                        found.append((held, Reading(trial, base.blanks, Decimal(2 * held), held), {c.role for c in cols}))
    if found:
        top = max(h for h, _, _ in found)
        winners = [(r, added) for h, r, added in found if h == top]
        if len({tuple(sorted((k, v.span) for k, v in r.values.items())) for r, _ in winners}) == 1:
            return [winners[0][0]], winners[0][1]
        return options, set()
    # A rate printed away from its row and a hair off the computed one is still the rate.
    base = agreed(_best(options))
    rate_col = next((c for c in columns if c.role == "rate"), None)
    pcts = [q for q in numbers if q.unit == "%"]
    if rate_col is None or "rate" in base.values or len(pcts) != 1:
        return options, set()
    top_q, bottom = denominators(_with_unit(base.values, unit), columns, rate_col)
    if top_q is None or bottom is None or not bottom.value:
        return options, set()
    if abs(percent(pcts[0]) - rate_of(top_q, bottom)[0]) > NEAR_RATE:
        return options, set()
    return [Reading({**base.values, "rate": pcts[0]}, base.blanks, base.score, base.relations)], {"rate"}


def _canonical(values: dict[str, Quantity], columns: Sequence[Column]) -> dict[str, Quantity]:
    """Roles as checks know them: the rate's formula names its budget, extra money columns keep their suffix."""
    rate_col = next((c for c in columns if c.role == "rate"), None)
    if rate_col is not None and rate_col.formula:
        by_letter = {c.letter: c.role for c in columns if c.letter}
        top, bottom = (by_letter.get(x) for x in rate_col.formula)
        out = dict(values)
        if bottom and bottom != "budget" and bottom in values:
            out["budget"] = values[bottom]
        if top and top != "spent" and top in values:
            out["spent"] = values[top]
        return out
    if "budget" not in values and "initial" in values and "spent" in values:
        return {**values, "budget": values["initial"]}
    return values
