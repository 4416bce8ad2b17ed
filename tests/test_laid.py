"""Tables in text laid out by position (`auditor.readers.plain.laid`): a PDF's text layer
extracted with its layout kept, every narrow cell wrapped over several lines.

Its rows are told apart by where figures stack, so they are the likeliest reading, never a
certain one: what they hold is shown, marked to be checked, and findings on them are info. A
row's figures that each stand whole on the row's one line are read as printed all the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Setup
from auditor.pipeline.audit import audit_path
from auditor.run.reading import read_file

# pdftotext -layout of a Word table on a narrow page (gH3_08 of the forms corpus, printed from its truth)
LAID = """2022 年度项目支出绩效自评表

一级指    二级指    三级指     分值     年度指         实际完          得分       偏差原
标      标      标              标值          成值                    因分析
                                                               及改进
                                                               措施
产出指    数量指    公猪饲            22.8        22.8         1
标(40   标      养舍
分)            (≥**平
              方米)
产出指    数量指    母猪、     10     180         180          30
标(40   标      保育栏
分)            舍(≥**
              平方米)
产出指    数量指    育肥栏            180         180          3
标(40   标      舍(≥**
分)            平方米)
产出指    质量指    验收合            ≥95         100%         5
标(40   标      格率             %
分)
"""


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup.build()


def test_a_table_whose_cells_wrap_over_lines_is_read_as_its_likeliest_rows(setup: Setup, tmp_path: Path) -> None:
    path = tmp_path / "laid.txt"
    path.write_text(LAID, encoding="utf-8")
    rows = [row for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    likeliest = [{**row, **row.get("unsure", {})} for row in rows]
    assert [(r["level1"], r["name"], r["target"], r["actual"], r["score"]) for r in likeliest] == [
        ("产出指标(40分)", "公猪饲养舍(≥**平方米)", "22.8", "22.8", "1"),
        ("产出指标(40分)", "母猪、保育栏舍(≥**平方米)", "180", "180", "30"),
        ("产出指标(40分)", "育肥栏舍(≥**平方米)", "180", "180", "3"),
        ("产出指标(40分)", "验收合格率", "≥95%", "100%", "5"),
    ]
    # every row is marked; the figures that stand whole on the row's first line are read as printed
    # (each row's name starts on its figures' line), a figure that wraps onto the next line ("≥95" +
    # "%") is kept apart: the line its rest stands on may be another row's
    assert all(r.get("certain") is False for r in rows), rows
    assert [r["score"] for r in rows] == ["1", "30", "3", "5"], rows
    assert rows[3]["target"] is None and rows[3]["unsure"]["target"] == "≥95%"


def test_a_finding_on_a_laid_out_table_is_information(setup: Setup, tmp_path: Path) -> None:
    # the second row scores 30 of its 分值 10: read for sure, an error; from a laid-out table, whose
    # rows may have been cut at the wrong line, information to check against the form
    path = tmp_path / "laid.txt"
    path.write_text(LAID, encoding="utf-8")
    over = [f for f in audit_path(path, setup).findings if "30" in f.message and "10" in f.message]
    assert over and all(f.severity.value == "info" and "请对照原表核实" in f.message for f in over), over


# pdftotext -layout of a fund block (gH1_10 of the forms corpus, printed from its truth): amounts
# with decimals and dashes stack in their columns, a cell's label wraps ("拨" + "款")
LAID_FUND = """2022 年度项目支出绩效自评表

项目资金（万元）     年初预算数      全年预算数            全年执行数          分值           执行率      得分
年度资金总额                  387664.62        387664.62      10           100%     10
其中:当年财政 拨               387664.62        387664.62      —            —
款
上年结转 资金                                                 —            —
其他资金                    —                —              —            —        —
"""


def test_amounts_and_dashes_stacked_in_a_laid_out_fund_block_are_rows_of_their_own(setup: Setup, tmp_path: Path) -> None:
    # "387664.62" under "387664.62" is no amount wrapped (a wrap leaves a piece), nor is "—" under "—"
    path = tmp_path / "laid.txt"
    path.write_text(LAID_FUND, encoding="utf-8")
    fund = [row for form in read_file(path, setup)["forms"] for row in form["fund"]]
    assert [(r["label"], r["budget"], r["spent"], r["weight"]) for r in fund][:2] == [
        ("年度资金总额", "387664.62", "387664.62", "10"),
        ("其中:当年财政拨款", "387664.62", "387664.62", "—"),
    ], fund
    assert len(fund) == 4


# pdftotext -layout of a landscape form (gH3_05 of the forms corpus, printed from its truth): every
# row scores "10", and the 得分 column leaves too little room, counted in characters, to tell a "10"
# under a "10" from one figure wrapped
LAID_POINTS = """一级指标       二级指标     三级指标        分值       年度指标值       实际完成值        得分    偏差原因分析及
                                                                        改进措施
