"""Databases left at an earlier migration, for testing what a later one does to their rows (tests only)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from config import StoreSettings
from store.engine import WRITE_OPTIONS, create_engine
from store.migrate import alembic_config

Seed = Callable[[AsyncConnection], Awaitable[None]]


@asynccontextmanager
async def engine_at(url: str, revision: str, seed: Seed) -> AsyncIterator[AsyncEngine]:
    """An engine on the empty database ``url``, migrated only up to ``revision`` and then given
    its rows by ``seed`` in the same transaction; disposed of afterwards."""
    engine = create_engine(StoreSettings(url=url))
    try:
        async with engine.connect() as conn:
            conn = await conn.execution_options(**WRITE_OPTIONS)
            async with conn.begin():
                await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))
                await seed(conn)
        yield engine
    finally:
        await engine.dispose()


async def insert_source(conn: AsyncConnection, name: str, created: datetime) -> None:
    """Source 1, of kind file, as every schema since 0001 holds it."""
    await conn.execute(
        text(
            "INSERT INTO sources (id, name, kind, title, created_at) VALUES (1, :name, 'file', :name, :now)"
        ),
        {"name": name, "now": created},
    )
