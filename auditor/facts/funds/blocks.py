"""A fund block as read: its columns, its solved rows, its money unit and whether it is a
mid-year monitoring block (`auditor.facts.decode.fund` reads it from the decoder's cells)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.facts.funds.columns import Column
from auditor.facts.funds.rows import FundRow
from auditor.report.model import Span

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
