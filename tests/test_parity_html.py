"""Parity for web pages: a sample saved as HTML gives the findings of its text and of its .docx.

The pages in ``samples/formats`` were built by ``make_fixtures.py html`` from the same grids as
the .docx versions: chaoyang.html in GBK with a GB2312 ``<meta>``, gumei.html in UTF-8 inside a
site's page frame (navigation, script, footer), shangjie.htm as Word's "save as web page" with
no declared charset. Each must give the text version's findings (``IMPROVEMENTS`` as for the
other binary formats), located by table/row/column or paragraph, never by a line of the page.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor import Finding
from tests.test_parity import FORMATS, IMPROVEMENTS, SAMPLES, SOURCES, _level1, _rows, run

PAGES = ["chaoyang.html", "gumei.html", "shangjie.htm"]


def _usual(sample: str, found: list[Finding]) -> list[Finding]:
    return [f for f in found if (f.code, f.category) not in IMPROVEMENTS.get(sample, {})]


@pytest.mark.parametrize("name", PAGES)
def test_same_findings_as_the_text(pm, name: str) -> None:
    sample = name.split(".")[0]
    _, text = run(pm, SAMPLES / SOURCES[sample])
    _, page = run(pm, FORMATS / name)
    expected = Counter((f.code, f.category) for f in text)
    for key, (more, _reason) in IMPROVEMENTS.get(sample, {}).items():
        expected[key] += more
    assert Counter((f.code, f.category) for f in page) == +expected
    assert _rows(_usual(sample, page)) == _rows(_usual(sample, text)), "table findings moved to other rows"
    assert text, "a parity test on a sample with no findings would prove nothing"


@pytest.mark.parametrize("name", PAGES)
def test_same_places_as_the_docx(pm, name: str) -> None:
    """The page and the .docx hold the same tables, so each finding names the same cell or text."""
    _, page = run(pm, FORMATS / name)
    _, docx = run(pm, FORMATS / (name.split(".")[0] + ".docx"))

    def places(found: list[Finding]) -> Counter:
        return Counter(
            (f.code, f.location.table, f.location.table_row, f.location.table_column, f.snippet) for f in found
        )

    assert places(page) == places(docx)


@pytest.mark.parametrize("name", PAGES)
def test_locations_are_in_the_page_s_own_terms(pm, name: str) -> None:
    report, findings = run(pm, FORMATS / name)
    assert (report.kind, report.path) == ("html", str(FORMATS / name))
    assert findings
    for f in findings:
        where = f.location
        assert where.line is None and where.column is None, f
        paragraph = next((a.paragraph for a in report.anchors if a.span.start <= f.span.start < a.span.end), None)
        assert (where.table and where.table_row) or (paragraph and where.paragraph == paragraph), f


def test_the_execution_rate_cell_is_named_by_table_row_and_column(pm) -> None:
    _, findings = run(pm, FORMATS / "chaoyang.html")
    am01 = [f for f in findings if f.code == "AM01"]
    assert am01 and all(f.location.anchor().startswith("表") for f in am01)
    first = am01[0].location
    # The 7th cell as the page shows it (and as the flattened text counts), though the 8th grid
    # column: 年度资金总额 spans two columns.
    assert (first.table, first.table_row, first.table_column) == (1, 7, 7)
    assert first.anchor() == "表1 第7行 第7列"
    assert am01[0].snippet == "100%"


def test_every_table_is_read_with_its_merged_cells_resolved(pm) -> None:
    report, _ = run(pm, FORMATS / "chaoyang.html")
    assert report.encoding == "gb18030" and "gb2312" in report.notes[0]
    assert [len(t.rows) for t in report.tables] == [41, 41]
    assert all(t.grouping_certain and t.layout == "html" for t in report.tables)


def test_merged_labels_group_the_right_rows(pm) -> None:
    """Inside the site frame, the form is the inner table and its rowspans group the indicators."""
    report, _ = run(pm, FORMATS / "gumei.html")
    assert len(report.tables) == 1  # the page frame is layout, not a table
    groups = Counter(_level1(report).values())
    assert groups == {"投入与管理(36分)": 6, "产出目标(34分)": 3, "效果目标(15分)": 2, "影响力目标(15分)": 2}
    assert "当前位置：首页 > 政务公开 > 绩效评价" in report.text  # chrome stays, as text
    assert "99.99%" not in report.text and "浏览器不支持脚本" not in report.text  # script, noscript


def test_a_word_web_page_reads_like_the_word_file(pm) -> None:
    page, _ = run(pm, FORMATS / "shangjie.htm")
    docx, _ = run(pm, FORMATS / "shangjie.docx")
    assert page.text == docx.text
    assert [p.text.text for p in page.paragraphs] == [p.text.text for p in docx.paragraphs]
    assert "DocumentProperties" not in page.text and "Pages" not in page.text


def test_the_pages_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The committed pages are rebuilt from the grids; a change to either shows in this test."""
    import subprocess
    import sys

    script = Path(__file__).parent / "fixtures" / "make_fixtures.py"
    code = (
        f"import sys; sys.path.insert(0, {str(script.parent)!r}); import make_fixtures as m; "
        f"m.FORMATS = __import__('pathlib').Path({str(tmp_path)!r}); m.build_html()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    for name in PAGES:
        assert (tmp_path / name).read_bytes() == (FORMATS / name).read_bytes(), name
