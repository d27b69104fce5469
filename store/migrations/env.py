"""Alembic environment: runs on the connection handed over by store.migrate (async engine, run_sync)."""

from __future__ import annotations

from alembic import context

from store.migrate import include_name
from store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `briefbot migrate` (store.migrate.upgrade_to_head)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    # store.engine makes SQLite DDL transactional: the whole upgrade commits or rolls back as one.
    transactional_ddl=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
