"""The one call that audits a report: read → facts → checks → located findings, context, coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Setup, audit, audit_bytes, audit_path
from auditor.engine.runner import ENGINE_CHECKS
from auditor.pipeline.config import Config
from auditor.pipeline.selectors import select_checks
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "chaoyang-2020-self-evaluation-tables.txt"
NARRATIVE = "2021年度项目绩效自评报告\n项目预算安排100万元，支出50万元，预算执行率50%。\n"


@pytest.fixture(scope="module")
def setup(pm) -> Setup:
    return Setup.build(config=Config(), pm=pm)


def test_a_file_and_its_bytes_give_the_same_result(setup: Setup) -> None:
    from_file = audit_path(SAMPLE, setup)
    from_bytes = audit_bytes(SAMPLE.read_bytes(), SAMPLE, setup)
    assert from_file == from_bytes
    assert from_file.findings == from_bytes.findings and from_file.findings
    codes = [f.code for f in from_file.findings]
    assert "AM01" in codes and "IN01" in codes


def test_the_result_holds_located_findings_with_context_and_coverage(setup: Setup) -> None:
    result = audit_path(SAMPLE, setup)
    assert result.path == str(SAMPLE) and result.error is None
    assert result.coverage["forms"] > 0 and result.coverage["content"] == 1
    # corpus checks run once per run, after every report: a report's coverage lists neither
    # every check that reads this kind of document ran or is listed as not run
    assert set(result.checked) | set(result.not_checked) == {c.code for c in setup.checks if not c.per_run and c.applies(result.kinds)}
    assert {"CP01", "YY01"} <= {c.code for c in setup.checks}
    am01 = next(f for f in result.findings if f.code == "AM01")
    assert am01.location.line and am01.location.table and am01.snippet
    assert am01.context is not None and am01.context.lines  # the lines around it, numbered
    assert [f.code for f in result.findings] == [f.code for f in sorted(result.findings, key=lambda f: f.sort_key())]


def test_the_same_findings_as_the_engine_alone(setup: Setup, pm) -> None:
    report = pm.hook.pfaudit_read(path=SAMPLE, data=SAMPLE.read_bytes())
    plain = audit(report, setup.checks, profile=setup.profile)
    assert [(f.code, f.span, f.message) for f in audit_path(SAMPLE, setup).findings] == [
        (f.code, f.span, f.message) for f in plain
    ]


def test_the_setup_says_what_comes_back_besides_the_findings(setup: Setup) -> None:
    import dataclasses

    from auditor import Record, Report
    from auditor.corpus.record import make_record

    plain = audit_path(SAMPLE, setup)
    assert plain.kept is None and plain.report is None
    both = audit_path(SAMPLE, dataclasses.replace(setup, keep=make_record, keep_report=True))
    assert isinstance(both.kept, Record) and both.kept.path == str(SAMPLE) and both.kept.passages
    assert isinstance(both.report, Report) and both.report.path == str(SAMPLE)
    assert both == plain and both.findings == plain.findings  # neither changes what was found


def test_worker_processes_bring_back_the_same_as_this_one(setup: Setup, tmp_path: Path) -> None:
    import dataclasses

    from auditor.corpus.record import make_record
    from auditor.pipeline.batch import audit_files

    paths = sorted((ROOT / "samples").glob("*.txt"))
    keeping = dataclasses.replace(setup, keep=make_record, keep_report=True)
    here = list(audit_files(paths, keeping, (), jobs=1))
    pool = list(audit_files(paths, keeping, (), jobs=2))
    assert [r.findings for r in pool] == [r.findings for r in here]
    assert [r.kept for r in pool] == [r.kept for r in here] and all(r.kept is not None for r in pool)
    assert [r.report.text for r in pool] == [r.report.text for r in here]


def test_a_report_without_forms_says_which_checks_did_not_run(setup: Setup) -> None:
    result = audit_bytes(NARRATIVE.encode(), "narrative.txt", setup)
    assert result.coverage["forms"] == 0
    assert "IN01" in result.not_checked and "YR01" in result.checked
    assert "indicators" in result.missing_facts and "fiscal_year" not in result.missing_facts


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "empty.txt"), (b"\x00\x01binary", "x.txt"), (b"PK\x03\x04junk", "x.docx"), (b"%PDF-1.4 junk", "x.pdf")],
)
def test_bad_input_is_one_pf01_finding_never_an_exception(setup: Setup, data: bytes, name: str) -> None:
    result = audit_bytes(data, name, setup)
    assert result.error and [f.code for f in result.findings] == ["PF01"]
    assert result.findings[0].message == result.error and result.findings[0].path == name


def test_a_missing_file_is_pf01(setup: Setup, tmp_path: Path) -> None:
    result = audit_path(tmp_path / "nope.txt", setup)
    assert [f.code for f in result.findings] == ["PF01"] and "无法打开文件" in result.error


def test_engine_checks_are_declared_but_never_run(pm) -> None:
    from auditor.engine.plugins import collect_checks

    declared = {c.code: c for c in collect_checks(pm)}
    assert {c.code for c in ENGINE_CHECKS} <= set(declared)
    assert all(declared[c.code].func is None and not declared[c.code].needs for c in ENGINE_CHECKS)
    assert not [c for c in select_checks(list(declared.values()), Config()) if c.func is None]


def test_engine_findings_follow_ignore_and_severity_settings(pm) -> None:
    plain = Setup.build(config=Config(), pm=pm)
    assert [f.code for f in audit_bytes("你好。".encode(), "hello.txt", plain).findings] == ["PF02"]
    ignoring = Setup.build(config=Config(ignore=["no-report-content"]), pm=pm)
    assert audit_bytes("你好。".encode(), "hello.txt", ignoring).findings == ()
    louder = Setup.build(config=Config(checks={"PF02": {"severity": "warning"}, "PF01": {"severity": "warning"}}), pm=pm)
    [empty] = audit_bytes("你好。".encode(), "hello.txt", louder).findings
    [broken] = audit_bytes(b"", "empty.txt", louder).findings
    assert (empty.severity.value, broken.severity.value) == ("warning", "warning")


def test_the_first_setup_of_a_process_takes_what_it_holds_out_of_the_collectors_sight_once() -> None:
    import gc

    from auditor import Setup

    Setup.build()  # this process's first setup froze what it held, a later one freezes nothing more
    frozen = gc.get_freeze_count()
    Setup.build()
    # (a frozen object that loses its last reference is still freed: the count may only fall)
    assert frozen > 0 and gc.get_freeze_count() <= frozen
