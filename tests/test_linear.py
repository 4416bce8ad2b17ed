"""Cost linear in report size: operation counts on generated reports at n and 4n, never the clock.

An operation is a line of Python executed while the facts are extracted and the checks run
(counted with ``sys.settrace``), so the counts are the same on every machine. A quadratic
extractor or check makes four times the input sixteen times the work; linear code four.
Backtracking inside one regular expression is not a line: bench/linear.py times those.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal

import pytest

from auditor.engine.profile import load_profile
from auditor.engine.runner import run_checks
from auditor.facts import extract
from auditor.readers.plain.parse import parse
from tests.support import hostile

GENERATED = {
    # the pairwise money-unit check (UN01) and the execution rates' section lookups
    "amounts": lambda n: hostile.amounts(n).decode("utf-8"),
    # one line of figures: prose rates over every earlier budget (AM01), 其中 and plan lookups
    "figures in one line": lambda n: "预算数100万元，执行率95%，" * (n // 2),
    # one line of years: each year's clause and title marks looked up from the year on
    "years in one line": lambda n: "2020年" * (n * 2),
    # one line of a phrase over and over: the doubled-phrase walk (TX02)
    "a phrase repeated": lambda n: "项目资金使用情况良好" * n,
    # one line of totals and their parts: each 其中 walks the amounts after it (sums, CT02, TX01)
    "totals in one line": lambda n: "项目共支出100万元，其中人员经费50万元、公用经费30万元、其他20万元；" * (n // 4),
    # many short paragraphs: the near-duplicate index (TX01)
    "paragraphs": lambda n: "\n".join(hostile.paragraphs(n)),
}


def operations(text: str, checks) -> int:
    report = parse(text, "generated.txt", "utf-8", ())
    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += event == "line"
        return line

    profile = load_profile()
    sys.settrace(line)
    try:
        facts = extract(report)
        run_checks(report, facts, checks, profile=profile, strict=True)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("name", list(GENERATED))
def test_four_times_the_input_is_at_most_six_times_the_work(name: str, all_checks) -> None:
    make = GENERATED[name]
    small, large = operations(make(150), all_checks), operations(make(600), all_checks)
    assert large / small < 6, f"{name}: {small} → {large} operations"


def _records(n: int, projects: int | None) -> list:
    """`n` records that share most of their text: each project's own sentences in all of its
    reports (five projects filing over and over), or one template in every report (each its own project)."""
    from auditor.corpus.record import Passage, Record, Value
    from auditor.engine.findings import Location
    from auditor.report.model import Span
    from tests.support.generate import sentence

    rng = random.Random(5)
    own = [[sentence(rng) for _ in range(12)] for _ in range(projects or 1)]
    form = [sentence(rng) for _ in range(3)]
    out = []
    for i in range(n):
        p = i % projects if projects else 0
        texts = [*own[p], *form] if projects else [*own[0], *form, sentence(rng)]
        passages = tuple(Passage(t, Span(k, k + 1), Location(f"r{i}.txt", line=k + 1), t) for k, t in enumerate(texts))
        project = f"项目{p}" if projects else f"项目{i}"
        fields = {"project": Value(project), "year": Value("2023", Decimal(2023))}
        out.append(Record(f"r{i}.txt", f"{i:064x}", fields, passages, sum(map(len, texts))))
    return out


def copying_operations(records: list) -> int:
    from auditor.corpus.corpus import Corpus

    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += event == "line"
        return line

    options = {"threshold": Decimal("0.7"), "template_share": Decimal("0.5"), "template_reports": 10}
    Corpus.of(records[:2]).copies(**options)  # the imports and the LSH bands, once
    sys.settrace(line)
    try:
        Corpus.of(records).copies(**options)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("projects", [5, None], ids=["five projects over and over", "one template"])
def test_the_copying_pass_is_linear_when_every_report_shares_its_text(projects: int | None) -> None:
    pytest.importorskip("datasketch")
    small, large = copying_operations(_records(50, projects)), copying_operations(_records(200, projects))
    assert large / small < 5, f"{small} → {large} operations"


def _laid_out(sheets: int) -> int:
    """Lines run to turn a workbook of `sheets` small sheets, as the .xlsx reader lays it out, into a report."""
    from auditor.readers.layout import Layout

    layout = Layout()
    for n in range(sheets):
        layout.paragraph(f"S{n}", {"sheet": f"S{n}"})
        layout.table([[f"预算数{n}", str(n), str(2 * n)]], lambda r, c, n=n: {"sheet": f"S{n}", "cell": "A1"}, layout="xlsx")
    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += event == "line"
        return line

    sys.settrace(line)
    try:
        layout.report("sheets.xlsx", "xlsx")
    finally:
        sys.settrace(None)
    return count


def test_a_workbook_of_many_sheets_is_laid_out_in_linear_work() -> None:
    small, large = _laid_out(150), _laid_out(600)
    assert large / small < 6, f"{small} → {large} operations"
