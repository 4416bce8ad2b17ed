"""TX01's grouping by candidate pairs finds exactly the groups that testing every pair finds.

`checks.text.repeats._groups` tests only the pairs its prefix filter proposes; `_every_pair`
below is the grouping as it was written first, testing every pair that shares an uncommon
bigram. Both must give the same groups on real report text and on text made to be full of
near duplicates (characters dropped, swapped, figures changed).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter, defaultdict

import pytest

from auditor import extract
from auditor.readers.plain.parse import parse
from checks.text import repeats
from tests.conftest import ROOT
from tests.test_field import FIELD, _flatten


def _every_pair(units: list, threshold: float, words: bool = True) -> list[list]:
    """The reference: every pair sharing an uncommon bigram is counted, then tested."""
    parent = list(range(len(units)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    for i, u in enumerate(units):
        k = (u.scope, u.key)
        if k in first:
            parent[find(i)] = find(first[k])
        else:
            first[k] = i
    distinct = list(first.items())
    grams = [repeats._bigrams(k[1]) for k, _ in distinct]
    index: dict[str, list[int]] = defaultdict(list)
    for n, g in enumerate(grams):
        for gram in g:
            index[gram].append(n)
    common = max(8, len(distinct) // 20)
    for n, g in enumerate(grams):
        counts: Counter[int] = Counter()
        for gram in g:
            posting = index[gram]
            if len(posting) <= common:
                counts.update(posting[bisect_right(posting, n) :])
        (scope_n, key_n), i = distinct[n]
        for m, shared in counts.items():
            if shared < 0.5 * min(len(g), len(grams[m])):
                continue
            (scope_m, key_m), j = distinct[m]
            if scope_n != scope_m or not 0.7 <= len(key_n) / len(key_m) <= 1.43:
                continue
            if len(g & grams[m]) / len(g | grams[m]) >= 0.6 and repeats._near(key_n, key_m, threshold, words):
                parent[find(j)] = find(i)
    out: dict[int, list] = defaultdict(list)
    for i, u in enumerate(units):
        out[find(i)].append(u)
    return [sorted(g, key=lambda u: u.text.span().start) for g in out.values() if len(g) > 1]


def _units(text: str) -> tuple[list, list]:
    facts = extract(parse(text, "case.txt"))
    units = [repeats._Unit(k, s.text, s) for s in facts.sentences if len(k := repeats._key(s.text.text)) >= 12]
    prose = [s for s in facts.sentences if s.in_table is None]
    return units, repeats._clauses(prose, 10)


def _mutated(text: str, rng: random.Random) -> str:
    """The text's sentences again, each with a character dropped or two swapped or a figure changed."""
    out = []
    for sentence in text.replace("\n", "。").split("。"):
        chars = list(sentence)
        if len(chars) > 12:
            k = rng.randrange(len(chars) - 1)
            action = rng.randrange(3)
            if action == 0:
                del chars[k]
            elif action == 1:
                chars[k], chars[k + 1] = chars[k + 1], chars[k]
            else:
                chars = [str(rng.randint(0, 9)) if c.isdigit() and rng.random() < 0.3 else c for c in chars]
        out.append("".join(chars))
    return "。".join(out)


def _texts() -> list[tuple[str, str]]:
    rng = random.Random(5)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIELD.glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))]
    cases = [("all", "\n".join(texts)), ("all-flat", _flatten("\n".join(texts)))]
    cases += [(f"mutated-{n}", "\n".join(_mutated(t, rng) + "\n" + t for t in texts[n::9])) for n in range(9)]
    return cases


@pytest.mark.parametrize(("name", "text"), _texts(), ids=lambda v: v if len(v) < 20 else "")
def test_candidate_pairs_group_as_every_pair(name: str, text: str) -> None:
    units, clauses = _units(text)
    for items, words in ((units, True), (clauses, False)):
        expected = [[u.text.span() for u in g] for g in _every_pair(items, 0.85, words)]
        got = [[u.text.span() for u in g] for g in repeats._groups(items, 0.85, words)]
        assert got == expected
