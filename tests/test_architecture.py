"""Layering and homes: each concept lives in one module, and imports only run downhill.

The engine never imports checks or formats; formats import nothing from the CLI, the batch
or the pipeline; checks import only public `auditor` names and declare the facts they need.
A check's code prefix names one place: the module or package of its family.
See docs/architecture.md for the map these tests keep true.
"""

from __future__ import annotations

import ast

import auditor
from tests.conftest import ROOT

AUDITOR = ROOT / "auditor"
FORMATS = AUDITOR / "formats"
# Presentation beside the formats: the web page, annotated copies and the register render a
# result for people, so they may use the formats' helpers; the engine below them may not.
PRESENTATION = (AUDITOR / "web", AUDITOR / "annotate", AUDITOR / "run" / "register.py", AUDITOR / "run" / "reading.py")
CHECKS = ROOT / "checks"
# A code's family prefix → the one place that holds its checks: checks/<family>.py, or the
# package checks/<family>/ once a family outgrows one module. PF (the engine's own checks,
# which have no function) lives in auditor/engine/runner.py.
FAMILIES = {
    "AM": "amounts", "CP": "copying", "CT": "counts", "EX": "explanations", "GR": "grades",
    "IN": "indicators", "NM": "names", "NT": "narrative", "RS": "reasons", "ST": "structure", "TX": "text",
    "UN": "units", "YR": "years", "YY": "history", "DC": "declarations", "SD": "against",
}  # fmt: skip
# Concept → the one module that defines it (docs/architecture.md lists them).
HOMES = {
    "Check": "engine/check.py",
    "check": "engine/check.py",
    "module_checks": "engine/plugins.py",
    "Finding": "engine/findings.py",
    "Location": "engine/findings.py",
    "Context": "engine/findings.py",
    "locate": "engine/findings.py",
    "with_context": "engine/context.py",
    "coverage": "engine/coverage.py",
    "split_checks": "engine/coverage.py",
    "run_checks": "engine/runner.py",
    "run_corpus_checks": "engine/runner.py",
    "check_crashed": "engine/runner.py",
    "audit": "engine/runner.py",
    "Setup": "pipeline/audit.py",
    "audit_bytes": "pipeline/audit.py",
    "audit_path": "pipeline/audit.py",
    "FileResult": "pipeline/result.py",
    "Run": "pipeline/result.py",
    "gather": "run/run.py",
    "finish": "run/run.py",
    "corpus_pass": "run/stages.py",
    "fingerprint": "pipeline/result.py",
    "risk_score": "pipeline/result.py",
    "make_plugin_manager": "engine/plugins.py",
    "hookimpl": "engine/hookspecs.py",
}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                yield node, node.module, alias.name


def test_auditor_never_imports_checks() -> None:
    for path in (ROOT / "auditor").rglob("*.py"):
        for _, module, _ in _imports(path):
            assert not module.startswith("checks"), f"{path} imports {module}"


def _check_modules():
    return sorted(p for p in CHECKS.rglob("*.py") if p.stem != "__init__")


def test_checks_import_only_public_auditor_names() -> None:
    public = set(auditor.__all__)
    for path in _check_modules():
        for _, module, name in _imports(path):
            assert not module.startswith("checks"), f"{path.name} imports {module}: a family stands alone"
            if module.startswith("auditor"):
                assert module == "auditor", f"{path.name} imports {module}: use `from auditor import …`"
                assert name in public, f"{path.name} imports private auditor name {name}"


