"""The page's "what pfaudit read" section: the same tables ``pfaudit read`` prints, under the findings.

Each report is uploaded to the real application and checked in a real child process (as in
`tests.test_web_http`); the cells the page lists are compared with what ``pfaudit read
--format json`` reads from the same file. Rows read more than one way are marked, a report
without a form says so in a sentence, and report text is shown as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from starlette.testclient import TestClient

from auditor import Setup
from auditor.cli import main as cli
from auditor.formats.reading import columns
from auditor.run.reading import read_file
from auditor.web.asread import as_read
from tests.conftest import ROOT
from tests.test_web_http import make_client, page, post

CLEAN = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
GLUED = ROOT / "tests" / "forms" / "gH2_13.txt"  # glued rows, each read more than one way
NO_FORM = ROOT / "samples" / "chengde-2022-community-office-pdf-report.txt"
LEGEND = "此行有不止一种读法，依据它的发现只作提示，请对照原表核实"
ATTACK = "<script>window.pwned = 1</script>"
# A small form whose cells carry markup: a fund label and an indicator name.
MARKUP = (
    "2021年度项目支出绩效自评表\n"
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额<img src=x onerror=alert(1)>\t100\t100\t90\t10\t90.00%\t9\n"
    "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\t偏差原因\n"
    f"产出指标\t数量指标\t{ATTACK}培训人次\t20\t≥100人次\t120人次\t20\t\n"
    "效益指标\t社会效益指标\t群众满意度\t20\t≥90%\t95%\t20\t\n"
    "总分\t100\t95\n"
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with make_client(tmp_path_factory.mktemp("web")) as c:
        yield c


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup.build()


def cells(table: lxml.html.HtmlElement) -> list[list[str]]:
    """Each body row's cells as the page shows them, the marker column left out."""
    return [[td.text_content() for td in tr.cssselect("td")] for tr in table.cssselect("tbody tr")]


def expected(rows: list[dict], kind: str) -> list[list[str]]:
    """`pfaudit read`'s rows as the page draws them: every column, None blank."""
    return [["" if r.get(k) is None else r[k] for k, _ in columns()[kind]] for r in rows]


def test_a_clean_form_is_shown_as_pfaudit_read_reads_it(client: TestClient, setup: Setup) -> None:
    doc = page(post(client, (CLEAN.name, CLEAN.read_bytes())))
    truth = read_file(CLEAN, setup)
    [form] = truth["forms"]
    section = doc.cssselect("#read-0")[0]
    assert section.tag == "details" and section.get("open") is None  # folded: the findings come first
    body = doc.cssselect("#report-0")[0]
    assert list(body).index(section) > list(body).index(body.cssselect(".report-body")[0])  # below the findings
    summary = section.cssselect("summary")[0].text_content()
    assert "pfaudit 读到的表格" in summary and "年度：2020" in summary and "1 张表，14 行" in summary
    fund, indicators = doc.cssselect("#read-0-1-fund")[0], doc.cssselect("#read-0-1-indicators")[0]
    assert [th.text_content() for th in fund.cssselect("thead th")][1:] == [h for _, h in columns()["fund"]]
    assert [th.text_content() for th in indicators.cssselect("thead th")][1:] == [h for _, h in columns()["indicators"]]
    assert cells(fund) == expected(form["fund"], "fund")
    assert cells(indicators) == expected(form["indicators"], "indicators")
    # the 分值 and 得分 columns as printed: 项目管理制度健全性… 4 / 2
    weights = [row[3] for row in cells(indicators)]
    scores = [row[6] for row in cells(indicators)]
    assert weights[:6] == ["5", "5", "8", "8", "6", "4"] and scores[5] == "2"
    assert doc.cssselect("#read-0-1-total")[0].text_content() == "总分行：分值 100.00，得分 96.00"
    assert not doc.cssselect("#read-0 tr.uncertain") and not doc.cssselect("#read-legend-0")


def test_rows_read_more_than_one_way_are_marked(client: TestClient, setup: Setup) -> None:
    response = post(client, (GLUED.name, GLUED.read_bytes()))
    doc = page(response)
    [form] = read_file(GLUED, setup)["forms"]
    doubtful = [r for r in form["indicators"] if r.get("certain") is False]
    assert doubtful, "the sample should hold rows read more than one way"
    rows = doc.cssselect("#read-0-1-indicators tbody tr")
    assert [("uncertain" in (tr.get("class") or "")) for tr in rows] == [r.get("certain") is False for r in form["indicators"]]
    for tr in doc.cssselect("#read-0 tr.uncertain"):
        assert tr.cssselect("th.read-flag .read-mark")[0].text_content() == "？"
        assert tr.get("title") == LEGEND
    assert doc.cssselect("#read-legend-0")[0].text_content().strip() == f"？ {LEGEND}"
    assert f"其中 {len(doubtful)} 行有不止一种读法" in doc.cssselect("#read-0 summary")[0].text_content()
    assert "doubtful" in doc.cssselect("#read-0")[0].get("class")
    # Kept with the result: the English page draws the same rows under English headers.
    english = page(client.get(str(response.url).replace("lang=zh", "lang=en")))
    head = [th.text_content() for th in english.cssselect("#read-0-1-indicators thead th")][1:]
    assert head == [h for _, h in columns("en")["indicators"]]
    assert cells(english.cssselect("#read-0-1-indicators")[0]) == cells(doc.cssselect("#read-0-1-indicators")[0])
    legend = english.cssselect("#read-legend-0")[0].text_content()
    assert "read more than one way" in legend and "check it against the form" in legend
    assert "What pfaudit read" in english.cssselect("#read-0 summary")[0].text_content()


