"""Every flattened layout seen in the field, read into the same facts.

One small report per layout shape (written for these tests, after the shapes described in
the field corpus's README), each asserting what the fact layer reads from it: the fund
block's figures by column, the blanks, a result column left empty, a goal block copied.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.facts import extract
from auditor.readers.plain.parse import parse


def _total(text: str):
    facts = extract(parse(text, "layout.txt"))
    totals = list(facts.fund_totals())
    assert totals, "no fund block read"
    return totals[0], facts


def _leaves(text: str, name: str = "layout.txt") -> list:
    """The indicator rows the fact layer reads from `text`, every form's in order."""
    return [r for form in extract(parse(text, name)).forms for r in form.leaves]


def _values(line) -> dict[str, Decimal]:
    return {role: q.value for role, q in line.values.items()}


def test_pipes_with_runs_of_empty_cells() -> None:
    line, _ = _total(
        "预算资金 (万元) |\n"
        "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | |||||||\n"
        "年度资金总额 | 240.5 | 240.5 | 250.1 | 10 | 103.99% | ||||||||\n"
        "其中:当年财政拨款 | 240.5 | 240.5 | 250.1 | — | 103.99% | — | |||||||\n"
    )
    assert _values(line) == {"initial": 240.5, "budget": 240.5, "spent": Decimal("250.1"), "weight": 10, "rate": Decimal("103.99")}
    assert "score" in line.blanks  # the empty cell after the rate, not the padding after it


def test_a_row_broken_by_a_newline_in_a_cell() -> None:
    _, facts = _total(
        "部门(单位)总体 资金(万元) | 资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | 得分计算方法 |\n"
        "年度资金总额: | 500 | 480 | 10 | 9.6 | 执行率*该指标分值,最高不得超过分值上限。 |\n"
        "基本支出 | 400 | 390 |\n"
        "10 | 9.75 | |||||\n"
        "项目支出 | 100 | 90 | 10 | 9 | |||||\n"
    )
    rows = {line.label: _values(line) for form in facts.forms for line in form.fund}
    assert rows["基本支出"] == {"initial": 400, "budget": 400, "spent": 390, "weight": 10, "score": Decimal("9.75")}


def test_the_label_on_one_line_and_its_values_on_the_next() -> None:
    line, _ = _total(
        "项目资金 (万元) |\n"
        "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
        "年度资金总额 |\n"
        "| 50 | 48.9 | 10 | 97.80% | 9.78 |\n"
    )
    # Five numbers for six columns: the empty one is 年初预算数, the rate says which is which.
    assert _values(line) == {"budget": 50, "spent": Decimal("48.9"), "weight": 10, "rate": Decimal("97.80"), "score": Decimal("9.78")}


def test_one_cell_per_line_with_blank_lines_and_indents() -> None:
    cells = ["年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分", "年度资金总额:", "80", "80", "72", "10", "90%", "9"]
    line, _ = _total("    项目资金\n    (万元)\n\n" + "".join(f"    {c}\n\n" for c in cells))
    assert _values(line) == {"initial": 80, "budget": 80, "spent": 72, "weight": 10, "rate": 90, "score": 9}


def test_a_table_on_one_line_with_a_header_printed_after_the_values() -> None:
    line, _ = _total(
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率(全年 执行数/全年 预算数) "
        "年度资金总额: 300万元 300万元 300万元 100 100% 10 其中:当年财政 拨款 300万元 300万元 300万元 "
        "得分 上年结转资金 其他资金 预期目标"
    )
    assert _values(line)["weight"] == 100 and _values(line)["score"] == 10


def test_glued_numbers_split_where_the_sub_rows_add_up() -> None:
    # No split makes "1203024.00%" a row whose rate holds (30 / 120 is 25%, not 24%); the
    # sub-rows (90 | 0 | 0% and 30 | 30 | 100%) say the total is 120 | 30, and the printed
    # rate is read as it stands, for AM01 to report.
    line, facts = _total(
        "资金投入情况(万元)全年预算数(A)全年执行数(B)预算执行率(B/A×100%)"
        "年度资金总额:1203024.00%其中:中央财政资金9000%地方资金3030100%其他资金资金管理情况"
    )
    assert _values(line) == {"budget": 120, "spent": 30, "rate": 24}
    subs = [_values(f) for form in facts.forms for f in form.fund if not f.is_total]
    assert subs == [{"budget": 90, "spent": 0, "rate": 0}, {"budget": 30, "spent": 30, "rate": 100}]


def test_glued_numbers_with_the_score_after_the_percent() -> None:
    line, _ = _total(
        "项目资金(万元) 年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法"
        "年度资金总额:400.5200.251050%5执行率*该指标分值,最高不得超过分值上限。"
        "其中:本年一般公共预算拨款 400.5200.25 其他资金 年度总体目标"
    )
    assert _values(line) == {"initial": Decimal("400.5"), "budget": Decimal("400.5"), "spent": Decimal("200.25"), "weight": 10, "rate": 50, "score": 5}


