"""Shared fixtures: a fresh plugin manager, `audit_text()`, and the --update-snapshots switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Corpus, Finding, audit, extract
from auditor.corpus.bridge import run_corpus_checks
from auditor.corpus.record import make_record
from auditor.engine.plugins import collect_checks, make_plugin_manager
from auditor.engine.profile import load_profile
from auditor.engine.runner import run_checks
from auditor.pairs.document import documents
from auditor.pipeline.paired import across, within
from auditor.pipeline.result import FileResult
from auditor.readers.plain.parse import parse

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
    checks, opts = _chosen(select, options)
    report = parse(text, "case.txt")
    return audit(report, checks, options=opts, profile=load_profile(profile), strict=strict)


def _chosen(select: str | list[str] | None, options: dict | None) -> tuple[list, dict]:
    checks = collect_checks(make_plugin_manager(entry_points=False))
    if select is not None:
        wanted = [select] if isinstance(select, str) else select
        checks = [c for c in checks if any(c.code.startswith(w) for w in wanted)]
    return checks, ({checks[0].code: options} if options and len(checks) == 1 else {})


def audit_texts(
    texts: list[str],
    select: str | list[str] | None = None,
    options: dict | None = None,
    profile: str = "national",
    strict: bool = True,
) -> list[Finding]:
    """Audit `texts` as the reports of one run (``case1.txt``, ``case2.txt``…), paired and corpus checks included."""
    checks, opts = _chosen(select, options)
    regional = load_profile(profile)
    settings = {"options": opts, "profile": regional, "strict": strict}
    findings, records, files = [], [], []
    for n, text in enumerate(texts, 1):
        report = parse(text, f"case{n}.txt")
        facts = extract(report)
        findings += run_checks(report, facts, checks, **settings)
        records.append(make_record(report, facts, text.encode("utf-8")))
        # a self-evaluation meets its declaration within its file, then across the run
        docs, paired, _ = within(documents(report, facts), checks, **settings)
        findings += paired
        files.append(FileResult(report.path, documents=tuple(docs)))
    findings += across(files, checks, **settings)[1]
    findings += run_corpus_checks(Corpus.of(records), checks, **settings)
    return sorted(findings, key=Finding.sort_key)


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server: the one .ci/run started (PFAUDIT_TEST_POSTGRES), else a private one."""
    import os
    import shutil
    import subprocess
    import tempfile

    from tests.support import postgres

    given = os.environ.get("PFAUDIT_TEST_POSTGRES")
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="pfaudit-pg-"))
    try:
        url = postgres.start(folder)
    except (postgres.Unavailable, OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started here: {exc}")
    yield url
    postgres.stop(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty audit-history database: a SQLite file, then a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'audit.sqlite'}"
        return
    import uuid

    import sqlalchemy as sa

    server = request.getfixturevalue("postgres_url")
    name = f"pfaudit_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
