"""The prose extractors: labelled figures, pairs, claims, lists, sums, tallies, fields and wording."""

from __future__ import annotations

from decimal import Decimal

from auditor.facts import extract
from auditor.facts.prose import glued_sections
from auditor.readers.plain.parse import parse


def facts_of(text: str):
    report = parse(text.strip("\n"), "case.txt")
    return report, extract(report)


def test_budget_basis_and_scope() -> None:
    _, facts = facts_of(
        "市财政每年安排200万元作为全市社区建设工作经费。结合我单位的工作职能要求，安排3万元作为工作经费。\n"
        "2021年工作经费年初预算30000元，调整后预算28000元，上年结转资金2000元，其中培训费1000元、宣传费1000元。\n"
        "建议2022年预算安排40000元。"
    )
    got = [(a.quantity.text, a.label, a.basis, a.scope) for a in facts.amounts]
    assert got == [
        ("200万元", "budget", "", "other"),
        ("3万元", "budget", "", "project"),
        ("30000元", "budget", "initial", "project"),
        ("28000元", "budget", "adjusted", "project"),
        ("2000元", "", "carryover", "other"),
        ("1000元", "", "", "part"),
        ("1000元", "", "", "part"),
        ("40000元", "budget", "", "other"),
    ]


def test_total_after_a_budget_clause() -> None:
    # "按…标准安排，总计X万元": the total is what the clause before it 安排s; a total whose clause
    # before ends in no label (a count, a place) stays unlabelled.
    _, facts = facts_of("本校按每生1000元标准安排，总计239万元。涉及3个乡镇，合计50万元。本年支出，合计20万元。")
    got = [(a.quantity.text, a.label) for a in facts.amounts]
    assert got == [("1000元", ""), ("239万元", "budget"), ("50万元", ""), ("20万元", "spent")]


def test_glued_sections_scope_their_own_amounts() -> None:
    # A page glued into one line with no full stops: 其中 in 一、 and 建议 in 三、 leave 二、 alone.
    text = (
        "某校自评报告一、基本情况本年安排资金100万元,其中上级拨入60万元二、资金使用情况本年支出40万元,"
        "结余留待下年使用三、几点建议建议拨款及时些"
    )
    _, facts = facts_of(text)
    got = [(a.quantity.text, a.label, a.scope) for a in facts.amounts]
    assert got == [("100万元", "budget", "project"), ("60万元", "", "part"), ("40万元", "spent", "project")]
    assert [(e.budget.quantity.text, e.spent.quantity.text) for e in facts.executions] == [("100万元", "40万元")]
    # an enumeration is no outline: "一、二类" and "第一、二批" do not cut a sentence
    assert glued_sections("一、二类医院和第一、二批项目三、") == []
    assert glued_sections(text) == [text.index("一、"), text.index("二、"), text.index("三、")]


def test_rate_subject() -> None:
    _, facts = facts_of("服务对象满意度为95%，预期指标值为80%以上。")
    assert [(r.quantity.text, r.subject) for r in facts.rates] == [("95%", "服务对象满意度"), ("80%", "")]


def test_execution_pairs_per_paragraph() -> None:
    _, facts = facts_of(
        "（一）居家养老项目\n\n该项目安排一般公共预算资金共计 150 万元，支出 29.5896 万元。\n\n"
        "（二）创建文明城市项目\n\n该项目主要安排资金共计30万元，已支出4.8307万元，预算执行率16.1%。"
    )
    got = [(e.budget.quantity.text, e.spent.quantity.text, round(e.rate, 1), e.section[-1]) for e in facts.executions]
    assert got == [
        ("150万元", "29.5896万元", Decimal("19.7"), "(一)居家养老项目"),
        ("30万元", "4.8307万元", Decimal("16.1"), "(二)创建文明城市项目"),
    ]
    assert facts.executions[1].stated.quantity.text == "16.1%"


def test_claims_skip_negation_and_plans() -> None:
    report, facts = facts_of(
        "按照年度预期目标，均已基本完成。设置的预期绩效目标已完成。绩效目标未完成。下一步确保目标全部完成。目标完成率100%。"
    )
    assert [(report.snippet(c.text.span()), c.kind) for c in facts.claims] == [("均已基本完成", "basic"), ("已完成", "full")]


def test_listings() -> None:
    report, facts = facts_of(
        "项目综合绩效评价分为4个等级：得分≥85分为优秀；75≤得分<85分为良好；60≤得分<75分为一般；得分<60分为较差。\n"
        "原因有2个方面：1. 财政资金紧张；2. 受疫情影响。\n"
        "指标体系包括投入、过程和效益三个方面。\n"
        "主要支出包括3个方面：人员经费、办公经费等。"
    )
    got = [(x.count, report.snippet(x.span), x.low, x.high, x.complete) for x in facts.listings]
    assert got == [
        (4, "4个等级", 4, 4, True),
        (2, "2个方面", 2, 2, True),
        (3, "三个方面", 2, 3, True),
        (3, "3个方面", 2, 2, False),
    ]


def test_listing_of_sub_headings() -> None:
    _, facts = facts_of(
        "预算未全部支出的项目 2 个，包括：\n\n（一）居家养老项目\n\n正文。\n\n（二）文明城市项目\n\n正文。\n\n三、设定质量"
    )
    assert [(x.count, len(x.items)) for x in facts.listings] == [(2, 2)]


