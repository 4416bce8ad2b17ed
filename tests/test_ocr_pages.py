"""Pages OCR read, kept as the engine's output (`tests/data/ocr/pages`), laid out without the engine.

Each file is one page of a scan of the shared forms corpus, as `ocr.run` caches it: the
words, the rules, the page's size, dpi and skew. Building blocks from it is what every run
does after the cache, so these tests need neither the engine nor a font. Crops of such
pages (`tests/data/ocr/crops`, the straightened page in grey) test what is told from the ink.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.readers.ocr.engine import Word, available, read_box
from auditor.readers.ocr.image import strays
from auditor.readers.ocr.page import Block, blocks
from auditor.readers.ocr.run import Scan
from auditor.readers.ocr.shapes import SHAPE_SCORE, ones, signs

PAGES = Path(__file__).resolve().parent / "data" / "ocr" / "pages"


def _blocks(name: str) -> list[Block]:
    scan = Scan.from_json(json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8")))
    return blocks(list(scan.words), scan.rules, scan.size, scan.dpi, scan.angle)


def _lines(name: str) -> list[tuple[int, str]]:
    return [(blank, line.text) for b in _blocks(name) for line, blank in zip(b.lines, b.blank, strict=True)]


def test_a_form_printed_a_cell_a_line_keeps_its_blank_lines() -> None:
    # gH3_08 prints each cell on its own line with a blank line between, and a row's cells
    # apart from the next row's by a run of blank lines: the text decoder reads rows so.
    assert _lines("gH3_08-4") == [
        (0, "得分"), (3, "产出指标(40分)"), (1, "数量指标"),
        (1, "公猪饲养舍(≥**平方米)"), (1, "22.8"), (1, "22.8"),
        (3, "母猪、保育栏舍(≥**平方米)"), (1, "180"), (1, "180"),
    ]  # fmt: skip


def test_short_lines_that_end_alike_are_not_wrapped_lines() -> None:
    # The labels end at about the same place, far from the page's margin: no label goes on
    # in the figure under it ("育肥栏舍(≥**平方米)180" was one cell too many in a row).
    assert [text for _, text in _lines("gH3_08-5")] == [
        "育肥栏舍(≥**平方米)", "180", "180", "3", "中转栏舍(≥**平方米)", "180", "180", "3",
    ]  # fmt: skip


def _crop(name: str):
    cv2 = pytest.importorskip("cv2", reason="the ocr extra (OpenCV) is not installed")
    return cv2.imread(str(PAGES.parent / "crops" / f"{name}.png"), cv2.IMREAD_GRAYSCALE)


def test_a_slash_and_a_bar_read_as_ones_are_told_by_their_shape() -> None:
    # gH1_02 prints "/ |" for a fund cell that does not apply; the model read it as "11", a
    # figure the form never printed. Boxes are the engine's, in the crop's pixels.
    gray = _crop("gH1_02-2-slash-bar")
    for box in ((30, 57, 80, 104), (29, 103, 77, 150)):
        found = ones(gray, Word("11", box, 0.918), 200)
        assert found.text == "/|" and found.score == SHAPE_SCORE
    assert ones(gray, Word("100.00% |", (33, 6, 181, 56), 0.94), 200).text == "100.00% |"


def test_a_real_one_stays_a_one() -> None:
    gray = _crop("gH3_08-4-lone-one")
    assert ones(gray, Word("1", (18, 105, 40, 140), 1.0), 200).text == "1"


def test_a_lone_figure_no_text_box_covers_is_found() -> None:
    # gH3_08 prints each score on a line of its own: the text finder overlooks a lone "1".
    gray = _crop("gH3_08-4-lone-one")
    found = strays(gray, [(9, 6, 83, 52)], 200)
    assert len(found) == 1
    x0, y0, x1, y1 = found[0]
    assert 18 <= x0 < x1 <= 36 and 108 <= y0 < y1 <= 140
    if available():
        import cv2

        word = read_box(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), found[0])
        assert word is not None and word.text == "1"


def test_a_line_wrapped_short_of_the_margin_is_joined_again() -> None:
    # gH1_03 is a form flattened to one long line; the printing wrapped it where it could,
    # ending some lines a few characters short of the margin ("质量指" | "标 受托…": the
    # wrap could not fall inside "标 1"). The lines kept here are the last six of the page.
    lines = _lines("gH1_03-1")
    assert len(lines) == 1
    text = lines[0][1]
    assert "8 8 质量指标 受托服务成果合格率" in text
    assert "达成预期指标 10 10 可持续影响指标" in text


def _shifted(text: str, box: tuple[float, ...], chars: list[tuple[float, float, float]], dx: float, dy: float) -> Word:
    """An engine's word on the page, in the pixels of a crop whose corner is at (dx, dy)."""
    moved = tuple((c, a - dx, b - dx) for c, a, b in chars)
    return Word(text, (box[0] - dx, box[1] - dy, box[2] - dx, box[3] - dy), min(c for c, _, _ in chars), moved)


