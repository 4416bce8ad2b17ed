"""Tables from a scanned page's rules and the positions of its characters.

A printed form is a grid of rules. The rules that cross each other make a table: their
heights are the row boundaries and their lefts the column boundaries; where a rule is
missing between two grid cells, the form merged them. Every character the engine read is
placed in the grid cell under its centre, so a text box that runs over a rule is split there
and the form decoder receives rows and columns as from a .docx, never flattened text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from auditor.readers.ocr.engine import Word
from auditor.readers.ocr.image import Rules


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character on the page: its confidence and box in pixels."""

    char: str
    confidence: float
    x0: float
    x1: float
    y0: float
    y1: float
    word: int = 0  # the text box it was read in: spaces inside a box are the engine's own

    @property
    def x(self) -> float:
        """The horizontal centre."""
        return (self.x0 + self.x1) / 2

    @property
    def y(self) -> float:
        """The vertical centre."""
        return (self.y0 + self.y1) / 2


def spaces(gap: float, height: float) -> int:
    """How many spaces a blank stretch `gap` pixels wide stands for in type `height` pixels tall.

    A space is about a quarter of the type's height, and the characters on either side keep
    a tenth of it white themselves; runs of spaces part the columns of a form printed as text.
    """
    return max(1, min(8, round((gap / height - 0.1) / 0.25)))


def glyphs(word: Word, number: int = 0) -> list[Glyph]:
    """A word's characters, each with its own extent (shared out evenly when the engine gave none)."""
    x0, y0, x1, y1 = word.box
    if len(word.text) > 1 and y1 - y0 > 1.5 * (x1 - x0):
        # Text set down a narrow cell ("项目资金（万元）" in a form's first column), one character under another.
        step = (y1 - y0) / len(word.text)
        return [Glyph(ch, word.confidence(k), x0, x1, y0 + k * step, y0 + (k + 1) * step, number) for k, ch in enumerate(word.text)]
    if word.ink is not None:
        # The box is drawn wider than its ink: its first and last characters end where the ink does.
        x0, x1 = word.ink
    if word.chars:
        found = [Glyph(ch, c, a, b, y0, y1, number) for ch, (c, a, b) in zip(word.text, word.chars, strict=True)]
        if word.ink is not None and found:
            found[0] = dataclasses.replace(found[0], x0=max(found[0].x0, x0))
            found[-1] = dataclasses.replace(found[-1], x1=min(found[-1].x1, x1))
        return found
    step = (x1 - x0) / max(len(word.text), 1)
    return [Glyph(ch, word.score, x0 + k * step, x0 + (k + 1) * step, y0, y1, number) for k, ch in enumerate(word.text)]


@dataclass(slots=True)
class GridCell:
    """A printed cell: its grid rows and columns, its box, and the characters read inside it."""

    rows: tuple[int, int]  # first and last grid row it covers
    columns: tuple[int, int]
    box: tuple[float, float, float, float]
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: its cells, and the grid position of every cell's top-left corner."""

    cells: tuple[GridCell, ...]
    height: int
    width: int
    box: tuple[float, float, float, float]

    def owner(self, r: int, c: int) -> GridCell | None:
        """The printed cell covering grid position (r, c)."""
        for cell in self.cells:
            if cell.rows[0] <= r <= cell.rows[1] and cell.columns[0] <= c <= cell.columns[1]:
                return cell
        return None


def _lines(segments: Sequence[tuple[float, float, float]], tol: float) -> list[tuple[float, list[list[float]]]]:
    """Segments at about the same position, as one rule: its position and covered intervals."""
    out: list[tuple[float, list[list[float]]]] = []
    for pos, a, b in sorted(segments):
        if out and pos - out[-1][0] <= tol:
            spans = out[-1][1]
        else:
            out.append((pos, []))
            spans = out[-1][1]
        spans.append([a, b])
    merged = []
    for pos, spans in out:
        spans.sort()
        joined: list[list[float]] = [spans[0]]
        for a, b in spans[1:]:
            if a <= joined[-1][1] + 3 * tol:
                joined[-1][1] = max(joined[-1][1], b)
            else:
                joined.append([a, b])
        merged.append((pos, joined))
    return merged


def _covers(spans: list[list[float]], at: float, tol: float) -> bool:
    return any(a - tol <= at <= b + tol for a, b in spans)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    parent[_find(parent, a)] = _find(parent, b)


def _joins(segment: tuple[float, float, float], across: list, tol: float, dpi: int) -> bool:
    """Whether a vertical run is a rule: long, or reaching from one horizontal rule to another.

    A stroke of a large character is as long as a short row is high; only a rule starts and
    ends on the rules across.
    """
    x, top, bottom = segment
    if bottom - top >= dpi * 0.6:
        return True
    ends = [y for y, spans in across if _covers(spans, x, tol)]
    # Half a rule's width and the gap left where the rule across was lifted; a character's
    # stroke stops further from the rules, even in a row barely taller than the type, and
    # fills less of the row's height.
    near = max(4.0, dpi / 50)
    above = [y for y in ends if abs(y - top) <= near]
    below = [y for y in ends if abs(y - bottom) <= near]
    return bool(above and below) and bottom - top >= 0.8 * (max(below) - min(above))


