"""Forms from the piece stream: each header, the cells under it decoded, fund block and indicator table paired.

`decode_forms(report)` finds every fund header and indicator header in the report's form
regions, cuts the pieces after each into cells under the header's own cell separator,
decodes them (`decode.fund`, `decode.indicators`) and pairs a fund block with the indicator
table that follows it into one `Form`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

import regex

from auditor.facts.decode import grid, tails, wrapped_labels
from auditor.facts.decode.cells import WORDS, Atom, atoms
from auditor.facts.decode.digits import glued_total
from auditor.facts.decode.displaced import head_total
from auditor.facts.decode.fund import decode_fund
from auditor.facts.decode.glued import glued_cells
from auditor.facts.decode.glued_header import split_headers
from auditor.facts.decode.header import Header, find_headers, header_words
from auditor.facts.decode.indicators import TOTAL, Placed
from auditor.facts.decode.joins import join_labels
from auditor.facts.decode.pieces import Gap, Piece, pieces, regions
from auditor.facts.decode.rows import decode_rows, last_row, lone_score, short_row, table_end
from auditor.facts.decode.sections import opens_section, section_starts
from auditor.facts.decode.sheet import sheet_rows, spread_cells, spread_header
from auditor.facts.decode.wrapped_header import wrapped_lines
from auditor.facts.forms import fund_lines
from auditor.facts.rows import _CAPPED, _PLACEHOLDER, _UNCAPPED, _reading, category, groups, is_blank
from auditor.facts.types.form import Form, FundLine, IndicatorRow, Total
from auditor.report.model import Cell, Report, Row, Span, Table
from auditor.report.numbers import Quantity, decimals

MAX_TABLE_PIECES = 2000  # pieces read after an indicator header at most
TOTAL_CELLS = 12  # cells after the 总分 label its figures may stand in (a grid leaves merged cells empty)
GLUED_MERGE = 5  # segments of a glued printing one cell may join
ABOVE_PIECES = 8  # pieces before a fund header where its total row's figures may stand

_STATED_WEIGHT = regex.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*(?:[*×xX]\s*执行率)?\s*[)）]")


def _stated_weight(ps: Sequence[Piece], header: Header, said: tuple[str, ...] = ("执行", "得分", "预算")) -> Quantity | None:
    """The points the header or its title gives budget execution ("得分(20分*执行率)", "预算执行情况(20分)"),
    or (`said` 绩效指标) the indicators ("绩效指标(90分)")."""
    for p in ps[max(0, header.start - ABOVE_PIECES) : header.end]:
        m = _STATED_WEIGHT.search(p.value)
        if m and any(word in p.value for word in said):
            digits = p.text[m.start(1) : m.end(1)]
            return Quantity(Decimal(m[1]), decimals(m[1]), "分", digits.span(), m[1])
    return None


def _title(ps: Sequence[Piece], header: Header) -> str:
    return "".join(p.value for p in ps[max(0, header.start - 6) : header.start])


def _cell(a: Atom, row: int, column: int) -> Cell:
    return Cell(a.text, a.text.extent() if a.value else Span(a.text.anchor, a.text.anchor), row, column)


def _indicator(placed: Placed, roles: Sequence[str], index: int, level1: str, level2: str) -> IndicatorRow:
    cells = {role: _cell(a, index, roles.index(role)) for role, a in placed.cells.items()}
    if "name" not in cells:  # a row with no name cell (a template row, a lost cell): an empty one where it stands
        first = min(cells.values(), key=lambda c: c.span.start)
        cells["name"] = Cell(first.text[0:0], Span(first.span.start, first.span.start), index, roles.index("name") if "name" in roles else 0)
    ordered = tuple(sorted(cells.values(), key=lambda c: c.column))
    # (the row's filled cells: an empty one may sit anywhere its printing left it, a laid table's at its top)
    span = Span.around([c.span for c in ordered if c.value] or [c.span for c in ordered])
    row = Row(ordered, span, index)
    name_cell = cells.get("name")
    name = name_cell.value if name_cell is not None else ""
    weight = placed.cells["weight"].quantity if "weight" in placed.cells and placed.cells["weight"].points else None
    score = placed.cells["score"].quantity if "score" in placed.cells and placed.cells["score"].points else None
    template = bool(_PLACEHOLDER.match(name)) or not name
    others = [c for r, c in cells.items() if r not in ("name", "level1", "level2")]
    placeholder = template and all(is_blank(c) for c in others)
    return IndicatorRow(
        name,
        row,
        level1,
        level2,
        cells,
        weight,
        score,
        placeholder,
        template_name=template,
        category=category(level1, level2),
        capped=bool(_CAPPED.search(name)) and not _UNCAPPED.search(name),
        certain=placed.certain,
        doubts=placed.doubts,
        **_reading(cells, level2),
    )


def _total(xs: Sequence[Atom], at: int, header: Header, rows: Sequence[IndicatorRow] = ()) -> Total | None:
    label, roles = xs[at], header.roles
    numbers: list[Quantity] = []
    run: list[Atom] = []  # digits glued together: one figure or two, cut below
    for a in xs[at + 1 : at + TOTAL_CELLS]:
        if a.kind in WORDS and not TOTAL.match(a.value):
            break
        if a.quantity is not None and a.kind in ("number", "quantity"):
            glued = a.gap == Gap.GLUED or (a.gap == Gap.SPACE and not a.width)  # (a likely cut is a zero-width space)
            if run and glued and run[-1].value[-1:].isdigit() and a.value[:1].isdigit():
                run.append(a)
                continue
            numbers += glued_total(run)
            run = [a]
        if len(numbers) >= 2:
            break
    numbers = (numbers + glued_total(run))[:2]
    if not numbers:
        return None
    if len(numbers) >= 2:
        return Total(label.value, label.text.span().cover(numbers[1].span), numbers[0], numbers[1])
    q = numbers[0]
    span = label.text.span().cover(q.span)
    # one figure: the 分值 when the header has one, unless a grid's column or the rows say 得分 (`lone_score`)
    where = next((a for a in xs[at + 1 : at + TOTAL_CELLS] if a.quantity is q), None)
    column = header.columns.index(where.column) if where is not None and where.fixed and where.column in header.columns else -1
    scored = roles[column] == "score" if 0 <= column < len(roles) else "weight" not in roles or lone_score(q, rows)
    return Total(label.value, span, None, q) if scored else Total(label.value, span, q, None)


def _cells(ps: Sequence[Piece], header: Header, stop: int, fine: bool) -> list[Atom]:
    """The cells after a header; in a glued printing, the segments cells are made of."""
    stop = min(stop, header.end + MAX_TABLE_PIECES)
    if header.spread:
        return spread_cells(ps, header, stop)
    if ps[header.start].fixed:
        # a real grid's (.docx, .xlsx) rows end with the grid: the paragraph after it is no row
        stop = next((k for k in range(header.end, stop) if ps[k].row < 0), stop)
    if header.cell_gap[0] == Gap.GLUED:
        return glued_cells(ps, header.end, stop, header.cell_gap, fine, "core" in header.roles)
    xs = grid.spaced_blanks(header, grid.lined_up(ps, header, atoms(ps, header.end, stop, header.cell_gap, len(header.roles))))
    if header.columns:
        # a real grid repeats a merged cell in every row it spans ("项目资金（万元）", "绩效指标"), and
        # leaves the rest of a merged label empty: left of the header's first column, those are no cells
        first = min(header.columns)
        row = ps[header.start]
        titles = {p.value for p in ps[max(0, header.start - 40) : header.end] if p.fixed and p.block == row.block and p.row == row.row}
        kept: list[Atom] = []
        carried: Atom | None = None  # a dropped cell's separator passes to the next cell (a row break)
        for a in xs:
            if a.fixed and 0 <= a.column < first and (not a.value or a.value in titles):
                carried = a if carried is None or a.gap > carried.gap else carried
                continue
            if carried is not None and carried.gap > a.gap:
                a = dataclasses.replace(a, gap=carried.gap, width=carried.width)
            carried = None
            kept.append(a)
        xs = kept
    return join_labels(xs)


def _indicator_table(
    ps: Sequence[Piece], header: Header, stop: int, index: int, sections: frozenset[int] = frozenset()
) -> tuple[list[IndicatorRow], Total | None, int]:
    xs = _cells(ps, header, stop, True)
    end = table_end(xs, 0, len(xs))
    header, xs, end = grid.periodic(header, xs, end, lambda: grid.blank_lines(ps, header, xs, end))
    merge = GLUED_MERGE if header.cell_gap[0] == Gap.GLUED else 1
    xs, end = tails.fold(xs, end, header, lambda kept, n: decode_rows(kept, 0, n, header))  # wrapped cells' tail lines
    # a heading of the report's outline ("二、…", "（三）…") after the first row starts a section: the rows are
    # over (glued, a heading has no line of its own: its marker says it, "（三）存在问题…")
    end = next((n for n in range(1, end) if xs[n].text.span().start in sections or (merge > 1 and opens_section(xs[n]))), end)
    rows: list[IndicatorRow] = []
    last: Placed | None = None  # the placing of the last row
    level1 = level2 = ""
    either = ""  # a label standing alone that is either level ("满意度指标(10分)"), until the next row says which
    if header.spread:
        placings, total = sheet_rows(xs, end, header.roles)
    else:
        placings, total = decode_rows(xs, 0, end, header, merge), None
        if merge == 1:  # (a glued printing's cells are segments of pieces, no pieces themselves)
            placings = grid.confirmed(ps, header, xs, placings)
    for n, placed in enumerate(placings):
        c1, c2 = placed.cells.get("level1"), placed.cells.get("level2")
        if c1 is not None and c1.value:
            level1, level2 = c1.value, ""
        if c2 is not None and c2.value:
            if either and (c1 is None or not c1.value):
                level1 = either  # another 二级 label under it: it was the 一级 one
            level2 = c2.value
        labels = set(placed.cells) <= {"level1", "level2"}
        either = c2.value if labels and c2 is not None and c2.kind == "level12" and (c1 is None or not c1.value) else ""
        if labels:
            continue  # a category label standing alone (a merged cell printed once)
        if not any(a.value for a in placed.cells.values()):
            continue  # empty cells only: the left edge of the 总分 row, a grid's blank line
        rows.append(_indicator(placed, header.roles, index * 1000 + n, level1, level2))
        last = placed
    if end < len(xs) and TOTAL.match(xs[end].value):
        total = _total(xs, end, header, rows) or total
    # the text ends inside the table (an excerpt, a cut page) and the last row stops short, or skips
    # columns before its last cell ("= | 100 |" then nothing: 100 is no 得分 for sure): its missing
    # cells may never have been printed, so nothing may rest on what it lacks. What it holds stays in
    # doubt too, unless the printing puts each cell in its column. (The last row with a figure is the
    # last row too: the lines of wrapped cells' rest after it are no row.)
    cut = rows and end == len(xs) and stop >= len(ps) and not xs[-1].fixed
    for k in sorted({len(rows) - 1, last_row(rows)} if cut else ()):
        if short_row(rows[k], header.roles):
            held = merge == 1 and k == len(rows) - 1 and last is placings[-1] and grid.cut_in_place(ps, header, xs, last)
            guessed = frozenset() if held else frozenset(r for r in ("target", "actual", "weight", "score") if r in rows[k].cells)
            rows[k] = dataclasses.replace(rows[k], certain=False, doubts=frozenset() if held else rows[k].doubts | guessed)
    return rows, total, xs[end - 1].first if end else header.end


def _table_of(report: Report, ps: Sequence[Piece], header: Header) -> Table | None:
    block = report.blocks[ps[header.start].block]
    return block if isinstance(block, Table) else None


def decode_forms(report: Report) -> list[Form]:
    """Every form of the report, decoded from its pieces."""
    ps = split_headers(wrapped_lines(pieces(report, regions(report))))
    if not ps:
        return []
    fund_headers = find_headers(ps, "fund")
    # a header scattered among its first rows' cells (a spreadsheet's merged cells) taken whole
    indicator_headers = [spread_header(ps, h, max((f.end for f in fund_headers if f.end <= h.start), default=0)) or h for h in find_headers(ps, "indicator")]
    sections = section_starts(report)
    events = sorted([(h.start, h) for h in (*fund_headers, *indicator_headers)], key=lambda x: x[0])
    forms: list[Form] = []
    pending_fund: list[FundLine] = []
    fund_table: Table | None = None
    unitless = False
    fund_starts: tuple[int, ...] = ()
    head: Total | None = None  # the total score printed above the fund block
    for n, (_, header) in enumerate(events):
        stop = events[n + 1][1].start if n + 1 < len(events) else len(ps)
        if header.kind == "fund":
            if pending_fund:
                forms.append(Form(fund_table, tuple(pending_fund), total=head, unitless=unitless, header_starts=fund_starts))
                pending_fund = []
            xs = wrapped_labels.fold_labels(_cells(ps, header, stop, False), header)
            above = glued_cells(ps, max(0, header.start - ABOVE_PIECES), header.start, header.cell_gap, False)
            head = head_total(above)
            decoded = decode_fund(
                xs, 0, header, header_words(ps, header), _title(ps, header), above, _stated_weight(ps, header)
            )
            if decoded is not None:
                pending_fund = fund_lines(decoded.block)
                if grid.laid(report, ps, header):
                    pending_fund = [dataclasses.replace(f, certain=False) for f in pending_fund]
                unitless = decoded.block.unitless
                fund_table = _table_of(report, ps, header)
            fund_starts = _starts(ps, header)  # an unread block's header is still a header
            continue
        rows, total, _ = _indicator_table(ps, header, stop, n, sections)
        if not rows and total is None and not pending_fund:
            continue
        if grid.laid(report, ps, header):
            rows = grid.guessed(rows, report.text)
        table = _table_of(report, ps, header) or fund_table
        forms.append(
            Form(
                table,
                tuple(pending_fund),
                tuple(rows),
                {r: c for c, r in enumerate(header.roles)},
                total or head,
                groups=groups(rows, table.grouping_certain if table is not None else False),
                unitless=unitless,
                header_starts=(*fund_starts, *_starts(ps, header)),
                points=_stated_weight(ps, header, ("绩效指标",)),
            )
        )
        pending_fund, fund_starts, head = [], (), None
        fund_table = None
    if pending_fund:
        forms.append(Form(fund_table, tuple(pending_fund), total=head, unitless=unitless, header_starts=fund_starts))
    return _joined(forms)


def _starts(ps: Sequence[Piece], header: Header) -> tuple[int, ...]:
    return tuple(ps[k].text.span().start for k in header.spread or range(header.start, header.end) if ps[k].value)


def _joined(forms: list[Form]) -> list[Form]:
    """A fund block printed after the indicator table of the same grid (a 四川 form puts 预算执行情况
    below the indicators) belongs to that form: its 总分 counts the fund's points too."""
    out: list[Form] = []
    for f in forms:
        prev = out[-1] if out else None
        if (
            prev is not None and f.fund and not f.indicators and prev.indicators and not prev.fund
            and f.table is not None and f.table is prev.table
        ):
            out[-1] = dataclasses.replace(prev, fund=f.fund, unitless=f.unitless)
            continue
        out.append(f)
    return out
