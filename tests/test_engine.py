"""The engine: located, sorted findings; crash isolation; coverage; severity overrides."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auditor import Facts, Finding, Severity, Span, audit, check
from auditor.readers.plain.parse import parse

REPORT = "2021年度项目绩效自评报告\n项目预算安排100万元，支出50万元，预算执行率50%。\n"


@check("ZZ01", category="structure")
def every_rate(facts: Facts) -> Iterator[Finding]:
    """每个执行率。

    ## 反例
    ```text
    x
    ```
    """
    for rate in facts.rates:
        yield Finding(rate.quantity.span, "执行率", actual=rate.quantity.text)


@check("ZZ02", category="structure", severity="warning")
def broken(facts: Facts) -> Iterator[Finding]:
    """总是出错。"""
    raise ZeroDivisionError("boom")
    yield  # pragma: no cover


def test_findings_are_located_and_completed() -> None:
    [f] = audit(parse(REPORT, "r.txt"), [every_rate])
    assert (f.code, f.name, f.category, f.severity) == ("ZZ01", "every-rate", "structure", Severity.ERROR)
    assert (f.location.line, f.location.column, f.location.end_column) == (2, 25, 28)
    assert f.snippet == "项目预算安排100万元，支出50万元，预算执行率50%。"
    assert f.path == "r.txt"


def test_a_crashing_check_becomes_pf00_and_the_rest_still_run() -> None:
    findings = audit(parse(REPORT), [broken, every_rate])
    assert [f.code for f in findings] == ["PF00", "ZZ01"]
    assert "ZeroDivisionError" in findings[0].message
    assert findings[0].message_en.startswith("check ZZ02 broken crashed (ZeroDivisionError: boom, ")
    assert "tests/test_engine.py:" in findings[0].message_en  # where it raised, for a bug report


def test_a_crash_names_the_source_from_its_package_on() -> None:
    from auditor.engine.runner import crash_messages

    try:
        exec(compile("raise KeyError('x')", "/venv/lib/python3.11/site-packages/checks/copying.py", "exec"))
    except KeyError as exc:
        zh, en = crash_messages(broken, exc)
    assert "（KeyError: 'x'，checks/copying.py:1）" in zh and "site-packages" not in zh + en


def test_strict_reraises() -> None:
    with pytest.raises(ZeroDivisionError):
        audit(parse(REPORT), [broken], strict=True)


def test_severity_override() -> None:
    [f] = audit(parse(REPORT), [every_rate], severities={"ZZ01": Severity.INFO})
    assert f.severity is Severity.INFO


def test_no_report_content_is_said() -> None:
    findings = audit(parse("你好，世界。\n"), [every_rate])
    assert [f.code for f in findings] == ["PF02"]
    assert findings[0].category == "unreadable"


def test_sorted_by_position() -> None:
    text = REPORT + "另一个项目预算安排10万元，支出10万元，执行率100%。\n"
    findings = audit(parse(text), [every_rate])
    assert [f.span.start for f in findings] == sorted(f.span.start for f in findings)
    assert len(findings) == 2


def test_check_decorator_rejects_bad_codes_and_categories() -> None:
    from auditor.report.errors import PluginError

    with pytest.raises(PluginError):
        check("A1", category="structure")
    with pytest.raises(PluginError):
        check("AB12", category="not-a-category")


def test_check_decorator_rejects_unknown_needs() -> None:
    from auditor.report.errors import PluginError

    for needs in (("forms", "weather"), (), "forms"):
        with pytest.raises(PluginError, match="needs"):
            check("AB12", category="structure", needs=needs)
    assert every_rate.needs == ("sentences",)  # nothing declared: the prose


def test_fact_kinds_are_the_keys_facts_report() -> None:
    from auditor.engine.coverage import FACT_KINDS
    from auditor.facts import extract

    assert tuple(extract(parse(REPORT)).found()) == FACT_KINDS


def test_coverage_splits_checks_by_their_needs() -> None:
    from auditor.engine.coverage import coverage, missing_facts, split_checks
    from auditor.facts import extract

    @check("ZZ03", category="structure", needs=("indicators", "grades"))
    def needs_a_form(facts: Facts) -> Iterator[Finding]:
        """要自评表。"""
        yield from ()

    found = coverage(extract(parse(REPORT)))
    assert found["content"] == 1 and found["rates"] == 1 and found["indicators"] == 0
    ran, skipped = split_checks([every_rate, needs_a_form], found)
    assert (ran, skipped) == ((every_rate,), (needs_a_form,))
    assert missing_facts(skipped, found) == ("indicators", "grades")


def test_module_checks_registers_what_a_module_defines() -> None:
    import sys
    import types

    from auditor import module_checks

    module = types.ModuleType("pfaudit_family_under_test")
    module.__dict__.update(zz02=broken, zz01=every_rate, helper=len)
    sys.modules[module.__name__] = module
    hook = module_checks(module.__name__)
    assert hook() == [every_rate, broken]  # code order, whatever the definition order
    assert hasattr(hook, "pfaudit_impl")  # a pluggy hook implementation


def test_span_is_half_open_and_ordered() -> None:
    with pytest.raises(ValueError):
        Span(5, 3)
    assert Span(1, 4).cover(Span(3, 9)) == Span(1, 9)


def test_one_exit_code_rule_on_the_severity_ranking() -> None:
    found = [Finding(Span(0, 1), "x", severity=Severity.WARNING)]
    assert [Severity.exit_code(found, fail_on) for fail_on in ("error", "warning", "info", "never")] == [0, 1, 1, 0]
    assert Severity.exit_code([], "info") == 0
    assert sorted(Severity, key=lambda s: s.rank) == [Severity.INFO, Severity.WARNING, Severity.ERROR]