def test_jieba_is_never_imported_at_module_level() -> None:
    for folder in ("auditor", "checks"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                assert "jieba" not in names, f"{path} imports jieba at import time"


def test_init_files_hold_no_logic() -> None:
    for path in [*(ROOT / "auditor").rglob("__init__.py"), *CHECKS.rglob("__init__.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef), f"{path} defines {node.name}"


def test_checks_never_read_files_or_print() -> None:
    for path in _check_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "print", "input"), f"{path.name} calls {node.func.id}"


def _presentation(path) -> bool:
    return any(path == p or p in path.parents for p in (FORMATS, *PRESENTATION))


def test_the_engine_never_imports_formats() -> None:
    for path in AUDITOR.rglob("*.py"):
        if _presentation(path):
            continue
        for _, module, name in _imports(path):
            assert not module.startswith("auditor.formats"), f"{path.name} imports {module}: formats only render"
            assert not (module == "auditor" and name == "formats"), f"{path.name} imports auditor.formats"


def test_only_the_cli_enters_the_web_page_and_annotated_copies() -> None:
    for path in AUDITOR.rglob("*.py"):
        if _presentation(path) or path == AUDITOR / "cli" / "main.py":
            continue
        for _, module, _ in _imports(path):
            assert not module.startswith(("auditor.web", "auditor.annotate")), f"{path.name} imports {module}"


def test_annotated_copies_never_import_the_web_page() -> None:
    for path in (AUDITOR / "annotate").rglob("*.py"):
        for _, module, _ in _imports(path):
            assert not module.startswith("auditor.web"), f"annotate/{path.name} imports {module}: the page imports annotate"


def test_formats_import_nothing_from_the_cli_batch_or_pipeline() -> None:
    above = ("auditor.cli.main", "auditor.pipeline.batch", "auditor.pipeline.audit", "auditor.run.baseline", "auditor.pipeline.config",
             "auditor.cli.catalog", "auditor.engine.plugins", "auditor.cli.progress")  # fmt: skip
    for path in FORMATS.glob("*.py"):
        for _, module, _ in _imports(path):
            assert not module.startswith(above), f"formats/{path.name} imports {module}"
            assert module != "auditor", f"formats/{path.name} imports the facade; import the defining module"


def _defined(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Assign):
            yield from (t.id for t in node.targets if isinstance(t, ast.Name))


def test_each_concept_has_one_home() -> None:
    homes: dict[str, list[str]] = {name: [] for name in HOMES}
    for path in AUDITOR.rglob("*.py"):
        rel = path.relative_to(AUDITOR).as_posix()
        for name in _defined(path):
            if name in homes:
                homes[name].append(rel)
    assert {name: where for name, where in homes.items() if where != [HOMES[name]]} == {}


def _check_calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        for dec in getattr(node, "decorator_list", []):
            if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Name) and dec.func.id == "check":
                yield node.name, dec


def test_every_builtin_check_declares_the_facts_it_needs(all_checks) -> None:
    from auditor.engine.coverage import FACT_KINDS

    declared = 0
    for path in _check_modules():
        for name, dec in _check_calls(path):
            assert "needs" in {k.arg for k in dec.keywords}, f"{path.name}:{name} needs @check(..., needs=(...))"
            declared += 1
    assert declared == sum(c.func is not None for c in all_checks)
    assert all(c.needs and set(c.needs) <= set(FACT_KINDS) for c in all_checks if c.func is not None)


def test_family_modules_register_through_module_checks() -> None:
    for path in _check_modules():
        text = path.read_text(encoding="utf-8")
        assert text.rstrip().endswith("pfaudit_checks = module_checks(__name__)"), f"{path.name}: hand-kept list"


def _place(module: str) -> str:
    """The family place of a check module: ``checks.indicators.scoring`` → ``indicators``."""
    parts = module.split(".")
    assert parts[0] == "checks" and len(parts) in (2, 3), f"{module} is not checks/<family>.py or checks/<family>/<module>.py"
    return parts[1]


def test_a_code_prefix_names_one_module_or_package(all_checks) -> None:
    places: dict[str, set[str]] = {}
    for c in all_checks:
        if c.func is None:
            assert c.code.startswith("PF"), f"{c.code} has no function"
            continue
        places.setdefault(c.code[:2], set()).add(_place(c.func.__module__))
    assert places == {prefix: {family} for prefix, family in FAMILIES.items()}
    # and every module or package of checks/ is one family's place, named after it
    on_disk = {p.stem for p in CHECKS.glob("*.py") if p.stem != "__init__"}
    on_disk |= {p.name for p in CHECKS.iterdir() if (p / "__init__.py").is_file()}
    assert on_disk == set(FAMILIES.values())


def test_no_auditor_module_outgrows_its_budget() -> None:
    # NOTE: about 300 lines a module, as the house style asks; past that, split by concept.
    for path in AUDITOR.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 300, f"{path.relative_to(ROOT)} has {lines} lines"
