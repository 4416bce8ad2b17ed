"""Cross-report copying (照搬): MinHash LSH over the sentences of a run and of the history.

1. Every sentence long enough (`record.PASSAGE_MIN`) becomes a set of character 3-grams in
   normal form and a MinHash (datasketch); an LSH index over all of them puts sentences
   that are probably alike in a shared bucket.
2. Sentences sharing a bucket are joined into groups (union-find over the buckets), which
   is linear in the number of sentences.
3. A group spread over many different projects is template (the form's own instructions, a
   region's stock phrases): it is learned here, from the corpus, and never reported. Only
   the other groups are compared pair by pair, with the exact Jaccard similarity of their
   3-grams, so no pass is quadratic in the size of the corpus.
4. Matching sentences of one report found in another are joined into passages where they
   follow each other, and each report pair gets the share of the report they cover.
"""

from __future__ import annotations

import functools
import zlib
from collections import defaultdict
from decimal import Decimal

from datasketch import MinHash, MinHashLSH

from auditor.corpus.record import Passage, Record, name_key
from auditor.corpus.view import Copy, Corpus

NUM_PERM = 64
SEED = 20_240_601
SHINGLE = 3
GROUP_CAP = 400  # a group this large is template whatever its spread: comparing it would be quadratic


def shingles(text: str) -> set[bytes]:
    """Character 3-grams of a normal-form text (the text itself when shorter)."""
    if len(text) <= SHINGLE:
        return {text.encode("utf-8")}
    return {text[i : i + SHINGLE].encode("utf-8") for i in range(len(text) - SHINGLE + 1)}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


@functools.cache
def _bands(threshold: float) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for a threshold: a numerical integration, done once."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _groups(texts: list[str], threshold: float) -> list[list[int]]:
    """Indexes of sentences that share an LSH bucket, joined transitively; singletons dropped."""
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(threshold))
    sketches = MinHash.generator((shingles(t) for t in texts), num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
    with lsh.insertion_session() as session:
        for i, sketch in enumerate(sketches):
            session.insert(i, sketch, check_duplication=False)
    parent = list(range(len(texts)))
    for table in lsh.hashtables:
        for bucket in table.keys():  # noqa: SIM118 - a datasketch storage, whose API is keys()/get()
            members = iter(table.get(bucket))
            root = _find(parent, next(members))
            for other in members:
                other_root = _find(parent, other)
                if other_root != root:
                    parent[other_root] = root
    grouped: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        grouped[_find(parent, i)].append(i)
    return [g for g in grouped.values() if len(g) > 1]


def _owner(record: Record) -> str:
    """Who wrote a report, for telling template from copying: its project, else the file itself."""
    return (
        name_key(record.text("unit")) + "|" + name_key(record.text("project"))
        if record.text("project")
        else record.digest
    )


def find_copies(corpus: Corpus, threshold: Decimal, template_share: Decimal, template_reports: int) -> list[Copy]:
    """Every passage of a report of the run copied from another report (see the module docstring).

    :param threshold: the Jaccard similarity (0-1) of 3-grams from which two sentences are the same.
    :param template_share: a group found in this share (0-1) of all projects, and in three or
        more, is template.
    :param template_reports: a group found in this many projects is template whatever the share.
    """
    records = corpus.everything
    in_run = len(corpus.reports)
    where: list[tuple[int, int]] = [(r, p) for r, rec in enumerate(records) for p in range(len(rec.passages))]
    texts = [records[r].passages[p].text for r, p in where]
    if len(texts) < 2:
        return []
    owners = [_owner(rec) for rec in records]
    template_floor = max(3, float(template_share) * len(set(owners)))
    cache: dict[int, set[bytes]] = {}
    matched: dict[tuple[int, int], dict[int, tuple[int, float]]] = defaultdict(dict)
    for group in _groups(texts, float(threshold)):
        spread = {owners[where[i][0]] for i in group}
        if len(spread) >= template_reports or len(spread) >= template_floor or len(group) > GROUP_CAP:
            continue  # template: learned from the corpus, not copying
        for a in group:
            ra, pa = where[a]
            if ra >= in_run:
                continue  # only this run's reports get findings
            for b in group:
                rb, pb = where[b]
                if rb == ra:
                    continue
                sa = cache.setdefault(a, shingles(texts[a]))
                sb = cache.setdefault(b, shingles(texts[b]))
                similarity = len(sa & sb) / len(sa | sb)
                best = matched[(ra, rb)].get(pa)
                if similarity >= float(threshold) and (best is None or similarity > best[1]):
                    matched[(ra, rb)][pa] = (pb, similarity)
    out: list[Copy] = []
    for (ra, rb), by_passage in sorted(matched.items()):
        out += _passages(records[ra], records[rb], by_passage)
    return out


def _passages(record: Record, other: Record, by_passage: dict[int, tuple[int, float]]) -> list[Copy]:
    """Consecutive matched sentences of `record` joined into passages, each with the pair's share."""
    runs: list[list[int]] = []
    for p in sorted(by_passage):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    total = sum(len(record.passages[p].text) for p in by_passage)
    share = Decimal(100 * total / max(record.chars, 1)).quantize(Decimal(1))
    out = []
    for run in runs:
        mine: tuple[Passage, ...] = tuple(record.passages[p] for p in run)
        theirs = tuple(other.passages[q] for q in sorted({by_passage[p][0] for p in run}))
        low = min(by_passage[p][1] for p in run)
        chars = sum(len(p.text) for p in mine)
        out.append(
            Copy(record, other, mine, theirs, Decimal(100 * low).quantize(Decimal(1)), chars, min(share, Decimal(100)))
        )
    return out
