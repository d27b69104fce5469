"""Bring a database to the newest schema with Alembic, on the engine the app already uses."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from errors import StoreError
from store.engine import WRITE_OPTIONS, error_reason

MIGRATIONS = Path(__file__).parent / "migrations"
FTS_TABLE = "articles_fts"  # and its shadow tables articles_fts_data, _idx, _config, _docsize


def include_name(name: str | None, type_: str, _parents: Mapping[str, str | None]) -> bool:
    """Leave the FTS5 tables (made with raw SQL in a migration) out of autogenerate comparisons,
    so ``alembic revision --autogenerate`` never proposes dropping the full-text index."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations; ``connection`` is used when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Run every pending migration; a failure becomes a StoreError naming the database."""
    try:
        # One write transaction: a second process waits, then finds the schema already at head.
        async with engine.connect() as conn:
            conn = await conn.execution_options(**WRITE_OPTIONS)
            async with conn.begin():
                await conn.run_sync(_upgrade)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(f"cannot migrate the database {engine.url!r}: {error_reason(exc)}") from exc
