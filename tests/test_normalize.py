"""OCR's usual confusions in figures and keywords are undone; words that merely look alike are not."""

from __future__ import annotations

import pytest

from auditor.report.normalize import for_reading_str


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("1O0万兀", "100万元"),
        ("预匏数 2O23年 l0万元", "预算数2023年10万元"),
        ("执行率9O.5%", "执行率90.5%"),
        ("IOO%", "100%"),
        ("资金投入情况 (万兀) |", "资金投入情况(万元)|"),  # a unit in a header, no figure before it
        ("单位:兀", "单位:元"),
        ("3OO", "300"),  # a run of O after a digit, in a cell of its own
        ("lO", "10"),  # a cell that is one figure but for its look-alikes (分值 10)
        ("32O万元", "320万元"),
    ],
)
def test_ocr_confusions_are_undone(printed: str, read: str) -> None:
    assert for_reading_str(printed) == read


@pytest.mark.parametrize("text", ["突兀的变化", "Office 2010版", "COVID-19", "编号ISO9001", "OO", "IOS", "Ill"])
def test_lookalikes_in_words_stay(text: str) -> None:
    assert for_reading_str(text) == text