def _crossed(x: float, top: float, bottom: float, boxes: Sequence[tuple[float, float, float, float]], em: float) -> bool:
    """Whether a text box runs across `x` between `top` and `bottom`: no rule stands inside a line of text."""
    return any(b[0] + em < x < b[2] - em and b[1] < bottom and top < b[3] for b in boxes)


def grids(rules: Rules, dpi: int, boxes: Sequence[tuple[float, float, float, float]] = ()) -> list[Grid]:
    """Every table the page's rules draw: rules that cross, at least two each way.

    :param boxes: the engine's text boxes; a short stretch down that one of them runs across
        is a character's stroke, not a rule.
    """
    tol = max(3.0, dpi / 40)
    em = dpi * 10.5 / 72 / 2
    # One node per stretch of rule: two tables one above the other share the x of their
    # rules down, but not the stretches, and stay two tables.
    across = [(p, [s]) for p, spans in _lines(rules.horizontal, tol) for s in spans]
    kept = [s for s in rules.vertical if _joins(s, across, tol, dpi)]
    down = [
        (p, [s])
        for p, spans in _lines(kept, tol)
        for s in spans
        if s[1] - s[0] >= dpi * 0.6 or not _crossed(p, s[0], s[1], boxes, em)
    ]
    parent = list(range(len(across) + len(down)))
    for i, (y, hspans) in enumerate(across):
        for j, (x, vspans) in enumerate(down):
            if _covers(hspans, x, tol) and _covers(vspans, y, tol):
                _union(parent, i, len(across) + j)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(across)):
        groups.setdefault(_find(parent, i), ([], []))[0].append(i)
    for j in range(len(down)):
        groups.setdefault(_find(parent, len(across) + j), ([], []))[1].append(j)
    out = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2:
            out.append(_grid([across[i] for i in hs], [down[j] for j in vs], dpi))
    return sorted(out, key=lambda g: g.box[1])


def _positions(lines: list[tuple[float, list[list[float]]]], least: float) -> list[float]:
    """Boundary positions, rules closer than `least` taken as one (a doubled or thick rule)."""
    out: list[float] = []
    for pos, _ in sorted(lines):
        if not out or pos - out[-1] >= least:
            out.append(pos)
    return out


def _grid(across: list, down: list, dpi: int) -> Grid:
    tol = max(3.0, dpi / 40)
    ys = _positions(across, dpi * 0.08)
    xs = _positions(down, dpi * 0.08)

    def rule_across(y: float, x0: float, x1: float) -> bool:
        return any(abs(p - y) <= tol and _covers(s, (x0 + x1) / 2, tol) for p, s in across)

    def rule_down(x: float, y0: float, y1: float) -> bool:
        return any(abs(p - x) <= tol and _covers(s, (y0 + y1) / 2, tol) for p, s in down)

    height, width = len(ys) - 1, len(xs) - 1
    parent = list(range(height * width))
    for r in range(height):
        for c in range(width):
            if c + 1 < width and not rule_down(xs[c + 1], ys[r], ys[r + 1]):
                _union(parent, r * width + c, r * width + c + 1)
            if r + 1 < height and not rule_across(ys[r + 1], xs[c], xs[c + 1]):
                _union(parent, r * width + c, (r + 1) * width + c)
    spans: dict[int, list[int]] = {}
    for r in range(height):
        for c in range(width):
            root = _find(parent, r * width + c)
            seen = spans.setdefault(root, [r, r, c, c])
            seen[0], seen[1] = min(seen[0], r), max(seen[1], r)
            seen[2], seen[3] = min(seen[2], c), max(seen[3], c)
    cells = tuple(
        GridCell((r0, r1), (c0, c1), (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        for r0, r1, c0, c1 in sorted(spans.values())
    )
    return Grid(cells, height, width, (xs[0], ys[0], xs[-1], ys[-1]))


def place(grid: Grid, loose: list[Glyph]) -> list[Glyph]:
    """Put each glyph inside the grid into its cell; return the glyphs outside it."""
    x0, y0, x1, y1 = grid.box
    outside = []
    for g in loose:
        if not (x0 <= g.x <= x1 and y0 <= g.y <= y1):
            outside.append(g)
            continue
        cell = next((c for c in grid.cells if c.box[0] <= g.x <= c.box[2] and c.box[1] <= g.y <= c.box[3]), None)
        if cell is None:
            outside.append(g)
        else:
            cell.glyphs.append(g)
    return outside
