"""Parity: a report read from .docx/.xlsx/.pdf (or a legacy file) gives the findings of its text.

Each fixture in ``samples/formats`` was built from a sample by ``make_fixtures.py``. The
binary file goes through the path the CLI takes (plugin manager, ``pfaudit_read``, every check)
and must give the same findings, by code and category, on the same table rows, as the sample
text; only the differences listed in ``IMPROVEMENTS`` are allowed, each with its reason.
Locations must be in the format's own terms, never a line of the laid-out text.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from auditor import Finding, IndicatorRow, Report, audit, extract
from auditor.engine.plugins import collect_checks, make_plugin_manager
from tests.conftest import ROOT

FORMATS = Path(__file__).resolve().parent.parent / "samples" / "formats"
SAMPLES = ROOT / "samples"
SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
SOURCES = {
    "chaoyang": "chaoyang-2020-self-evaluation-tables.txt",
    "gumei": "gumei-2020-self-evaluation-table.txt",
    "shangjie": "shangjie-2021-community-governance-report.txt",
}
FIXTURES = [
    "chaoyang.docx", "chaoyang.xlsx", "chaoyang.pdf",
    "gumei.docx", "gumei.xlsx", "gumei.pdf",
    pytest.param("gumei.doc", marks=[SOFFICE, pytest.mark.slow]), pytest.param("gumei.xls", marks=[SOFFICE, pytest.mark.slow]),
    "shangjie.docx", "shangjie.pdf",
]  # fmt: skip
# Differences from the text version that are improvements, per sample (all its formats):
# (code, category) -> (how many more in the binary file, negative for fewer; the reason).
IMPROVEMENTS: dict[str, dict[tuple[str, str], tuple[int, str]]] = {
    "chaoyang": {
        ("IN16", "weight_sum"): (
            5,
            "merged 一级 labels make the grouping certain, so the 一级 weights can be summed: 附件1 "
            "产出 40 (default 50) and 满意度 20 (10); 附件2 产出 40, 效益 35 (30), 满意度 15. The "
            "flattened text cannot tell which rows a label covers, and IN16 rightly stays silent there.",
        ),
    },
}
A1 = re.compile(r"^[A-Z]{1,3}[1-9]\d*(:[A-Z]{1,3}[1-9]\d*)?$")


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager(entry_points=False)


def run(pm, path: Path) -> tuple[Report, list[Finding]]:
    """Read and audit a file the way ``pfaudit check`` does."""
    report = pm.hook.pfaudit_read(path=path, data=path.read_bytes())
    return report, audit(report, collect_checks(pm), strict=True)


def _rows(findings: list[Finding]) -> Counter:
    """(code, table, row) of every finding located in a table."""
    return Counter((f.code, f.location.table, f.location.table_row) for f in findings if f.location.table)


@pytest.mark.parametrize("name", FIXTURES)
def test_same_findings_as_the_text(pm, name: str) -> None:
    sample = name.split(".")[0]
    _, text = run(pm, SAMPLES / SOURCES[sample])
    _, binary = run(pm, FORMATS / name)
    expected = Counter((f.code, f.category) for f in text)
    improved = IMPROVEMENTS.get(sample, {})
    for key, (more, _reason) in improved.items():
        expected[key] += more
    assert Counter((f.code, f.category) for f in binary) == +expected
    def usual(found: list[Finding]) -> list[Finding]:
        return [f for f in found if (f.code, f.category) not in improved]

    assert _rows(usual(binary)) == _rows(usual(text)), "table findings moved to other rows"
    assert text, "a parity test on a sample with no findings would prove nothing"


@pytest.mark.parametrize("name", FIXTURES)
def test_locations_are_in_the_format_s_own_terms(pm, name: str) -> None:
    report, findings = run(pm, FORMATS / name)
    kind = {"docx": "docx", "doc": "docx", "xlsx": "xlsx", "xls": "xlsx", "pdf": "pdf"}[name.split(".")[1]]
    assert report.kind == kind
    assert report.path == str(FORMATS / name)  # a converted legacy file keeps its own name
    for f in findings:
        where = f.location
        assert where.line is None and where.column is None, f
        if kind == "xlsx":
            assert where.sheet and A1.match(where.cell or ""), f
        elif kind == "pdf":
            assert where.page is not None and where.page >= 1, f
        else:
            in_paragraph = any(
                a.paragraph and a.span.start <= f.span.start < a.span.end for a in report.anchors
            )
            assert where.table or in_paragraph, f


def test_every_table_is_read_with_its_merged_cells_resolved(pm) -> None:
    for name in ("chaoyang.docx", "chaoyang.xlsx", "chaoyang.pdf"):
        report, _ = run(pm, FORMATS / name)
        assert [len(t.rows) for t in report.tables] == [41, 41], name
        assert all(t.grouping_certain for t in report.tables), name


def _level1(report: Report) -> dict[str, str]:
    form = extract(report).forms[0]
    return {i.name: i.level1 for i in form.indicators if isinstance(i, IndicatorRow)}


@pytest.mark.parametrize("name", ["gumei.docx", "gumei.xlsx", "gumei.pdf"])
def test_merged_labels_group_the_right_rows(pm, name: str) -> None:
    """The improvement: flattened text put 一级 labels on the wrong rows; the file does not."""
    text, _ = run(pm, SAMPLES / SOURCES["gumei"])
    binary, _ = run(pm, FORMATS / name)
    assert _level1(text)["项目管理制度健全性和执行的有效性"] == "项目完成率(14分)"  # wrong in the text
    groups = Counter(_level1(binary).values())
    assert groups == {"投入与管理(36分)": 6, "产出目标(34分)": 3, "效果目标(15分)": 2, "影响力目标(15分)": 2}