def test_a_bar_read_as_a_one_at_a_words_edge_is_told_by_its_shape() -> None:
    # gH2_10 prints a cell a line, each ending in " |"; the model read "100% |" as "100% 1"
    # and "是 |" as "是1" (with no character boxes), and the decoder then read no row.
    found = ones(_crop("gH2_10-2-bar"), _shifted("100% 1", (155.2, 152.0, 264.5, 200.3), [(1.0, 163.0, 183.2), (1.0, 183.2, 203.4), (1.0, 203.4, 223.6), (1.0, 223.6, 243.8), (1.0, 239.5, 239.5), (1.0, 243.8, 264.0)], 145, 145), 200)
    assert found.text == "100% |" and found.confidence(5) == SHAPE_SCORE and found.confidence(0) == 1.0
    yes = ones(_crop("gH2_10-2-yes-bar"), Word("是1", (9.3, 7.7, 85.7, 61.9), 0.8172), 200)
    assert yes.text == "是|" and yes.confidence(0) == 0.8172 and yes.confidence(1) == SHAPE_SCORE


def test_a_real_one_at_a_words_edge_stays_a_one() -> None:
    # gH1_15 prints "附件1": a figure with its flag, no taller than the characters before it.
    annex = _shifted("附件1", (151.6, 249.8, 238.6, 293.4), [(1.0, 161.0, 191.0), (0.9993, 191.0, 216.0), (1.0, 216.0, 239.0)], 145, 243)
    assert ones(_crop("gH1_15-1-annex"), annex, 200) == annex


def test_a_dash_and_a_double_barred_sign_are_read_as_printed() -> None:
    # gH1_10 prints "| — |" for a fund cell that does not apply, and targets as "| ≧ | 95 |";
    # the model reads a hyphen and "≥". Character boxes are the engine's.
    dash = _shifted("| - |", (155.2, 769.5, 242.1, 813.1), [(0.95, 166, 169), (1, 177, 177), (0.967, 185, 212), (1, 219.5, 219.5), (0.95, 226, 229)], 150, 760)
    assert signs(_crop("gH1_10-1-dash"), dash, 200).text == "| — |"
    sign = _shifted("≥", (158.7, 1052.3, 1042.6, 1091.2), [(0.9993, 627, 653)], 600, 1045)
    assert signs(_crop("gH1_10-1-sign"), sign, 200).text == "≧"


def test_a_single_barred_sign_stays_as_read() -> None:
    # gH1_03 prints "≥50个": one bar under the angle.
    sign = _shifted("≥50", (1160, 582.1, 1240, 618.7), [(1.0, 1171, 1192), (1.0, 1194, 1208), (1.0, 1208, 1222)], 1150, 575)
    assert signs(_crop("gH1_03-1-sign"), sign, 200).text == "≥50"


def test_a_speck_after_a_figure_is_no_decimal_point() -> None:
    # gH3_06's fund row "年度资金总额: 880 880 880 10 10" has a speck after the first "10",
    # which the model reads as a point; no figure printed ends in one. The lines kept here
    # are the fund rows of the page.
    rows = [text for _, text in _lines("gH3_06-1")]
    assert "年度资金总额: 880 880 880 10 10" in rows