def test_a_long_glued_row_is_cut_around_the_figure_it_prints_twice() -> None:
    # 25 characters before the percent: too many to try every cut; 251.89 printed twice (预算数 and
    # 执行数) fixes where the figures start, and the note's "1." glued after 分值 10 is no figure
    line, _ = _total(
        "预算执行情况(10分)年度预算数(万元)年初预算调整后预算数预算执行数预算执行率权重得分原因"
        "总额238.93251.89251.89100.00%101.预算执行率=预算执行数/调整后预算数。"
        "其中:财政资金238.93251.89251.89100.00%//其他资金"
    )
    assert _values(line) == {"initial": Decimal("238.93"), "budget": Decimal("251.89"), "spent": Decimal("251.89"), "rate": 100, "weight": 10}


def test_a_long_run_of_glued_points_may_be_cut_near_its_end() -> None:
    # gH1_15 glued: 指标值 100, 完成值 100, 分值 10, 得分 10 and a 偏差原因 of "0" make "10010010100"; the
    # 0 at the end could not be parted from the 10 before it (a cut was tried only where the digits
    # before it made one number of nine digits at most), so the row read 得分 100 over 分值 10, in doubt
    rows = _leaves(
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施\n"
        "效益指标经济效益指标指标1运行安全率10010010100满意度指标服务对象满意度指标指标1师生满意度10010010100\n",
        "glued.txt",
    )
    got = [(r.title, r.text("target"), r.text("actual"), str(r.weight.value), str(r.score.value), r.certain) for r in rows]
    assert got == [("指标1运行安全率", "100", "100", "10", "10", True), ("指标1师生满意度", "100", "100", "10", "10", True)]


def test_a_glued_department_form_keeps_its_level_2_labels_apart_from_its_names() -> None:
    # gH1_14's department-wide form, rewritten: each row opens with what is managed ("政府采购管控")
    # right after the row before's scores; "执行率" alone is the name
    leaves = _leaves(
        "分解目标自评权重二级指标三级指标年度指标值全年完成值分值得分偏差及原因分析"
        "管理指标30预算编制审核管理完整性、准确率100%100%44预算执行管控完成率、控制率100%依规执行44"
        "政府采购管控执行率100%100%55国有资产管理资产安全性、使用率超过80%已达目标55产出指标25\n",
        "dept.txt",
    )
    assert [(r.level2, r.name) for r in leaves[:4]] == [
        ("预算编制审核管理", "完整性、准确率"), ("预算执行管控", "完成率、控制率"), ("政府采购管控", "执行率"), ("国有资产管理", "资产安全性、使用率")]  # fmt: skip
    assert (str(leaves[2].weight.value), str(leaves[2].score.value), leaves[2].certain) == ("5", "5", True)


def test_a_glued_word_that_ends_a_name_and_opens_its_target_parts_them() -> None:
    # gH3_05, rewritten: "…诊疗服务" + "服务半径扩大" (a word seldom doubles), under 可持续性 (the short
    # form of 可持续影响指标) right after the row before's 得分
    leaves = _leaves(
        "一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
        "效益指标经济效益医院诊疗收入实现5亿元5亿元6.47亿元10可持续性院区投用后长期为附近居民供给诊疗服务服务半径扩大服务半径扩大10\n",
        "glued.txt",
    )
    row = leaves[-1]
    assert (row.level2, row.name, row.text("target"), row.text("actual"), str(row.score.value)) == (
        "可持续性", "院区投用后长期为附近居民供给诊疗服务", "服务半径扩大", "服务半径扩大", "10")  # fmt: skip


def test_a_pdf_line_that_printed_the_rate_away_from_its_row() -> None:
    line, _ = _total(
        "财政项目支出绩效自评表 (2022 年度) 项目名称 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
        "40000.00 40000.00 10 6.00 其中:当年财政拨款 0 0 — 上年结转资金 0 0 — 年度资金总额 项目资金 (元) "
        "实施单位 24,000 预期目标 年度 总体 目标 10 60.00% 实际完成情况 已支付。 一级指标 二级指标"
    )
    assert _values(line)["spent"] == 24000 and _values(line)["rate"] == 60
    assert {"spent", "rate"} <= line.displaced


def test_two_text_columns_interleaved_line_by_line() -> None:
    facts = extract(parse(
        "预期目标 实际完成情况 1.完善社区服务设施,提升群众办事便利程度, 1.完善社区服务设施,提升群众办事便利程度,"
        "推动服务下沉 推动服务下沉到网格一线,建立健全联系群众制度。 到网格一线,建立健全联系群众制度。",
        "layout.txt",
    ))  # fmt: skip
    assert len(facts.goal_copies) == 1 and facts.goal_copies[0].chars >= 40


def test_traditional_script_with_pinyin_glosses() -> None:
    line, _ = _total(
        "資(zī)金投入情況(kuàng)(萬(wàn)元)全年預(yù)算數(shù)(A)全年執(zhí)行數(shù)(B)預(yù)算執(zhí)行率(B/A)"
        "年度資(zī)金總額(é):|200|150|75%|"
    )
    assert _values(line) == {"budget": 200, "spent": 150, "rate": 75}


def test_ocr_digits_and_units() -> None:
    line, _ = _total("预匏数(A) 执行数(B) 执行率(B/A)\n年度资金总额 1O0 8O 8O%\n")
    assert _values(line) == {"budget": 100, "spent": 80, "rate": 80}


