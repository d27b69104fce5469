"""The migration head constant, migrating only a database that is behind, and the whole history
from empty to head (and back) on SQLite and on PostgreSQL, also with several workers starting at once."""

from __future__ import annotations

import asyncio

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from config import StoreSettings
from store.engine import create_engine
from store.migrate import HEAD_REVISION, alembic_config, is_current, upgrade_to_head
from store.store import open_store

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

TABLES = {
    "articles",
    "article_sources",
    "chats",
    "subscriptions",
    "deliveries",
    "digest_articles",
    "heartbeats",
    "usage",
    "summaries",
    "updates",
    "leases",
    "send_rates",
    "rate_buckets",
}


def test_head_revision_constant_is_alembics_own_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


async def test_a_new_database_is_behind_until_migrated(empty_store_url) -> None:
    engine = create_engine(StoreSettings(url=empty_store_url))
    try:
        assert not await is_current(engine)
        await upgrade_to_head(engine)
        assert await is_current(engine)
        await upgrade_to_head(engine)  # a current database is left alone
        assert await is_current(engine)
    finally:
        await engine.dispose()


async def test_the_whole_history_runs_up_from_empty_down_to_nothing_and_up_again(empty_store_url) -> None:
    from alembic import command

    engine = create_engine(StoreSettings(url=empty_store_url))

    async def tables() -> set[str]:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: __import__("sqlalchemy").inspect(c).get_table_names()))

    async def alembic(action: str, target: str) -> None:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: getattr(command, action)(alembic_config(c), target))

    try:
        await upgrade_to_head(engine)
        assert await tables() >= TABLES
        assert not await tables() & {"stories", "story_articles"}  # never written; dropped by 0008
        await alembic("downgrade", "base")
        assert await tables() <= {"alembic_version"}
        await upgrade_to_head(engine)
        assert await tables() >= TABLES
    finally:
        await engine.dispose()


async def test_workers_starting_together_on_a_new_database_migrate_it_once(empty_store_url) -> None:
    settings = StoreSettings(url=empty_store_url)

    async def start() -> int:
        store = await open_store(settings)
        try:
            return await store.articles.count()
        finally:
            await store.aclose()

    counts = await asyncio.gather(*(start() for _ in range(4)))

    engine = create_engine(settings)
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    finally:
        await engine.dispose()
    assert counts == [0, 0, 0, 0]
    assert versions == [HEAD_REVISION]
