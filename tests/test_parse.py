"""The text reader's structure: headings, re-joined paragraphs, every table layout, spans."""

from __future__ import annotations

import pytest

from auditor.engine.findings import line_col, locate
from auditor.readers.plain.lines import _lines
from auditor.readers.plain.parse import parse, wrap_width
from auditor.report.model import Heading, Mapped, Paragraph, Table
from auditor.report.normalize import for_reading_str
from tests.conftest import ROOT


def _sample(stem: str) -> str:
    return next((ROOT / "samples").glob(f"{stem}*")).read_text(encoding="utf-8")


def test_page_break_rejoins_sentence_and_number_with_unit() -> None:
    report = parse("共支出 260.15\n\n万元，预算支出完成率为 34.7%。\n")
    [p] = report.paragraphs
    assert p.text.text == "共支出260.15万元,预算支出完成率为34.7%。"
    # the joined text still maps back to the original characters
    at = p.text.text.index("万元")
    assert report.snippet(p.text.span(at, at + 2)) == "万元"


def test_a_figure_and_a_word_that_opens_with_a_unit_are_not_joined() -> None:
    # a count unit that opens a word ("项目决策", "人员") is no unit cut from its figure: one cell a
    # line, "2" is a 分值 and "项目决策" the next row's label; "人次" and "万元" still join
    report = parse("合理性\n2\n\n项目决策\n")
    assert [p.text.text for p in report.paragraphs] == ["合理性", "2", "项目决策"]
    assert [p.text.text for p in parse("共培训 300\n\n人次,全部合格。\n").paragraphs] == ["共培训300人次,全部合格。"]


def test_titles_and_names_are_not_joined() -> None:
    report = parse("高营镇人民政府\n2020年度社区办公项目绩效自评报告\n组 长： 李敬泽\n孙兵臣\n")
    assert [p.text.text for p in report.paragraphs] == [
        "高营镇人民政府",
        "2020年度社区办公项目绩效自评报告",
        "组长:李敬泽",
        "孙兵臣",
    ]


def test_heading_nesting_follows_first_appearance() -> None:
    text = "一、概述\n1. 项目单位基本情况\n（一）绩效评价目的\n（1）通过绩效评价，形成结论。\n二、评价\n"
    report = parse(text)
    levels = [(h.marker, h.level) for h in report.headings]
    assert levels == [("一、", 1), ("1.", 2), ("（一）", 3), ("二、", 1)]
    # a numbered line ending in 。 is a list item, not a heading
    assert report.paragraphs[0].text.text.startswith("(1)")
    # sections read like the text under them: normalised (full-width brackets, no inner spaces)
    assert report.paragraphs[0].section == ("一、概述", "1.项目单位基本情况", "(一)绩效评价目的")


def test_tsv_table_with_merged_blanks_and_page_header() -> None:
    report = parse(_sample("shangjie"))
    [table] = report.tables
    assert table.layout == "tsv"
    assert table.rows[6].values[:6] == ["", "年度资金总额:", "3", "3", "1.798", "59.90%"]
    # the table continues after the repeated page header "项目绩效自评"
    assert table.rows[-1].values[3] == "工作人员满意度"
    assert any(p.text.text == "项目绩效自评" for p in report.paragraphs)


def test_word_table_one_cell_per_line() -> None:
    report = parse(_sample("chaoyang"))
    first, second = report.tables
    assert first.layout == "cell-per-line"
    header = first.rows[5].values
    assert header == ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert first.rows[12].values[0] == "绩效指标"  # "绩\n效\n指\n标" joined
    assert first.rows[-1].values == ["总分", "100", "1000", ""]
    assert second.rows[-1].values == ["总分", "100", "100"]


def test_pipe_table() -> None:
    report = parse("| 一级指标 | 分值 | 得分 |\n|---|---|---|\n| 产出指标 | 50 | 48 |\n")
    [table] = report.tables
    assert table.layout == "pipe"
    assert [r.values for r in table.rows] == [["一级指标", "分值", "得分"], ["产出指标", "50", "48"]]


def test_empty_cell_has_a_place() -> None:
    text = "指标\t权重\t自评分\n政策知晓率\t7\t\n"
    report = parse(text)
    cell = report.tables[0].rows[1].cells[2]
    assert cell.value == ""
    assert cell.span.start == text.rindex("\t") + 1
    assert locate(report, cell.span).table_column == 3


def test_lines_and_columns_count_code_points_and_crlf() -> None:
    text = "𠮷标题\r\n第二行 执行率100%\r\n"
    report = parse(text)
    at = text.index("100%")
    assert line_col(report, at) == (2, 8)
    assert line_col(report, 1) == (1, 2)  # 𠮷 is one column, not two UTF-16 units


def _maps_back(text: str, mapped: Mapped) -> None:
    for ch, offset in zip(mapped.text, mapped.offsets, strict=True):
        original = text[offset]
        # normalisation only narrows full-width forms; LaTeX residue becomes ≥ ≤ %
        assert for_reading_str(original) == ch or original in "$\\", (ch, original, offset)