def test_a_sentence_about_the_columns_is_no_header() -> None:
    line, _ = _total(
        "本表金额单位为万元，执行率按全年执行数除以全年预算数计算。\n"
        "| 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
        "| 年度资金总额 | 100 | 100 | 90 | 10 | 90% | 9 |\n"
    )
    assert _values(line) == {"initial": 100, "budget": 100, "spent": 90, "weight": 10, "rate": 90, "score": 9}


def test_result_columns_left_empty_in_a_line_per_row_table() -> None:
    facts = extract(parse(
        "二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分\n"
        "数量指标 新建道路长度(公里) 12\n"
        "改造桥梁数量(座) 3\n"
        "质量指标 工程验收合格率(%) 100\n"
        "总分\n",
        "layout.txt",
    ))  # fmt: skip
    assert [b.role for b in facts.blank_columns] == ["actual", "score"]


@pytest.mark.parametrize(
    "text",
    [
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 2021年度项目支出绩效自评表",  # a header, no block
        "本项目执行数占预算数的比例反映执行进度。",  # two column words in a sentence
    ],
)
def test_no_fund_block_without_one(text: str) -> None:
    assert not list(extract(parse(text, "layout.txt")).fund_totals())


def test_a_grid_whose_rows_carry_numbers_but_no_labels(tmp_path) -> None:
    """A workbook where the label column holds row numbers: each grid row is a row, read by column."""
    import openpyxl

    from auditor.engine.plugins import make_plugin_manager

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    ws.append(["项目支出绩效自评表（2023年度）"])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append(["1", None, 120, 120, 96, 10, "80%", 8])
    ws.append(["2", None, 100, 100, 80, None, "80%", None])
    ws.append(["3", None, 20, 20, 16, None, "80%", None])
    path = tmp_path / "grid.xlsx"
    wb.save(path)
    report = make_plugin_manager(entry_points=False).hook.pfaudit_read(path=path, data=path.read_bytes())
    totals = list(extract(report).fund_totals())
    assert totals, "no fund block read"
    # the row number "1" is not the 年初预算数, nor are the next rows' numbers this row's values
    assert _values(totals[0]) == {"initial": 120, "budget": 120, "spent": 96, "weight": 10, "rate": 80, "score": 8}


def test_glued_words_part_at_a_name_a_worded_target_and_its_result() -> None:
    # a document-sharing site's glued form (the forms corpus's gH1_14, rewritten): the name, the
    # worded target and the worded result run together; the next row opens with "任务2:"
    rows = _leaves(
        "绩效指标 一级指标二级指标三级指标年度指标值全年完成值分值得分偏差及原因分析\n"
        "产出指标时效指标任务1:病历文书完成及时率在规定时限内43少数人员未按时完成"
        "任务2:居民档案更新及时率在规定时限内32信息录入滞后\n",
        "glued.txt",
    )
    got = [(r.title, r.cells["target"].value, str(r.weight.value), str(r.score.value), r.cells["reason"].value) for r in rows]
    assert got == [
        ("任务1:病历文书完成及时率", "在规定时限内", "4", "3", "少数人员未按时完成"),
        ("任务2:居民档案更新及时率", "在规定时限内", "3", "2", "信息录入滞后"),
    ]


def test_the_labels_printed_before_the_header_name_the_rows_after_it_in_order() -> None:
    # a spreadsheet's label column flattened before its figures (the forms corpus's gH3_04, rewritten)
    facts = extract(parse(
        "项目资金 年初预算数 (万元) 年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 "
        "65.66 65.07 10 99% 9 65.66 65.07 — 99% — 上年结转资金 — — 其他资金 — — 预期目标 实际完成情况\n",
        "labels.txt",
    ))
    lines = {line.label: line for form in facts.forms for line in form.fund}
    assert _values(lines["年度资金总额"]) == {"budget": Decimal("65.66"), "spent": Decimal("65.07"), "weight": 10, "rate": 99, "score": 9}
    assert _values(lines["其中:当年财政拨款"]) == {"budget": Decimal("65.66"), "spent": Decimal("65.07"), "rate": 99}
    # the first figures are the total's; a sub-row matched by its order alone is no ground for an error
    assert lines["年度资金总额"].certain and not lines["其中:当年财政拨款"].certain


@pytest.mark.parametrize("joined", ["\n", "", "glued"], ids=["two lines", "line break lost", "glued"])
def test_a_header_over_two_lines_reads_alike_when_the_line_break_between_them_is_lost(joined: str) -> None:
    # a web page that lost its line breaks (the forms corpus's gF2_01, rewritten): the header's second
    # line ("指标值 完成值") runs on into its first ("…改进措施指标值"), the rows into each other; the
    # halves still join ("年度"+"指标值", "实际"+"完成值") and the rows stay parted by spaces
    text = (
        "一级指标 二级指标 三级指标 年度 实际 分值 得分 偏差原因分析及改进措施" + joined + "指标值 完成值" + joined
        + "产出指标 数量指标 参训人数 120人次 118人次 15 14 个别学员请假" + joined
        + "质量指标 培训合格率 90% 95% 20 20" + joined
    )
    if joined == "glued":  # every space gone too: "…三级指标年度实际分值得分…改进措施指标值完成值产出指标…"
        text = text.replace(" ", "").replace("glued", "")
    rows = _leaves(text, "flat.txt")
    got = [(r.title, r.cells["target"].value, r.cells["actual"].value, str(r.weight.value), str(r.score.value), r.certain) for r in rows]
    assert got == [("参训人数", "120人次", "118人次", "15", "14", True), ("培训合格率", "90%", "95%", "20", "20", True)]


