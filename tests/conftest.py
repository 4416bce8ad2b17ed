"""Shared fixtures: a fresh plugin manager, `audit_text()`, and the --update-snapshots switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Finding, audit
from auditor.parse import parse
from auditor.plugins import collect_checks, make_plugin_manager
from auditor.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true", help="rewrite tests/snapshots/*.txt and web-page.png")


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-snapshots")


@pytest.fixture(scope="session")
def pm():
    return make_plugin_manager(entry_points=False)


@pytest.fixture(scope="session")
def all_checks(pm):
    return collect_checks(pm)


def audit_text(
    text: str,
    select: str | list[str] | None = None,
    options: dict | None = None,
    profile: str = "national",
    strict: bool = True,
) -> list[Finding]:
    """Parse `text` as a report and run the selected checks (all by default) strictly."""
    checks = collect_checks(make_plugin_manager(entry_points=False))
    if select is not None:
        wanted = [select] if isinstance(select, str) else select
        checks = [c for c in checks if any(c.code.startswith(w) for w in wanted)]
    opts = {checks[0].code: options} if options and len(checks) == 1 else {}
    report = parse(text, "case.txt")
    return audit(report, checks, options=opts, profile=load_profile(profile), strict=strict)
