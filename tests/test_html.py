"""The HTML report in a real headless Chromium: what a reviewer sees, filters and sorts.

Skips, saying why, when Chromium or chromedriver is not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.formats import FORMATS
from tests.test_formats import PDF, TEXT, fixed_findings, fixed_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,  # a real browser
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="HTML report test needs chromium and chromedriver (apt-get install chromium chromium-driver)",
    ),
]
ATTACK = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, tmp_path: Path):
    """The fixed run's report, plus a finding whose message tries to inject markup, loaded fresh."""
    findings = fixed_findings()
    attack = dataclasses.replace(findings[4], message=f"注入测试{ATTACK}", snippet=ATTACK)
    run = dataclasses.replace(fixed_run(), findings=(*findings[:4], attack, *findings[5:]))
    path = tmp_path / "报告.html"
    path.write_text(FORMATS["html"](run), encoding="utf-8")
    browser.get(path.as_uri())
    return browser


def _visible_codes(browser, scope: str = "") -> list[str]:
    items = browser.find_elements("css selector", f"{scope} .finding")
    return [li.get_attribute("data-code") for li in items if li.is_displayed()]


def _shown(browser) -> str:
    return browser.find_element("id", "shown").text


def test_counts_and_chinese_text_are_shown(page) -> None:
    assert page.execute_script("return document.characterSet") == "UTF-8"
    assert page.find_element("tag name", "h1").text == "绩效自评报告检查结果"
    counts = {s: page.find_element("id", f"count-{s}").text for s in ("reports", "error", "warning", "info")}
    assert counts == {"reports": "5", "error": "3", "warning": "2", "info": "1"}
    assert _shown(page) == "6"
    assert _visible_codes(page) == ["AM01", "TX01", "ST01", "IN01", "YR01", "PF01"]
    first = page.find_element("css selector", ".finding[data-code=AM01]")
    assert "执行率按金额计算应为90.10%" in first.text
    assert first.find_element("css selector", "td.hit").text == "100%"  # the table row, the cell marked
    assert [td.text for td in first.find_elements("css selector", "td.rel")] == ["200", "180"]
    tx = page.find_element("css selector", ".finding[data-code=TX01]")
    assert [m.text for m in tx.find_elements("tag name", "mark")] == ["严格执行<相关>制度，", "保证经费&落实", "到位。"]
    pdf = page.find_element("css selector", f'.report[data-file="{PDF}"]')
    assert "未识别到自评表，3 项检查未运行：AM01 IN01 ST01" in pdf.text


def test_report_text_is_never_markup(page) -> None:
    msg = page.find_element("css selector", ".finding[data-code=YR01] .msg")
    assert msg.text == f"注入测试{ATTACK}"
    assert page.find_elements("css selector", ".msg img, .msg script, .ctx img") == []
    assert page.execute_script("return window.pwned === undefined")
    assert "<b>“保证经费落实到位”</b>" in page.find_element("css selector", ".finding[data-code=TX01] .msg").text


def test_page_loads_nothing_from_anywhere(page) -> None:
    assert page.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_severity_filter_hides_findings(page) -> None:
    page.find_element("css selector", "input[name=severity][value=error]").click()
    assert _visible_codes(page) == ["TX01", "ST01", "YR01"]
    assert _shown(page) == "3"
    empty = page.find_element("css selector", '.report[data-file="broken.docx"] .none-shown')
    assert empty.is_displayed()  # a report with only errors says nothing matches, it does not vanish


def test_category_file_and_text_filters(page) -> None:
    from selenium.webdriver.support.ui import Select

    Select(page.find_element("id", "f-category")).select_by_value("duplicated_text")
    assert _visible_codes(page) == ["TX01"]
    Select(page.find_element("id", "f-category")).select_by_value("")
    Select(page.find_element("id", "f-file")).select_by_value(PDF)
    assert _visible_codes(page) == ["YR01"]
    assert not page.find_element("css selector", f'.report[data-file="{TEXT}"]').is_displayed()
    Select(page.find_element("id", "f-file")).select_by_value("")
    page.find_element("id", "f-search").send_keys("模板占位")
    assert _visible_codes(page) == ["ST01"] and _shown(page) == "1"


def test_category_bar_sets_the_filter(page) -> None:
    page.find_element("css selector", "[data-category-filter=placeholder_left]").click()
    assert page.find_element("id", "f-category").get_attribute("value") == "placeholder_left"
    assert _visible_codes(page) == ["ST01"]


def test_sorting_findings_and_reports(page) -> None:
    from selenium.webdriver.support.ui import Select

    first_report = '.report[data-file="' + TEXT + '"]'
    assert _visible_codes(page, first_report) == ["AM01", "TX01", "ST01"]
    Select(page.find_element("id", "f-sort")).select_by_value("code")
    assert _visible_codes(page, first_report) == ["AM01", "ST01", "TX01"]
    Select(page.find_element("id", "f-sort")).select_by_value("order")
    assert _visible_codes(page, first_report) == ["AM01", "TX01", "ST01"]

    def first_row() -> str:
        return page.find_element("css selector", "#reports tbody tr td").text

    assert first_row() == TEXT
    risk = page.find_element("xpath", "//table[@id='reports']//th[normalize-space()='风险分']")
    risk.click()
    assert first_row() == "clean.txt" and risk.get_attribute("aria-sort") == "ascending"
    risk.click()
    assert first_row() == TEXT and risk.get_attribute("aria-sort") == "descending"


def _has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def test_chinese_glyphs_are_drawn(page) -> None:
    if not _has_cjk_font():
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei): Chinese would show as boxes")
    # Without a CJK font, both orders of two Hanzi draw the same two boxes, as unassigned code points do.
    differs = page.execute_script(
        """
        const draw = (text) => { const c = document.createElement('canvas'); c.width = 120; c.height = 40;
          const g = c.getContext('2d'); g.font = '28px sans-serif'; g.fillText(text, 4, 30); return c.toDataURL(); };
        return draw('绩效') !== draw('效绩') && draw('绩效') !== draw('\\u0378\\u0379');
        """
    )
    assert differs
