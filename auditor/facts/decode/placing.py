"""One indicator row placed in the header's columns: the best placing of its cells, how sure it is,
and the other readings near it (`auditor.facts.decode.indicators` cuts the rows).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence

from auditor.facts.decode.cells import Atom
from auditor.facts.decode.fit import NEG, drop, relations, skips
from auditor.facts.decode.indicators import CERTAIN_MARGIN, KEEP, NEAR, OPTIONS, RELATED, Cells, Placed


def place(cells: Cells, i: int, j: int, roles: Sequence[str], keep: int = KEEP) -> Placed | None:
    """The best placing of atoms[i:j] in the columns, and whether it is clearly the best.

    A Viterbi search that keeps the `keep` best partial placings per state; the row's
    relations (得分 ≤ 分值, an actual near its target) then rank the complete ones. A cell may
    also be left out (`_drop`): an empty cell a merged label left, a label repeated on the left.
    """
    roles = tuple(roles)
    m = len(roles)
    skip = skips(roles)
    merge = cells.merge
    final = _search(_shape(cells, i, j, roles), roles, merge, keep)
    done: list[tuple[float, _Path]] = []
    # NOTE: many complete placings differ only in their words: what their figures' relations are
    # worth is worked out once per set of related cells
    worth: dict[tuple[tuple[int, int, int], ...], float] = {}
    for c in range(-1, m):
        for score, linked, key in final[c + 1]:
            if linked is None:
                continue
            bonus = worth.get(key)
            if bonus is None:
                bonus = worth[key] = relations({roles[cc]: cells.get(i + q, i + p) for q, p, cc in key})
            done.append((score + skip[m] - skip[c + 1] + bonus, linked))
    if not done:
        return None
    done.sort(key=lambda x: -x[0])
    top, linked = done[0]
    path = _unlinked(linked)
    chosen = {roles[c]: cells.get(i + q, i + p) for q, p, c in path}
    at = {roles[c]: (q, p) for q, p, c in path}
    doubts: set[str] = set()  # the columns another close reading fills otherwise
    swap = _lone(at)
    for other, alt in done[1:]:
        if top - other >= CERTAIN_MARGIN:
            break
        alt_at = {roles[c]: (q, p) for q, p, c in _unlinked(alt)}
        swap = swap and _swapped(at, alt_at)
        # (a column read from the same atoms as the best reading's cannot differ from it)
        doubts.update(
            r for r in RELATED
            if alt_at.get(r) != at.get(r) and _differs(cells.get(i + alt_at[r][0], i + alt_at[r][1]) if r in alt_at else None, chosen.get(r))
        )  # fmt: skip
    w, s = chosen.get("weight"), chosen.get("score")
    if merge > 1 and w is not None and s is not None and w.points and s.points and s.quantity.value > w.quantity.value:
        # glued, a 得分 over its 分值 is likelier a run of digits cut wrong than the form's own error
        doubts.update(("weight", "score"))
    certain = not doubts
    # other readings matter only where a table-wide pass weighs them (a glued printing)
    near = done[1:OPTIONS] if merge > 1 else []
    options = tuple((other, {roles[c]: cells.get(i + q, i + p) for q, p, c in _unlinked(alt)}) for other, alt in near if top - other < NEAR)
    return Placed(chosen, (i, j), certain, top, options, frozenset(doubts), swap and doubts == {"target", "actual"})


def _lone(at: dict[str, tuple[int, int]]) -> bool:
    """Whether a reading fills one of 指标值 and 完成值 and leaves the other empty."""
    return ("target" in at) != ("actual" in at)


def _swapped(at: dict[str, tuple[int, int]], alt: dict[str, tuple[int, int]]) -> bool:
    """Whether another reading is the same but for the one value moved from 指标值 to 完成值 or back."""
    one, other = ("target", "actual") if "target" in at else ("actual", "target")
    rest = {r: span for r, span in at.items() if r != one}
    return alt.get(other) == at[one] and one not in alt and {r: span for r, span in alt.items() if r != other} == rest


# What the search reads of a row, atom by atom: what leaving the atom out costs, and for each
# cell ending at it (from each start `merge` atoms back at most) the cost of its start and its fits,
# and whether it stands in the column right after the row's cell before it (`Atom.tight`).
_Shape = tuple[tuple[float, tuple[tuple[float, tuple[float, ...]], ...], bool], ...]


def _shape(cells: Cells, i: int, j: int, roles: tuple[str, ...]) -> _Shape:
    merge, atoms, cuts = cells.merge, cells.atoms, cells.cut
    return tuple(
        (drop(atoms[p - 1]), tuple((cuts[q], tuple(cells.fits(q, p, roles))) for q in range(max(i, p - merge), p)), atoms[p - 1].tight and p > i + 1)
        for p in range(i + 1, j + 1)
    )


@functools.lru_cache(maxsize=1024)
def _search(shape: _Shape, roles: tuple[str, ...], merge: int, keep: int) -> list[list[tuple[float, _Path, tuple[tuple[int, int, int], ...]]]]:
    """The complete placings of a row of this shape kept per column of its last cell, their cells
    (q, p, c) counted from the row's first atom, each with its cells in the columns `relations` reads.

    NOTE: the search reads only the row's shape: rows alike (a table's rows mostly are) are searched once.
    The lists returned are shared: never changed.
    """
    m = len(roles)
    skip = skips(roles)
    # A path is a linked list ((q, p, c), rest), the last cell first: extending one is O(1).
    # states[p][c + 1]: up to `keep` (score, path) with atoms 0..p-1 done, the last cell placed in
    # column c (c = -1: none placed yet)
    states: list[list[list[tuple[float, _Path]]]] = [[[(0.0, None)]] + [[] for _ in range(m)]]
    for p, (left_out, ends, tight) in enumerate(shape, 1):
        # atom p-1 left out
        cur = [[(score + left_out, path) for score, path in options] for options in states[p - 1]]
        for q, (cut, fits) in enumerate(ends, max(0, p - merge)):
            before = states[q]
            if tight:
                _next_column(cur, before, fits, cut, skip, (q, p))
                continue
            # NOTE: the best `keep` placings whose last cell stands left of column c, kept as c
            # moves right: each column then reads `keep` placings, not every one to its left
            running: list[tuple[float, _Path]] = []
            for c in range(m):
                if before[c]:
                    s = skip[c]
                    running.extend([(score - s, path) for score, path in before[c]])
                    if len(running) > keep:
                        running.sort(key=_first, reverse=True)
                        del running[keep:]
                f = fits[c]
                if f <= NEG / 2 or not running:
                    continue
                s = skip[c]
                cell = (q, p, c)
                # (the sum in the order it always had: floats are compared for ties)
                cur[c + 1].extend([(score + s + f + cut, (cell, path)) for score, path in running])
        for options in cur:
            if len(options) > keep:
                options.sort(key=_first, reverse=True)
                del options[keep:]
        states.append(cur)
    related = {c for c in range(m) if roles[c] in RELATED}
    return [[(score, path, _related(path, related)) for score, path in options] for options in states[-1]]


def _next_column(cur: list, before: list, fits: tuple[float, ...], cut: float, skip: list[float], at: tuple[int, int]) -> None:
    """A tight cell's placings: in the column right after the last cell placed, or anywhere when
    none is placed yet (the columns it passes cost what skipping them does)."""
    q, p = at
    for c, f in enumerate(fits):
        if f <= NEG / 2:
            continue
        cur[c + 1].extend([(score + skip[c] + f + cut, ((q, p, c), path)) for score, path in before[0]])
        if c > 0:
            cur[c + 1].extend([(score + f + cut, ((q, p, c), path)) for score, path in before[c]])


_first = operator.itemgetter(0)  # the sort key of a (score, path) option

# A placing's cells, linked from the last: ((q, p, c), rest) or None.
_Path = tuple | None


def _unlinked(path: _Path) -> tuple[tuple[int, int, int], ...]:
    """A linked path's cells, first to last."""
    out = []
    while path is not None:
        cell, path = path
        out.append(cell)
    return tuple(reversed(out))


def _related(path: _Path, related: set[int]) -> tuple[tuple[int, int, int], ...]:
    """The cells of a linked path that stand in the related columns, last first."""
    out = []
    while path is not None:
        cell, path = path
        if cell[2] in related:
            out.append(cell)
    return tuple(out)


def _differs(a: Atom | None, b: Atom | None) -> bool:
    """Whether two readings of a column disagree: two empty cells, or none and an empty one, agree."""
    if a is None or b is None:
        return (a is None) != (b is None) and (a or b).kind != "blank"
    if a.kind == "blank" and b.kind == "blank":
        return False
    return a.value != b.value or a.text.span() != b.text.span()