产出指标       数量指标     费用约束                 未超出预算       未超出预算        10
           质量指标     财政工程补贴款              专项使用        专项使用         10
                    做到专项使用
           成本       年度财政补贴               1000 万元     1000 万元      10
                    1000 万元
           时效       1年                   1年          1年           10
"""


def test_points_stacked_in_a_laid_out_column_are_rows_of_their_own(setup: Setup, tmp_path: Path) -> None:
    # a 分值 or 得分 (0 to 100) under another is the next row's, however little room a character count leaves
    path = tmp_path / "laid.txt"
    path.write_text(LAID_POINTS, encoding="utf-8")
    rows = [row for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    likeliest = [{**row, **row.get("unsure", {})} for row in rows]
    assert [(r["name"], r["score"]) for r in likeliest] == [
        ("费用约束", "10"), ("财政工程补贴款做到专项使用", "10"), ("年度财政补贴1000 万元", "10"), ("1年", "10"),
    ], likeliest
    # each row starts on its figures' line, so every line up to the next row's is its own: its
    # worded cells are read as printed too (the last row's, which the text after it may run into, not)
    assert [(r["target"], r["actual"]) for r in rows[:3]] == [("未超出预算", "未超出预算"), ("专项使用", "专项使用"), ("1000 万元", "1000 万元")], rows


# pdftotext -layout of the end of a landscape form (gH1_03 of the forms corpus, printed from its
# truth): the excerpt's last row is cut short with no figure, its labels in the columns above
LAID_CUT = """一级指标       二级指标      三级指标       分值        年度指标值        实际完成值     得分    偏差原因分析及
                                                                       改进措施
效益指标       社会效益指标    对基建市场公平    10        成效显著         达成预期指标    10
                     竞争的促进作用
           生态效益指标    对压降基建项目    10        成效显著         达成预期指标    10
                     造价的作用程度
           可持续影响指标   对基建项目“四    10        成效显著         达成预期指标    10
                     项制度”完善与
                     执行的长效带动
满意度指标      满意度指标     群众满
"""


def test_a_category_label_under_another_in_a_laid_out_column_opens_a_row(setup: Setup, tmp_path: Path) -> None:
    # "满意度指标" under "可持续影响指标": no label wraps into another, so the row cut short is a row of
    # its own and lends the row above it neither its label nor its name's words
    path = tmp_path / "laid.txt"
    path.write_text(LAID_CUT, encoding="utf-8")
    rows = [row for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    above = rows[2]
    assert (above["level1"], above["level2"], above["name"]) == ("效益指标", "可持续影响指标", "对基建项目“四项制度”完善与执行的长效带动"), rows
    assert rows[-1]["name"] == "群众满" and rows[-1]["level1"] == "满意度指标", rows


def test_a_laid_out_table_goes_on_overleaf(setup: Setup, tmp_path: Path) -> None:
    # pdftotext starts each page with a form feed: the rows at the top of the next page, in the
    # columns of the table that reached the page's end, are its rows; a 总分 row alone there is not
    lines = LAID_POINTS.splitlines()
    paged = "\n".join([*lines[:5], "\f" + lines[5], *lines[6:], "\f总分   40   40"]) + "\n"
    path = tmp_path / "laid.txt"
    path.write_text(paged, encoding="utf-8")
    form = read_file(path, setup)["forms"][0]
    rows = [{**row, **row.get("unsure", {})} for row in form["indicators"]]
    assert [(r["name"], r["score"]) for r in rows] == [
        ("费用约束", "10"), ("财政工程补贴款做到专项使用", "10"), ("年度财政补贴1000 万元", "10"), ("1年", "10"),
    ], rows
    assert (form["total"]["weight"], form["total"]["score"]) == ("40", "40"), form["total"]


# pdftotext -layout of a form over two narrow pages (gH2_03 of the forms corpus, from its truth): the
# second page is laid out on its own, its columns closer together where the 分值 column is empty,
# and it opens with the rest of the row the first page ended in ("成本指" / "标", "国家政" / "策性粮…")
LAID_RELAID = """2020 年度项目支出绩效自评表

一级指    二级指    三级指       分值       年度指      实际完     得分    偏差原
标      标      标                  标值       成值            因分析
                                                        及改进
                                                        措施
产出指    时效指    县级储                100%     100%
标      标      备粮应
              急供应
              保障率
       成本指    国家政                100%     100%
\f      标     策性粮
            食收购
            价执行
            率
            县级储   100%   100%
            备粮保
            管费用
            核算率
效益指   经济效   贷款利   100%   90%    资金到
标     益指标   息资金                 位滞后
            保障率
