"""Layering and homes: each concept lives in one module, and imports only run down the layers.

auditor/ is a facade over an ordered list of layer folders (`LAYERS`): a module imports its
own folder and the folders before it, never one after it, and never the facade. auditor/
never imports checks; checks import only public `auditor` names and declare the facts they
need. A check's code prefix names one place: the module or package of its family.
See docs/architecture.md for the map these tests keep true.
"""

from __future__ import annotations

import ast

import auditor
from tests.conftest import ROOT

AUDITOR = ROOT / "auditor"
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
    "FACT_KINDS": "facts/types/bundle.py",
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


def _imports(path, source: str | None = None):
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                yield node, node.module, alias.name


def test_auditor_never_imports_checks_or_the_entry_point() -> None:
    # pfaudit/ is the door above the command line (python -m pfaudit): auditor reads the version
    # it keeps as installed, so no import runs from auditor up to it
    for path in (ROOT / "auditor").rglob("*.py"):
        for _, module, _ in _imports(path):
            assert not module.startswith(("checks", "pfaudit")), f"{path} imports {module}"


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


# The layers of auditor/, from the ground up. A module imports only modules of its own folder
# and of the folders before it, so a report's data flows one way: text -> model -> facts ->
# checks -> results -> formats -> the run, the page and the command line. The facade
# (auditor/__init__.py) stands above them all, for checks and third parties; nothing inside
# auditor/ imports it. readers/ stands above engine/ because readers are plugins: they mark
# their `pfaudit_read` with the engine's `hookimpl`.
LAYERS = (
    "report",  # the report's text and model, amounts, normalisation, the error tree
    "facts",  # what a report states, extracted from the model
    "engine",  # checks, findings, the plugin contract, running checks over one report
    "readers",  # files of every format into a report (plugins of `pfaudit_read`), per-file limits
    "pairs",  # a self-evaluation held against its declaration
    "pipeline",  # one file through read, facts and checks; many files across workers
    "corpus",  # cross-report facts and the corpus checks' view
    "formats",  # a finished run rendered as text, json, sarif, html, xlsx ...
    "run",  # a run's middle, its history, baseline and output files; the read and register commands
    "annotate",  # annotated copies of a report
    "web",  # the local web page
    "cli",  # the command line
)


def _layer_of(module: str, name: str | None = None) -> str | None:
    """The layer an import reaches: a folder of LAYERS, "" for the facade, None outside auditor."""
    parts = module.split(".")
    if parts[0] != "auditor":
        return None
    if len(parts) > 1:
        return parts[1]
    return name if name in LAYERS else ""


def runs_up(importer: str, module: str, name: str | None = None) -> bool:
    """Whether a module of layer `importer` importing `module` (``from module import name``) runs up."""
    reached = _layer_of(module, name)
    if reached is None:
        return False
    if reached == "" or reached not in LAYERS:
        return True  # the facade, or a module outside every layer
    return LAYERS.index(reached) > LAYERS.index(importer)


def _upward(path, source: str | None = None) -> list[str]:
    layer = path.relative_to(AUDITOR).parts[0]
    return [f"{path.relative_to(ROOT)}:{node.lineno} imports {module}" + (f".{name}" if name else "")
            for node, module, name in _imports(path, source) if runs_up(layer, module, name)]  # fmt: skip


def test_the_root_of_auditor_holds_the_facade_and_the_layers() -> None:
    entries = {p.name for p in AUDITOR.iterdir() if p.name != "__pycache__"}
    assert entries == {"__init__.py", *LAYERS}


def test_imports_run_only_down_the_layers() -> None:
    found = [hit for path in AUDITOR.rglob("*.py") if path.parent != AUDITOR for hit in _upward(path)]
    assert found == []


def test_an_import_that_runs_up_is_caught() -> None:
    engine = AUDITOR / "engine" / "runner.py"
    assert _upward(engine, "from auditor.report.model import Report\nfrom auditor.engine.check import Check\n") == []
    lazy = "def f():\n    from auditor.formats.json import format_json\n"
    assert _upward(engine, lazy) == ["auditor/engine/runner.py:2 imports auditor.formats.json.format_json"]
    assert _upward(engine, "import auditor.cli.main\n") == ["auditor/engine/runner.py:1 imports auditor.cli.main"]
    assert _upward(engine, "from auditor import Finding\n") == ["auditor/engine/runner.py:1 imports auditor.Finding"]
    assert runs_up("cli", "auditor.web.serve") is False
    assert runs_up("web", "auditor.cli.arguments") is True
    assert runs_up("facts", "auditor", "formats") is True
    assert runs_up("formats", "auditor", "facts") is False


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
