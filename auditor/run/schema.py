"""The audit history's tables (SQLAlchemy Core): runs, their reports, findings, sentences and declarations.

The migrations in ``migrations/versions`` create exactly these tables; a test compares the
two. Money, rates and scores are `Exact`: NUMERIC where the database has it, text on
SQLite, never a float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator


class Exact(TypeDecorator):
    """A Decimal stored without loss: NUMERIC (unconstrained, so its scale is kept) or SQLite text."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        """Text on SQLite, whose driver cannot bind a Decimal; NUMERIC elsewhere."""
        return dialect.type_descriptor(String(48) if dialect.name == "sqlite" else Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        """Decimals go in as they are, or as their text on SQLite."""
        if value is None:
            return None
        return str(value) if dialect.name == "sqlite" else Decimal(value)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        """Always a Decimal out, with the scale it went in with."""
        return None if value is None else Decimal(value)


metadata = MetaData()

run = Table(
    "run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("version", String(32), nullable=False),
    Column("profile", String(64), nullable=False),
    Column("reports", Integer, nullable=False),
    Column("findings", Integer, nullable=False),
)

report = Table(
    "report",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("run.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),  # input order within the run
    Column("path", Text, nullable=False),
    Column("digest", String(64), nullable=False, index=True),  # sha256 of the file
    Column("unit", Text),
    Column("project", Text),
    Column("project_key", Text, index=True),
    Column("year", Integer),
    Column("budget", Exact),  # 元
    Column("spent", Exact),  # 元
    Column("rate", Exact),  # percent
    Column("score", Exact),
    Column("grade", String(32)),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("infos", Integer, nullable=False),
    Column("risk", Integer, nullable=False),
    Column("error", Text),  # why the file could not be read; NULL for a report that was audited
    Column("detail", Text, nullable=False),  # JSON: fields as printed and located, targets, causes, length
    Column("kind", Text),  # the kinds of document the file holds, comma-separated (declaration, self-evaluation…)
)

finding = Table(
    "finding",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("code", String(8), nullable=False, index=True),
    Column("name", String(64), nullable=False),
    Column("category", String(64), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("message_en", Text),
    Column("expected", Text),
    Column("actual", Text),
    Column("location", Text, nullable=False),  # JSON
    Column("related", Text, nullable=False),  # JSON list of locations, possibly in other reports
    Column("fingerprint", String(32), nullable=False),
)

# A target declaration a report held, kept so that a later run's self-evaluation pairs with it.
declaration = Table(
    "declaration",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),  # which report of the file (1-based)
    Column("project_key", Text, index=True),  # `auditor.pairs.match.project_key`
    Column("year", Integer),
    Column("detail", Text, nullable=False),  # JSON: the `auditor.pairs.document.Document`
)

passage = Table(
    "passage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),  # normal form, as compared
    Column("location", Text, nullable=False),  # JSON
    Column("snippet", Text, nullable=False),
)
