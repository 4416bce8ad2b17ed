"""Target declarations kept for later runs to pair self-evaluations with; each report's kinds of document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add report.kind and the declaration table."""
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("kind", sa.Text))
    op.create_table(
        "declaration",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("project_key", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_declaration_report_id", "declaration", ["report_id"])
    op.create_index("ix_declaration_project_key", "declaration", ["project_key"])


def downgrade() -> None:
    """Drop the declaration table and report.kind."""
    op.drop_table("declaration")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("kind")
