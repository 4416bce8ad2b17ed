"""A table cut by a page break: which first row overleaf is the rest of the row above it.

The rows are as pdfplumber gives them for forms of the corpus printed as ruled PDF tables
(`tests.test_reading_tables`), so these run without LibreOffice.
"""

from __future__ import annotations

from auditor.readers.pdfitems import Item, merge_tables

HEADER = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "偏差原因"]


def _joined(last_row: list[str], first_row: list[str]) -> list[list[str | None]]:
    pages = [Item(1, 0, rows=[HEADER, last_row], pages=[1, 1]), Item(2, 0, rows=[first_row], pages=[2])]
    return merge_tables(pages)[0].rows


def test_a_row_that_fills_its_figures_again_is_the_next_row() -> None:
    # gH1_15: two whole rows either side of the break, the second without a 偏差原因
    above = ["效益指\n标", "社会效\n益指标", "指标1\n学校办\n学保障\n能力", "10", "100", "100", "10", "0"]
    below = ["效益指\n标", "可持续\n影响指\n标", "指标1\n设施耐\n久性", "10", "100", "100", "10", ""]
    assert _joined(above, below) == [HEADER, above, below]


def test_the_rest_of_a_row_cut_after_a_label_and_its_colon_goes_on_it() -> None:
    # gH1_14: "任务1:" then, overleaf, "临床诊断符合率"; "95%以" then "上"
    above = ["出标产", "质量指", "任务1:", "5", "95%以", "97%", "5", ""]
    below = ["指", "标", "临床诊\n断符合\n率", "", "上", "", "", ""]
    rows = _joined(above, below)
    assert len(rows) == 2 and rows[1][2] == "任务1:临床诊断符合率" and rows[1][4] == "95%以上" and rows[1][3] == "5"


def test_a_sentence_that_ended_is_not_continued() -> None:
    above = ["效益指标", "社会效益指标", "群众知晓", "10", "100%", "90%", "9", "宣传不足。"]
    below = ["", "", "", "", "", "", "", "下年加强宣传"]
    assert len(_joined(above, below)) == 3


def test_a_text_page_row_joined_to_a_doubtful_scanned_part_overleaf_is_doubtful() -> None:
    # a text page's table goes on on a scanned page: the text page has no OCR pieces, and the
    # doubtful part overleaf made the reader fail ('NoneType' has no 'doubts'; make fuzz, 3000 cases)
    from auditor.readers.ocr.page import Piece

    above = ["出标产", "质量指", "任务1:", "5", "95%以", "97%", "5", ""]
    below = ["指", "标", "临床诊断符合率", "", "上", "", "", ""]
    sure, unsure = Piece("上", (0.1, 0.1, 0.2, 0.2)), Piece("指", (0.1, 0.1, 0.2, 0.2), [(0, 1)])
    pages = [Item(1, 0, rows=[HEADER, above], pages=[1, 1]), Item(2, 0, rows=[below], pages=[2], pieces=[[unsure, *[sure] * 7]])]
    merged = merge_tables(pages)[0]
    assert merged.rows[1][2] == "任务1:临床诊断符合率"
    assert merged.pieces[1][0].doubts and all(p is None for p in merged.pieces[1][1:])
