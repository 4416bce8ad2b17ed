"""The page in a real headless Chromium against a real ``pfaudit serve``: as a member of staff uses it.

Choose a report, press 检查, see the findings marked in the report's own table, click one
and land on its cell, filter, switch to English, download the results and the annotated
copy. Skips, saying why, when Chromium or chromedriver is not installed (``.ci/run``
installs them). ``pytest --update-snapshots`` also rewrites the README's screenshot.
"""

from __future__ import annotations

import io
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from auditor.cli import main as cli
from tests.conftest import ROOT
from tests.support.serving import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,  # a real browser
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="web page test needs chromium and chromedriver (apt-get install chromium chromium-driver)",
    ),
]
SAMPLE = ROOT / "samples" / "formats" / "chaoyang.docx"
SCREENSHOT = ROOT / "tests" / "snapshots" / "web-page.png"
WAIT = 60  # seconds for a page or a download; a check of a sample takes about one


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving() as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):  # fmt: skip
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _until(condition, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _checked(browser, server: str, path: Path = SAMPLE) -> None:
    """Open the page, choose `path`, press 检查 and wait for the results."""
    browser.get(server + "/")
    browser.find_element("id", "files").send_keys(str(path))
    browser.find_element("id", "check").click()
    _until(lambda: "/result/" in browser.current_url and browser.find_elements("css selector", ".report"), "results")


def _in_view(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;",
        element,
    )


def _cli_codes(tmp_path: Path) -> list[str]:
    out = tmp_path / "cli.json"
    cli.main([str(SAMPLE), "--format", "json", "--output", str(out)])
    return [f["code"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]


def test_upload_a_report_and_see_its_findings_marked_in_its_table(browser, server: str, tmp_path: Path) -> None:
    browser.get(server + "/")
    assert browser.find_element("tag name", "h1").text == "绩效自评报告检查"
    browser.find_element("id", "files").send_keys(str(SAMPLE))
    assert "chaoyang.docx" in browser.find_element("id", "chosen-list").text
    browser.find_element("id", "check").click()
    _until(lambda: browser.find_elements("css selector", ".report"), "results")
    items = browser.find_elements("css selector", "#findings-0 li.finding")
    assert [li.get_attribute("data-code") for li in items] == _cli_codes(tmp_path)
    # The first finding (AM01, the 7th cell of row 7 as Word shows it) is marked on the very cell that says 100%.
    assert items[0].get_attribute("data-place") == "表1 第7行 第7列"
    tag = browser.find_element("id", "p-0-0")
    cell = tag.find_element("xpath", "./ancestor::td[1]")
    assert "hit" in cell.get_attribute("class") and "sev-error" in cell.get_attribute("class")
    assert cell.find_element("tag name", "mark").text == "100%"
    table = cell.find_element("xpath", "./ancestor::table[1]")
    assert table.find_element("tag name", "caption").text == "表1"
    assert cell.find_element("xpath", "./ancestor::tr[1]/th").text == "7"
    marked = browser.find_elements("css selector", "#report-0 td.hit")
    assert len(marked) >= len({li.get_attribute("data-place") for li in items if "表" in li.get_attribute("data-place")})
    coverage = browser.find_element("id", "coverage-0")
    assert "项检查未运行" in coverage.text and coverage.is_displayed()
    # Works offline: every resource the page loaded came from the app itself.
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(name.startswith(server + "/static/") for name in loaded)


def test_the_page_labels_speak_to_people(browser, server: str) -> None:
    """Regions by name, checks not run by what they look for, places in words, marks that match the message."""
    browser.get(server + "/")
    options = browser.find_elements("css selector", "#profile option")
    assert options[0].get_attribute("value") == "national" and options[0].text.startswith("全国默认：")
    assert not any(o.text.startswith(o.get_attribute("value")) for o in options)
    # A text report on a page without line numbers: its places are said in words.
    _checked(browser, server, ROOT / "samples" / "chengde-2022-community-office-pdf-report.txt")
    places = [e.text for e in browser.find_elements("css selector", "#findings-0 .where")]
    assert places and all(p.startswith(("第", "表")) and ":" not in p for p in places), places
    coverage = browser.find_element("id", "coverage-0")
    # a narrative report with no declaration beside it: the comparison is named among what did not run
    assert coverage.text.startswith("检查范围：未识别到自评表和对应的绩效目标申报表，") and "EX03" not in coverage.text.split("\n")[0]
    assert "文件类型：自评报告" in coverage.text
    details = browser.find_element("id", "not-run-0")
    details.find_element("tag name", "summary").click()
    names = [li.text for li in details.find_elements("tag name", "li")]
    assert names and all(len(n) > 6 and n[:4].isalnum() for n in names)  # "GR01 报告给出的绩效等级…", not a bare code
    assert any(n.startswith("GR01 ") and "等级" in n for n in names), names
    # IN16 sums a level-1 group's rows: its mark is the group's label, not one row's 10 points.
    _checked(browser, server)
    in16 = browser.find_elements("css selector", '#findings-0 li[data-code="IN16"]')
    assert in16
    for li in in16:
        n = li.get_attribute("id").rsplit("-", 1)[1]
        marked = browser.find_element("id", f"p-0-{n}").find_element("xpath", "./ancestor::td[1]")
        label = "".join(marked.text.removeprefix(str(int(n) + 1)).split())  # the cell may wrap 满意度/指标
        assert label.endswith("指标") and f"“{label}”下各项分值合计为" in li.find_element("css selector", ".msg").text
    browser.get(server + "/?lang=en")
    assert browser.find_element("css selector", "#profile option").text.startswith("National defaults — ")


def test_clicking_a_finding_scrolls_to_its_cell(browser, server: str, update_snapshots: bool) -> None:
    _checked(browser, server)
    items = browser.find_elements("css selector", "#findings-0 li.finding")
    last = items[-1]
    target = browser.find_element("id", f"p-0-{len(items) - 1}")
    cell = target.find_element("xpath", "./ancestor::td[1]")
    browser.execute_script("window.scrollTo(0, 0)")
    assert not _in_view(browser, cell), "the last finding's cell should start out of sight"
    browser.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", last)
    last.find_element("css selector", "a.goto").click()
    _until(lambda: _in_view(browser, cell), "the cell to scroll into view", timeout=5)
    assert browser.execute_script("return location.hash") == f"#p-0-{len(items) - 1}"
    assert "flash" in cell.get_attribute("class")
    # And back: the number on the cell leads to the finding in the list.
    target.click()
    _until(lambda: _in_view(browser, last), "the finding to scroll into view", timeout=5)
    if update_snapshots:
        browser.get(browser.current_url.split("#")[0])  # fresh: at the top, list scrolled back
        _until(lambda: browser.find_elements("css selector", ".report"), "results")
        browser.save_screenshot(str(SCREENSHOT))


def test_filters_hide_findings_and_their_marks(browser, server: str) -> None:
    _checked(browser, server)
    items = browser.find_elements("css selector", "#findings-0 li.finding")
    infos = [li for li in items if li.get_attribute("data-sev") == "info"]
    assert infos
    browser.find_element("css selector", ".filter-sev[value=info]").click()
    assert not any(li.is_displayed() for li in infos)
    assert browser.find_element("id", "shown").text == f"显示 {len(items) - len(infos)} / {len(items)} 处"
    n = infos[0].get_attribute("id").rsplit("-", 1)[1]
    assert not browser.find_element("id", f"p-0-{n}").is_displayed()
    category = browser.find_element("id", "filter-cat")
    category.find_element("css selector", "option[value=execution_rate_mismatch]").click()
    shown = [li.get_attribute("data-code") for li in items if li.is_displayed()]
    assert shown == ["AM01"]


def test_switch_to_english_and_back(browser, server: str) -> None:
    _checked(browser, server)
    result = browser.current_url.split("?")[0]
    browser.find_element("id", "switch-lang").click()
    _until(lambda: "lang=en" in browser.current_url, "the English page")
    assert browser.current_url.split("?")[0] == result
    assert browser.find_element("tag name", "h1").text == "Performance self-evaluation check"
    assert browser.find_element("css selector", "#report-0 .side h3").text.startswith("Findings")
    assert "execution rate" in browser.find_element("css selector", "#f-0-0 .msg").text
    assert browser.find_element("css selector", "#f-0-0 .where").text == "table 1 row 7 column 7"
    browser.find_element("id", "switch-lang").click()
    _until(lambda: "lang=zh" in browser.current_url, "the Chinese page")
    assert browser.find_element("css selector", "#f-0-0 .where").text == "表1 第7行 第7列"


def test_what_pfaudit_read_is_shown_under_the_findings(browser, server: str) -> None:
    """Folded under the findings; opened, the form's rows as read, those read more than one way marked."""
    _checked(browser, server, ROOT / "tests" / "forms" / "gH2_13.txt")  # glued rows, each read more than one way
    section = browser.find_element("id", "read-0")
    body = browser.find_element("css selector", "#report-0 .report-body")
    assert section.location["y"] >= body.location["y"] + body.size["height"]
    summary = section.find_element("tag name", "summary")
    assert summary.text.startswith("pfaudit 读到的表格") and "行有不止一种读法" in summary.text
    table = browser.find_element("id", "read-0-1-indicators")
    assert not table.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    _until(table.is_displayed, "the tables to open", timeout=5)
    legend = browser.find_element("id", "read-legend-0")
    assert legend.is_displayed() and "此行有不止一种读法，依据它的发现只作提示，请对照原表核实" in legend.text
    rows = table.find_elements("css selector", "tbody tr.uncertain")
    assert rows
    for row in rows:
        assert row.find_element("css selector", ".read-mark").text == "？"
        # marked visibly: its cells shaded as a warning, the marker filled
        assert row.find_element("tag name", "td").value_of_css_property("background-color") == "rgba(255, 241, 194, 1)"
    # A form read one way: nothing marked, nothing shaded.
    _checked(browser, server)
    browser.find_element("css selector", "#read-0 summary").click()
    cells = browser.find_elements("css selector", "#read-0 tbody td")
    assert cells and not browser.find_elements("css selector", "#read-0 tr.uncertain, #read-legend-0")
    assert {c.value_of_css_property("background-color") for c in cells[:5]} == {"rgba(0, 0, 0, 0)"}


def _downloaded(browser, suffix: str) -> Path:
    def done():
        found = [p for p in browser.downloads.iterdir() if p.suffix == suffix]
        return found[0] if found and not list(browser.downloads.glob("*.crdownload")) else None

    return _until(done, f"a {suffix} download")


def test_download_the_results_and_the_annotated_report(browser, server: str) -> None:
    _checked(browser, server)
    codes = [li.get_attribute("data-code") for li in browser.find_elements("css selector", "#findings-0 li.finding")]
    browser.find_element("id", "download-xlsx").click()
    xlsx = _downloaded(browser, ".xlsx")
    assert xlsx.name == "检查结果.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert [r[header.index("代码")] for r in sheet.iter_rows(min_row=2, values_only=True)] == codes
    browser.find_element("id", "annotated-0").click()
    annotated = _downloaded(browser, ".docx")
    assert annotated.name == "chaoyang（已批注）.docx"
    assert [c.text.split()[1] for c in docx.Document(annotated).comments] == codes


def test_a_dropped_file_is_checked(browser, server: str) -> None:
    browser.get(server + "/")
    table = "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t200\t200\t150\t10\t80.00%\t8\n"
    browser.execute_script(
        "const transfer = new DataTransfer();"
        "transfer.items.add(new File([arguments[0]], '拖入的自评表.txt', {type: 'text/plain'}));"
        "document.getElementById('drop').dispatchEvent("
        "  new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));",
        table,
    )
    assert "拖入的自评表.txt" in browser.find_element("id", "chosen-list").text
    browser.find_element("id", "check").click()
    _until(lambda: browser.find_elements("css selector", ".report"), "results")
    assert browser.find_element("css selector", "#report-0 h2").text == "拖入的自评表.txt"
    assert browser.find_element("css selector", "#findings-0 li.finding").get_attribute("data-code") == "AM01"


def test_a_form_on_another_site_cannot_send_files_to_the_page(browser, server: str) -> None:
    """What any other page the user has open could do: post a form to the checker in the background."""
    html = (f'<form method="post" action="{server}/check" enctype="multipart/form-data"><input name="profile" value="national">'
            "</form><script>document.forms[0].submit()</script>")  # fmt: skip
    browser.get("data:text/html;charset=utf-8," + html)
    _until(lambda: "/check" in browser.current_url and browser.find_elements("tag name", "main"), "the answer")
    assert "这个检查请求来自别的网站，已拒绝" in browser.find_element("tag name", "main").text
