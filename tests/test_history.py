"""The audit history: a run recorded and read back, the same on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from auditor.cli.main import main
from auditor.run.db import History
from auditor.run.schema import metadata
from tests.conftest import ROOT
from tests.support.generate import reports

SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def _json(capsys: pytest.CaptureFixture, argv: list[str]) -> dict:
    capsys.readouterr()
    main([*argv, "--format", "json", "--no-progress"])
    return json.loads(capsys.readouterr().out)


def test_a_run_is_recorded_and_read_back(db_url: str, capsys: pytest.CaptureFixture) -> None:
    out = _json(capsys, [*map(str, SAMPLES), "--db", db_url])
    history = History.open(db_url)
    try:
        (run,) = history.runs()
        assert (run["reports"], run["findings"], run["profile"]) == (len(SAMPLES), len(out["findings"]), "national")
        rows = {Path(r["path"]).name: r for r in history.reports(run["id"])}
    finally:
        history.close()
    chaoyang = rows["chaoyang-2020-self-evaluation-tables.txt"]
    # the values the report prints: 安贞街道办事处, 公共服务经费, 2020, 2175.9657 / 1960.5869 万元, 100%
    assert (chaoyang["unit"], chaoyang["project"], chaoyang["year"]) == ("安贞街道办事处", "公共服务经费", 2020)
    assert (chaoyang["budget"], chaoyang["spent"], chaoyang["rate"]) == (
        Decimal("21759657"),
        Decimal("19605869"),
        Decimal(100),
    )
    gumei = rows["gumei-2020-self-evaluation-table.txt"]
    assert (gumei["score"], gumei["grade"], gumei["budget"]) == (Decimal("96.00"), "优", Decimal("242400.00"))
    for name, row in rows.items():
        mine = [f for f in out["findings"] if Path(f["path"]).name == name]
        assert [(c, s) for c, _n, s, _m in row["findings"]] == [(f["code"], f["severity"]) for f in mine]
        assert row["errors"] == sum(f["severity"] == "error" for f in mine)


def test_history_feeds_the_next_run(db_url: str, capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    last_year, this_year = reports(6, seed=3, year=2022), reports(6, seed=4, year=2023)
    this_year[2].prose[1] = last_year[2].prose[1]  # the same project copies last year's paragraph
    for n, report in enumerate(last_year):
        (tmp_path / f"a{n}.txt").write_text(report.text(), encoding="utf-8")
    for n, report in enumerate(this_year):
        (tmp_path / f"b{n}.txt").write_text(report.text(), encoding="utf-8")
    first = _json(capsys, [*(str(tmp_path / f"a{n}.txt") for n in range(6)), "--db", db_url])
    assert not [f for f in first["findings"] if f["code"].startswith("CP")]
    second = _json(capsys, [*(str(tmp_path / f"b{n}.txt") for n in range(6)), "--db", db_url])
    (found,) = [f for f in second["findings"] if f["code"] == "CP02"]
    assert Path(found["path"]).name == "b2.txt" and found["line"] == 6
    assert [Path(r["path"]).name for r in found["related"]] == ["a2.txt"] * len(found["related"])
    assert found["related"][0]["line"] == 6
    again = _json(capsys, [*(str(tmp_path / f"b{n}.txt") for n in range(6)), "--db", db_url])
    assert [f for f in again["findings"] if f["code"].startswith("CP")] == [found], "the same files again are no copies"


@pytest.mark.slow  # a PostgreSQL server
def test_sqlite_and_postgresql_give_the_same_history(postgres_url: str, tmp_path: Path, capsys) -> None:
    import sqlalchemy as sa

    name = "pfaudit_same_history"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    urls = (f"sqlite:///{tmp_path / 'h.sqlite'}", postgres_url.rsplit("/", 1)[0] + "/" + name)
    files = [*map(str, SAMPLES), str(ROOT / "samples" / "formats" / "gumei.docx")]
    seen = []
    for url in urls:
        _json(capsys, [*files, "--db", url])
        history = History.open(url)
        try:
            run_id = history.runs()[0]["id"]
            rows = [{k: v for k, v in r.items() if k not in ("id", "run_id")} for r in history.reports(run_id)]
            seen.append((rows, history.load()))
        finally:
            history.close()
    assert seen[0] == seen[1]
    assert seen[0][1], "the history holds the records"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_migrations_build_exactly_the_schema(db_url: str) -> None:
    history = History.open(db_url)
    try:
        with history.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        history.close()
    assert diff == []


def test_db_from_the_config_file_relative_to_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "pfaudit.toml").write_text('db = "history/audit.sqlite"\n', encoding="utf-8")
    (tmp_path / "history").mkdir()
    report = tmp_path / "r.txt"
    report.write_text(reports(1)[0].text(), encoding="utf-8")
    _json(capsys, [str(report)])
    history = History.open(f"sqlite:///{tmp_path / 'history' / 'audit.sqlite'}")
    try:
        assert [r["reports"] for r in history.runs()] == [1]
    finally:
        history.close()


def test_an_unreachable_database_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report = tmp_path / "r.txt"
    report.write_text("2021年度项目支出绩效自评报告\n", encoding="utf-8")
    code = main([str(report), "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--no-progress"])
    assert code == 2
    assert "无法打开审计历史数据库" in capsys.readouterr().err