"""


def test_a_table_goes_on_overleaf_in_columns_laid_out_afresh(setup: Setup, tmp_path: Path) -> None:
    # the second page's columns are matched to the table's in order, by what they hold (figures or
    # words), and its first lines, above any figure, finish the row the first page ended in
    path = tmp_path / "laid.txt"
    path.write_text(LAID_RELAID, encoding="utf-8")
    rows = [{**row, **row.get("unsure", {})} for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    assert [(r["level2"], r["name"], r["target"], r["actual"], r["reason"]) for r in rows] == [
        ("时效指标", "县级储备粮应急供应保障率", "100%", "100%", ""),
        ("成本指标", "国家政策性粮食收购价执行率", "100%", "100%", ""),
        ("成本指标", "县级储备粮保管费用核算率", "100%", "100%", ""),
        ("经济效益指标", "贷款利息资金保障率", "100%", "90%", "资金到位滞后"),
    ], rows


# pdftotext -layout of a narrow page (gH2_10 of the forms corpus, from its truth): a count under a
# rate ("100%" over "14726"), a rate under a count, "是" under a rate and a rate under "是", a rate
# under a count and its unit ("0起")
LAID_WHOLE = """一级指   二级指   三级指    分值   年度指     实际完     得分   偏差原
标     标     标           标值      成值           因分析
                                             及改进
                                             措施
产出指   质量指   应征入         100%    100%
标     标     伍高校
            学生受
            助比例
      数量指   获资助         14726   15935
      标     本专科
            学生数
      质量指   国家奖         100%    100%
      标     学金发
            放率
效益指   社会效   评审过         是       是
标     益指标   程公正
            经济困         100%    100%
            难学生
            完成学
            业比例
      服务对   因粮价         0起      0起
      象满意   异常事
      度指标   件数
            居民满         90%     95%
            意度
"""


def test_what_ends_whole_in_a_laid_out_column_closes_its_row(setup: Setup, tmp_path: Path) -> None:
    # a rate, a result word or a figure and its unit end whole: what stands under it in its column is the next row's;
    # before, the rows from "获资助" down read as one ("14726100%是100%")
    path = tmp_path / "laid.txt"
    path.write_text(LAID_WHOLE, encoding="utf-8")
    rows = [{**row, **row.get("unsure", {})} for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    assert [(r["name"], r["target"], r["actual"]) for r in rows] == [
        ("应征入伍高校学生受助比例", "100%", "100%"), ("获资助本专科学生数", "14726", "15935"), ("国家奖学金发放率", "100%", "100%"),
        ("评审过程公正", "是", "是"), ("经济困难学生完成学业比例", "100%", "100%"), ("因粮价异常事件数", "0起", "0起"),
        ("居民满意度", "90%", "95%"),
    ], rows


# pdftotext -layout of a narrow target table whose 指标值 use the other comparators (≧, ≦) and whose
# last row lost its figure: "≧" alone
LAID_COMPARED = """2024 年度项目支出绩效自评表

一级指     二级指    三级指      分值     年度指       实际完    得分   偏差原
标       标      标               标值        成值          因分析
                                                     及改进
                                                     措施
产出指     数量指    新生儿             ≧95%
标       标      访视覆
               盖率
               孕产妇             ≦2%
               转诊延
               误率
               老年人             ≧
               随访率
"""


def test_a_comparator_opens_a_figure_in_a_laid_out_column(setup: Setup, tmp_path: Path) -> None:
    # "≦2%" under "≧95%" is the next row's, and so is "≧" alone under it: a comparator's digits never
    # go on below a whole rate. Before, the rows ran together ("≧95%≦2%≧") and the finder gave up
    path = tmp_path / "laid.txt"
    path.write_text(LAID_COMPARED, encoding="utf-8")
    rows = [{**row, **row.get("unsure", {})} for form in read_file(path, setup)["forms"] for row in form["indicators"]]
    assert [(r["name"], r["target"]) for r in rows] == [("新生儿访视覆盖率", "≧95%"), ("孕产妇转诊延误率", "≦2%"), ("老年人随访率", "≧")], rows


def test_a_finding_on_a_laid_out_row_below_the_first_is_information(setup: Setup, tmp_path: Path) -> None:
    # the last row's "≧" measures nothing (IN04): as every laid-out row's, the finding is a hint to check.
    # Before, a row's place in the text ran from its first column's cell, which for a row below the
    # first was an empty one placed at the table's top: the finding was a warning
    path = tmp_path / "laid.txt"
    path.write_text(LAID_COMPARED, encoding="utf-8")
    found = [f for f in audit_path(path, setup).findings if f.code == "IN04"]
    assert found and all(f.severity.value == "info" for f in found), found
