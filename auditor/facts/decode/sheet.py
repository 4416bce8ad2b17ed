"""A spreadsheet flattened row by row with merged, multi-line cells: a header scattered among its
first rows, and rows whose figures come before their labels.

A merged or wrapped cell prints its lines on the lines of the rows it spans. Flattened, the
header's words ("一级 指标 二级指标 三级指标 … 实际 指标值 完成值 … 分值 得分") come mixed with the
first rows' cells, and a block of rows may print its figures before its labels ("75元 75元 10
10 95% 95% 30 27 … 成本指标 指标1:每人每年补助标准 …"). `spread_header` finds the whole header
around the part `find_headers` saw; `sheet_rows` reads its rows: each indicator name (指标1：…)
with the category labels before it and the figures after it, and names printed after a run of
figures that holds several rows take the run's rows in order — a pairing by order alone, so
those rows are uncertain.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.facts.decode.cells import WORDS, Atom, atoms
from auditor.facts.decode.header import Header, word_at
from auditor.facts.decode.indicators import RELATED, Cells, Placed
from auditor.facts.decode.joins import join_labels
from auditor.facts.decode.pieces import Gap, Piece
from auditor.facts.decode.placing import place
from auditor.facts.decode.wrapped_header import PREFIXES
from auditor.facts.types.form import Total
from auditor.report.model import Mapped

SPREAD = 24  # pieces around a partial header where the rest of its words may stand
APART = 12  # pieces between two of its words: the first rows' cells
_PROSE = 40  # a longer piece between two words is a paragraph, no cell of a row
_FIGURE_KINDS = frozenset({"number", "percent", "quantity", "band", "blank"})
_NAMES = frozenset({"marked", "template"})
_FULL_TOTAL = Decimal(100)  # the template's 总分 row: 100 points


def spread_header(ps: Sequence[Piece], header: Header, lo: int) -> Header | None:
    """The whole indicator header whose words stand among its first rows' cells, around the
    part of it `header` is; None when `header` is whole or its other words are not near.

    `lo` is where the search may start (the end of the fund header before it).
    """
    roles = set(header.roles)
    if header.kind != "indicator" or header.cell_gap[0] == Gap.GLUED or ps[header.start].fixed:
        return None
    if {"weight", "score"} <= roles and roles & {"name", "level2"}:
        return None  # a whole header: its rows are read the usual way
    hits: list[tuple[str, int, int]] = []
    k, hi = max(lo, header.start - SPREAD), min(len(ps), header.end + SPREAD)
    while k < hi:
        got = word_at(ps, k, "indicator")
        if got is None:
            k += 1
            continue
        hits.append((got[0], k, got[1]))
        k = got[1]
    at = next((n for n, h in enumerate(hits) if h[1] >= header.start), None)
    if at is None:
        return None
    first = last = at
    while first > 0 and _near(ps, hits[first - 1][2], hits[first][1]):
        first -= 1
    while last + 1 < len(hits) and _near(ps, hits[last][2], hits[last + 1][1]):
        last += 1
    chain = hits[first : last + 1]
    order = [role for role, _, _ in chain]
    found = set(order)
    if len(found) < len(order) or not {"weight", "score"} <= found or not found & {"target", "actual"} or not found & {"name", "level2"}:
        return None
    words = {k for _, a, b in chain for k in range(a, b)}
    start, end = chain[0][1], chain[-1][2]
    # a header word's first half wrapped away from it ("实际" … "完成值") is the header's too
    words |= {k for k in range(start, end) if ps[k].value in PREFIXES}
    if not any(ps[k].value for k in range(start, end) if k not in words):
        return None  # nothing between the words: a header `find_headers` reads whole
    return dataclasses.replace(header, roles=tuple(order), start=start, end=end, row_gap=None, columns=(), alone=False, spread=tuple(sorted(words)))


def _near(ps: Sequence[Piece], after: int, nxt: int) -> bool:
    """Whether two header words are close enough, with only a row's cells between them."""
    between = ps[after:nxt]
    return len(between) <= APART and all(p.gap < Gap.BLOCK and len(p.value) <= _PROSE and "。" not in p.value for p in between)


def spread_cells(ps: Sequence[Piece], header: Header, stop: int) -> list[Atom]:
    """The cells from the header's first word on, its words left out."""
    words = set(header.spread)
    kept = [k for k in range(header.start, stop) if k not in words]
    xs = atoms([ps[k] for k in kept], 0, len(kept), header.cell_gap, len(header.roles))
    return join_labels([dataclasses.replace(a, first=kept[a.first]) for a in xs])


@dataclass(slots=True)
class _Draft:
    level1: Atom | None
    level2: Atom | None
    name: list[Atom]
    figures: list[Atom] = field(default_factory=list)
    reason: list[Atom] = field(default_factory=list)
    moved: bool = False  # its figures were printed before its name, with other rows'


