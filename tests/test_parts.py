"""One file, many reports: where `auditor.pipeline.parts.split` cuts a file, and where it must not."""

from __future__ import annotations

from pathlib import Path

from auditor.pipeline.parts import split
from auditor.readers.plain.parse import parse

ROOT = Path(__file__).resolve().parent.parent
FORM = (
    "项目支出绩效自评表\n（2022年度）\n"
    "项目名称\t{name}\n"
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t{budget}\t{budget}\t{spent}\t10\t{rate}\t{score}\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t完成培训人数\t≥100人\t120人\t50\t50\n"
)


def _form(name: str, budget: str, spent: str, rate: str, score: str) -> str:
    return FORM.format(name=name, budget=budget, spent=spent, rate=rate, score=score)


def test_two_forms_of_two_projects_are_two_reports() -> None:
    text = "附件1\n" + _form("社区办公经费", "10", "9", "90%", "9") + "附件2\n" + _form("民生家园建设经费", "20", "20", "100%", "10")
    parts = split(parse(text, "two.txt"))
    assert len(parts) == 2
    assert "社区办公经费" in parts[0].text[parts[0].blocks[0].span.start : parts[0].blocks[-1].span.end]
    assert parts[1].blocks[0].span.start == text.index("附件2")


def test_a_narrative_with_its_own_form_attached_is_one_report() -> None:
    narrative = (
        "2022年度社区办公经费项目绩效自评报告\n"
        "一、项目基本情况\n社区办公经费项目2022年预算10万元，实际支出9万元，预算执行率90%，主要用于社区日常办公。"
        "项目按计划组织实施，各项工作有序推进，群众满意度较高。\n"
        "二、绩效目标完成情况\n全年组织培训120人次，超过年初目标。\n"
    )
    parts = split(parse(narrative + "附件：项目支出绩效自评表\n" + _form("社区办公经费", "10", "9", "90%", "9"), "one.txt"))
    assert len(parts) == 1


def test_forms_printed_on_one_pdf_line_are_cut_inside_the_paragraph() -> None:
    one = " ".join(_form("体育中心运营结算费用", "250000", "215457.6", "86.18%", "8.62").split())
    two = " ".join(_form("对口支援及结对帮扶经费", "20000", "9034", "45.17%", "4.52").split())
    text = one.replace("项目支出绩效自评表 （2022年度）", "财政项目支出绩效自评表 (2022 年度)") + " -1- " + two.replace(
        "项目支出绩效自评表 （2022年度）", "财政项目支出绩效自评表 (2022 年度)"
    )
    parts = split(parse(text, "pdf.txt"))
    assert len(parts) == 2
    assert parts[1].blocks[0].text.text.startswith("财政项目支出绩效自评表")


def test_a_catalogue_of_titles_splits_nothing() -> None:
    catalogue = "本级单位项目支出绩效自评表目录\n" + "".join(f"{n}\n第{n}个项目经费自评表\n" for n in range(1, 9))
    parts = split(parse(catalogue + "项目支出绩效自评表\n" + _form("就业培训经费", "99", "99", "100%", "10"), "cat.txt"))
    assert len(parts) == 1


def test_the_samples_stay_whole_except_the_two_attachments() -> None:
    counts = {p.stem: len(split(parse(p.read_text(encoding="utf-8"), p.name))) for p in (ROOT / "samples").glob("*.txt")}
    assert counts == {
        "chaoyang-2020-self-evaluation-tables": 2,  # 附件1 and 附件2: two projects' forms
        "chengde-2022-community-office-pdf-report": 1,
        "gaoying-2020-community-office-report": 1,
        "gumei-2020-self-evaluation-table": 1,
        "shangjie-2021-community-governance-report": 1,
    }


def test_a_workbook_with_a_project_per_sheet_is_one_report_per_sheet(pm) -> None:
    for name, count in (("chaoyang.xlsx", 2), ("gumei.xlsx", 1)):
        path = ROOT / "samples" / "formats" / name
        report = pm.hook.pfaudit_read(path=path, data=path.read_bytes())
        parts = split(report)
        assert len(parts) == count, name
        sheets = [{a.sheet for a in report.anchors if p.blocks[0].span.start <= a.span.start < p.blocks[-1].span.end} for p in parts]
        assert all(len(s) == 1 for s in sheets) and len({next(iter(s)) for s in sheets}) == count
