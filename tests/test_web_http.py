"""The web page through its HTTP interface: every input kind, every refusal, every download.

The real application runs in-process (Starlette's TestClient); each file is checked in a
real child process, as under ``pfaudit serve``. What the page lists is compared with what
``pfaudit FILE --format json`` reports for the same file.
"""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import shutil
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from starlette.testclient import TestClient

from auditor.cli import main as cli
from auditor.engine.findings import Location
from auditor.formats.words import place_in_words
from auditor.web.app import Settings, create_app
from tests.conftest import ROOT

FORMATS = ROOT / "samples" / "formats"
BAD = ROOT / "tests" / "fixtures" / "bad"
SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
BASE = "http://127.0.0.1"
# A report small enough to build in a test: the rate and the score disagree with the amounts.
TABLE = (
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t200\t200\t150\t10\t80.00%\t8\n"
)


def make_client(tmp_path: Path, **limits: object) -> TestClient:
    """The real app with its uploads under `tmp_path/uploads`, seen from 127.0.0.1."""
    (tmp_path / "uploads").mkdir(exist_ok=True)
    return TestClient(create_app(Settings(temp_root=tmp_path / "uploads", **limits)), base_url=BASE)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as c:
        yield c
    assert list((tmp_path / "uploads").iterdir()) == [], "an upload folder was left behind"


def post(client: TestClient, *files: tuple[str, bytes], lang: str = "zh", profile: str = "national"):
    """POST the files to /check as a browser would and follow the redirect."""
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return client.post(f"/check?lang={lang}", files=parts, data={"profile": profile, "lang": lang})


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.text)


def listed(doc: lxml.html.HtmlElement, report: int = 0) -> list[tuple[str, str]]:
    """(code, place) of every finding the page lists for one report, in order."""
    return [(li.get("data-code"), li.get("data-place")) for li in doc.cssselect(f"#findings-{report} li.finding")]


def cli_json(tmp_path: Path, path: Path, *options: str) -> dict:
    out = tmp_path / "cli.json"
    cli.main([str(path), "--format", "json", "--output", str(out), *options])
    return json.loads(out.read_text(encoding="utf-8"))


def shown(found: list[dict], lang: str = "zh") -> list[tuple[str, str]]:
    """(code, place) of the CLI's JSON findings as the page words the place: ``第5行第15列``, not ``5:15``."""
    return [(f["code"], place_in_words(Location(**(f["location"] | {"section": tuple(f["location"]["section"])})), lang))
            for f in found]  # fmt: skip


def test_the_form_page_in_both_languages(client: TestClient) -> None:
    zh = client.get("/")
    assert zh.status_code == 200
    assert "default-src 'self'" in zh.headers["content-security-policy"]
    doc = page(zh)
    assert doc.cssselect("button#check")[0].text_content() == "检查"
    assert doc.cssselect("input#files")[0].get("multiple") is not None
    options = [o.get("value") for o in doc.cssselect("#profile option")]
    shipped = sorted(p.stem for p in (ROOT / "auditor" / "engine" / "profiles").glob("*.toml"))
    assert options[0] == "national" and sorted(options) == shipped
    accept = doc.cssselect("input#files")[0].get("accept").split(",")
    assert {".docx", ".xlsx", ".pdf", ".doc", ".wps", ".xls", ".et", ".html", ".htm", ".txt"} <= set(accept)
    assert "20 MB" in doc.cssselect(".drop-hint")[0].text_content()
    en = page(client.get("/?lang=en"))
    assert en.cssselect("button#check")[0].text_content() == "Check"
    assert en.cssselect("#switch-lang")[0].get("href") == "/?lang=zh"
    # Every asset comes from the app itself: nothing reaches out to another host.
    for src in [*(e.get("src") for e in doc.iter("script")), *(e.get("href") for e in doc.iter("link"))]:
        assert src.startswith("/static/")
        assert client.get(src).status_code == 200


INPUTS = [
    pytest.param(FORMATS / "chaoyang.docx", id="docx"),
    pytest.param(FORMATS / "gumei.xlsx", id="xlsx"),
    pytest.param(FORMATS / "shangjie.pdf", id="pdf"),
    pytest.param(ROOT / "samples" / "gumei-2020-self-evaluation-table.txt", id="txt"),
    pytest.param(FORMATS / "gumei.doc", id="doc", marks=[SOFFICE, pytest.mark.slow]),
    pytest.param(FORMATS / "gumei.xls", id="xls", marks=[SOFFICE, pytest.mark.slow]),
]