def test_a_glued_row_read_without_the_weight_every_other_row_prints_is_not_read_for_sure() -> None:
    # a document-sharing site's glued form (the forms corpus's gH1_03, rewritten): "百分比" is no unit
    # the reader knows, so "≥100百分比10088" and the next row run together into one row without a 分值
    rows = _leaves(
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标受托服务事项数≥50个5088质量指标成果合格率≥100百分比10088"
        "资金使用规范性严守财经纪律要求达成预期指标88时效指标成果报送及时性按期办结达成预期指标88"
        "成本指标项目成本总额≤90万元9088单项服务成本符合有关标准达成预期指标1010"
        "效益指标社会效益指标公平竞争的促进作用达成预期指标1010\n",
        "glued.txt",
    )
    sure = [r for r in rows if r.certain]
    assert sure and all(r.weight is not None for r in sure), [(r.title, r.cells) for r in sure]
    assert any(r.title.startswith("受托服务事项数") for r in sure)
    assert not any("10088" in (r.cells["target"].value if "target" in r.cells else "") for r in sure)


def test_a_glued_result_word_keeps_its_share() -> None:
    # "已完成" and "100%" are one 实施进度 ("已完成100%"), not a result and the next cell's figure
    rows = _leaves("一级指标二级指标三级指标指标值实施进度项目决策时效指标全年度1-12月已完成100%成本指标经费成本10万元已完成100%\n", "glued.txt")
    assert [r.cells["actual"].value for r in rows if "actual" in r.cells] == ["已完成100%", "已完成100%"], [(r.title, r.cells) for r in rows]


def test_glued_figures_after_a_result_word_or_a_unit_word_are_the_rows_figures() -> None:
    # "达成预期指标88" is a result and its 分值 and 得分, not the template's "指标88"; "≥100百分比" is a
    # target with its unit, and a name does not run on into it
    leaves = _leaves(
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标质量指标成果合格率≥100百分比10088资金使用规范性达成预期指标88\n",
        "glued.txt",
    )
    got = [(r.title, {k: c.value for k, c in r.cells.items() if k != "name"}) for r in leaves]
    assert got == [
        ("成果合格率", {"target": "≥100百分比", "actual": "100", "weight": "8", "score": "8"}),
        ("资金使用规范性", {"actual": "达成预期指标", "weight": "8", "score": "8"}),
    ], got


def test_a_category_label_wrapped_with_its_weight_over_lines_is_one_label() -> None:
    # a PDF's narrow label cells (the forms corpus's gH3_06, rewritten): "满意度指标 / (10分)" is the
    # 一级 label with its weight, "服务对象 / 满意度指标" the 二级 label
    leaves = _leaves(
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标\n(90分)\n数量指标 指标1:灌区节水工程建成个数 1 1 90 90\n"
        "满意度指标\n(10分)\n服务对象\n满意度指标\n指标1:受益群众满意度 90% 100% 10 10\n",
        "labels.txt",
    )
    got = [(r.level1, r.level2, r.title) for r in leaves]
    assert got[-1] == ("满意度指标(10分)", "服务对象满意度指标", "指标1:受益群众满意度"), got


def test_a_label_line_without_a_pipe_inside_a_pipe_table_opens_its_row() -> None:
    # a web page's table one cell a line with " |" (the forms corpus's gH2_18, rewritten): the merged
    # 一级 label prints at the start of its row with no pipe; it is that row's label, not text after the table
    leaves = _leaves(
        "一级指标\n | 二级指标\n | 三级指标\n | 指标值\n | 实施进度\n |\n"
        "项目产出\n | 数量指标\n | 培训场次\n | 不少于3次\n | 已完成100%\n | |\n"
        "项目效益\n | 社会效益\n 指标\n | 群众维权意识\n | 持续增强\n | 已完成100%\n | |\n"
        "满意度指标\n | 满意度指标\n | 居民满意度\n | 90%\n | 已完成100%\n |\n"
        "3.分析评价申报内容与实际是否相符\n经评价，申报内容与实际一致。\n",
        "pipes.txt",
    )
    got = [(r.level1, r.level2, r.title, r.category) for r in leaves]
    assert got == [
        ("项目产出", "数量指标", "培训场次", "output"),
        ("项目效益", "社会效益指标", "群众维权意识", "outcome"),
        ("满意度指标", "满意度指标", "居民满意度", "satisfaction"),
    ], got


