"""The audit history: runs, reports, findings and the sentences compared across reports.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

import sqlalchemy as sa
from alembic import op

from auditor.run.schema import Exact

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("findings", sa.Integer, nullable=False),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("run.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("unit", sa.Text),
        sa.Column("project", sa.Text),
        sa.Column("project_key", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("budget", Exact),
        sa.Column("spent", Exact),
        sa.Column("rate", Exact),
        sa.Column("score", Exact),
        sa.Column("grade", sa.String(32)),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("risk", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_report_run_id", "report", ["run_id"])
    op.create_index("ix_report_digest", "report", ["digest"])
    op.create_index("ix_report_project_key", "report", ["project_key"])
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("message_en", sa.Text),
        sa.Column("expected", sa.Text),
        sa.Column("actual", sa.Text),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("related", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
    )
    op.create_index("ix_finding_report_id", "finding", ["report_id"])
    op.create_index("ix_finding_code", "finding", ["code"])
    op.create_table(
        "passage",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("snippet", sa.Text, nullable=False),
    )
    op.create_index("ix_passage_report_id", "passage", ["report_id"])


def downgrade() -> None:
    """Drop the four tables, children first."""
    for table in ("passage", "finding", "report", "run"):
        op.drop_table(table)