@pytest.mark.parametrize("path", INPUTS)
def test_each_input_kind_lists_what_the_cli_reports(client: TestClient, tmp_path: Path, path: Path) -> None:
    response = post(client, (path.name, path.read_bytes()))
    assert response.status_code == 200 and "/result/" in str(response.url)
    doc = page(response)
    expected = shown(cli_json(tmp_path, path)["findings"])
    assert expected, "the sample should have findings"
    assert listed(doc) == expected
    # Each finding is marked in the drawn report and its list entry links to that mark.
    for n, li in enumerate(doc.cssselect("#findings-0 li.finding")):
        assert li.cssselect("a.goto")[0].get("href") == f"#p-0-{n}"
        assert len(doc.cssselect(f"#p-0-{n}")) == 1


def test_an_html_file_is_accepted_and_checked_like_the_cli(client: TestClient, tmp_path: Path) -> None:
    html = f"<html><body><pre>{TABLE}</pre></body></html>"
    path = tmp_path / "自评表.html"
    path.write_text(html, encoding="utf-8")
    doc = page(post(client, (path.name, path.read_bytes())))
    assert listed(doc) == shown(cli_json(tmp_path, path)["findings"])
    assert not doc.cssselect("#refusal-0")


def test_the_page_says_places_checks_and_regions_in_words(client: TestClient) -> None:
    import re

    from auditor.web.bridge import check_name

    path = ROOT / "samples" / "chengde-2022-community-office-pdf-report.txt"
    doc = page(post(client, (path.name, path.read_bytes())))
    places = [e.text_content() for e in doc.cssselect("#findings-0 .where")]
    assert places and all(re.fullmatch(r"第\d+行第\d+列|表\d+ 第\d+行 第\d+列", p) for p in places), places
    coverage = doc.cssselect("#coverage-0")[0]
    sentence = coverage.text_content().split(coverage.cssselect("details")[0].text_content())[0]
    assert "项检查未运行" in sentence and not re.search(r"[A-Z]{2}\d{2}", sentence)  # no bare codes
    items = coverage.cssselect("details li")
    assert len(items) == int(re.search(r"(\d+) 项检查未运行", sentence)[1])
    for li in items:
        code = li.cssselect("code")[0].text_content()
        assert li.text_content() == f"{code} {check_name(code)}" and check_name(code)
    form = page(client.get("/"))
    labels = {o.get("value"): o.text_content() for o in form.cssselect("#profile option")}
    assert labels["national"].startswith("全国默认：") and labels["sichuan"].startswith("四川：")
    assert not any(label.startswith(key) for key, label in labels.items())
    en = {o.get("value"): o.text_content() for o in page(client.get("/?lang=en")).cssselect("#profile option")}
    assert en["national"].startswith("National defaults — ") and not re.search(r"[\u4e00-\u9fff]{3}", en["sichuan"])


def test_notes_follow_the_page_language(client: TestClient) -> None:
    data = TABLE.encode("gb18030")
    en = page(post(client, ("自评表.txt", data), lang="en")).cssselect("#coverage-0 .note")
    assert [n.text_content() for n in en] == ["read as GB18030"]
    zh = page(post(client, ("自评表.txt", data))).cssselect("#coverage-0 .note")
    assert [n.text_content() for n in zh] == ["以 GB18030 编码读取"]


def test_a_table_cell_finding_marks_the_cell_and_its_phrase(client: TestClient) -> None:
    doc = page(post(client, ("自评表.txt", TABLE.encode())))
    am01 = doc.cssselect('#findings-0 li[data-code="AM01"]')[0]
    n = am01.get("id").rsplit("-", 1)[1]
    cell = doc.cssselect(f"#p-0-{n}")[0].getparent()
    assert cell.tag == "td" and "hit" in cell.get("class") and "sev-error" in cell.get("class")
    assert [m.text_content() for m in cell.cssselect("mark")] == ["80.00%"]
    assert "75.00%" in am01.cssselect(".expected")[0].text_content()
    assert "80.00%" in am01.cssselect(".actual")[0].text_content()