def test_a_glued_unit_that_opens_a_word_is_the_word_and_a_page_number_is_no_figure() -> None:
    # a document-sharing site's OCR'd form (the forms corpus's gH1_08, rewritten), its lines run
    # together: "4项目立项…" is the score 4 and the next name (not 4项), "…投入管理2、预算执行率" holds
    # the site's page number "2、" (no 分值 of 2), and a lone "一" is OCR's dash, no target of 1
    leaves = _leaves(
        "一级指标二级指标三级指标分值指标值(A)全年实际值(B)得分未完成原因分析及改进措施"
        "项目决策(10分)项目目标完备性4一目标清晰、内容具体4项目立项关联性2一依照管理规范开展2"
        "项目管理(25分)投入管理2、预算执行率10一100%9财务管理规范有效性7一制度执行从严7\n",
        "ocr.txt",
    )
    rows = {r.title: r for r in leaves}
    # (项目目标 and 项目立项 are the rubric's 二级 labels, cut off the names they run into)
    assert rows["完备性"].cells["score"].value == "4" and rows["完备性"].level2 == "项目目标", list(rows)
    assert rows["关联性"].level2 == "项目立项"
    execution = next(r for t, r in rows.items() if t.endswith("预算执行率"))
    assert (str(execution.weight.value), str(execution.score.value), execution.cells["actual"].value) == ("10", "9", "100%")
    assert execution.cells["target"].value == "一" and execution.target is None  # a dash: no target to compare with


def test_a_glued_template_row_does_not_run_on_into_the_next_label() -> None:
    # "指标2:" is the template's empty row; "质量指标(5分)" after it is the next row's label, not words
    # of a name (the forms corpus's gH1_08, rewritten)
    leaves = _leaves(
        "一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因分析及改进措施"
        "产出指标(30分)数量指标(10分)受保障学生人数10达成预期指标10指标2:质量指标(5分)运转经费标准5符合有关文件规定符合有关文件规定5"
        "指标2:时效指标(5分)运转经费支付时限52021年12月完成2021年12月完成4\n",
        "glued.txt",
    )
    got = [(r.level2, r.title) for r in leaves if r.weight is not None]
    assert got == [("数量指标(10分)", "受保障学生人数"), ("质量指标(5分)", "运转经费标准"), ("时效指标(5分)", "运转经费支付时限")], got


@pytest.mark.parametrize(
    ("printed", "above"),
    [
        # the sub-row above prints its 执行率 between its marks: the rows below print their own, so
        # two marks alone are the row's amounts
        ("65.66 65.07 10 99% 9 65.66 65.07 — 99% — 上年结转资金 — —", False),
        # the sub-row above prints its marks side by side: the row below repeats them
        ("65.66 65.07 10 99% 9 65.66 65.07 — — 上年结转资金 — —", True),
    ],
)
def test_a_row_of_marks_alone_takes_the_marks_of_the_row_above_only_where_they_stand_together(
    printed: str, above: bool
) -> None:
    # a spreadsheet flattened with its empty cells dropped (the forms corpus's gH3_04, rewritten)
    facts = extract(parse(
        "项目资金 年初预算数 (万元) 年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 "
        f"{printed} 预期目标 实际完成情况\n",
        "marks.txt",
    ))
    lines = {line.label: line for form in facts.forms for line in form.fund}
    where = set(lines["其中:当年财政拨款"].blanks) if above else {"budget", "spent"}
    assert set(lines["上年结转资金"].blanks) == where


# A spreadsheet flattened row by row, merged and wrapped cells printing their lines on the lines of
# the rows they span (the forms corpus's gH3_04, rewritten): the header's words among the first
# rows' cells, and the last rows' figures, the 总分 row's too, before their labels.
_SHEET = (
    "一级 指标 二级指标 三级指标 数量指标 指标1:养护道路里程 绩 效 指 标 青山县公路管理站 产出 指标 (60分 ) "
    "实际 指标值 完成值 120公里 分值 得分 偏差原因分析及改进措 施 118公里 30 28 两段道路因汛期顺延 "
    "质量指标 指标1:路面养护合格 率 ≥90% 93% 30 30 {moved} 效益指 标(30 分) 社会效益 "
    "指标1:群众出行条件改 善程度 满意度指标 服务对象满 指标1:沿线群众满意度 (10分 意度指标 ) 总分\n"
)


def _sheet(moved: str) -> tuple[list, object]:
    facts = extract(parse(_SHEET.format(moved=moved), "sheet.txt"))
    rows = [r for form in facts.forms for r in form.indicators]
    read = [(r.name, *(r.cells[c].value if c in r.cells else None for c in ("target", "actual", "weight", "score")), r.certain) for r in rows]
    return read, next((form.total for form in facts.forms if form.total is not None), None)


def test_a_header_scattered_among_its_rows_and_figures_before_their_labels() -> None:
    rows, total = _sheet("90% 90% 30 27 ≥90% 92% 10 10 100 95")
    assert rows == [
        ("指标1:养护道路里程", "120公里", "118公里", "30", "28", True),
        ("指标1:路面养护合格率", "≥90%", "93%", "30", "30", True),
        # paired with their figures by the order of the printing alone: no error may rest on them
        ("指标1:群众出行条件改善程度", "90%", "90%", "30", "27", False),
        ("指标1:沿线群众满意度", "≥90%", "92%", "10", "10", False),
    ]
    assert (total.weight.value, total.score.value) == (100, 95)


