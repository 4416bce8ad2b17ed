"""Scoring what pfaudit read from a form against a cell-level ground truth.

The ground truth is the ``read`` key of ``tests/forms/*.json``: every fund and indicator cell a
perfect reader extracts, as printed ("" a cell printed empty, null a column the form lacks).
Rows are paired in order by the likeness of their labels (shared character pairs); a truth
cell counts as read when the paired row holds the same value after normalising (NFKC, spaces,
thousands separators and a trailing money unit dropped, numbers compared as numbers), and as
*wrong* when the row holds another value — worse than unread, since a check acts on it. The
一级/二级 labels are not cells; the 一级 category (产出/效益/满意度/成本/预算) is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

FUND = ("initial", "budget", "spent", "weight", "rate", "score")
INDICATOR = ("weight", "target", "actual", "score")
_KINDS = (("满意", "satisfaction"), ("效益", "outcome"), ("效果", "outcome"), ("产出", "output"),
          ("成本", "cost"), ("预算", "budget"), ("资金", "budget"))  # fmt: skip
PAIRING = 0.34  # least likeness of two labels for their rows to be paired


def normal(value: object) -> str | None:
    """A cell's text reduced to what a reader must get right."""
    if value is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"(万元|元|万|分)$", "", text)


def _number(text: str | None) -> Decimal | None:
    m = re.fullmatch(r"[<>≤≥=]*(-?\d+(?:\.\d+)?)%?", text or "")
    if not m:
        return None
    try:
        return Decimal(m[1])
    except InvalidOperation:
        return None


def same(truth: object, got: object) -> bool:
    """Whether a cell read equals the truth at the precision that matters."""
    a, b = normal(truth), normal(got)
    if a == b:
        return True
    if a is None or b is None:
        return False
    x, y = _number(a), _number(b)
    return x is not None and x == y and a.endswith("%") == b.endswith("%")


def _pairs(text: str | None) -> set[str]:
    t = re.sub(r"[\s:：()（）\-—|★*其中]", "", unicodedata.normalize("NFKC", text or ""))
    return {t[i : i + 2] for i in range(len(t) - 1)} or {t}


def likeness(a: str | None, b: str | None) -> float:
    """Shared character pairs over all the pairs of two labels."""
    x, y = _pairs(a), _pairs(b)
    return len(x & y) / max(len(x | y), 1)


def pair(truth: list[dict], got: list[dict], key: str) -> list[tuple[dict, dict | None]]:
    """Each truth row with the read row it is (in order, the likeliest ahead)."""
    out: list[tuple[dict, dict | None]] = []
    start = 0
    for t in truth:
        best, at = PAIRING, None
        for j in range(start, len(got)):
            s = likeness(t.get(key), got[j].get(key))
            if s > best:
                best, at = s, j
        out.append((t, None if at is None else got[at]))
        if at is not None:
            start = at + 1
    return out


def category(label: str | None) -> str:
    """The 一级 category a label names."""
    return next((kind for word, kind in _KINDS if word in (label or "")), "")


@dataclass
class Score:
    """Cells read, cells wanted and cells read wrong, by kind."""

    fund: int = 0
    fund_n: int = 0
    indicators: int = 0
    indicators_n: int = 0
    wrong: int = 0
    rows: int = 0
    rows_n: int = 0
    years: int = 0
    years_n: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("fund", "fund_n", "indicators", "indicators_n", "wrong", "rows", "rows_n", "years", "years_n"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def share(self, kind: str) -> float:
        n = getattr(self, f"{kind}_n")
        return getattr(self, kind) / n if n else 1.0

    @property
    def cells(self) -> int:
        return self.fund_n + self.indicators_n


def score(truth: dict, got: dict) -> Score:
    """How much of one file's truth a reading got right."""
    s = Score()
    if truth.get("fiscal_year") is not None:
        s.years_n = 1
        s.years = int(str(got.get("fiscal_year")) == str(truth["fiscal_year"]))
    forms = got.get("forms") or []
    fund = [r for f in forms for r in f.get("fund") or []]
    rows = [r for f in forms for r in f.get("indicators") or []]
    totals = [f["total"] for f in forms if f.get("total")]
    for form in truth.get("forms") or []:
        for t, g in pair(form.get("fund") or [], fund, "label"):
            for c in FUND:
                _cell(s, "fund", t.get(c), None if g is None else g.get(c), f"fund {t.get('label')}.{c}")
        for t, g in pair(form.get("indicators") or [], rows, "name"):
            s.rows_n += 1
            s.rows += g is not None
            for c in INDICATOR:
                _cell(s, "indicators", t.get(c), None if g is None else g.get(c), f"{t.get('name')}.{c}")
            if category(t.get("level1")):
                _cell(s, "indicators", category(t.get("level1")), None if g is None else category(g.get("level1")) or None,
                      f"{t.get('name')}.category")  # fmt: skip
        for c in ("weight", "score"):
            want = (form.get("total") or {}).get(c)
            if want not in (None, ""):
                s.fund_n += 1
                if any(same(want, t.get(c)) for t in totals):
                    s.fund += 1
                else:
                    s.misses.append(f"total.{c}: want {want!r}")
    return s


def _cell(s: Score, kind: str, want: object, have: object, where: str) -> None:
    if want in (None, ""):
        return
    setattr(s, f"{kind}_n", getattr(s, f"{kind}_n") + 1)
    if same(want, have):
        setattr(s, kind, getattr(s, kind) + 1)
        return
    if have not in (None, ""):
        s.wrong += 1
    s.misses.append(f"{where}: want {want!r}, got {have!r}")
