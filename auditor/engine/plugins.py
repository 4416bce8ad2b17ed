"""`make_plugin_manager()`: specs, built-ins, entry points and --plugin modules, checked;
`module_checks`, the ``pfaudit_checks`` hook of a module of checks."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable

import pluggy

from auditor.engine import hookspecs
from auditor.engine.check import Check
from auditor.engine.hookspecs import hookimpl
from auditor.report.errors import PluginError

# Built-ins load by import name, exactly like a third-party plugin, and work in a fresh checkout.
BUILTIN = (
    "auditor.engine.runner",  # the engine's own checks (PF00–PF02), which have no function
    "auditor.readers.text",
    "auditor.readers.docx",
    "auditor.readers.xlsx",
    "auditor.readers.pdf",
    "auditor.readers.legacy",
    "auditor.readers.html",
    "auditor.formats",
    # a code's family prefix names one module or one package of checks (tests/test_architecture.py)
    "checks.amounts.execution",
    "checks.amounts.budget",
    "checks.amounts.bands",
    "checks.indicators.totals",
    "checks.indicators.blanks",
    "checks.indicators.targets",
    "checks.indicators.scoring",
    "checks.indicators.ranges",
    "checks.indicators.weights",
    "checks.indicators.budget",
    "checks.grades",
    "checks.years",
    "checks.structure",
    "checks.text.repeats",
    "checks.text.typos",
    "checks.names",
    "checks.narrative",
    "checks.counts",
    "checks.units",
    "checks.explanations",
    "checks.reasons.answers",
    "checks.reasons.figures",
    "checks.reasons.money",
    "checks.reasons.timing",
    "checks.reasons.repeats",
    "checks.copying",
    "checks.history",
    "checks.declarations.presence",
    "checks.declarations.values",
    "checks.declarations.ambition",
    "checks.declarations.weights",
    "checks.declarations.funds",
    "checks.declarations.scale",
    "checks.declarations.timing",
    "checks.declarations.goals",
    "checks.against.rows",
    "checks.against.targets",
    "checks.against.weights",
    "checks.against.budget",
    "checks.against.identity",
)


def make_plugin_manager(plugins: Iterable[str] = (), *, entry_points: bool = True) -> pluggy.PluginManager:
    """Return a fresh plugin manager with every plugin loaded and its hooks verified.

    :param plugins: extra modules to load by import name (``--plugin``).
    :param entry_points: load third-party plugins from the ``pfaudit`` entry-point group.
    :raises PluginError: naming the plugin that failed to import or misspelled a hook.
    """
    pm = pluggy.PluginManager("pfaudit")
    pm.add_hookspecs(hookspecs)
    for name in (*BUILTIN, *plugins):
        try:
            pm.register(importlib.import_module(name), name=name)
        except Exception as exc:
            raise PluginError(
                f"插件 {name} 加载失败：{type(exc).__name__}: {exc}", f"plugin {name} failed to load: {type(exc).__name__}: {exc}"
            ) from exc
    if entry_points:
        try:
            pm.load_setuptools_entrypoints("pfaudit")
        except Exception as exc:
            raise PluginError(
                f"第三方插件（入口组 pfaudit）加载失败：{type(exc).__name__}: {exc}",
                f"a third-party plugin (entry-point group pfaudit) failed to load: {type(exc).__name__}: {exc}",
            ) from exc
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"插件 {exc.plugin!r} 实现了不存在的钩子：{exc}", f"plugin {exc.plugin!r} implements an unknown hook: {exc}"
        ) from exc
    return pm


def module_checks(module: str) -> Callable[[], list[Check]]:
    """A ``pfaudit_checks`` hook implementation returning every `Check` defined in `module`.

    A family module ends with ``pfaudit_checks = module_checks(__name__)``: a check is
    registered by being defined, so no hand-kept list can forget one.
    """

    @hookimpl
    def pfaudit_checks() -> list[Check]:
        found = [v for v in vars(sys.modules[module]).values() if isinstance(v, Check)]
        return sorted(found, key=lambda c: c.code)

    pfaudit_checks.__doc__ = f"The checks defined in {module}."
    return pfaudit_checks


def collect_checks(pm: pluggy.PluginManager) -> list[Check]:
    """All checks from all plugins, in code order; a duplicated code is an error."""
    seen: dict[str, Check] = {}
    for batch in pm.hook.pfaudit_checks():
        for item in batch:
            if not isinstance(item, Check):
                raise PluginError(f"pfaudit_checks returned {item!r}, not a Check")
            if item.code in seen and seen[item.code] is not item:
                raise PluginError(f"check code {item.code} is declared twice")
            seen[item.code] = item
    return sorted(seen.values(), key=lambda c: c.code)


def collect_formats(pm: pluggy.PluginManager) -> dict:
    """Every output format by name."""
    formats: dict = {}
    for batch in pm.hook.pfaudit_formats():
        formats.update(batch)
    return formats
