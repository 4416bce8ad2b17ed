"""The audit history at its edges: a newer schema, a killed first setup, a race, someone else's file.

Against real SQLite files and a real PostgreSQL server (the ``db_url`` fixture). A run is
killed with SIGKILL by the process itself right after its second CREATE TABLE, the moment a
first setup that commits table by table leaves a half-made history behind.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from auditor.cli import main as cli
from auditor.run.db import History
from auditor.run.schema import metadata
from auditor.run.upgrade import TABLES
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
PFAUDIT = [sys.executable, "-m", "auditor.cli.main"]
# pfaudit with its arguments, killed (SIGKILL, by itself) right after its second CREATE TABLE.
KILLED_IN_SETUP = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
made = []
@event.listens_for(Engine, "after_cursor_execute")
def _after(conn, cursor, statement, *rest):
    if statement.lstrip().upper().startswith("CREATE TABLE"):
        made.append(statement)
        if len(made) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
from auditor.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def scalar(url: str, query: str) -> object:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(query)).scalar()
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def check(capsys: pytest.CaptureFixture, url: str, *extra: str) -> tuple[int, str]:
    code = cli.main([str(SAMPLE), "--db", url, "-o", os.devnull, "--no-progress", *extra])
    return code, capsys.readouterr().err


def test_the_tables_pfaudit_calls_its_own_are_the_schema() -> None:
    assert set(metadata.tables) == TABLES


def test_a_history_of_a_newer_schema_is_named_and_left_alone(db_url: str, capsys) -> None:
    assert check(capsys, db_url)[0] == 1
    execute(db_url, "UPDATE alembic_version SET version_num = '9999_future'")
    for argv in ([str(SAMPLE), "--db", db_url, "-o", os.devnull], ["register", "--db", db_url, "--list"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "表结构版本是 9999_future" in err and "最新版本 0002" in err and "Traceback" not in err
    assert scalar(db_url, "SELECT count(*) FROM run") == 1
    assert scalar(db_url, "SELECT version_num FROM alembic_version") == "9999_future"


def test_english_names_the_versions_too(db_url: str, capsys) -> None:
    assert check(capsys, db_url)[0] == 1
    execute(db_url, "UPDATE alembic_version SET version_num = '9999_future'")
    code, err = check(capsys, db_url, "--lang", "en")
    assert code == 2 and "has schema version 9999_future, newer than the latest this pfaudit knows (0002" in err


def test_a_first_setup_killed_midway_leaves_nothing_half_made(db_url: str, capsys) -> None:
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_SETUP, str(SAMPLE), "--db", db_url, "-o", os.devnull],
                            capture_output=True, check=False, timeout=120)  # fmt: skip
    assert killed.returncode == -9
    assert not tables(db_url) & TABLES  # the setup's transaction was rolled back with the process
    assert check(capsys, db_url) == (1, "")
    assert scalar(db_url, "SELECT count(*) FROM run") == 1


def test_a_half_made_history_of_an_older_pfaudit_is_made_again(tmp_path: Path, capsys) -> None:
    """What the old table-by-table setup left when killed: empty tables of ours, no version."""
    path = tmp_path / "half.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("CREATE TABLE run (id INTEGER PRIMARY KEY, started DATETIME)")
        conn.commit()
    assert check(capsys, str(path)) == (1, "")
    assert tables(f"sqlite:///{path}") >= TABLES


def test_tables_of_ours_with_rows_but_no_version_are_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "odd.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE run (id INTEGER PRIMARY KEY, started DATETIME)")
        conn.execute("INSERT INTO run (started) VALUES ('2024-01-01')")
        conn.commit()
    before = path.read_bytes()
    code, err = check(capsys, str(path))
    assert code == 2 and "没有表结构版本记录" in err
    assert path.read_bytes() == before


def test_two_first_runs_on_a_new_file_wait_for_each_other(tmp_path: Path) -> None:
    for n in range(4):
        path = tmp_path / f"new{n}.sqlite"
        runs = [subprocess.Popen([*PFAUDIT, str(SAMPLE), "--db", str(path), "-o", os.devnull, "--no-progress"],
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
        outcomes = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
        assert outcomes == [(1, ""), (1, "")]
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("SELECT count(*) FROM run").fetchone() == (2,)


def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.commit()
    before = path.read_bytes()
    code, err = check(capsys, str(path))
    assert code == 2 and "不是 pfaudit 的审计历史" in err and "notes" in err
    assert path.read_bytes() == before and not any(p.name.endswith("-journal") for p in tmp_path.iterdir())


def test_another_programs_schema_version_is_not_taken_for_a_newer_pfaudit(db_url: str, capsys) -> None:
    """A shared PostgreSQL database may hold another Alembic application's version table."""
    execute(db_url, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
            "INSERT INTO alembic_version VALUES ('ae1027a6acf')")  # fmt: skip
    code, err = check(capsys, db_url)
    assert code == 2 and "另一个程序的版本记录 ae1027a6acf" in err
    assert tables(db_url) == {"alembic_version"}


def test_a_shared_postgresql_database_may_hold_other_tables(db_url: str, capsys) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("a SQLite file is one program's: other tables there are refused (test above)")
    execute(db_url, "CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    assert check(capsys, db_url) == (1, "")
    assert tables(db_url) >= TABLES | {"notes"}


def test_a_database_error_is_one_line_without_the_statement(tmp_path: Path, capsys) -> None:
    path = tmp_path / "r.txt"
    path.write_text("这不是数据库文件，但有内容。" * 100, encoding="utf-8")
    code, err = check(capsys, str(path))
    assert code == 2 and err.count("\n") == 1 and "file is not a database" in err and "[SQL" not in err


def test_the_history_can_still_be_read_back(db_url: str, capsys) -> None:
    assert check(capsys, db_url)[0] == 1
    history = History.open(db_url)
    try:
        assert [r["reports"] for r in history.runs()] == [1]
    finally:
        history.close()