def test_figures_before_their_labels_that_do_not_part_into_whole_rows_are_not_read() -> None:
    # one cell left empty (dropped by the printing): the run no longer parts four figures a row
    rows, total = _sheet("90% 30 27 ≥90% 92% 10 10 100 95")
    assert [r[0] for r in rows] == ["指标1:养护道路里程", "指标1:路面养护合格率"] and all(r[-1] for r in rows)
    assert total is None


def test_a_header_printed_whole_is_not_looked_for_among_the_rows() -> None:
    from auditor.facts.decode.glued_header import split_headers
    from auditor.facts.decode.header import find_headers
    from auditor.facts.decode.pieces import pieces, regions
    from auditor.facts.decode.sheet import spread_header

    report = parse(
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
        "产出指标 数量指标 指标1:养护道路里程 120公里 118公里 30 28 两段道路因汛期顺延 总分 100 95\n",
        "whole.txt",
    )
    ps = split_headers(pieces(report, regions(report)))
    assert [spread_header(ps, h, 0) for h in find_headers(ps, "indicator")] == [None]


def test_an_excerpt_cut_inside_its_last_row_reads_that_row_for_no_finding() -> None:
    # the forms corpus's gH3_01, rewritten: the text stops after "= | 100 |"; the 100 is the 指标值
    # cut off from the rest of its row, not its 得分, and no check may take it as either
    leaves = _leaves(
        "| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n"
        "| 产出指标 | 数量指标 | 设备采购数量 | ≥ | 20 | 台 | 20台 | 45 | 45 | |\n"
        "| 产出指标 | 质量指标 | 设备采购到位并依规付款 | = | 100 |\n",
        "cut.txt",
    )
    first, last = leaves
    assert first.certain and str(first.score.value) == "45"
    assert not last.certain and {"score", "target"} & last.doubts, (last.cells, last.doubts)


def test_a_glued_column_word_before_a_figure_is_no_template_number() -> None:
    # "定量指标90%" is the 指标性质 cell and the 年初指标值, not the template's "指标9" (the forms
    # corpus's gH3_09, rewritten: 计量单位, 指标性质, two target columns, 完成值, 得分系数, 权重, 得分, 是否核心)
    leaves = _leaves(
        "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
        "财政供养人数控制率%定量指标100%92%100%22否固定资产利用率%定量指标90%100%100%22否"
        "党员理论学习次数次定量指标26次12次100%55是\n",
        "glued.txt",
    )
    rows = {r.title: r for r in leaves}
    assert "固定资产利用率" in rows, list(rows)
    got = rows["固定资产利用率"]
    assert (got.cells["target"].value, str(got.weight.value), str(got.score.value)) == ("90%", "2", "2"), got.cells


def test_header_words_are_found_where_the_whole_pattern_finds_them() -> None:
    # the quick search tries the pattern only where a word's first letters stand: it must find
    # what the pattern alone finds, in prose and in words glued every way with their decorations
    import random

    from auditor.facts.decode.glued_header import _CORES, _HEADER_WORD, _header_words

    rnd = random.Random(7)
    parts = [*sorted(_CORES), "(A)", "（万元）", " ", "项目", "年度", "的", "1", "绩效指标", "(", "）", "执行", "率"]
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 12))) for _ in range(20000)]
    for text in texts:
        assert [(m.span(), m.group()) for m in _header_words(text)] == [(m.span(), m.group()) for m in _HEADER_WORD.finditer(text)], text


def test_a_glued_page_number_between_two_percentages_and_a_span_of_months_are_read_as_printed() -> None:
    # document-sharing text run together (the forms corpus's gH2_03 and gH2_18, rewritten): the
    # viewer's page number "2、" stands between a target and its actual ("100%2、100%": no actual
    # of 2), and a 指标值 of months "1-12月" is one figure (not 12月 with a stray "1-")
    leaves = _leaves(
        "一级指标二级指标三级指标年度指标值全年完成值未完成原因和改进措施"
        "产出指标数量指标稻谷储备足额率100%100%库存数量账实相符率100%2、100%"
        "质量指标储备粮资金专户核算率100%100%\n",
        "glued.txt",
    )
    rows = {r.title: r for r in leaves}
    assert rows["库存数量账实相符率"].cells["actual"].value == "100%", list(rows)
    leaves = _leaves(
        "三级指标指标值实施进度宣传活动场次不少于2次已完成时效指标全年度1-12月已完成成本指标经费成本10万元已完成\n", "glued.txt"
    )
    rows = {r.title: r for r in leaves}
    assert rows["全年度"].cells["target"].value == "1-12月", list(rows)


def test_a_glued_reason_with_a_figure_in_it_stays_the_rows_reason() -> None:
    # the forms corpus's gH1_15 glued (rewritten): the reason "…尚余3%尾款未付…。" holds a figure; it
    # is the row's reason, not a row of its own named "工程已竣工,尚余" with a target of 3%
    leaves = _leaves(
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标工程投资额度43.237.24109工程已竣工,尚余3%尾款未付,加之招标控制价低于预算额。应提高预算编制精度。"
        "质量指标改造完工率1001001010\n",
        "glued.txt",
    )
    assert [r.title for r in leaves] == ["工程投资额度", "改造完工率"]
    assert leaves[0].cells["reason"].value.startswith("工程已竣工,尚余3%尾款未付")


