"""The migration head constant, and migrating only a database that is behind."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from store.engine import create_engine
from store.migrate import HEAD_REVISION, alembic_config, is_current, upgrade_to_head


def test_head_revision_constant_is_alembics_own_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


async def test_a_new_database_is_behind_until_migrated(settings) -> None:
    engine = create_engine(settings.store)
    try:
        assert not await is_current(engine)
        await upgrade_to_head(engine)
        assert await is_current(engine)
        await upgrade_to_head(engine)  # a current database is left alone
        assert await is_current(engine)
    finally:
        await engine.dispose()
