"""Borderless tables recovered from the words' places (`auditor.readers.borderless`), on made-up pages."""

from __future__ import annotations

from auditor.readers.borderless import find, lines_of

H = 11.0  # the font's height; a cell's lines follow at 14.7, rows at 24.7 (Word printed via LibreOffice)
COLUMNS = (90.0, 150.0, 210.0, 270.0)


def _word(text: str, column: int, top: float, *, char: float = H) -> dict:
    x0 = COLUMNS[column]
    return {"text": text, "x0": x0, "x1": x0 + char * len(text), "top": top, "bottom": top + H}


def _page(*lines: tuple[float, list[tuple[int, str]]]) -> list[dict]:
    return [_word(text, c, top, char=5.5 if text[:1].isdigit() else H) for top, cells in lines for c, text in cells]


def test_wrapped_cells_are_joined_and_rows_split_at_the_wider_gap() -> None:
    words = _page(
        (100.0, [(0, "一级指"), (1, "三级指"), (2, "分值"), (3, "得分")]),
        (114.7, [(0, "标"), (1, "标")]),
        (139.4, [(0, "产出指"), (1, "受助学"), (2, "10"), (3, "9")]),
        (154.1, [(0, "标"), (1, "生人数")]),
        (178.8, [(1, "覆盖率"), (2, "20"), (3, "20")]),
    )
    [(_, _, table)] = find(lines_of(words))
    assert table.rows == [["一级指标", "三级指标", "分值", "得分"], ["产出指标", "受助学生人数", "10", "9"], ["", "覆盖率", "20", "20"]]
    assert table.last and table.aligned


def test_a_figure_that_would_have_fitted_above_starts_the_next_row() -> None:
    # No wider gap (a label merged down two rows runs past the next row's top): the second "10"
    # would have fitted after the first, so it is the next row's, not the rest of a wrapped figure.
    words = _page(
        (100.0, [(0, "一级指标"), (1, "三级指标"), (2, "分值"), (3, "得分")]),
        (124.7, [(0, "满意度"), (1, "甲"), (2, "10"), (3, "10")]),
        (139.4, [(0, "指标"), (1, "乙"), (2, "10"), (3, "9")]),
    )
    [(_, _, table)] = find(lines_of(words))
    assert [row[2] for row in table.rows] == ["分值", "10", "10"]


def test_prose_and_a_line_off_the_columns_stay_text() -> None:
    prose = [{"text": "本项目年度绩效目标已全部完成。", "x0": 90.0, "x1": 255.0, "top": 100.0, "bottom": 111.0}]
    assert find(lines_of(prose)) == []
    words = _page((100.0, [(0, "一级指标"), (1, "三级指标"), (2, "分值"), (3, "得分")]))
    words.append({"text": "说明：本表由单位填报，数据截至年底，所有金额以万元计。", "x0": 90.0, "x1": 390.0, "top": 114.7, "bottom": 125.7})
    assert find(lines_of(words)) == []  # the line crossing the columns is inside the header's row


def _centred(text: str, column: int, top: float) -> dict:
    """A word centred in a cell 60 wide (the columns' left edges, as `COLUMNS`, less the padding)."""
    width = (5.5 if text[:1].isdigit() else H) * len(text)
    centre = COLUMNS[column] - 5.4 + 30.0
    return {"text": text, "x0": centre - width / 2, "x1": centre + width / 2, "top": top, "bottom": top + H}


def test_centred_cells_are_read_by_the_columns_between_the_header_words() -> None:
    # No word starts at its column's edge: the columns are bounded halfway between the header
    # words' centres, wrapped pieces are centred under their first line, rows split at the gap.
    lines = [
        (100.0, [(0, "一级指"), (1, "三级指"), (2, "分值"), (3, "得分")]),
        (114.7, [(0, "标"), (1, "标")]),
        (139.4, [(0, "产出指"), (1, "受助学"), (2, "10"), (3, "9")]),
        (154.1, [(0, "标"), (1, "生人数")]),
        (178.8, [(1, "覆盖率"), (2, "100"), (3, "20")]),
        (193.5, [(1, "（%）")]),
    ]
    [(_, _, table)] = find(lines_of([_centred(text, c, top) for top, cells in lines for c, text in cells]))
    assert table.centred
    assert table.rows == [
        ["一级指标", "三级指标", "分值", "得分"], ["产出指标", "受助学生人数", "10", "9"], ["", "覆盖率（%）", "100", "20"],
    ]  # fmt: skip


def test_a_centred_line_crossing_a_column_bound_leaves_the_text_as_it_was() -> None:
    words = [_centred(text, c, 100.0) for c, text in enumerate(("一级指标", "三级指标", "分值", "得分"))]
    words.append({"text": "本项目年度绩效目标已全部完成", "x0": 120.0, "x1": 274.0, "top": 114.7, "bottom": 125.7})
    words += [_centred(text, c, 139.4) for c, text in enumerate(("产出指标", "人数", "10", "9"))]
    assert find(lines_of(words)) == []  # the line crossing the bounds is inside the header's row


def test_a_header_line_of_one_cells_words_does_not_end_the_page() -> None:
    # Its words stand too close to be columns either way: the lines after it are still looked at.
    words = [{"text": t, "x0": x, "x1": x + 22.0, "top": 60.0, "bottom": 71.0} for t, x in (("分值", 90.0), ("得分", 91.0), ("权重", 92.0))]
    words += _page(
        (100.0, [(0, "一级指标"), (1, "三级指标"), (2, "分值"), (3, "得分")]),
        (124.7, [(0, "产出指标"), (1, "人数"), (2, "10"), (3, "9")]),
    )
    [(start, _, _)] = find(lines_of(words))
    assert start == 1
