"""Every format renders one fixed set of findings; each output is compared with a snapshot.

The findings cover Chinese text, a multi-line span, a table-cell anchor, a page anchor, an
xlsx sheet/cell anchor, all three severities, a character outside the BMP (𠮷, one code
point, two UTF-16 units) and text that needs escaping. Snapshots live in
tests/snapshots/formats/; ``PFAUDIT_UPDATE_FORMAT_SNAPSHOTS=1 pytest tests/test_formats.py``
rewrites them, and the diff in review is the change in output.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from auditor.engine.check import Check, check
from auditor.engine.findings import Context, Finding, Location, Severity, TableContext
from auditor.formats import FORMATS, artifact_uri
from auditor.pairs.document import Document, Held
from auditor.pipeline.result import FileResult, Run, fingerprint
from auditor.report.model import Span

SNAPSHOTS = Path(__file__).parent / "snapshots" / "formats"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
UPDATE = os.environ.get("PFAUDIT_UPDATE_FORMAT_SNAPSHOTS") == "1"

TEXT = "reports/高营镇/2020年度（𠮷）绩效自评报告.txt"
XLSX = "data/自评表.xlsx"
PDF = "scan/承德 报告.pdf"
BROKEN = "broken.docx"
CLEAN = "clean.txt"
LINE3 = "项目𠮷单位：执行率100%，得分10分。"  # 𠮷 before the finding: "100%" starts at code point 10


def fixed_checks() -> list[Check]:
    def make(code: str, category: str, severity: str, name: str, doc: str) -> Check:
        def func(report) -> Iterator[Finding]:
            yield from ()

        func.__name__, func.__doc__ = name, doc
        return check(code, category=category, severity=severity)(func)

    return [
        make("AM01", "execution_rate_mismatch", "error", "execution_rate_mismatch",
             "执行率与“全年执行数 ÷ 全年预算数”不符。\n\n## 说明\n按报告写出的精度比较。\n\n## 反例\n```text\n执行率100%\n```"),
        make("IN01", "arithmetic_total", "error", "score_total_mismatch", "总分不等于各项得分之和。"),
        make("ST01", "placeholder_left", "info", "placeholder_row", "表中留有模板占位行。"),
        make("TX01", "duplicated_text", "warning", "duplicated_sentence", "同一段文字重复出现。"),
        make("YR01", "year_inconsistency", "error", "fiscal_year_mismatch", "正文年度与报告年度不符。"),
    ]  # fmt: skip


def _finding(code: str, sev: str, path: str, message: str, loc: Location, **kw) -> Finding:
    names = {c.code: c for c in fixed_checks()}
    c = names.get(code)
    name, category = (c.name, c.category) if c else ("unreadable-file", "unreadable")
    return Finding(Span(0, 0), message, severity=Severity(sev), code=code, name=name, category=category,
                   path=path, location=loc, **kw)  # fmt: skip


def fixed_findings() -> list[Finding]:
    """The fixed finding set every format renders."""
    section = ("一、项目概况", "（一）资金使用")
    return [
        _finding("AM01", "error", TEXT, "执行率按金额计算应为90.10%，表中为100%：请核对“预算数,执行数”。",
                 Location(TEXT, 3, 10, 3, 14, section, table=1, table_row=2, table_column=7),
                 expected="90.10%", actual="100%", snippet=LINE3,
                 message_en="execution rate should be 90.10%, the table says 100%",
                 related_locations=(Location(TEXT, 3, 3, 3, 5, section), Location(TEXT, 4, 1, 4, 9, section)),
                 context=Context(((2, "（一）资金使用"), (3, LINE3), (4, "全年预算数200万元")),
                                 TableContext("tsv", 2, 7, ("", "年度资金总额", "200", "200", "180", "10", "100%", "10"),
                                              related_columns=(4, 5)))),
        _finding("TX01", "warning", TEXT, "这段文字重复出现2次\r\n疑似套话：<b>“保证经费落实到位”</b> & 'x'",
                 Location(TEXT, 5, 3, 7, 4, ("二、绩效目标",)), snippet="  严格执行<相关>制度，",
                 context=Context(((5, "  严格执行<相关>制度，"), (6, "保证经费&落实"), (7, "到位。")))),
        _finding("ST01", "info", TEXT, "表中有2行未填写的模板占位行（“指标2：”）。",
                 Location(TEXT, 12, 2, 12, 5, (), table=1, table_row=3, table_column=2), snippet="\t指标2：",
                 context=Context(table=TableContext("cell-per-line", 3, 2, ("产出指标", "指标2：", ""),
                                                    above=("产出指标", "指标1：办公", "10")))),
        _finding("IN01", "error", XLSX, "合计的得分为96.00，但各项得分相加为89.00。",
                 Location(XLSX, section=("自评表",), sheet="自评表", cell="F12"), expected="89.00", actual="96.00",
                 snippet="96.00", message_en="total score 96.00 is not the sum of the rows (89.00)",
                 related_locations=(Location(XLSX, sheet="自评表", cell="F5"), Location(XLSX, sheet="自评表", cell="F6"))),
        _finding("YR01", "warning", PDF, "本报告为2022年度，这里写的是2021年。",
                 Location(PDF, page=5, table=2, table_row=4, table_column=3), snippet="2021年", expected="2022", actual="2021"),
        _finding("PF01", "error", BROKEN, "这是ZIP 压缩包，不是文本文件。", Location(BROKEN)),
    ]  # fmt: skip


def fixed_run(**kw) -> Run:
    """A finished run over the fixed findings: five files, one unreadable, one clean."""
    full = {"fiscal_year": 1, "forms": 1, "fund_lines": 2, "indicators": 8, "sentences": 40, "content": 1}
    narrative = {"fiscal_year": 1, "forms": 0, "fund_lines": 0, "indicators": 0, "sentences": 12, "content": 1}
    codes = tuple(c.code for c in fixed_checks())
    # a self-evaluation held against a declaration of another file, and a workbook of two declarations
    title = Held("《2020年度社区服务绩效目标申报表》", Span(0, 4), Location("data/申报表.xlsx", sheet="项目1", cell="E2"))
    evaluated = Document(XLSX, 1, "self-evaluation", project=Held("社区服务", Span(0, 4)), year=2020,
                         against=title, against_path="data/申报表.xlsx")
    declared = tuple(Document(CLEAN, n, "declaration", "project", project=Held(f"项目{n}", Span(0, 3)), year=2020) for n in (1, 2))
    files = (
        FileResult(TEXT, "utf-8", "text", ("以 GB18030 编码读取",), full, None, codes, (), hidden=1),
        FileResult(XLSX, "", "xlsx", (), full, None, codes, (), documents=(evaluated,), kinds=("self-evaluation",)),
        FileResult(PDF, "", "pdf", (), narrative, None, ("TX01", "YR01"), ("AM01", "IN01", "ST01"),
                   missing_facts=("fund_lines", "indicators")),
        FileResult(BROKEN, error="这是ZIP 压缩包，不是文本文件。"),
        FileResult(CLEAN, "utf-8", "text", (), full, None, codes, (), documents=declared, kinds=("declaration",)),
    )
    defaults = {"version": "test", "exit_code": 1, "hidden": 1, "baseline": "baseline.json"}
    return Run(files, tuple(fixed_findings()), tuple(fixed_checks()), **(defaults | kw))


def _html_markup(html: str) -> str:
    # The stylesheet and script are exercised in a real browser (test_html.py); snapshot the markup.
    html = re.sub(r"<style>.*?</style>", "<style>…</style>", html, flags=re.S)
    return re.sub(r"<script>.*?</script>", "<script>…</script>", html, flags=re.S)


def _xlsx_dump(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        out.append(f"## {ws.title}")
        out += ["\t".join("" if v is None else str(v) for v in row) for row in ws.iter_rows(values_only=True)]
    return "\n".join(out) + "\n"


VARIANTS = {
    "text.txt": lambda: FORMATS["text"](fixed_run()),
    "text-en.txt": lambda: FORMATS["text"](fixed_run(lang="en")),
    "text-color.txt": lambda: FORMATS["text"](fixed_run(color=True)),
    "text-statistics.txt": lambda: FORMATS["text"](fixed_run(statistics=True)),
    "text-summary.txt": lambda: FORMATS["text"](fixed_run(summary=True)),
    "text-quiet.txt": lambda: FORMATS["text"](fixed_run(quiet=1)),
    "concise.txt": lambda: FORMATS["concise"](fixed_run()),
    "concise-en.txt": lambda: FORMATS["concise"](fixed_run(lang="en")),
    "gitlab.json": lambda: FORMATS["gitlab"](fixed_run()),
    "json.json": lambda: FORMATS["json"](fixed_run()),
    "sarif.sarif": lambda: FORMATS["sarif"](fixed_run()),
    "html.html": lambda: _html_markup(FORMATS["html"](fixed_run())),
    "csv.csv": lambda: FORMATS["csv"](fixed_run()),
    "csv-summary.csv": lambda: FORMATS["csv"](fixed_run(summary=True)),
    "xlsx.txt": lambda: _xlsx_dump(FORMATS["xlsx"](fixed_run())),
    "github.txt": lambda: FORMATS["github"](fixed_run()),
    "junit.xml": lambda: FORMATS["junit"](fixed_run()),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_snapshot(name: str) -> None:
    got = VARIANTS[name]()
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"snapshot {name} was missing and has been written; check it in and run again")
    assert got == path.read_bytes().decode("utf-8"), f"{name} changed; rerun with PFAUDIT_UPDATE_FORMAT_SNAPSHOTS=1"


def test_every_format_has_a_snapshot() -> None:
    covered = {name.split(".")[0].split("-")[0] for name in VARIANTS}
    assert covered == set(FORMATS)


def test_every_format_declares_what_its_output_is() -> None:
    for name, render in FORMATS.items():
        assert "/" in render.media_type, name
        assert isinstance(render(fixed_run()), bytes) == render.binary, name


def test_sarif_is_valid_and_github_ready() -> None:
    doc = json.loads(FORMATS["sarif"](fixed_run()))
    jsonschema.validate(doc, SCHEMA)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["AM01", "IN01", "PF01", "ST01", "TX01", "YR01"]
    am01 = run["tool"]["driver"]["rules"][0]
    assert am01["fullDescription"]["text"] == "执行率与“全年执行数 ÷ 全年预算数”不符。\n\n按报告写出的精度比较。"
    assert "```" in am01["help"]["markdown"] and "```" not in am01["help"]["text"]
    assert am01["helpUri"].endswith("docs/rules/AM01.md")
    assert am01["defaultConfiguration"]["level"] == "error" and am01["properties"]["tags"] == [
        "execution_rate_mismatch"
    ]
    results = {r["ruleId"]: r for r in run["results"]}
    region = results["AM01"]["locations"][0]["physicalLocation"]["region"]
    # 𠮷 is one code point: "100%" starts at column 10, not 11 as UTF-16 would count it.
    assert LINE3[region["startColumn"] - 1 : region["endColumn"] - 1] == "100%"
    assert len(results["AM01"]["relatedLocations"]) == 2
    assert results["TX01"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 3,
        "endLine": 7,
        "endColumn": 4,
    }
    for code in ("IN01", "YR01", "PF01"):  # binary reports: line 1 stands in (GitHub needs a line)
        location = results[code]["locations"][0]
        assert location["physicalLocation"]["region"] == {"startLine": 1}
    for result in results.values():  # every result can be placed by code scanning (GH1003)
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert results["IN01"]["locations"][0]["logicalLocations"] == [{"kind": "sheet", "name": "自评表!F12"}]
    assert results["IN01"]["message"]["text"].endswith("89.00。（自评表!F12）")  # the anchor, in words too
    assert results["YR01"]["message"]["text"].endswith("（第5页 表2 第4行 第3列）")
    assert results["AM01"]["message"]["text"].endswith("执行数”。")  # a text report has lines: no anchor
    assert {"kind": "page", "name": "第5页"} in results["YR01"]["locations"][0]["logicalLocations"]
    uri = results["AM01"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == artifact_uri(TEXT) and "%F0%A0%AE%B7" in uri and "高" not in uri
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert run["properties"]["baselineHidden"] == 1 and run["properties"]["truncated"] is False


def test_sarif_fingerprints_ignore_line_numbers() -> None:
    original = fixed_findings()[0]
    moved = Location(TEXT, 30, 10, 30, 14, original.location.section, table=1, table_row=2, table_column=7)
    assert fingerprint(original) == fingerprint(_replace(original, location=moved))
    assert fingerprint(original) != fingerprint(_replace(original, snippet=LINE3.replace("100%", "95%")))


def _replace(f: Finding, **kw) -> Finding:
    return dataclasses.replace(f, **kw)


def test_sarif_truncates_at_github_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.formats import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    doc = json.loads(FORMATS["sarif"](fixed_run()))
    run = doc["runs"][0]
    jsonschema.validate(doc, SCHEMA)
    assert [r["level"] for r in run["results"]] == ["error", "error", "error"]  # the most severe kept
    assert run["properties"] == {
        "baselineHidden": 1,
        "truncated": True,
        "totalResults": 6,
        "baselineFile": "baseline.json",
    }
    notice = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notice["level"] == "warning" and "6" in notice["message"]["text"] and "3" in notice["message"]["text"]


def test_csv_has_a_bom_and_parses_back() -> None:
    text = FORMATS["csv"](fixed_run())
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["文件", "位置", "代码", "名称", "类别", "级别", "说明", "应为", "实际"]
    assert rows[1][:3] == [TEXT, "3:10 表1 第2行 第7列", "AM01"] and rows[1][7:] == ["90.10%", "100%"]
    assert [r[1] for r in rows[4:6]] == ["自评表!F12", "第5页 表2 第4行 第3列"]
    assert rows[2][6].startswith("这段文字重复出现2次\r\n")  # a line break inside a quoted field survives
    assert len(rows) == 1 + len(fixed_findings())


def test_csv_defuses_formulas() -> None:
    evil = _replace(fixed_findings()[0], message='=HYPERLINK("http://x")', expected="-5", actual="+1+1")
    text = FORMATS["csv"](Run((), (evil,), ()))
    row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1]
    assert row[6].startswith("'=") and row[7] == "-5" and row[8] == "'+1+1"


def test_xlsx_opens_with_both_sheets_and_no_formulas() -> None:
    evil = _replace(fixed_findings()[0], message="=1+1")
    data = FORMATS["xlsx"](Run(fixed_run().files, (evil, *fixed_findings()[1:]), ()))
    assert isinstance(data, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["发现", "报告汇总"]
    findings = wb["发现"]
    assert findings["G2"].value == "=1+1" and findings["G2"].data_type == "s"
    assert findings["B5"].value == "自评表!F12"
    summary = list(wb["报告汇总"].iter_rows(values_only=True))
    assert summary[0][:5] == ("文件", "错误", "警告", "提示", "风险分")
    assert summary[0][8:] == ("文件类型", "对照的申报表")
    by_path = {row[0]: row for row in summary[1:]}
    assert by_path[TEXT][1:5] == (1, 1, 1, 14)  # 10×1 + 3×1 + 1×1
    assert by_path[PDF][6] == "AM01 IN01 ST01"
    # the kind of document, and the declaration a self-evaluation was held against, by name and file
    assert by_path[CLEAN][8] == "项目支出绩效目标申报表（2份）"
    assert by_path[XLSX][8:10] == ("绩效自评表", "与《2020年度社区服务绩效目标申报表》（申报表.xlsx）对照")


def test_junit_parses_and_counts() -> None:
    root = ET.fromstring(FORMATS["junit"](fixed_run()).encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == [TEXT, XLSX, PDF, BROKEN, CLEAN]
    text = suites[TEXT]
    assert (text.get("tests"), text.get("failures"), text.get("skipped")) == ("5", "2", "0")
    pdf = suites[PDF]
    skipped = [c.get("name") for c in pdf.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["AM01 execution-rate-mismatch", "IN01 score-total-mismatch", "ST01 placeholder-row"]
    assert suites[BROKEN].find("testcase/error") is not None
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites.values()))


def test_github_annotations_escape_properties_and_data() -> None:
    lines = FORMATS["github"](fixed_run()).splitlines()
    assert lines[0].startswith(
        f"::error file={TEXT},line=3,col=10,endLine=3,endColumn=14,title=AM01 execution-rate-mismatch::"
    )
    assert "90.10%25" in lines[0] and "“预算数,执行数”" in lines[0]  # , and : stay in the message
    assert "%0D%0A" in lines[1] and "\r" not in lines[1] and lines[1].startswith("::warning ")
    assert lines[2].startswith("::notice ")
    assert all(len(line.split("::")) >= 3 for line in lines)
    odd = _replace(fixed_findings()[0], path="a,b:c%.txt")
    line = FORMATS["github"](Run((), (odd,), ())).splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac%25.txt,line=3,")


def test_coverage_lists_fold_consecutive_codes() -> None:
    from auditor.formats.summary import compact

    assert (
        compact(["TX01", "AM03", "AM02", "AM04", "IN01", "IN03", "GR01", "GR02"])
        == "AM02–AM04 GR01–GR02 IN01 IN03 TX01"
    )


def test_very_quiet_prints_nothing() -> None:
    assert FORMATS["text"](fixed_run(quiet=2)) == "" and FORMATS["concise"](fixed_run(quiet=2)) == ""
    assert FORMATS["concise"](fixed_run(quiet=1)).splitlines() == FORMATS["concise"](fixed_run()).splitlines()[:-1]


def test_concise_is_one_line_per_finding_in_ruffs_shape() -> None:
    lines = FORMATS["concise"](fixed_run()).splitlines()
    assert len(lines) == len(fixed_findings()) + 1 and lines[-1].startswith("共 5 份报告")
    assert lines[0] == f"{TEXT}:3:10: AM01 执行率按金额计算应为90.10%，表中为100%：请核对“预算数,执行数”。"
    assert lines[3].startswith(f"{XLSX}:自评表!F12: IN01 ")  # a binary report: the anchor stands for line:col


def test_gitlab_code_quality_report() -> None:
    doc = json.loads(FORMATS["gitlab"](fixed_run()))
    assert len(doc) == len(fixed_findings())
    assert len({item["fingerprint"] for item in doc}) == len(doc)
    for item in doc:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert item["location"]["lines"]["begin"] >= 1 and item["location"]["path"]
    am01, tx01 = doc[0], doc[1]
    assert am01["check_name"] == "AM01" and am01["severity"] == "major"
    assert am01["location"]["lines"] == {"begin": 3, "end": 3} and tx01["location"]["lines"] == {"begin": 5, "end": 7}
    yr01 = next(item for item in doc if item["check_name"] == "YR01")
    assert "第5页 表2 第4行 第3列" in yr01["description"] and yr01["severity"] == "minor"


def test_statistics_is_one_row_per_code() -> None:
    from auditor.pipeline.result import statistics

    twice = [*fixed_findings(), _replace(fixed_findings()[1], severity=Severity.INFO)]
    rows = {r.code: r for r in statistics(twice)}
    assert (rows["TX01"].count, rows["TX01"].warning, rows["TX01"].info) == (2, 1, 1)
    assert list(rows) == ["TX01", "AM01", "IN01", "PF01", "ST01", "YR01"]


def test_sarif_rules_speak_english() -> None:
    from auditor.engine.plugins import collect_checks, make_plugin_manager

    checks = tuple(c for c in collect_checks(make_plugin_manager(entry_points=False)) if c.code == "AM01")
    doc = json.loads(FORMATS["sarif"](dataclasses.replace(fixed_run(lang="en"), checks=checks)))
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"]["text"] == checks[0].summary_en
    assert "What it does" in rule["help"]["text"] and "Bad example" in rule["help"]["markdown"]
    assert "说明" not in rule["help"]["markdown"]


def test_sarif_links_are_absolute_and_lead_to_the_rule_pages() -> None:
    from urllib.parse import urlsplit

    from auditor.engine.project import REPOSITORY, RULES
    from tests.conftest import ROOT

    driver = json.loads(FORMATS["sarif"](fixed_run()))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == REPOSITORY and "pypi" not in json.dumps(driver)
    for uri in [driver["informationUri"], *(r["helpUri"] for r in driver["rules"])]:
        parts = urlsplit(uri)
        assert parts.scheme == "https" and parts.netloc and " " not in uri, uri
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"{RULES}{rule['id']}.md" and (ROOT / "docs" / "rules" / f"{rule['id']}.md").is_file()


def test_a_crashed_check_is_a_failed_execution_not_a_result() -> None:
    from auditor.pipeline.result import NotInstalled

    crash = _finding("PF00", "error", TEXT, "检查 TX01 duplicated-sentence 运行出错（KeyError: 'x'），本项未检查。", Location(TEXT),
                     message_en="check TX01 duplicated-sentence crashed (KeyError: 'x'); not checked")  # fmt: skip
    crash = _replace(crash, name="check-crashed", category="structure")
    missing = NotInstalled(("CP01", "CP02"), ("datasketch",), 'pip install "/src/pfaudit[corpus]"')
    run = fixed_run(lang="en", not_installed=(missing,))
    run = dataclasses.replace(run, findings=(*run.findings, crash))
    doc = json.loads(FORMATS["sarif"](run))
    jsonschema.validate(doc, SCHEMA)
    sarif_run = doc["runs"][0]
    assert "PF00" not in {r["ruleId"] for r in sarif_run["results"]}
    assert len(sarif_run["results"]) == len(fixed_findings())
    invocation = sarif_run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    error, note = invocation["toolExecutionNotifications"]
    assert error["level"] == "error" and error["descriptor"] == {"id": "PF00"} and "TX01" in error["message"]["text"]
    assert error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == artifact_uri(TEXT)
    assert note["level"] == "note" and note["properties"] == {"checksNotRun": ["CP01", "CP02"]}
    assert note["message"]["text"] == 'CP01, CP02 not run: datasketch is not installed; install it with pip install "/src/pfaudit[corpus]"'
    # without a crash the invocation succeeded, the missing library notwithstanding
    clean = json.loads(FORMATS["sarif"](fixed_run(not_installed=(missing,))))["runs"][0]["invocations"][0]
    assert clean["executionSuccessful"] is True and clean["toolExecutionNotifications"][0]["level"] == "note"


def test_checks_not_installed_are_named_once_in_every_text_view() -> None:
    from auditor.pipeline.result import NotInstalled

    missing = NotInstalled(("CP01", "CP02"), ("datasketch",), 'pip install "/src/pfaudit[corpus]"')
    line = '! CP01、CP02 未运行：没有安装 datasketch；安装方法：pip install "/src/pfaudit[corpus]"'
    for kw in ({}, {"quiet": 1}, {"statistics": True}, {"summary": True}):
        out = FORMATS["text"](fixed_run(not_installed=(missing,), **kw))
        assert out.splitlines().count(line) == 1, kw
        assert out.splitlines()[-1 if kw.get("quiet") else -2] == line, kw  # just above the summary line
    assert FORMATS["concise"](fixed_run(not_installed=(missing,))).splitlines()[-2] == line
    doc = json.loads(FORMATS["json"](fixed_run(not_installed=(missing,))))
    assert doc["not_installed"] == [{"checks": ["CP01", "CP02"], "modules": ["datasketch"], "install": missing.install}]
    assert 'id="not-installed-0"' in FORMATS["html"](fixed_run(not_installed=(missing,)))


@pytest.mark.parametrize("table", ["statistics", "summary"])
def test_quiet_with_a_table_prints_the_table_alone(table: str) -> None:
    alone = FORMATS["text"](fixed_run(quiet=1, **{table: True}))
    full = FORMATS["text"](fixed_run(**{table: True}))
    assert full.startswith(alone) and alone.strip() and "\n\n" not in alone.strip()
    assert "共 5 份报告" in full and "共 5 份报告" not in alone  # no summary line
    assert not any(line.startswith(TEXT + ":") for line in alone.splitlines())  # no findings
