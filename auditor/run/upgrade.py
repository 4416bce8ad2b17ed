"""An audit history's schema: looked at first, then brought up to date in one transaction, or refused as it is.

`prepare` runs whenever a history is opened, before anything is written to it. It takes the
database's write lock (SQLite) and reads what is there: a new database gets the schema; a
history of an older schema is migrated (Alembic, in-process); a history from a newer
pfaudit, a SQLite file of another program, or a database holding tables named like ours
that are not a history is refused with a message, unchanged. Everything it creates is
created in that one transaction, so a run killed during the first setup leaves nothing
behind, and two first runs on a new file wait for each other instead of racing.

pysqlite commits before every CREATE TABLE on its own, so on SQLite the engine is switched
to explicit transactions (`explicit_transactions`), as SQLAlchemy's documentation advises.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, event, inspect, text
from sqlalchemy.exc import DBAPIError

from auditor.report.errors import ConfigError

MIGRATIONS = Path(__file__).parent / "migrations"
TABLES = frozenset({"run", "report", "finding", "passage", "declaration"})  # auditor.run.schema's, kept in step by a test
VERSIONS = "alembic_version"
LOCK = "pfaudit_write_lock"  # execution option: begin with the write lock taken


def reason(exc: BaseException) -> str:
    """What went wrong, in one line: the driver's own message, never the SQL and its parameters."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    said = str(inner).strip().splitlines()
    return f"{type(inner).__name__}: {said[0]}" if said else type(inner).__name__


def explicit_transactions(engine: Engine) -> None:
    """Make every SQLite transaction an explicit ``BEGIN`` … ``COMMIT`` that DDL stays inside."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing; the "begin" event does

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock at once: a second first run waits here, not midway.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(LOCK) else "BEGIN")


def _script():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config, ScriptDirectory.from_config(config)


def _refuse(shown: str, zh: str, en: str) -> ConfigError:
    return ConfigError(f"审计历史 {shown} {zh}；没有做任何改动。", f"the audit history {shown} {en}; nothing was changed.")


def _look(conn: Connection, shown: str, known: set[str], head: str) -> set[str]:
    """Refuse what is not a history pfaudit can use; return the half-made tables to drop first, if any."""
    tables = set(inspect(conn).get_table_names())
    version = conn.execute(text(f"SELECT version_num FROM {VERSIONS}")).scalar() if VERSIONS in tables else None
    mine = tables & TABLES
    if version is not None and version not in known and mine:
        raise _refuse(
            shown,
            f"的表结构版本是 {version}，比这个 pfaudit 认识的最新版本 {head} 新（多半由更新版本的 pfaudit 升级过）；请升级 pfaudit 后再用它",
            f"has schema version {version}, newer than the latest this pfaudit knows ({head}; a newer pfaudit "
            "probably upgraded it): upgrade pfaudit to use it",
        )
    if version is not None and version not in known:
        raise _refuse(
            shown, f"不是 pfaudit 的审计历史（其中有另一个程序的版本记录 {version}）",
            f"is not a pfaudit audit history (it holds another program's schema version {version})",
        )  # fmt: skip
    if version is not None:
        return set()
    others = sorted(tables - TABLES - {VERSIONS})
    if conn.dialect.name == "sqlite" and others:
        raise _refuse(
            shown, f"不是 pfaudit 的审计历史（这个 SQLite 文件里已有别的表：{'、'.join(others[:5])}）；请给一个新文件名",
            f"is not a pfaudit audit history (this SQLite file already holds other tables: {', '.join(others[:5])}); name a new file",
        )  # fmt: skip
    # Tables of ours without a version: a first setup that an older pfaudit left half-made (it
    # committed table by table). Empty, they are dropped and made again; with rows, refused.
    if any(conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first() for t in mine):
        raise _refuse(
            shown, "里有 pfaudit 的表和数据，却没有表结构版本记录，可能已损坏或被改动",
            "holds pfaudit's tables and rows but no schema version: it may be damaged or altered",
        )  # fmt: skip
    return mine | ({VERSIONS} & tables)


def prepare(engine: Engine, shown: str) -> None:
    """Look at the database, then create or migrate its schema, all in one transaction.

    :param shown: the database as the user should see it named (no password).
    :raises ConfigError: for a database that is not a history this pfaudit can use.
    """
    from alembic import command

    config, script = _script()
    known = {r.revision for r in script.walk_revisions()}
    head = script.get_current_head() or ""
    with engine.connect() as conn:
        conn.execution_options(**{LOCK: True})
        with conn.begin():
            for table in _look(conn, shown, known, head):
                conn.exec_driver_sql(f'DROP TABLE "{table}"')
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
