"""Numbers as reports print them: Decimal values that keep their precision, unit and comparator.

A `Quantity` remembers how many decimals were printed, because every comparison in pfaudit
is made at the precision the report shows (34.7% agrees with 34.697%).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext
from math import isqrt

import regex

from auditor.report.model import Mapped, Span

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
TIME_UNITS = ("年", "月", "日", "天", "周", "季度", "小时")

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_COMPARATORS = {
    "≥": ">=", "≧": ">=", ">=": ">=", ">": ">", "不低于": ">=", "不少于": ">=", "达到": ">=",
    "超过": ">", "≤": "<=", "<=": "<=", "<": "<", "不高于": "<=", "不超过": "<=",
    "控制在": "<=", "=": "=", "﹦": "=", "═": "=", "等于": "=", "≦": "<=", "不小于": ">=", "不大于": "<=",
    "大于": ">", "高于": ">", "多于": ">", "小于": "<", "低于": "<", "少于": "<",
}  # fmt: skip
_SUFFIX_COMPARATORS = {"以上": ">=", "以下": "<=", "以内": "<=", "及以上": ">=", "及以下": "<="}
_NUM_CORE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = rf"(?<![\d.]){_NUM_CORE}(?![\d])"
# Chinese numerals count only before a measure word; otherwise 一般 or 三重一大 would be numbers.
_CN_UNITS = set("个人次场项件册户家所台套座年月天日期批条篇份名位") | {"", "%", "元", "万元", "亿元"}
_CELL_RE = regex.compile(
    rf"^(?P<cmp>{'|'.join(sorted(_COMPARATORS, key=len, reverse=True))})?\s*"
    r"(?P<approx>约|大约|近)?"
    # (".32": an amount that lost its integer part, `Quantity.cut_short`)
    rf"(?P<num>{_NUM_CORE}|\.\d{{1,6}}(?=(?:万元|元|亿元)?$)|[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?)"
    r"\s*(?P<more>余|多)?\s*(?P<unit>%|‰|亿元|万元|元|[\p{Han}a-zA-Z/²³㎡]{0,4}?)"
    r"(?P<suffix>及以上|及以下|以上|以下|以内)?$"
)
_DATE_PHRASE = regex.compile(r"^[年月日][\p{Han}]")
_PERCENT_WORDS = regex.compile(rf"百分之([{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as printed: value, decimals shown, unit, comparator, and where it stands."""

    value: Decimal
    places: int
    unit: str
    span: Span
    text: str
    comparator: str = ""
    approx: bool = False

    @property
    def tolerance(self) -> Decimal:
        """Half a unit of the last printed digit (disp-tol)."""
        return Decimal(5) / (Decimal(10) ** (self.places + 1))

    @property
    def cut_short(self) -> bool:
        """True for a figure that lost its integer part (".32" printed for 1,234.32): its value is
        not what the form holds, and no arithmetic may rest on it."""
        return self.text.startswith(".")

    @property
    def is_money(self) -> bool:
        """True for 元, 万元 and 亿元 amounts."""
        return self.unit in MONEY_UNITS

    @property
    def is_time(self) -> bool:
        """True for a duration or a date (年, 月, 日, 天, 周, 季度, 小时)."""
        return self.unit in TIME_UNITS

    def in_yuan(self) -> Decimal:
        """The amount converted to 元 (only for money)."""
        return self.value * MONEY_UNITS[self.unit]

    def yuan_tolerance(self) -> Decimal:
        """The display tolerance in 元, for money (a zero amount keeps its tolerance unconverted)."""
        return self.tolerance * (self.in_yuan() / self.value if self.value else 1)

    def percent_tolerance(self) -> Decimal:
        """The display tolerance in percentage points (a fraction "0.9" is ±5 points)."""
        if self.unit == "" and self.value <= Decimal("1.5"):
            return self.tolerance * 100
        return self.tolerance

    def percent(self) -> Decimal:
        """The value in percent; a bare fraction such as 0.9 or 1 reads as 90% or 100%."""
        if self.unit == "%":
            return self.value
        if self.unit == "" and self.value <= Decimal("1.5"):
            return self.value * 100
        return self.value