def test_several_files_get_a_summary_table_first(client: TestClient) -> None:
    files = [(p.name, p.read_bytes()) for p in (FORMATS / "chaoyang.docx", FORMATS / "gumei.xlsx")]
    doc = page(post(client, *files, ("空.txt", "项目名称：某项目\n".encode())))
    rows = doc.cssselect("#summary tbody tr")
    assert [r.cssselect("td")[0].text_content() for r in rows] == ["chaoyang.docx", "gumei.xlsx", "空.txt"]
    body = doc.cssselect("main")[0]
    assert list(body).index(doc.cssselect("#summary")[0]) < list(body).index(doc.cssselect("#report-0")[0])
    for i, row in enumerate(rows):
        counts = [int(td.text_content()) for td in row.cssselect("td.num")]
        sevs = [li.get("data-sev") for li in doc.cssselect(f"#findings-{i} li.finding")]
        assert counts == [sevs.count(s) for s in ("error", "warning", "info")]
    # The coverage note stands above the findings, for every report, in words.
    assert "项检查未运行" in doc.cssselect("#coverage-2")[0].text_content()
    assert "项检查未运行" in rows[2].cssselect("td")[-1].text_content()


def test_the_chosen_profile_is_the_one_used(client: TestClient, tmp_path: Path) -> None:
    path = FORMATS / "chaoyang.docx"
    national = listed(page(post(client, (path.name, path.read_bytes()))))
    sichuan_page = page(post(client, (path.name, path.read_bytes()), profile="sichuan"))
    sichuan = shown(cli_json(tmp_path, path, "--profile", "sichuan")["findings"])
    assert listed(sichuan_page) == sichuan != national
    # the region by the name people know it by, not the configuration's key
    assert sichuan_page.cssselect(".profile-used")[0].text_content() == "地区参数：四川"


def test_the_json_download_equals_the_cli_json(client: TestClient, tmp_path: Path) -> None:
    path = FORMATS / "chaoyang.docx"
    result = post(client, (path.name, path.read_bytes()))
    download = client.get(str(result.url).split("?")[0] + "/download/json")
    assert download.headers["content-disposition"].startswith("attachment")
    page_doc, cli_doc = download.json(), cli_json(tmp_path, path)

    def without_paths(finding: dict) -> dict:
        drop = ("path",)
        out = {k: v for k, v in finding.items() if k not in drop}
        out["location"] = {k: v for k, v in finding["location"].items() if k not in drop}
        out["related"] = [{k: v for k, v in r.items() if k not in drop} for r in finding["related"]]
        return out

    assert [without_paths(f) for f in page_doc["findings"]] == [without_paths(f) for f in cli_doc["findings"]]
    assert page_doc["summary"] == cli_doc["summary"] and page_doc["exit_code"] == cli_doc["exit_code"]
    assert page_doc["files"][0]["path"] == "chaoyang.docx"
    assert page_doc["files"][0]["checks_not_run"] == cli_doc["files"][0]["checks_not_run"]


def test_every_download_opens(client: TestClient) -> None:
    path = FORMATS / "gumei.xlsx"
    result = post(client, (path.name, path.read_bytes()))
    base = str(result.url).split("?")[0]
    codes = [c for c, _ in listed(page(result))]
    wb = openpyxl.load_workbook(io.BytesIO(client.get(base + "/download/xlsx").content))
    sheet = wb.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert [row[header.index("代码")] for row in sheet.iter_rows(min_row=2, values_only=True)] == codes
    sarif = client.get(base + "/download/sarif").json()
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == codes
    html = client.get(base + "/download/html")
    assert html.headers["content-type"].startswith("text/html") and "绩效自评报告检查结果" in html.text
    english = openpyxl.load_workbook(io.BytesIO(client.get(base + "/download/xlsx?lang=en").content))
    assert english.worksheets[0]["A1"].value == "file"
    assert client.get(base + "/download/exe").status_code == 404


