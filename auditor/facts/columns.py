"""Indicator tables flattened to one row per line: which result columns the report left blank.

A Word or PDF table exported as text keeps one row per line but loses its cells. When every
row prints only its target ("标准化猪舍建筑面积(平方米) 5000") under a header that asks for the
actual value and the score, those columns were never filled in — the table's own grid, or
what is left of it, proves it. Rows whose cells hold words cannot be told apart from the
indicator name, so only rows made of a name and numbers are read.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from auditor.facts.tokens import Break, Token
from auditor.facts.types.prose import BlankColumn

_HEADER = (
    ("name", regex.compile(r"三级指标|指标名称")),
    ("target", regex.compile(r"指标值|目标值")),
    ("actual", regex.compile(r"实际完成值|全年实际值|实际值|完成值")),
    ("weight", regex.compile(r"^分值|^权重")),
    ("score", regex.compile(r"^(?:自评)?得分$|^得分\s*[(（]")),
)
_TOTAL = regex.compile(r"^(?:总分|合计|总计)")
_END = regex.compile(r"偏差|原因|改进措施|评价结论|说明|备注")
MIN_ROWS = 3
MAX_LINES = 40
HEADER_SPAN = 8  # tokens over which one header's labels may spread


def _lines(tokens: Sequence[Token], start: int) -> list[list[int]]:
    """Token indexes from `start` grouped by line (a line, row or block break starts a new one)."""
    out: list[list[int]] = []
    for n in range(start, len(tokens)):
        if not out or tokens[n].brk >= Break.LINE:
            if len(out) >= MAX_LINES:
                break
            out.append([])
        out[-1].append(n)
    return out


def _header_at(tokens: Sequence[Token], n: int) -> tuple[dict[str, int], int] | None:
    roles: dict[str, int] = {}
    last = n
    for k in range(n, min(n + HEADER_SPAN, len(tokens))):
        tok = tokens[k]
        if tok.is_number or tok.in_table:
            break
        role = next((r for r, p in _HEADER if p.search(tok.value)), None)
        if role and role not in roles:
            roles[role] = k
            last = k
    if {"name", "target", "actual"} <= roles.keys() and ("score" in roles or "weight" in roles):
        return roles, last
    return None


def blank_columns(tokens: Sequence[Token]) -> list[BlankColumn]:
    """Result columns left blank in every row of a line-per-row indicator table."""
    out: list[BlankColumn] = []
    n = 0
    while n < len(tokens):
        tok = tokens[n]
        found = _header_at(tokens, n) if not tok.is_number and not tok.in_table and "指标" in tok.value else None
        if found is None:
            n += 1
            continue
        roles, last = found
        rows, total_line, stop = _rows(tokens, last + 1)
        n = max(stop, last + 1)
        if len(rows) < MIN_ROWS or any(len(values) != 1 for _, values in rows):
            continue  # rows with results, or words where results would be: nothing to conclude
        first_row = tokens[rows[0][1][0]].text.span()
        out.append(BlankColumn("actual", tokens[roles["actual"]].text.span(), first_row, len(rows)))
        if "score" in roles:
            where = tokens[total_line[0]].text.span() if total_line else tokens[roles["score"]].text.span()
            out.append(BlankColumn("score", tokens[roles["score"]].text.span(), where, len(rows)))
    return out


def _rows(tokens: Sequence[Token], start: int) -> tuple[list[tuple[list[int], list[int]]], list[int], int]:
    """Rows after a header: (name tokens, value tokens) per line, the 总分 line if empty, where reading stopped."""
    rows: list[tuple[list[int], list[int]]] = []
    total: list[int] = []
    stop = start
    for line in _lines(tokens, start):
        stop = line[-1] + 1
        words = [k for k in line if not tokens[k].is_number]
        values = [k for k in line if tokens[k].is_number]
        first = tokens[line[0]].value
        if _TOTAL.match(first):
            total = line if not values else []
            break
        if _END.search(first) or any(tokens[k].in_table for k in line):
            break
        if values and words and max(words) > min(values):
            return [], [], stop  # a word after a value: a result written in words, or a layout we cannot read
        if not values:
            if rows and len("".join(tokens[k].value for k in words)) > 30:
                break  # prose: the table has ended
            continue  # a label line ("一级 / 指标"), a wrapped name
        rows.append((words, values))
    return rows, total, stop