def test_a_report_without_a_form_says_so_plainly(client: TestClient) -> None:
    doc = page(post(client, (NO_FORM.name, NO_FORM.read_bytes())))
    section = doc.cssselect("#read-0")[0]
    assert section.get("open") is not None  # one sentence: nothing to fold
    sentence = doc.cssselect("#read-none-0")[0].text_content()
    assert sentence.startswith("未读到自评表：") and "没有 pfaudit 能读出的项目资金表或绩效指标表" in sentence
    assert not section.cssselect("table")
    assert "年度：2022" in section.cssselect("summary")[0].text_content()
    english = page(post(client, (NO_FORM.name, NO_FORM.read_bytes()), lang="en"))
    assert english.cssselect("#read-none-0")[0].text_content().startswith("No self-evaluation form was read: ")


def test_report_cells_are_shown_as_text_never_as_markup(client: TestClient) -> None:
    response = post(client, ("注入.txt", MARKUP.encode()))
    doc = page(response)
    section = doc.cssselect("#read-0")[0]
    assert not section.cssselect("script") and not section.cssselect("img")
    [fund] = cells(doc.cssselect("#read-0-1-fund")[0])
    assert fund[0] == "年度资金总额<img src=x onerror=alert(1)>"
    names = [row[2] for row in cells(doc.cssselect("#read-0-1-indicators")[0])]
    assert names[0] == f"{ATTACK}培训人次"
    # escaped once where it is written, never twice
    assert ATTACK not in response.text and "&lt;script&gt;window.pwned = 1&lt;/script&gt;培训人次" in response.text
    assert "&amp;lt;" not in response.text


def test_a_file_not_checked_has_no_such_section(client: TestClient) -> None:
    doc = page(post(client, ("报告.exe", b"MZ"), (CLEAN.name, CLEAN.read_bytes())))
    assert doc.cssselect("#refusal-0") and not doc.cssselect("#read-0")
    assert doc.cssselect("#read-1-1-indicators")


def test_the_downloaded_html_view_shows_what_was_read(client: TestClient) -> None:
    response = post(client, (GLUED.name, GLUED.read_bytes()))
    token = str(response.url).split("/result/")[1].split("?")[0]
    view = lxml.html.fromstring(client.get(f"/result/{token}/annotated/0?lang=zh").text)
    assert view.cssselect("#read-0-1-indicators tr.uncertain") and view.cssselect("#read-legend-0")


def test_the_cli_html_copy_shows_what_was_read(tmp_path: Path) -> None:
    out = tmp_path / "copy.html"
    cli.main([str(CLEAN), "--annotate", str(out)])
    view = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert [row[3] for row in cells(view.cssselect("#read-0-1-indicators")[0])][:3] == ["5", "5", "8"]


def test_the_reading_view_takes_plain_data() -> None:
    assert as_read(None) is None
    reading = {
        "path": "r.txt",
        "fiscal_year": None,
        "forms": [
            {"fund": [], "indicators": [{"name": "满意度", "weight": "10", "certain": False}], "total": {"weight": "100", "score": None},
             "unread": ["第7行"]},
            {"fund": [], "indicators": [], "total": None},
        ],
    }  # fmt: skip
    view = as_read(reading, "en")
    assert view.year is None and view.rows == 1 and view.uncertain == 1
    first, second = view.forms
    [table] = first.tables
    assert table.kind == "indicators" and table.head[2] == "indicator"
    assert table.rows[0].cells == ("", "", "满意度", "10", "", "", "", "") and not table.rows[0].certain
    assert first.total == ("100", "") and first.unread == ("第7行",)
    assert second.tables == () and second.total is None


def test_the_reading_travels_as_plain_data(tmp_path: Path) -> None:
    """What the child sends back holds none of the engine's objects: strings, numbers, lists."""
    import pickle
    import shutil

    from auditor.web.job import check_upload

    upload = tmp_path / "upload-1.txt"  # a private copy, as the app makes it
    shutil.copy(GLUED, upload)
    checked = check_upload(str(upload), GLUED.name, "national", None, "zh")
    assert _plain(checked.reading) and checked.reading["path"] == GLUED.name  # the upload's name, not the copy's
    assert pickle.loads(pickle.dumps(checked)).reading == checked.reading


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | bool)