def test_a_glued_count_with_its_unit_and_a_span_are_one_cell_each() -> None:
    # glued text of a target-and-result table (the field corpus's fB_19, rewritten): "12500名" is
    # cut four ways by its digits and once before its unit, and still reads as one 指标值; "产出数量"
    # is the 二级 label the row opens with; "1-6期" is one span, not 1 | - | 6期
    leaves = _leaves(
        "一级指标二级指标三级指标目标值完成值得分产出指标产出数量完成护工培训任务12500名12166名5"
        "参训学员结业考核通过率100%98.79%5产出时效考核任务完成率1-6期1-6期5\n",
        "glued.txt",
    )
    rows = {r.title: r for r in leaves}
    first = rows["完成护工培训任务"]
    assert first.level2 == "产出数量" and first.cells["target"].value == "12500名", list(rows)
    assert rows["考核任务完成率"].cells["target"].value == "1-6期"


def test_a_glued_row_that_budgets_nothing_is_scored_by_the_rate_it_states() -> None:
    # "0001000": 0 | 0 | 0 | 10 | 0 | 0 — with nothing budgeted no rate can be worked out, so the
    # score (分值 × the printed rate) is what tells the 分值 10 from a 100 cut out of the zeros
    line, _ = _total(
        "年初预算数全年预算数全年执行数分值执行率得分年度资金总额:0001000"
        "其中:本年财政拨款4036.53636.5上年结转资金其他资金年度总体目标预期目标实际完成情况"
    )
    assert _values(line) == {"initial": 0, "budget": 0, "spent": 0, "weight": 10, "rate": 0, "score": 0}


def test_a_glued_row_under_a_header_that_states_its_weight_is_cut_by_that_weight() -> None:
    # "得分(20分*执行率)": no 分值 column, the header gives it; "4010255" is 40 | 10 | 25 | 5 because
    # 10 ÷ 40 is the 25% printed and 20 × 25% the 5 — and "年度绩效目标" after it is no "5年" figure
    line, _ = _total(
        "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
        "年度财政资金总额4010255年度绩效目标(80分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
    )
    assert _values(line) == {"budget": 40, "spent": 10, "rate": 25, "score": 5, "weight": 20}


def test_a_glued_row_with_its_spending_left_empty_reads_no_rate_padded_past_two_decimals() -> None:
    # "527.4100%20" is 527.4 | 100% | 20 (20 × 100% under the header's 20分), not a rate of 527.41%
    line, _ = _total(
        "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
        "部门整体支出总额527.4100%20年度目标1:(80分)提高机关办事效能年度绩效指标一级指标二级指标三级指标"
    )
    assert _values(line) == {"budget": Decimal("527.4"), "rate": 100, "score": 20, "weight": 20}
    assert not line.certain  # (which amount 527.4 is, 预算数 or 执行数, only the printing's habit says)


def test_a_glued_run_of_dashes_is_one_empty_cell_per_dash() -> None:
    # "——" and "—————" after a label: each dash is a cell the row marks empty (a glued printing
    # dropped the spaces between them), not one cell, nor words of the label
    _, facts = _total(
        "年初预算数全年预算数全年执行数分值执行率得分年度资金总额5127.355127.3510100%10"
        "其中:当年财政拨款5127.355127.35——上年结转资金——其他资金—————年度总体目标预期目标实际完成情况"
    )
    rows = {line.label: line for form in facts.forms for line in form.fund}
    assert list(rows) == ["年度资金总额", "其中:当年财政拨款", "上年结转资金", "其他资金"]
    assert len(rows["上年结转资金"].blanks) == 2 and len(rows["其他资金"].blanks) == 5
    assert not rows["其他资金"].values


# Glued fund rows with no rate to check a cut by: what the block prints elsewhere says where they
# are cut. Each case: the text, a sub-row's label, and its values as read.
_GLUED_SUB_ROWS = [
    pytest.param(
        "年初预算数全年预算数全年执行数分值执行率得分年度资金总额:0001000"
        "其中:本年财政拨款7067.51867.518上年结转资金其他资金年度总体目标",
        "其中:本年财政拨款", {"initial": 70, "budget": Decimal("67.518"), "spent": Decimal("67.518")},
        id="cut-around-the-figure-with-decimals-it-prints-twice",  # 70 | 67.518 | 67.518, not 7067.5 | 1867.518
    ),
    pytest.param(
        "预算执行情况(10分)年度预算数(万元)年初预算调整后预算数预算执行数预算执行率权重得分原因"
        "总额0.003.363.36100.00%1010其中:财政资金0.003.363.36100.00%//"
        "单位资金0.000.000.000.00%//其他资金//绩效指标(90分)",
        "单位资金", {"initial": 0, "budget": 0, "spent": 0, "rate": 0},
        id="a-figure-repeated-up-to-a-percent-sign-keeps-its-sign",  # "0.000.000.000.00%": 0.00 four times, the last a rate
    ),
    pytest.param(
        "年初预算数全年预算数全年执行数分值执行率得分(万元)年度资金总额3643642731075%7.5"
        "其中:当年财政拨款364364273上年结转资金其他资金年度总体目标预期目标实际完成情况",
        "其中:当年财政拨款", {"initial": 364, "budget": 364, "spent": 273},
        id="a-sub-row-that-repeats-the-totals-amounts",  # 364 | 364 | 273 again, not 364 | 364 | 27 | 3, nor one figure
    ),
]