def decimals(text: str) -> int:
    """How many decimals a printed number shows."""
    head = text.split("%")[0]
    return len(head.split(".", 1)[1]) if "." in head else 0


def to_decimal(text: str) -> Decimal | None:
    """Read Arabic digits (with thousands separators) or Chinese numerals as a Decimal."""
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if any(c in _CN_DIGITS for c in text):
        import cn2an  # cn2an loads a config on import; only Chinese numerals need it

        try:
            return Decimal(str(cn2an.cn2an(text, "smart")))
        except (ValueError, KeyError, IndexError):
            return None
    return None


def quantize(value: Decimal, places: int) -> Decimal:
    """Round half up to a number of decimals, as a report would print it."""
    # NOTE: with the precision the digits need: a sum of thirty-digit figures (a damaged
    # file) would overflow the default 28 and raise instead of being shown.
    digits = max(getcontext().prec, (value.adjusted() if value else 0) + places + 2)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=Context(prec=digits))


def show(value: Decimal, places: int = 2) -> str:
    """Format a computed value for a message."""
    return f"{quantize(value, places):f}"


def read_cell(text: Mapped) -> Quantity | None:
    """Read a whole cell as one quantity ("≥95%", "280人", "1,000.00", "100余人"), or None."""
    s = text.text.strip()
    if not s or len(s) > 24:
        return None  # (before the cache: no paragraph is kept in it)
    found = _read_cell(text.text)
    if found is None:
        return None
    value, places, unit, shown, cmp, approx, lead = found
    return Quantity(value, places, unit, text.span(lead, lead + len(shown)), shown, cmp, approx)


@functools.lru_cache(maxsize=4096)
def _read_cell(raw: str) -> tuple[Decimal, int, str, str, str, bool, int] | None:
    # NOTE: what a cell's text says is read once per text (forms repeat "10", "100%", "≥95%"); only
    # where it stands is the cell's own
    s = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    m = _CELL_RE.match(s)
    if not m:
        return None
    value = to_decimal(m["num"])
    if value is None or (not m["num"][0].isdigit() and (m["unit"] or "") not in _CN_UNITS):
        return None
    cmp = _COMPARATORS.get(m["cmp"] or "", "") or _SUFFIX_COMPARATORS.get(m["suffix"] or "", "")
    unit = m["unit"] or ""
    if _DATE_PHRASE.match(unit):
        return None  # "2022年末以前", "12月底前": a deadline in words, not a measured quantity
    places = decimals(m["num"]) if m["num"][0] in "0123456789." else 0
    approx = bool(m["approx"] or m["more"])
    return value, places, unit, s, cmp, approx, lead


_AMOUNT_RE = regex.compile(
    rf"(?P<num>{_NUMBER}|(?<![{_CN_DIGITS}])[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?)(?P<more>余|多)?(?P<unit>亿元|万元|元)"
)
_RATE_RE = regex.compile(rf"(?P<num>{_NUMBER})(?P<unit>%)")


def amounts(text: Mapped) -> Iterator[tuple[int, Quantity]]:
    """Money amounts in prose with their index in `text`, in document order."""
    for m in _AMOUNT_RE.finditer(text.text):
        num = m["num"]
        value = to_decimal(num)
        if value is None:
            continue
        yield m.start(), Quantity(
            value,
            decimals(num) if num[0].isdigit() else 0,
            m["unit"],
            text.span(m.start(), m.end()),
            m.group(),
            approx=bool(m["more"]),
        )


def rates(text: Mapped) -> Iterator[tuple[int, Quantity]]:
    """Percentages in prose ("59.93%", "百分之九十五") with their index in `text`."""
    for m in _RATE_RE.finditer(text.text):
        yield m.start(), Quantity(
            Decimal(m["num"].replace(",", "")),
            decimals(m["num"]),
            "%",
            text.span(m.start(), m.end()),
            m.group(),
        )
    for m in _PERCENT_WORDS.finditer(text.text):
        value = to_decimal(m[1])
        if value is not None:
            yield m.start(), Quantity(value, 0, "%", text.span(m.start(), m.end()), m.group())