def test_parts_sum() -> None:
    _, facts = facts_of("项目预算共计50万元，其中：培训经费30万元、宣传经费25万元。项目预算50万元，其中财政拨款30万元。")
    assert [(s.total.quantity.text, [p.quantity.text for p in s.parts]) for s in facts.sums] == [
        ("50万元", ["30万元", "25万元"])
    ]


def test_tally_of_participants() -> None:
    _, facts = facts_of(
        "组织社治干部观摩、培训4场次：1月15日参加人员100余人；3月30日120余人参加；7月14日30人到管城区；7月15日40余人参加。"
    )
    (tally,) = facts.tallies
    assert (tally.intro.text, tally.total, tally.lower_bound, tally.unit) == ("组织社治干部观摩、培训4场次", 290, True, "人")


def test_problem_sections_and_form_fields() -> None:
    report, facts = facts_of(
        "2. 发现的主要问题和改进措施\n\n无\n\n五、其他\n\n"
        "具体实施处(科室)\t党建办\t是否为经常性项目\t\t\n"
        "当年预算数(元)\t242,400.00\t上年预算完成率(%)\t0.00\n"
        "改进措施\t项目为经常性项目，具有大量以前年度工作经验。\t\t\n"
        "说明\t预算执行率低于70%或项目实施存在较大问题时,请说明原因和改进措施\t\t"
    )
    got = [(e.kind, e.text.text if e.text else None, e.empty) for e in facts.entries]
    assert got == [
        ("problems", "无", True),
        ("recurring", None, True),
        ("previous_rate", "0.00", False),
        ("recurring_claim", "为经常性项目", False),
    ]
    assert [(t.percent, report.snippet(t.span)) for t in facts.thresholds] == [(Decimal(70), "70%")]


def test_names() -> None:
    _, facts = facts_of(
        "2020年度社区办公项目绩效自评报告\n2020年补充经费项目预算安排11.78万元。\n对社区办公经费项目绩效情况进行评价。"
    )
    assert [(n.source, n.name) for n in facts.names] == [
        ("title", "社区办公"),
        ("body", "补充经费"),
        ("body", "社区办公经费"),
    ]


def test_numbered_headings_and_paragraphs() -> None:
    _, facts = facts_of("一、概述\n（一）负责组织工作。\n（二）项目概况\n二、评价")
    got = [(n.kind, n.number, n.heading, n.parent) for n in facts.numbered]
    assert got == [("cn", 1, True, -1), ("cn-paren", 1, False, 0), ("cn-paren", 2, True, 0), ("cn", 2, True, -1)]


def test_blemishes() -> None:
    report, facts = facts_of(
        "对2020的度项目进行量、定性分析，完成区级 收6.27倔，在90%及以上上得8分；78%以上不到90%得6分；70%以上不到80%得4分。"
        "满意度≥100百分比。常常、人人、上上下下、的的确确。（200字以内）"
    )
    got = [(w.kind, report.snippet(w.text.span()), w.suggestion) for w in facts.blemishes]
    assert got == [
        ("instruction", "（200字以内）", ""),
        ("doubled", "上上", "上"),
        ("year_du", "2020的度", "2020年度"),
        ("pair", "量、定性", "定量、定性"),
        ("unit_char", "6.27倔", "倔"),
        ("odd_unit", "100百分比", "百分比"),
        ("band_overlap", "78%以上不到90%", "80%以上不到90%"),
    ]


def test_missing_units() -> None:
    report, facts = facts_of("年初预算30000，实际支付17980，资金到位11.78万元，1-12月资金支出完成。")
    assert [report.snippet(s) for s in facts.missing_units] == ["30000", "17980"]


def test_breakdown_listing() -> None:
    _, facts = facts_of("共设置绩效指标8个：产出指标5个、效益指标2个、满意度指标1个。开展培训3场次：4月50人；6月60人；9月40人。")
    assert [(x.count, x.low, x.breakdown) for x in facts.listings] == [(8, 8, True), (3, 3, False)]


def test_reason_column_of_a_sichuan_fund_block() -> None:
    _, facts = facts_of(
        "预算执行情况（10分）\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\t原因\n"
        "总额\t50\t50\t42.5\t85%\t10\t8.5\t部分培训推迟至次年开展。\n"
        "财政资金\t50\t50\t42.5\t85%\t/\t/\t\n"
    )
    got = [(e.kind, e.text.text if e.text else None, e.empty) for e in facts.entries]
    assert got == [
        ("exec_reason", "部分培训推迟至次年开展。", False),
        ("exec_reason", None, True),
        ("fund_unit_missing", None, True),  # neither 元 nor 万元 in the header
    ]


def test_costings_pair_a_count_with_its_standard() -> None:
    # "300/人" with no unit is read in 元; a count of 户 never meets a standard per 人
    _, facts = facts_of("走访慰问对象120人,慰问标准300/人。困难户50户,每户500元,参与200人次。")
    got = [(c.count.text, c.standard.text, c.total) for c in facts.costings]
    assert got == [("120人", "300/人", Decimal(36000)), ("50户", "每户500元", Decimal(25000))]
