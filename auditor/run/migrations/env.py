"""Alembic's entry point for the audit history: migrate the connection pfaudit hands over."""

from alembic import context

from auditor.run.schema import metadata

# pfaudit runs migrations itself (`auditor.run.upgrade.prepare`), on its own connection.
connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