def rate_of(spent: Quantity, budget: Quantity) -> tuple[Decimal, Decimal]:
    """``spent / budget`` in percent, and how far the printed amounts' rounding can move it.

    Two amounts printed side by side share a precision: a row reading "3 | 1.798" prints
    3.000 without its zeros, so each amount gets the finer of the two precisions.
    """
    places = max(spent.places, budget.places) if spent.unit == budget.unit else None
    a = budget.in_yuan() if budget.is_money else budget.value
    b = spent.in_yuan() if spent.is_money else spent.value
    rate = b / a * 100

    def tol(q: Quantity) -> Decimal:
        half = q.tolerance if places is None else Decimal(5) / Decimal(10) ** (places + 1)
        return half * MONEY_UNITS.get(q.unit, Decimal(1))

    slack = rate * (tol(budget) / a + (tol(spent) / b if b else 0))
    return rate, slack


def rate_agrees(stated: Quantity, computed: Decimal) -> bool:
    """Whether a printed rate is a computed percentage at the printed precision, rounded or truncated.

    Reviewers recompute a rate from the amounts as printed: 46 ÷ 148 = 31.08% does not agree
    with a printed 31.00%, while 31.69 ÷ 32.4 = 97.808% agrees with 97.80% (truncated) and
    with 97.81% (rounded). A bare fraction reads as a percentage ("0.9" is 90%).
    """
    fraction = stated.unit != "%" and stated.value <= Decimal("1.5")
    value = stated.value * 100 if fraction else stated.value
    places = max(stated.places - 2, 0) if fraction else stated.places
    step = Decimal(1).scaleb(-places)
    try:
        if computed.quantize(step, rounding=ROUND_HALF_UP) == value:
            return True
        if places == 0 and value < 1:
            return False  # "0%" for 0.85% is not a truncation anyone prints
        return computed.quantize(step, rounding=ROUND_DOWN) == value
    except InvalidOperation:  # more digits than the context holds (a fuzzed 10^30 rate): no printed rate is that
        return False


def misread_comparator(q: Quantity) -> bool:
    """A percentage OCR made of "≥90%": the ≥ read as a 2 ("290%"). Not a rate over 100%."""
    digits = q.text.lstrip("≥≧>=<≤≦ ")
    return q.unit == "%" and digits[:1] == "2" and 250 <= q.value < 300 and q.places == 0


def sum_tolerance(values: list[Quantity]) -> Decimal:
    """Rounding slack for a sum of printed values.

    Integers in a score column are taken as exact; values printed with decimals may each
    be off by half a unit, and independent errors grow with √n, not n.
    """
    decimal_tols = [q.tolerance for q in values if q.places > 0]
    if not decimal_tols:
        return Decimal(0)
    return max(decimal_tols) * isqrt(len(values) * 100) / 10


def printed_slack(stated: Quantity, parts: Sequence[Quantity]) -> Decimal:
    """Rounding slack between a printed total and its printed parts: each may be off by half its last digit."""
    return stated.tolerance + sum((q.tolerance for q in parts), Decimal(0))


@dataclass(frozen=True, slots=True)
class Summed:
    """Printed parts added up: the sum, shown at the finest precision among them and their total."""

    value: Decimal
    text: str
    parts: tuple[Span, ...]  # where the parts stand, for a finding's related spans


def sum_mismatch(stated: Quantity, parts: Sequence[Quantity], slack: Decimal) -> Summed | None:
    """What `parts` add up to when the sum misses the `stated` total by more than `slack`; None when they agree."""
    summed = sum((q.value for q in parts), Decimal(0))
    if abs(summed - stated.value) <= slack:
        return None
    places = max(q.places for q in (stated, *parts))
    return Summed(summed, show(summed, places), tuple(q.span for q in parts))
