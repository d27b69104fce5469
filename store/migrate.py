"""Bring a database to the newest schema with Alembic, on the engine the app already uses.

A database already at ``HEAD_REVISION`` costs one query and no Alembic import: start-up of the
CLI stays fast. A test checks the constant against Alembic's own head.

Several processes may start on a new database at once (N workers). On SQLite the migration is
one ``BEGIN IMMEDIATE`` transaction; on PostgreSQL it holds an advisory lock for its whole
transaction. Either way the others wait, then find the schema already at head.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from errors import StoreError
from store.engine import WRITE_OPTIONS, advisory_key, error_reason

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD_REVISION = "0008"  # the newest file in migrations/versions; tests/core/test_migrations.py checks it
# The FTS5 tables, and their shadow tables (articles_fts_data, _idx, _config, _docsize, …).
FTS_TABLES = ("articles_fts", "passages_fts", "passages_vocab")
MIGRATION_LOCK = "migrate"


def include_name(name: str | None, type_: str, _parents: Mapping[str, str | None]) -> bool:
    """Leave the FTS5 tables (made with raw SQL in a migration) out of autogenerate comparisons,
    so ``alembic revision --autogenerate`` never proposes dropping the full-text index."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLES))


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations; ``connection`` is used when given."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def stored_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None for a new database (one query, no Alembic)."""
    try:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:  # no alembic_version table yet; the connection is discarded after
        return None
    return str(revision) if revision is not None else None


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is already at ``HEAD_REVISION``."""
    async with engine.connect() as conn:
        return await conn.run_sync(stored_revision) == HEAD_REVISION


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Run every pending migration; a failure becomes a StoreError naming the database."""
    try:
        if await is_current(engine):
            return
        # One write transaction: a second process waits, then finds the schema already at head.
        async with engine.connect() as conn:
            conn = await conn.execution_options(**WRITE_OPTIONS)
            async with conn.begin():
                if conn.dialect.name == "postgresql":
                    await conn.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(MIGRATION_LOCK)}
                    )
                await conn.run_sync(_upgrade)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(f"cannot migrate the database {engine.url!r}: {error_reason(exc)}") from exc
