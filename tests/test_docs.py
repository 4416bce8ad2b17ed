"""Meta-tests: codes, names, docstring sections, executed examples, case files, hook docs."""

from __future__ import annotations

import importlib
import inspect
import re
import tomllib
from pathlib import Path

import pytest

from auditor import Check
from auditor.engine import hookspecs
from auditor.engine.plugins import BUILTIN
from tests.conftest import ROOT, audit_text, audit_texts

CASES = ROOT / "tests" / "cases"
FENCE = re.compile(r"```text\n(.*?)```", re.S)


def _section(doc: str, title: str) -> str | None:
    m = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return m.group(1) if m else None


def _example(doc: str, title: str) -> list[str]:
    """The example's reports: one ```text block, or one per report of the run for a corpus check."""
    body = _section(doc, title)
    assert body is not None, f"missing ## {title}"
    blocks = [inspect.cleandoc(m) for m in FENCE.findall(body)]
    assert blocks, f"## {title} needs a ```text block"
    return blocks


def _run(check: Check, title: str) -> list:
    texts = _example(check.doc, title)
    if check.per_run:
        assert len(texts) > 1, f"{check.code} is a corpus check: its ## {title} needs two or more reports"
        return audit_texts(texts, select=check.code)
    if check.paired:  # a declaration and the self-evaluation held against it
        return audit_texts(texts, select=check.code)
    return audit_text(texts[0], select=check.code)


def test_codes_and_names_are_unique_and_well_formed(all_checks: list[Check]) -> None:
    codes = [c.code for c in all_checks]
    names = [c.name for c in all_checks]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for c in all_checks:
        assert re.fullmatch(r"[A-Z]{2}\d{2}", c.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.name)
        # NOTE: PF02 no-report-content names a state, not a fix, and is a selector users write.
        assert c.func is None or not c.name.startswith(("no-", "disallow-")), "name the problem, not the fix"
        assert c.summary and c.summary.endswith("。"), f"{c.code} needs a one-line Chinese summary"


@pytest.fixture(scope="module")
def checks_by_code(all_checks: list[Check]) -> dict[str, Check]:
    return {c.code: c for c in all_checks}


def _codes() -> list[str]:
    from auditor.engine.plugins import collect_checks, make_plugin_manager

    # The engine's checks (PF…) have no function, so no examples or cases to run.
    return [c.code for c in collect_checks(make_plugin_manager(entry_points=False)) if c.func is not None]


@pytest.mark.parametrize("code", _codes())
def test_bad_example_triggers_the_check(code: str, checks_by_code: dict[str, Check]) -> None:
    findings = _run(checks_by_code[code], "反例")
    assert any(f.code == code for f in findings), f"{code} 反例 did not trigger it"


@pytest.mark.parametrize("code", _codes())
def test_findings_speak_english_too(code: str, checks_by_code: dict[str, Check]) -> None:
    # --lang en shows message_en; a check without one would fall back to Chinese
    findings = [f for f in _run(checks_by_code[code], "反例") if f.code == code]
    assert findings and all(f.message_en for f in findings), f"{code} findings need message_en"


@pytest.mark.parametrize("code", _codes())
def test_good_example_is_silent(code: str, checks_by_code: dict[str, Check]) -> None:
    findings = _run(checks_by_code[code], "正例")
    assert not [f.message for f in findings if f.code == code]


@pytest.mark.parametrize("code", _codes())
def test_options_are_documented(code: str, checks_by_code: dict[str, Check]) -> None:
    check = checks_by_code[code]
    section = _section(check.doc, "选项")
    if not check.options:
        assert section is None, f"{code} documents options it does not have"
        return
    assert section is not None, f"{code} has options {list(check.options)} but no ## 选项"
    documented = re.findall(r"^- `([a-z_]+)`", section, re.M)
    assert documented == list(check.options)


