"""A fund block in glued text as OCR and document converters leave it: header words garbled, the
form's total in its head, amounts that lost their integer parts.

Each text is written for these tests after a printing of the forms corpus (gH1_08, gH3_09, gH2_13),
with its own names and figures.
"""

from __future__ import annotations

from decimal import Decimal

from auditor.facts import extract
from auditor.readers.plain.parse import parse

_TAIL = "年度总体目标确保日常工作有序运转一级指标二级指标三级指标分值指标值实际完成值得分"


def _facts(text: str):
    return extract(parse(text, "glued.txt"))


def _printed(line) -> dict[str, str]:
    return {role: q.text for role, q in line.values.items()}


def test_header_words_ocr_garbled_between_the_others() -> None:
    # "预匏数" is 预算数 as OCR read it (undone before reading), "将,A、" is "数(A)": the run of header
    # words goes on over the garbled one, and the row's glued figures fill all four columns
    facts = _facts("项目资金(万元)年度资金总额年初预匏数调整预算将,A、全年执行数(B)执行率(B/A)51.651.651.6100%" + _TAIL)
    line = next(facts.fund_totals())
    assert _printed(line) == {"initial": "51.6", "budget": "51.6", "spent": "51.6", "rate": "100%"}


def test_a_parenthesis_ocr_garbled_inside_a_header_word() -> None:
    # "全年(If整)预算数" is 全年(调整)预算数; "O" before the rate is OCR's 0, the one amount printed
    facts = _facts(
        "部门整体绩效自评表主管部门农业处自评总分(分)95.4部门预算执行情况年初预算数全年(If整)预算数全年执行数"
        "执行率(%)执行率权重执行率得分(分)O54%105.4当年绩效目标" + _TAIL
    )
    form = facts.forms[0]
    line = next(facts.fund_totals())
    assert {r: _printed(line)[r] for r in ("rate", "weight", "score")} == {"rate": "54%", "weight": "10", "score": "5.4"}
    # the form's total, stated in its head and in no row at its foot
    assert form.total is not None and form.total.score is not None and form.total.score.value == Decimal("95.4")


def test_column_words_in_a_sentence_make_no_header() -> None:
    # words between column words are a garbled header word only where OCR left Latin letters: a list in
    # prose ("、") is no header, glued or not
    facts = _facts("本单位按年初预算数、全年预算数、全年执行数计算执行率，年度资金总额506050万元。")
    assert not list(facts.fund_totals())


def test_amounts_that_lost_their_integer_parts() -> None:
    facts = _facts(
        "部门整体绩效自评表年初预算数全年(调整)预算数全年执行数执行率执行率权重执行率得分"
        "年度总金额.41.07.8其中财政拨款.41.07.881.45108.15年初绩效目标"
    )
    total, part = facts.forms[0].fund
    # each amount opens with its point; the figures after the last amount kept their integer parts
    assert _printed(total) == {"initial": ".41", "budget": ".07", "spent": ".8"}
    assert _printed(part) == {"initial": ".41", "budget": ".07", "spent": ".8", "rate": "81.45", "weight": "10", "score": "8.15"}
    # as printed, but no check may weigh them: .8 ÷ .07 is no execution rate
    assert part.get("spent") is None and part.get("budget") is None and part.get("rate").text == "81.45"


def test_a_point_closing_words_before_a_figure_is_no_amount_cut_short() -> None:
    # "…认同." + "8": the sentence ends, and 8 is the row's score
    rows = [
        r for form in _facts(
            "项目资金年初预算数全年预算数全年执行数执行率年度资金总额64.864.864.8100%" + _TAIL
            + "项目效益可持续影响指标办学环境认可度10办学环境获社会认同.办学环境获社会认同.8总分"
        ).forms for r in form.leaves
    ]  # fmt: skip
    last = rows[-1]
    assert last.score is not None and last.score.text == "8"


def test_amounts_cut_short_in_their_own_cells() -> None:
    # the same block laid out in cells (a PDF's text layer): each amount in its own cell reads the same
    facts = _facts(
        "项目资金（万元）    年初预算数     全年预算数        全年执行数     分值           执行率        得分\n"
        "年度总金额       .41       .07          .8\n"
        "其中财政拨款      .41       .07          .8        10           81.45      8.15\n"
    )
    total, part = facts.forms[0].fund
    assert _printed(total) == {"initial": ".41", "budget": ".07", "spent": ".8"}
    assert part.values["spent"].cut_short and part.get("spent") is None
