"""Cross-report copying (照搬): MinHash LSH over the sentences of a run and of the history.

1. Every sentence long enough (`record.PASSAGE_MIN`) becomes a set of character 3-grams in
   normal form, computed once, and a MinHash (datasketch); an LSH index over all of them
   puts sentences that are probably alike in a shared bucket.
2. Sentences sharing a bucket are joined into groups (union-find over the buckets), which
   is linear in the number of sentences.
3. A group spread over many different projects is template (the form's own instructions, a
   region's stock phrases): it is learned here, from the corpus, and never reported.
4. In the other groups, identical sentences are one text, compared once with each other
   text of the group (the exact Jaccard similarity of their 3-grams). The reports of a
   group are taken by *slot*, their project and year: for each text and slot only the best
   match is kept, and a report's own slot is passed over (two versions of one project's
   report for one year are neither copying nor carried over). A group holds fewer than
   `template_reports` projects, so each sentence meets a bounded number of slots and the
   pass stays linear even when every report repeats most of the others' text.
5. Matching sentences of one report found in another are joined into passages where they
   follow each other, and each report pair gets the share of the report they cover.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from datasketch import MinHash, MinHashLSH

from auditor.corpus.record import Copy, Passage, Record, name_key

NUM_PERM = 64
SEED = 20_240_601
SHINGLE = 3
GROUP_CAP = 400  # a group of this many different texts is template whatever its spread: comparing them is quadratic


def shingles(text: str) -> set[bytes]:
    """Character 3-grams of a normal-form text (the text itself when shorter)."""
    if len(text) <= SHINGLE:
        return {text.encode("utf-8")}
    return {text[i : i + SHINGLE].encode("utf-8") for i in range(len(text) - SHINGLE + 1)}


@contextlib.contextmanager
def _acyclic() -> Iterator[None]:
    """Pause the cyclic garbage collector while the pass builds its many small acyclic objects.

    Each full collection walks every live object, every record of the run included, so with
    the collector running a pass over 10× the reports took 14× the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def _groups(sets: list[set[bytes]], threshold: float) -> list[list[int]]:
    """Indexes of texts that share an LSH bucket, joined transitively; a lone text is a group of one."""
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(threshold))
    sketches = MinHash.generator(sets, num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
    with lsh.insertion_session() as session:
        for i, sketch in enumerate(sketches):
            session.insert(i, sketch, check_duplication=False)
    parent = list(range(len(sets)))
    for table in lsh.hashtables:
        for bucket in table.keys():  # noqa: SIM118 - a datasketch storage, whose API is keys()/get()
            members = iter(table.get(bucket))
            root = _find(parent, next(members))
            for other in members:
                other_root = _find(parent, other)
                if other_root != root:
                    parent[other_root] = root
    grouped: dict[int, list[int]] = defaultdict(list)
    for i in range(len(sets)):
        grouped[_find(parent, i)].append(i)
    return list(grouped.values())


def _owner(record: Record) -> str:
    """Who wrote a report, for telling template from copying: its project, else the file itself."""
    return (
        name_key(record.text("unit")) + "|" + name_key(record.text("project"))
        if record.text("project")
        else record.digest
    )


Slot = tuple[str, int | None]  # a report's owner and year


@dataclass(frozen=True, slots=True)
class _Sentences:
    """Every comparable sentence of the corpus, and each distinct text once with its 3-grams."""

    where: list[tuple[int, int]]  # per sentence: (record, passage)
    text_of: list[int]  # per sentence: its distinct text
    sentences: list[list[int]]  # per distinct text: its sentences, in corpus order
    sets: list[set[bytes]]  # per distinct text
    slots: list[Slot]  # per record


def _sentences(records: tuple[Record, ...]) -> _Sentences:
    where = [(r, p) for r, rec in enumerate(records) for p in range(len(rec.passages))]
    distinct: dict[str, int] = {}
    text_of = [distinct.setdefault(records[r].passages[p].text, len(distinct)) for r, p in where]
    sentences: list[list[int]] = [[] for _ in distinct]
    for i, d in enumerate(text_of):
        sentences[d].append(i)
    slots = [(_owner(rec), rec.year) for rec in records]
    return _Sentences(where, text_of, sentences, [shingles(t) for t in distinct], slots)


def _best_by_slot(texts: list[int], s: _Sentences, threshold: float) -> dict[int, dict[Slot, tuple[float, int]]]:
    """For each distinct text of a group: per slot, the most similar sentence there (first on ties).

    Texts are compared, not sentences: a sentence repeated in every report of a group costs
    one comparison, not one per pair of reports.
    """
    firsts: dict[int, dict[Slot, int]] = {}  # per text, the first of its sentences in each slot
    for d in texts:
        here: dict[Slot, int] = {}
        for i in s.sentences[d]:
            here.setdefault(s.slots[s.where[i][0]], i)
        firsts[d] = here
    best: dict[int, dict[Slot, tuple[float, int]]] = {d: {} for d in texts}
    for n, a in enumerate(texts):
        for b in texts[n:]:
            similarity = 1.0 if a == b else len(s.sets[a] & s.sets[b]) / len(s.sets[a] | s.sets[b])
            if similarity < threshold:
                continue
            for mine, theirs in ((a, b), (b, a)) if a != b else ((a, a),):
                kept = best[mine]
                for slot, i in firsts[theirs].items():
                    old = kept.get(slot)
                    if old is None or similarity > old[0] or (similarity == old[0] and i < old[1]):
                        kept[slot] = (similarity, i)
    return best


def find_copies(
    records: tuple[Record, ...], run: int, threshold: Decimal, template_share: Decimal, template_reports: int
) -> list[Copy]:
    """Every passage of a report of the run copied from another report (see the module docstring).

    :param records: the run's records, then the history's (`Corpus.everything`); the first `run`
        are this run's.

    :param threshold: the Jaccard similarity (0-1) of 3-grams from which two sentences are the same.
    :param template_share: a group found in this share (0-1) of all projects, and in three or
        more, is template.
    :param template_reports: a group found in this many projects is template whatever the share.
    """
    with _acyclic():
        matched = _matches(records, run, float(threshold), float(template_share), template_reports)
    out: list[Copy] = []
    for (ra, rb), by_passage in sorted(matched.items()):
        out += _passages(records[ra], records[rb], by_passage)
    return out


def _matches(
    records: tuple[Record, ...], in_run: int, threshold: float, template_share: float, template_reports: int
) -> dict[tuple[int, int], dict[int, tuple[int, float]]]:
    """Per pair of reports (this run's, another): its matched sentences, ``{passage: (theirs, similarity)}``."""
    s = _sentences(records)
    matched: dict[tuple[int, int], dict[int, tuple[int, float]]] = defaultdict(dict)
    if len(s.where) < 2:
        return matched
    template_floor = max(3, template_share * len({owner for owner, _ in s.slots}))
    for texts in _groups(s.sets, threshold):
        group = [i for d in texts for i in s.sentences[d]]
        spread = {s.slots[s.where[i][0]][0] for i in group}
        if len(group) < 2:
            continue
        if len(spread) >= template_reports or len(spread) >= template_floor or len(texts) > GROUP_CAP:
            continue  # template: learned from the corpus, not copying
        best = _best_by_slot(texts, s, threshold)
        for a in group:
            ra, pa = s.where[a]
            if ra >= in_run:
                continue  # only this run's reports get findings
            for slot, (similarity, b) in best[s.text_of[a]].items():
                if slot != s.slots[ra]:
                    rb, pb = s.where[b]
                    matched[(ra, rb)][pa] = (pb, similarity)
    return matched


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