def test_every_node_maps_back_to_the_original() -> None:
    for path in (ROOT / "samples").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        report = parse(text)
        assert report.blocks
        for block in report.blocks:
            if isinstance(block, Paragraph | Heading):
                _maps_back(text, block.text)
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        _maps_back(text, cell.text)


def test_mapped_join_keeps_offsets() -> None:
    a, b = Mapped.of("ab", 10), Mapped.of("cd", 20)
    joined = Mapped.join([a, b])
    assert joined.span(1, 3).start == 11 and joined.span(1, 3).end == 21
    assert a[2:].span().start == 12  # an empty slice still knows where it is


def test_an_attachment_starts_a_new_outline() -> None:
    text = "一、概述\n（一）资金\n正文。\n附件1\n项目名称\t社区经费\n"
    report = parse(text)
    table = report.tables[0]
    assert locate(report, table.rows[0].cells[1].span).section == ("附件1",)
    tsv = parse("七、其他\n无\n\n附件1\t\t\n项目名称\t社区经费\t\n")
    assert locate(tsv, tsv.tables[0].rows[1].cells[1].span).section == ("附件1",)


def test_a_traditional_chinese_report_is_checked_like_a_simplified_one() -> None:
    from tests.conftest import audit_text

    text = "項目資金（萬元）\t\t年初預算數\t全年預算數\t全年執行數\t分值\t執行率\t得分\n\t年度資金總額\t2175.9657\t2175.9657\t1960.5869\t10\t100%\t10\n"
    [finding] = [f for f in audit_text(text, select="AM01")]
    assert finding.expected == "90.10%"
    assert "100%" in finding.message


def test_a_page_without_line_breaks_gets_its_numbered_parts_back() -> None:
    text = (
        "二、绩效目标完成情况分析(一)资金投入情况分析。本项目下达资金56万元,实际完成投资54.6万元。"
        "(三)绩效指标完成情况分析。1.数量指标。处治里程8公里。7.满意度指标。群众满意度≥95%。"
        "原因有2个方面:1.资金紧张;2.疫情影响。单价3.5万元。\n"
    )
    report = parse(text)
    assert [(h.marker, h.text.text) for h in report.headings] == [
        ("二、", "二、绩效目标完成情况分析"),
        ("(三)", "(三)绩效指标完成情况分析。"),  # closed by a stop, yet its first item follows
    ]
    paragraphs = [p.text.text for p in report.paragraphs]
    assert paragraphs[0] == "(一)资金投入情况分析。本项目下达资金56万元,实际完成投资54.6万元。"
    assert paragraphs[1] == "1.数量指标。处治里程8公里。"
    # a list after a colon stays in its sentence, a decimal after a stop is not a number
    assert paragraphs[-1] == "7.满意度指标。群众满意度≥95%。原因有2个方面:1.资金紧张;2.疫情影响。单价3.5万元。"
    for block in [*report.headings, *report.paragraphs]:
        assert report.snippet(block.span).replace("\n", "") == text[block.span.start : block.span.end]


def test_a_short_item_closed_by_a_stop_is_not_a_heading() -> None:
    report = parse("（九）负责宣传工作。\n\n（十）完成区委交办的其他任务。\n\n2020年经费年初预算30000元。\n")
    assert not report.headings
    assert len(report.paragraphs) == 3


def test_a_page_number_is_not_part_of_the_report() -> None:
    report = parse("项目资金\n\n— 2 —\n\n第 3 页 共 5 页\n-4-\n年度资金总额\t10\t10\n")
    assert [p.text.text for p in report.paragraphs] == ["项目资金"]
    assert len(report.tables) == 1


def test_prose_run_on_after_a_table_row_is_prose() -> None:
    text = (
        "| 满意度指标 | 项目建设单位满意度 | ≥90% | ≥90% ||2020年部门预算项目支出绩效自评报告一、基本情况"
        "该项目依据省里的工作方案设立,旨在改善铁路沿线环境面貌,集中清除盲点死角和安全隐患。"
        "该项目2020年预算数为15.00万元,决算数为5.00万元。\n"
        "| 产出指标 | 完成率 | 100% | 98% | 偏差原因:天气影响,工期顺延 |\n"
    )
    report = parse(text)
    assert [len(t.rows) for t in report.tables] == [1, 1]
    assert report.tables[0].rows[0].values[-1] == ""  # the cell before the prose, not the prose
    assert any("决算数为5.00万元" in p.text.text for p in report.paragraphs)
    assert report.tables[1].rows[0].values[-1] == "偏差原因:天气影响,工期顺延"  # a short last cell stays a cell


# A PDF export: every prose line broken at the page width (28 characters, as official documents
# print), numbered paragraphs included, with a short title and headings between them.
_WRAPPED = """\
一、基本情况
（一）本项目2023年度下达转移支付资金755.19万元，分别用于
乡村道路修复、河堤加固和农村改厕三个方面，资金于当年全部
拨付到位。其中中央资金124.23万元，省级资金370.83万元，
市级资金260.13万元，全年执行率为98.6%，各项绩效目标均已
完成。
（二）项目组织实施情况
2.项目实施单位按照上级文件要求设立项目资金，并结合项目实
施情况设定绩效目标，指派专人监督项目实施，保证项目顺利通
过验收，规范有序支付项目资金，未发现截留挪用等违规问题。
"""


