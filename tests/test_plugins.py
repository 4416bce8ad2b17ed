"""Plugins: built-ins load like third parties; broken plugins are reported by name."""

from __future__ import annotations

import sys
import types

import pytest

from auditor import Finding, check, hookimpl
from auditor.engine.plugins import BUILTIN, collect_checks, make_plugin_manager
from auditor.report.errors import PluginError


def test_builtins_are_registered_by_import_name(pm) -> None:
    names = {name for name, _ in pm.list_name_plugin()}
    assert set(BUILTIN) <= names
    assert {c.code for c in collect_checks(pm)} >= {"AM01", "AM02", "AM03", "IN01", "IN02", "IN03", "ST01", "YR01", "TX01", "TX02"}


def _module(name: str, **attrs) -> str:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return name


def test_a_third_party_check_runs_like_a_builtin() -> None:
    @check("XX01", category="typo", severity="info")
    def shouting(report) -> list:
        """全文有感叹号。"""
        return [Finding(report.blocks[0].span, "有感叹号")] if "！" in report.text else []

    class Plugin:
        @hookimpl
        def pfaudit_checks(self):
            return [shouting]

    name = _module("pfaudit_test_plugin", plugin=Plugin())
    sys.modules[name].pfaudit_checks = Plugin().pfaudit_checks
    pm = make_plugin_manager([name], entry_points=False)
    assert "XX01" in {c.code for c in collect_checks(pm)}


def test_a_misspelled_hook_fails_check_pending() -> None:
    class Typo:
        @hookimpl
        def pfaudit_check(self):  # missing the s
            return []

    name = _module("pfaudit_typo_plugin")
    sys.modules[name].pfaudit_check = Typo().pfaudit_check
    with pytest.raises(PluginError, match="不存在的钩子"):
        make_plugin_manager([name], entry_points=False)


def test_a_plugin_raising_at_import_is_named() -> None:
    with pytest.raises(PluginError, match="pfaudit_does_not_exist"):
        make_plugin_manager(["pfaudit_does_not_exist"], entry_points=False)


def test_duplicate_codes_are_refused(pm) -> None:
    @check("AM01", category="typo")
    def clash(report) -> list:
        """重复的代码。"""
        return []

    name = _module("pfaudit_clash_plugin", pfaudit_checks=hookimpl(lambda: [clash]))
    with pytest.raises(PluginError, match="AM01"):
        collect_checks(make_plugin_manager([name], entry_points=False))


def test_entry_points_are_loaded(monkeypatch) -> None:
    seen = []

    def fake(self, group, name=None):
        seen.append(group)
        return 0

    import pluggy

    monkeypatch.setattr(pluggy.PluginManager, "load_setuptools_entrypoints", fake)
    make_plugin_manager()
    assert seen == ["pfaudit"]