@pytest.mark.parametrize("code", _codes())
def test_every_check_has_a_case_file_that_fires_and_stays_silent(code: str) -> None:
    path = CASES / f"{code}.toml"
    assert path.is_file(), f"tests/cases/{code}.toml is missing"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["check"] == code
    assert any(c.get("findings") for c in data["case"]), "needs a case that fires"
    assert any(not c.get("findings") for c in data["case"]), "needs a case that stays silent"


def test_every_check_in_a_module_is_registered() -> None:
    for name in BUILTIN:
        module = importlib.import_module(name)
        declared = {v for v in vars(module).values() if isinstance(v, Check)}
        if not declared:
            continue
        registered = set(module.pfaudit_checks())
        assert declared == registered, f"{name}: {sorted(c.code for c in declared - registered)} not listed"


def test_every_check_module_is_builtin() -> None:
    checks = ROOT / "checks"
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in checks.rglob("*.py") if p.stem != "__init__"}
    assert modules <= set(BUILTIN)


def test_hookspecs_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    specs = [f for n, f in vars(hookspecs).items() if n.startswith("pfaudit_") and callable(f)]
    assert specs
    for spec in specs:
        assert ":returns:" in (spec.__doc__ or ""), spec.__name__
        signature = f"{spec.__name__}{inspect.signature(spec)}".replace("'", "")
        assert signature in readme, f"README must document `{signature}`"


def test_case_files_name_known_checks(checks_by_code: dict[str, Check]) -> None:
    for path in CASES.glob("*.toml"):
        assert path.stem in checks_by_code, f"{path.name} names no check"


def test_readme_lists_every_check(all_checks: list[Check]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c.code for c in all_checks if f"`{c.code}`" not in readme]
    assert not missing, f"README check table lacks {missing}"


def test_docs_live_in_the_module_not_elsewhere() -> None:
    # The module docstring is the family's one-line role (bandit): keep it.
    for path in (ROOT / "checks").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{path.name} needs a module docstring"


def test_cases_directory_exists() -> None:
    assert Path(CASES).is_dir()


@pytest.mark.parametrize("code", _codes())
def test_every_check_has_english_docs(code: str, checks_by_code: dict[str, Check]) -> None:
    check = checks_by_code[code]
    assert check.summary_en, f"{code} needs a summary in the docs_en.toml beside its module"
    assert _section(check.doc_en + "\n", "What it does"), f"{code} English docs need ## What it does"
    assert _section(check.doc_en + "\n", "Why it matters"), f"{code} English docs need ## Why it matters"
    options = _section(check.doc_en + "\n", "Options")
    documented = re.findall(r"^- `([a-z_]+)`", options or "", re.M)
    assert documented == list(check.options), f"{code}: ## Options should list {list(check.options)}"


def test_english_docs_name_only_known_checks(all_checks: list[Check]) -> None:
    # each family's English sits beside its modules: checks/docs_en.toml, or its package's own
    english: dict = {}
    for path in (ROOT / "checks").rglob("docs_en.toml"):
        entries = tomllib.loads(path.read_text(encoding="utf-8"))
        assert not set(entries) & set(english), f"{path} repeats {sorted(set(entries) & set(english))}"
        english.update(entries)
    assert set(english) == {c.code for c in all_checks if c.func is not None}
    assert all(c.summary_en for c in all_checks)  # the engine's own checks too


def test_rule_pages_are_in_sync(all_checks: list[Check], update_snapshots: bool) -> None:
    from auditor.cli.catalog import rule_page, write_rule_pages

    pages = ROOT / "docs" / "rules"
    if update_snapshots:
        for stale in pages.glob("*.md"):
            stale.unlink()
        write_rule_pages(pages, all_checks)
    assert {p.stem for p in pages.glob("*.md")} == {c.code for c in all_checks}, "pytest --update-snapshots"
    for c in all_checks:
        assert (pages / f"{c.code}.md").read_text(encoding="utf-8") == rule_page(c), f"{c.code}.md is stale"