@pytest.mark.parametrize(("text", "label", "values"), _GLUED_SUB_ROWS)
def test_a_glued_sub_row_is_cut_where_the_block_says(text: str, label: str, values: dict) -> None:
    _, facts = _total(text)
    rows = {line.label: _values(line) for form in facts.forms for line in form.fund}
    assert rows[label] == values


# Glued rows of marks alone ("——", "//"): each mark stands in the columns the other sub-rows mark.
_GLUED_MARKS = [
    pytest.param(
        "年初预算数全年预算数全年执行数分值执行率得分年度资金总额5127.355127.3510100%10"
        "其中:当年财政拨款5127.355127.35——上年结转资金——其他资金—————年度总体目标预期目标实际完成情况",
        "上年结转资金", {"weight", "rate"},
        id="the-columns-most-sub-rows-mark",  # as 其中 and 其他资金 mark them, not 全年预算数 and 全年执行数
    ),
    pytest.param(
        "预算执行情况(10分)年度预算数(万元)年初预算调整后预算数预算执行数预算执行率权重得分原因"
        "总额150.25160.5160.5100.00%101.预算执行率=预算执行数/调整后预算数。"
        "其中:财政资金150.25160.5160.5100.00%//单位资金0.000.000.000.00%//其他资金//绩效指标(90分)",
        "其他资金", {"weight", "score"},
        id="the-columns-the-other-sub-rows-mark",  # the total leaves its 得分 out; 权重 and 得分, not 年初预算 and 权重
    ),
]


@pytest.mark.parametrize(("text", "label", "blanks"), _GLUED_MARKS)
def test_a_glued_row_of_marks_alone_marks_the_columns_the_sub_rows_mark(text: str, label: str, blanks: set[str]) -> None:
    _, facts = _total(text)
    rows = {line.label: line for form in facts.forms for line in form.fund}
    assert set(rows[label].blanks) == blanks


def test_a_glued_spreadsheet_block_with_its_labels_before_the_header_and_two_rows_in_one_run() -> None:
    # a spreadsheet's label column printed before the header, glued ("年度资金总额其中:当年财政拨款"), then
    # both rows' figures in one run: 48.3247.91 printed twice apart is where the total's figures end
    _, facts = _total(
        "项目资金年初预算数(万元)年度资金总额其中:当年财政拨款实施单位全年预算数全年执行数分值执行率得分"
        "48.3247.911099%948.3247.91—99%—上年结转资金——其他资金——预期目标实际完成情况"
    )
    rows = {line.label: _values(line) for form in facts.forms for line in form.fund}
    assert rows["年度资金总额"] == {"budget": Decimal("48.32"), "spent": Decimal("47.91"), "weight": 10, "rate": 99, "score": 9}
    assert rows["其中:当年财政拨款"] == {"budget": Decimal("48.32"), "spent": Decimal("47.91"), "rate": 99}


def test_a_glued_target_stated_as_a_change_opens_where_the_words_cue_it() -> None:
    # the forms corpus's gH1_14, glued: "…健康管理率较上年提高2%" read as the name and a target "较上年提高2%"
    # as likely as a name "…较上年提高" and a target "2%" (which was once read for sure). 较上年 cues the
    # target's start, and a name across it costs what a guessed cut does: the first is read, for sure
    leaves = _leaves(
        "二级指标三级指标年度指标值全年完成值分值得分偏差及原因分析"
        "数量指标任务1:门急诊与住院人次有所增加已达目标值55任务2:重点人群健康管理率较上年提高2%已达目标值55"
        "质量指标任务1:临床诊断符合率95%以上97%55\n",
        "glued.txt",
    )
    rows = {r.title: r for r in leaves}
    changed = rows["任务2:重点人群健康管理率"]
    assert changed.certain and changed.cells["target"].value == "较上年提高2%", (changed.title, changed.cells.get("target"))
    assert rows["任务1:临床诊断符合率"].cells["target"].value == "95%以上"


def test_a_glued_date_after_a_name_opens_the_target() -> None:
    # the field corpus's fA_11 glued: "工程完工时限2023年12月2023年10月1515无" is a name, a target date,
    # an actual date, 15 | 15; read as one name, the row had two false "missing value" errors
    leaves = _leaves(
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标时效指标工程完工时限2023年12月2023年10月1515无质量指标竣工验收合格率100%100%1515无\n",
        "glued.txt",
    )
    rows = {r.title: r for r in leaves}
    dated = rows["工程完工时限"]
    assert (dated.cells["target"].value, dated.cells["actual"].value, str(dated.score.value)) == ("2023年12月", "2023年10月", "15"), list(rows)
