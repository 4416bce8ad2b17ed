"""Glued digits: every way to read a run such as "310.2154.741050%5" as several numbers
(310.2 | 154.74 | 10 | 50% | 5), and when a slot's digits must hold more than one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import regex

from auditor.facts.funds.columns import MONEY_ROLES, Column, Slot, fits
from auditor.report.model import Mapped
from auditor.report.numbers import Quantity, decimals

MAX_PARTS = 6  # glued numbers: at most this many numbers in one run
GLUED_DIGITS = 4  # a plain number this long may still be several numbers glued together
# NOTE: a glued run of n characters has up to C(n-1, MAX_PARTS-1) readings; real ones are under
# 20 characters ("310.2154.741050%5"), a run of 500 ones would have 2.6e11.
MAX_GLUED = 24  # a longer run is read as it stands, never split
_PART = regex.compile(r"(?:0|[1-9]\d*)(?:\.\d{1,6})?%?")
# A rate past two decimals ending in 0 ("864.2100%"): a form pads a rate to two decimals, never
# beyond, so such digits hold two figures (864.2 | 100%), and no cut leaves one.
_PADDED_RATE = regex.compile(r"\.\d{2,}0%")
_COMPARATORS = regex.compile(r"^[≥≧≤≦<>=]+")


def _quantity(text: Mapped, i: int, j: int, unit: str) -> Quantity:
    piece = text[i:j]
    s = piece.text
    pct = s.endswith("%")
    digits = s[:-1] if pct else s
    return Quantity(Decimal(digits.replace(",", "")), decimals(digits), "%" if pct else unit, piece.span(), s)


def splits(slot: Slot, most: int) -> Iterator[list[Quantity]]:
    """Every reading of a slot's digits as 1..`most` numbers, the plain reading first."""
    if slot.number is not None:
        yield [slot.number]
    if slot.text is None:
        return
    text = slot.text
    s = text.text
    unit = next((u for u in ("亿元", "万元", "元") if s.endswith(u)), "")
    core = s[: len(s) - len(unit)] if unit else s
    digits = _COMPARATORS.sub("", core)
    lead = len(core) - len(digits)
    if "," in digits or sum(c.isdigit() for c in digits) < 3 or len(digits) > MAX_GLUED:
        return
    plain = slot.number.text if slot.number is not None else None

    def walk(at: int, left: int, lost: bool) -> Iterator[list[tuple[int, int]]]:
        if at == len(digits):
            yield []
            return
        if left == 0:
            return
        for m in _lost(digits, at) if lost else _prefixes(digits, at):
            for rest in walk(m, left - 1, lost and digits.startswith(".", m)):
                yield [(at, m), *rest]

    # a run that opens with a point holds amounts that lost their integer parts (".32.06.5"): each
    # of them opens with its point, up to the first figure that kept its own (".5" | "79.27" | …)
    for cut in walk(0, most, digits.startswith(".")):
        if len(cut) == 1 and plain is not None:
            continue
        yield [_quantity(text, lead + i, lead + j, unit if j == len(digits) else "") for i, j in cut]


def _prefixes(s: str, at: int) -> Iterator[int]:
    """Ends of the numbers that can start at `at` (a part is "0", "12", "3.5", "45.17%", …)."""
    for end in range(at + 1, len(s) + 1):
        piece = s[at:end]
        if _PART.fullmatch(piece) and not _PADDED_RATE.search(piece):
            yield end
        if piece.endswith("%"):
            break


def _lost(s: str, at: int) -> Iterator[int]:
    """Ends of an amount that lost its integer part, starting at `at` (".32", ".5")."""
    for end in range(at + 2, min(len(s), at + 8) + 1):
        if not s[end - 1].isdigit():
            break
        yield end


def _all_lost(parts: Sequence[Quantity], money: int) -> bool:
    """Whether amounts that lost their integer parts are all the row's amounts: a converter drops
    every amount's, so figures after fewer of them (".32" | ".0" | "6.5") are no reading."""
    lost = sum(q.cut_short for q in parts)
    return lost in (0, len(parts)) or lost == money


def _splittable(slot: Slot, columns: Sequence[Column]) -> bool:
    """Whether a slot's digits must hold several numbers: no column can take them as one."""
    if slot.text is None:
        return False
    q = slot.number
    if q is None:
        return True
    if sum(c.isdigit() for c in slot.text.text) < GLUED_DIGITS:
        return False
    if q.unit not in ("", "%"):
        return False
    return not any(fits(q, c) for c in columns) or (q.unit == "" and _implausible(q))


def _options(slots: Sequence[Slot], columns: Sequence[Column]) -> Iterator[list[Quantity | None]]:
    """Every way to read the slots' numbers, with no more numbers than there are columns."""
    room = len(columns)

    def walk(i: int, used: int) -> Iterator[list[Quantity | None]]:
        if i == len(slots):
            yield []
            return
        slot = slots[i]
        left = len(slots) - i - 1
        if slot.text is None:
            choices: Iterable[list[Quantity | None]] = [[None]]
        elif _splittable(slot, columns):
            money = sum(c.role.rstrip("0123456789") in MONEY_ROLES for c in columns)
            choices = [c for c in splits(slot, min(MAX_PARTS, room - used - left)) if _all_lost(c, money)]
        else:
            choices = [[slot.number]]
        for chosen in choices:
            if used + len(chosen) + left > room:
                continue
            for rest in walk(i + 1, used + len(chosen)):
                yield [*chosen, *rest]

    yield from walk(0, 0)


def _implausible(q: Quantity) -> bool:
    """A number split out of glued digits that no fund table prints: a billion 万元, a 0 with decimals."""
    whole = len(str(int(q.value))) if q.value >= 1 else 0
    return whole > 7 or (q.value == 0 and q.places > 0)
