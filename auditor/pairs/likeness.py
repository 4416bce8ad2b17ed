"""Which indicator of a self-evaluation is which declared one: the same name, or a renamed one.

Names are compared in a normal form (full-width folded, no spaces or punctuation, no "指标1："
numbering, no 指标 suffix). Equal names are the same indicator. What is left is matched by
likeness of names (character bigrams), one to one, best first; a pair counts as renamed only
when the names are alike enough and the unit and the direction do not say otherwise. The rest
were dropped (declared, not evaluated) or added (evaluated, not declared).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from auditor.pairs.document import Line

_NUMBERING = regex.compile(r"^(?:指标\s*\d+\s*[:：.、]?|\d+\s*[.、:：)）]|[(（]\s*\d+\s*[)）])\s*")
_DROP = regex.compile(r"[\s\p{P}\p{S}]+")
LIKE = 0.5  # the least likeness (Dice coefficient of character bigrams) of a renamed indicator's names


def name_key(name: str) -> str:
    """An indicator name in the form names are compared in."""
    folded = unicodedata.normalize("NFKC", name).strip()
    folded = _NUMBERING.sub("", folded)
    return _DROP.sub("", folded).removesuffix("指标")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def likeness(a: str, b: str) -> float:
    """The Dice coefficient of two names' character bigrams (1 for the same name)."""
    x, y = _bigrams(name_key(a)), _bigrams(name_key(b))
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _compatible(a: Line, b: Line) -> bool:
    """Whether two rows may be one indicator renamed: no other unit, no other direction."""
    if a.unit and b.unit and a.unit != b.unit:
        return False
    return not (a.direction and b.direction and a.direction != b.direction)


@dataclass(frozen=True, slots=True)
class Matching:
    """Declared rows against evaluated rows: matched (with how alike their names are), dropped, added."""

    matched: tuple[tuple[Line, Line, float], ...]  # (declared, evaluated, likeness); 1.0 for the same name
    dropped: tuple[Line, ...]
    added: tuple[Line, ...]


def match_lines(declared: Sequence[Line], evaluated: Sequence[Line]) -> Matching:
    """Match a self-evaluation's indicator rows to its declaration's (see the module docstring)."""
    left = list(declared)
    right = list(evaluated)
    matched: list[tuple[Line, Line, float]] = []
    by_key: dict[str, list[Line]] = {}
    for line in right:
        by_key.setdefault(name_key(line.name), []).append(line)
    for line in list(left):
        same = by_key.get(name_key(line.name))
        if same:
            other = same.pop(0)
            matched.append((line, other, 1.0))
            left.remove(line)
            right.remove(other)
    pairs = sorted(
        ((likeness(a.name, b.name), i, j) for i, a in enumerate(left) for j, b in enumerate(right) if _compatible(a, b)),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    for score, i, j in pairs:
        if score < LIKE or i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        matched.append((left[i], right[j], score))
    dropped = tuple(a for i, a in enumerate(left) if i not in used_left)
    added = tuple(b for j, b in enumerate(right) if j not in used_right)
    order = {id(line): n for n, line in enumerate(declared)}
    return Matching(tuple(sorted(matched, key=lambda m: order[id(m[0])])), dropped, added)