def test_a_hard_wrapped_page_gets_its_paragraphs_back() -> None:
    report = parse(_WRAPPED)
    assert [h.text.text for h in report.headings] == ["一、基本情况", "(二)项目组织实施情况"]
    first, second = report.paragraphs
    assert first.text.text.startswith("(一)本项目2023年度") and first.text.text.endswith("各项绩效目标均已完成。")
    assert "分别用于乡村道路修复" in first.text.text
    assert second.text.text.startswith("2.项目实施单位") and "并结合项目实施情况" in second.text.text
    at = first.text.text.index("乡村道路")
    assert report.snippet(first.text.span(at, at + 4)) == "乡村道路"


def test_lines_of_uneven_width_are_not_read_as_wrapped() -> None:
    # one item a line, as a Word or web export prints them: none runs on into the next
    lines = [
        "一是项目前期论证不够充分导致部分子项目开工时间推迟",
        "二是部分绩效指标设置不够细化量化难以准确衡量项目实施效果",
        "三是预算执行进度管理有待加强",
        "四是项目资金拨付流程较长影响了施工单位的资金周转和工程进度安排",
        "五是满意度调查样本偏少",
        "六是项目档案资料归集整理不及时部分验收材料缺少签字盖章手续需要补充完善",
        "七是绩效自评工作人员业务水平有待提高",
    ]
    assert wrap_width(_lines("\n".join(lines))) is None
    assert len(parse("\n".join(lines)).paragraphs) == 7


def test_cells_set_apart_by_runs_of_spaces_are_a_table() -> None:
    report = parse("绩效指标完成情况\n满意度指标  满意度指标  项目建设单位满意度  ≥90%  ≥90%\n项目按期完成。\n")
    [table] = report.tables
    assert table.layout == "spaced"
    assert [c.text.text for c in table.rows[0].cells] == ["满意度指标", "满意度指标", "项目建设单位满意度", "≥90%", "≥90%"]
    assert report.snippet(table.rows[0].cells[3].span) == "≥90%"
    # two cells, or a sentence with a double space, stay prose
    assert not parse("单位名称：某局  填报日期：2021年3月\n").tables
    assert not parse("本项目已完成。  下一步将继续推进  相关工作。\n").tables
    # justified prose with stray double spaces: its pieces run on with commas
    assert not parse("资金  预算为18,750万元，其中：中央财政补助11,250万元，  省级财政补助4,500万元，县级配套\n").tables


def test_a_title_as_wide_as_the_wrap_stays_apart_from_the_first_heading() -> None:
    # the title reaches the page width but has no clause mark: the heading under it is a heading
    title = "某县2022年度城乡居民医疗保险财政补助资金绩效自评报告"
    report = parse(title + "\n一、基本情况\n" + _WRAPPED.split("\n", 1)[1])
    assert report.paragraphs[0].text.text == title
    assert [h.text.text for h in report.headings][:1] == ["一、基本情况"]


# Each cell starting where its column starts (fixed-width text): the 分值 left empty stays a cell,
# so the row keeps the header's width. Figures aligned to the right edge of their columns start
# anywhere: no column positions to trust, and the row is what its runs of spaces make it.
_FIXED = (
    "一级指标        二级指标  三级指标              分值  年度指标值  实际完成值  得分\n"
    "产出指标        数量指标  公猪饲养舍                  22.8        22.8        1\n"
    "产出指标        数量指标  干粪棚                      29.6        29.6        1\n"
)
_RIGHT_ALIGNED = "三级指标      分值  年度指标值  得分\n公猪饲养舍      10        22.8    10\n干粪棚                   129.6     5\n"


@pytest.mark.parametrize(("text", "layout", "row", "cells"), [
    (_FIXED, "aligned", 1, ["产出指标", "数量指标", "公猪饲养舍", "", "22.8", "22.8", "1"]),
    (_RIGHT_ALIGNED, "spaced", 2, ["干粪棚", "129.6", "5"]),
])  # fmt: skip
def test_a_table_in_fixed_width_columns_keeps_its_empty_cells(text: str, layout: str, row: int, cells: list[str]) -> None:
    [table] = [b for b in parse(text).blocks if isinstance(b, Table)]
    assert table.layout == layout and [c.text.text for c in table.rows[row].cells] == cells


def test_a_spaced_line_of_three_cells_inside_a_pipe_table_is_a_row() -> None:
    # gH1_10 with its " | " printed as two spaces: the row's own "|" lines left the table a pipe
    # table, and a level-1 label joined to the name below it read the row as 产出
    text = (
        "| 成本指标 | 生均补助标准落实率 | ═ | 100 | % | 100% | 10 | 10 |\n"
        "|\n"
        "效益指标  经济效益 指标  缓解困难学生家庭经济压力\n"
        "有效  10  10\n"
    )
    [table] = parse(text).tables
    assert [c.text.text for c in table.rows[2].cells] == ["效益指标", "经济效益指标", "缓解困难学生家庭经济压力"]
