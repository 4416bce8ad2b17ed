"""Numbers as printed: precision, units, comparators, Chinese numerals, normalisation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.report.model import Mapped, Span
from auditor.report.normalize import for_reading_str
from auditor.report.numbers import Quantity, amounts, rate_agrees, rate_of, rates, read_cell


def _cell(text: str):
    return read_cell(Mapped.of(text, 0))


@pytest.mark.parametrize(
    ("text", "value", "places", "unit", "cmp", "approx"),
    [
        ("≥95%", "95", 0, "%", ">=", False),
        ("59.90%", "59.90", 2, "%", "", False),
        ("242,400.00", "242400.00", 2, "", "", False),
        ("100余人", "100", 0, "人", "", True),
        ("98%以上", "98", 0, "%", ">=", False),
        ("不超过30万元", "30", 0, "万元", "<=", False),
        ("=100%", "100", 0, "%", "=", False),
        ("三个", "3", 0, "个", "", False),
        ("小于5%", "5", 0, "%", "<", False),
        ("不小于90%", "90", 0, "%", ">=", False),
        ("≦3天", "3", 0, "天", "<=", False),
        ("高于80分", "80", 0, "分", ">", False),
    ],
)
def test_read_cell(text, value, places, unit, cmp, approx) -> None:
    q = _cell(text)
    assert q is not None
    assert (q.value, q.places, q.unit, q.comparator, q.approx) == (Decimal(value), places, unit, cmp, approx)


@pytest.mark.parametrize("text", ["合理", "一般", "2021年12月31日前", "—", "", "满意度100%", "低于上年", "大于等于90%"])
def test_text_is_not_a_number(text) -> None:
    assert _cell(text) is None


def test_tolerance_follows_printed_precision() -> None:
    assert _cell("34.7%").percent_tolerance() == Decimal("0.05")
    assert _cell("1").percent() == Decimal(100)  # a rate written as a fraction
    assert _cell("1").percent_tolerance() == Decimal(50)


def test_rate_of_shares_precision_within_a_row() -> None:
    rate, slack = rate_of(_cell("1.798"), _cell("3"))
    assert round(rate, 2) == Decimal("59.93")
    assert slack < Decimal("0.05")  # "3" beside "1.798" is 3.000, not 3 ± 0.5


def test_amounts_in_prose_with_units_and_numerals() -> None:
    found = [q for _, q in amounts(Mapped.of(for_reading_str("安排３万元，实际支付17980元，另有五万元"), 0))]
    assert [(q.in_yuan(), q.unit) for q in found] == [
        (Decimal(30000), "万元"),
        (Decimal(17980), "元"),
        (Decimal(50000), "元"),
    ]


def test_rates_in_prose() -> None:
    found = [q.text for _, q in rates(Mapped.of("执行率为59.93%，满意度百分之九十五", 0))]
    assert found == ["59.93%", "百分之九十五"]


def test_normalisation_for_reading() -> None:
    assert for_reading_str("共支出 ２６０.１５ 万元（２０２１年度）") == "共支出260.15万元(2021年度)"
    assert for_reading_str(r"参与度 $\geq 95\%$ ，合格") == "参与度≥95%,合格"
    assert for_reading_str("PDF export 2021") == "PDF export 2021"


def test_traditional_characters_read_as_simplified() -> None:
    assert for_reading_str("預算執行率為５９．９３％") == "预算执行率为59.93%"
    assert for_reading_str("PDF 2021") == "PDF 2021"


def test_a_rate_is_compared_at_its_printed_precision_whatever_its_size() -> None:
    printed = Quantity(Decimal("97.80"), 2, "%", Span(0, 6), "97.80%")
    assert rate_agrees(printed, Decimal("31.69") / Decimal("32.4") * 100)  # 97.808…, truncated
    assert not rate_agrees(printed, Decimal("97.9"))
    # a fuzzed row once computed a rate of 10^40 %: too many digits to round, and no printed rate
    assert not rate_agrees(printed, Decimal("1e40"))


def test_an_empty_mapped_string_sits_where_it_was_made() -> None:
    # an empty cell keeps its place in the file: a finding or a row that reaches it points there, not at the file's start
    empty = Mapped.of("", 42)
    assert empty.extent() == Span(42, 42)
    assert Mapped.join([empty, Mapped.of("ab", 50)]).extent() == Span(50, 52)