def test_the_download_links_name_each_format_in_the_page_language(client: TestClient) -> None:
    url = str(post(client, ("自评表.txt", TABLE.encode())).url).split("?")[0]
    links = {lang: [(a.get("id"), a.text_content()) for a in page(client.get(f"{url}?lang={lang}")).cssselect("a.download")]
             for lang in ("zh", "en")}  # fmt: skip
    assert links == {
        "zh": [("download-xlsx", "Excel 表格"), ("download-json", "JSON"), ("download-sarif", "SARIF"), ("download-html", "网页报告")],
        "en": [("download-xlsx", "Excel"), ("download-json", "JSON"), ("download-sarif", "SARIF"), ("download-html", "HTML report")],
    }


def test_language_switch_re_renders_the_same_result(client: TestClient) -> None:
    result = post(client, ("自评表.txt", TABLE.encode()))
    url = str(result.url).split("?")[0]
    zh, en = page(client.get(url + "?lang=zh")), page(client.get(url + "?lang=en"))
    assert [c for c, _ in listed(zh)] == [c for c, _ in listed(en)]
    assert en.cssselect(".side h3")[0].text_content().startswith("Findings")
    assert en.cssselect("#switch-lang")[0].get("href") == f"{url.removeprefix(BASE)}?lang=zh"
    assert "execution rate" in en.cssselect('#findings-0 li[data-code="AM01"] .msg')[0].text_content()


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("encrypted.pdf", "密码"),
        ("scanned.pdf", "扫描件"),
        ("protected.xlsx", "密码"),
        ("truncated.docx", "损坏"),
        ("empty.docx", "为空"),
        ("webpage.pdf", "网页"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message(client: TestClient, name: str, words: str) -> None:
    response = post(client, (name, (BAD / name).read_bytes()))
    assert response.status_code == 200
    refusal = page(response).cssselect("#refusal-0")[0].text_content()
    assert "无法检查这个文件" in refusal and words in refusal
    assert "Traceback" not in response.text


def test_unsupported_and_too_large_files_are_refused_while_others_are_checked(tmp_path: Path) -> None:
    small = tmp_path / "小.txt"
    small.write_text(TABLE, encoding="utf-8")
    with make_client(tmp_path, max_bytes=10_000) as client:
        big = FORMATS / "chaoyang.docx"  # over 10 KB
        response = post(client, ("程序.exe", b"MZ\x90\x00"), (big.name, big.read_bytes()), ("小.txt", TABLE.encode()))
        doc = page(response)
    assert "不支持这种文件类型（.exe）" in doc.cssselect("#refusal-0")[0].text_content()
    assert "超过" in doc.cssselect("#refusal-1")[0].text_content()
    assert listed(doc, 2) == shown(cli_json(tmp_path, small)["findings"])
    assert not doc.cssselect("#refusal-2")
    assert list((tmp_path / "uploads").iterdir()) == []


def test_a_file_over_the_time_limit_is_stopped(tmp_path: Path) -> None:
    with make_client(tmp_path, time_limit=0.05) as client:
        path = FORMATS / "shangjie.pdf"
        doc = page(post(client, (path.name, path.read_bytes())))
    assert "检查超过 0.05 秒仍未完成，已停止" in doc.cssselect("#refusal-0")[0].text_content()
    assert multiprocessing.active_children() == []


def test_a_body_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with make_client(tmp_path, max_bytes=1000, max_files=1) as client:
        response = post(client, ("大.txt", b"x" * (2 * 1024 * 1024)))
    assert response.status_code == 413
    assert "上传的内容太大" in page(response).cssselect("#error")[0].text_content()


def test_too_many_files_no_file_and_a_bare_post(tmp_path: Path) -> None:
    with make_client(tmp_path, max_files=2) as client:
        many = post(client, *[(f"{n}.txt", TABLE.encode()) for n in range(3)])
        assert many.status_code == 413 and "一次最多检查 2 个文件" in many.text
        nothing = client.post("/check", files=[("files", ("", b"", "application/octet-stream"))])
        assert nothing.status_code == 400 and "没有收到文件" in nothing.text
        bare = client.post("/check", data={"profile": "national"})
        assert bare.status_code == 400 and "没有收到文件" in bare.text
        again = client.get("/check?lang=en", follow_redirects=False)
        assert again.status_code == 303 and again.headers["location"] == "/?lang=en"


def test_unknown_results_and_pages_get_a_page_not_a_bare_error(client: TestClient) -> None:
    expired = client.get("/result/nothing-here")
    assert expired.status_code == 404 and "已过期" in page(expired).cssselect("#error")[0].text_content()
    missing = client.get("/no/such/page?lang=en")
    assert missing.status_code == 404 and "no such page" in missing.text
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_file_names_are_shown_never_used(client: TestClient, tmp_path: Path) -> None:
    attack = "<img src=x onerror=alert(1)>.txt"
    response = post(client, ("../../../x.txt", TABLE.encode()), (attack, TABLE.encode()), (attack, TABLE.encode()))
    doc = page(response)
    names = [s.get("data-file") for s in doc.cssselect("section.report")]
    assert names == ["x.txt", attack, "<img src=x onerror=alert(1)>（2）.txt"]
    assert "<img src=x" not in response.text  # escaped wherever it is shown, never markup
    assert not doc.cssselect("img")
    assert not (tmp_path.parent / "x.txt").exists()


def test_report_text_is_shown_as_text_never_as_markup(client: TestClient) -> None:
    attack = "<script>window.pwned = 1</script><img src=x onerror=alert(1)>"
    response = post(client, ("注入.txt", f"项目名称：{attack}\n{TABLE}".encode()))
    doc = page(response)
    assert attack in doc.cssselect("#report-0 .doc")[0].text_content()
    assert not doc.cssselect("#report-0 img") and not doc.cssselect("#report-0 script")


def test_the_log_holds_counts_only(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="pfaudit.web")
    post(client, ("秘密项目自评表.txt", TABLE.encode()))
    messages = [r.getMessage() for r in caplog.records if r.name == "pfaudit.web"]
    assert messages == ["checked 1 files: 0 not checked, 2 findings"]


def test_a_declaration_and_its_self_evaluation_uploaded_together(client: TestClient, tmp_path: Path) -> None:
    """Both documents' findings, the comparison row by row, and every download naming the pair."""
    from tests.support.declarations import PAIRS, source, workbook

    pair = next(p for p in PAIRS if p["evaluation"].endswith("gH2_17.txt"))
    book = workbook([pair], tmp_path / "申报表.xlsx")
    evaluation = source(pair)
    result = post(client, (evaluation.name, evaluation.read_bytes()), ("申报表.xlsx", book.read_bytes()))
    doc = page(result)
    codes = [code for code, _ in listed(doc, 0)]
    assert codes.count("SD03") == 2 and "SD04" in codes  # the weights moved and the floor made an equality
    assert [code for code, _ in listed(doc, 1)] and all(c.startswith(("DC", "TX", "ST", "UN")) for c, _ in listed(doc, 1))
    # marked where they point in the self-evaluation, not listed loose
    sd = [k for k, (code, _) in enumerate(listed(doc, 0)) if code.startswith("SD")]
    assert all(doc.cssselect(f"#report-0 #p-0-{k}") for k in sd) and not doc.cssselect("#loose-0")
    rows = doc.cssselect("#compare-0-0 tbody tr")
    states = {r.cssselect("td")[0].text_content(): r.get("class") for r in rows}
    assert states["受补助村(社区)个数"] == "state-changed" and states["补助对象资格合规情况"] == "state-same"
    assert "申报表.xlsx" in doc.cssselect("#compare-0-0 h3")[0].text_content()
    assert "绩效自评表" in doc.cssselect("#kinds-0")[0].text_content()
    assert "项目支出绩效目标申报表" in doc.cssselect("#kinds-1")[0].text_content()
    base = str(result.url).split("?")[0]
    data = client.get(base + "/download/json").json()
    (mine,) = [f for f in data["files"] if f["path"] == evaluation.name]
    assert mine["documents"]["pairs"] == ["与《2022年度村级组织补助与运转资金绩效目标申报表》（申报表.xlsx）对照"]
    sarif = client.get(base + "/download/sarif").json()["runs"][0]
    assert any("申报表.xlsx" in r["message"]["text"] for r in sarif["results"] if r["ruleId"] == "SD03")
    rows = list(openpyxl.load_workbook(io.BytesIO(client.get(base + "/download/xlsx").content))["报告汇总"].values)
    assert any(r[0] == evaluation.name and "申报表.xlsx" in (r[9] or "") for r in rows)