def _figure(a: Atom) -> bool:
    return a.kind in _FIGURE_KINDS and bool(a.value)


def _drafts(xs: Sequence[Atom], end: int, width: int) -> tuple[list[_Draft], list[Atom]]:
    """Each name with its labels and figures, and the figures no name took (the 总分 row's)."""
    rows: list[_Draft] = []
    queue: list[Atom] = []  # figures printed before the names they belong to
    level1: Atom | None = None
    level2: Atom | None = None
    k = 0
    while k < end:
        a = xs[k]
        nxt = xs[k + 1] if k + 1 < end else None
        if a.kind in _NAMES:
            name = [a]
            after = xs[k + 2] if k + 2 < end else None
            if nxt is not None and nxt.kind == "text" and not any(c.isdigit() for c in nxt.value) and (
                after is None or after.kind in _NAMES or after.kind in ("level1", "level2", "level12") or _figure(after)
            ):
                name.append(nxt)  # the one line a narrow cell wrapped its name onto ("…划入医" "保基金")
                k += 1
            row = _Draft(level1, level2, name)
            if queue:
                row.figures, queue, row.moved = queue[:width], queue[width:], True
            rows.append(row)
            level1 = level2 = None
        elif a.kind == "level1" or (a.kind == "level12" and (nxt is None or nxt.kind not in _NAMES)):
            open_row = rows[-1] if rows and not rows[-1].figures else None
            if open_row is not None and open_row.level1 is None:
                open_row.level1 = a  # a merged label printed on its first row's line, after the name
            else:
                level1 = a
        elif a.kind in ("level2", "level12"):
            level2 = a
        elif _figure(a):
            run = k
            while run < end and _figure(xs[run]):
                run += 1
            figures = list(xs[k:run])
            if rows and not rows[-1].figures:
                rows[-1].figures, figures = figures[:width], figures[width:]
            queue += figures
            k = run
            continue
        elif a.kind in WORDS and rows and rows[-1].figures and not rows[-1].moved and not queue:
            rows[-1].reason.append(a)
        k += 1
    return rows, queue


def sheet_rows(xs: Sequence[Atom], end: int, roles: Sequence[str]) -> tuple[list[Placed], Total | None]:
    """The rows of a table whose header `spread_header` found, and its 总分 row when its figures
    stand before the label; rows moved away from their figures are uncertain."""
    width = sum(1 for r in roles if r in RELATED)
    drafts, rest = _drafts(xs, end, width)
    if any(d.moved and len(d.figures) != width for d in drafts):
        drafts = [d for d in drafts if not d.moved]  # the run does not part into whole rows: not read
    out: list[Placed] = []
    for d in drafts:
        placed = _placed(d, roles)
        if placed is None:
            if d.moved:  # one moved row that does not read: the order pairs none of them
                return [p for p in out if p.certain], None
            continue
        out.append(placed)
    return out, _total(xs, end, rest, out)


def _placed(d: _Draft, roles: Sequence[str]) -> Placed | None:
    """The draft placed in the columns; None unless every figure stands in a figure's column."""
    name = d.name[0] if len(d.name) == 1 else dataclasses.replace(d.name[0], text=Mapped.join(a.text for a in d.name))
    reason = [dataclasses.replace(d.reason[0], text=Mapped.join(a.text for a in d.reason))] if d.reason else []
    cells = [name, *d.figures, *reason]
    placed = place(Cells(cells, 1), 0, len(cells), roles)
    if placed is None:
        return None
    # the labels stand where the walk found them: a 满意度指标 before a wrapped 服务对象满意度 is the 一级
    labels = {role: a for role, a in (("level1", d.level1), ("level2", d.level2)) if a is not None and role in roles}
    placed = dataclasses.replace(placed, cells={**labels, **placed.cells})
    kept = {id(a) for role, a in placed.cells.items() if role in RELATED}
    if any(id(a) not in kept for a in d.figures) or len(d.figures) < 2:
        return None
    weight, score = placed.cells.get("weight"), placed.cells.get("score")
    if weight is not None and score is not None and weight.points and score.points and score.quantity.value > weight.quantity.value:
        return None
    return dataclasses.replace(placed, certain=placed.certain and not d.moved)


def _total(xs: Sequence[Atom], end: int, rest: list[Atom], rows: list[Placed]) -> Total | None:
    """The 总分 row's 分值 and 得分 printed before its label, after the last rows' figures: two
    points, the 分值 the template's 100 or the rows' weights summed."""
    if end >= len(xs) or len(rest) != 2 or not all(a.points for a in rest):
        return None
    weight, score = (a.quantity for a in rest)
    weights = sum((w.quantity.value for p in rows if (w := p.cells.get("weight")) is not None and w.points), Decimal(0))
    if score.value > weight.value or weight.value not in (_FULL_TOTAL, weights):
        return None
    label = xs[end]
    return Total(label.value, label.text.span().cover(rest[0].text.span()), weight, score)
