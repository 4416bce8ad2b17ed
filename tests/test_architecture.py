"""Layering: the engine never imports checks; checks import only public `auditor` names."""

from __future__ import annotations

import ast

import auditor
from tests.conftest import ROOT


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


def test_checks_import_only_public_auditor_names() -> None:
    public = set(auditor.__all__)
    for path in (ROOT / "checks").glob("*.py"):
        for _, module, name in _imports(path):
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
    for path in [*(ROOT / "auditor").rglob("__init__.py"), ROOT / "checks" / "__init__.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef), f"{path} defines {node.name}"


def test_checks_never_read_files_or_print() -> None:
    for path in (ROOT / "checks").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "print", "input"), f"{path.name} calls {node.func.id}"
