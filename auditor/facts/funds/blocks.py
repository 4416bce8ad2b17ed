"""`read_blocks`: every fund block in a token stream, its header, rows, money unit and period.

Numbers between a row label and the next label are the row's values; `funds.rows` decides
which column each belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from auditor.facts.funds.columns import Column, Slot
from auditor.facts.funds.labels import _HEADER_ROLES, Event, _header, _implied, _stray_stop, events
from auditor.facts.funds.readings import readings
from auditor.facts.funds.rows import FundRow, _Row, _solve
from auditor.facts.tokens import Token
from auditor.report.model import Mapped, Report, Span, Table
from auditor.report.numbers import MONEY_UNITS

_UNIT = regex.compile(r"[(（]\s*(万元|元|亿元)\s*[)）]|金额单位(?:为|是|:|：)?\s*(万元|元)|单位[:：]\s*(万元|元)")
MAX_ROWS = 8
MAX_GAP_TOKENS = 40  # a block ends when this many tokens pass without a label or a number
INTERIM_LOOKBACK = 12  # tokens before a header that may say it is a monitoring table


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


# A mid-year monitoring block: "1-7月执行率", "上半年", a 监控 table. Its rates are for the period.
_INTERIM = regex.compile(r"\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月|上半年|运行监控|执行监控|监控表|预计执行")


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
    in_grid = i > 0 and tokens[evs[i - 1].index].in_table  # the header stands in a real table
    while i < len(evs):
        ev = evs[i]
        if ev.index - last_token > MAX_GAP_TOKENS:
            break
        if in_grid and not tokens[ev.index].in_table and any(r.slots for r in rows):
            break  # the prose after the table ("实际支出48万元，执行率96%") is no row of it
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


def _split_unlabelled(rows: list[_Row], columns: Sequence[Column], tokens: Sequence[Token]) -> list[_Row]:
    """Values that came before any row label (the label printed elsewhere) may hold several rows."""
    out: list[_Row] = []
    for row in rows:
        if row.label is not None or len(row.slots) <= 1:
            out.append(row)
            continue
        if grid := _grid_rows(row, tokens):
            out.extend(grid)
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


def _grid_rows(row: _Row, tokens: Sequence[Token]) -> list[_Row] | None:
    """Unlabelled values from the cells of a real grid: one row of values per row of the grid."""
    if len(row.tokens) != len(row.slots) or not all(tokens[n].in_table for n in row.tokens):
        return None
    out: list[_Row] = []
    last = None
    for slot, n in zip(row.slots, row.tokens, strict=True):
        key = (tokens[n].block, tokens[n].row)
        if key != last:
            out.append(_Row(None, row.total and not out))
            last = key
        out[-1].slots.append(slot)
        out[-1].tokens.append(n)
    return out if len(out) > 1 else None


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
    # A number left of every value column stands where the row's label does (a counter, a
    # row number): in a grid that lines up with its header it is not one of the row's values.
    # NOTE: only a counter (a small whole number): "187.36" left of the columns is the first value
    # of a row whose label cell sits under the header's second label column (a merged row header).
    aligned = [n for n in values if tokens[n].column >= min(role_cols)]
    counters = all(_COUNTER.fullmatch(tokens[n].value) for n in values if n not in aligned)
    tries = [(shift, values) for shift in (0, 1, -1, 2)]
    if aligned and len(aligned) < len(values) and counters:
        tries.append((0, aligned))
    for shift, values in tries:
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


_COUNTER = regex.compile(r"\d{1,3}")


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


MIN_ABOVE, MAX_ABOVE = 3, 8  # figures a total row may have printed above its header


def read_blocks(tokens: Sequence[Token], report: Report | None = None) -> list[FundBlock]:
    """Every fund block in a token stream (`report` lets rows of a real grid be read by position)."""
    evs = events(tokens, 0, len(tokens))
    blocks: list[FundBlock] = []
    i = done = 0  # done: events before it belong to a block already read
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
        _values_above(rows, tokens, evs, i, done)
        rows, moved = _late_totals(rows)
        rows = _split_unlabelled(rows, columns, tokens)
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
        done = i
    return blocks


def _values_above(rows: list[_Row], tokens: Sequence[Token], evs: list[Event], header: int, done: int) -> None:
    """Give a total row with no values the figures printed right before the header.

    A PDF's text layer can put a row's figures on the line above the table's header ("300 320
    310 10 96.88% 9.69 年初预算数 … 得分 年度资金总额 其中…"): the run of numbers that ends where the
    header starts, if nothing read it before, is the first total row's.
    """
    if not rows or not rows[0].total or rows[0].slots:
        return
    k = header
    while k > done and evs[k - 1].kind in ("number", "blank") and header - k < MAX_ABOVE:
        k -= 1
    if header - k < MIN_ABOVE or any(evs[n].kind == "blank" for n in range(k, header)):
        return
    rows[0].slots = [_slot(tokens, evs[n]) for n in range(k, header)]
    rows[0].tokens = [evs[n].index for n in range(k, header)] + rows[0].tokens
