"""Several processes (here: several engines) on one SQLite file: migrations and writes take turns."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import text

from config import StoreSettings
from store.articles import NewArticle
from store.engine import create_engine, session_factory, write_session
from store.store import open_store
from tests.conftest import REPO


def _article(n: int, simhash: int, h: str | None = None) -> NewArticle:
    return NewArticle(
        title=f"Story {n}",
        text=f"Body of story {n}.",
        content_hash=h or f"hash-{n}",
        simhash=simhash,
        published_at=datetime(2026, 11, 24, tzinfo=UTC),
    )


OPEN_STORE = """
import asyncio, sys
from config import StoreSettings
from store.store import open_store
from tests.conftest import REPO

async def main():
    store = await open_store(StoreSettings(url="sqlite+aiosqlite:///" + sys.argv[1]))
    print(await store.articles.count())
    await store.aclose()

asyncio.run(main())
"""


def test_processes_opening_a_fresh_database_together_all_migrate_it(tmp_path):
    db = tmp_path / "shared.db"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_STORE, str(db)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]

    outcomes = [(proc.communicate(timeout=120), proc.returncode) for proc in procs]

    assert [(out.strip(), code) for (out, _err), code in outcomes] == [("0", 0)] * 3, outcomes


async def test_the_same_articles_stored_by_two_engines_at_once_are_stored_once(tmp_path):
    settings = StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/shared.db")
    first, second = await open_store(settings), await open_store(settings)
    spread = random.Random(7)
    batch = [_article(n, simhash=spread.getrandbits(63)) for n in range(40)]
    try:
        for _ in range(5):
            results = await asyncio.gather(
                first.articles.add_many(batch, source="A"), second.articles.add_many(batch, source="A")
            )
            assert sum(len(r.stored_ids) for r in results) + sum(len(r.duplicates) for r in results) == 80
        assert await first.articles.count() == 40
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_near_duplicate_stored_by_another_process_is_recognised(tmp_path):
    settings = StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/shared.db")
    bot, cli = await open_store(settings), await open_store(settings)
    try:
        await bot.articles.add_many([_article(1, simhash=0b1111_0000)], source="A")  # bot's index is loaded
        await cli.articles.add_many([_article(2, simhash=1 << 50)], source="A")

        again = await bot.articles.add_many([_article(3, simhash=(1 << 50) | 1)], source="A")

        assert again.stored_ids == ()
        assert again.duplicates == ("Story 3: nearly the same text as a stored article",)
    finally:
        await bot.aclose()
        await cli.aclose()


async def test_many_writers_in_one_process_queue_instead_of_outwaiting_the_busy_timeout(tmp_path):
    # Twenty feed polls writing at once, each transaction open for a while: together they take
    # far longer than the busy timeout, which must bound waits across processes only.
    engine = create_engine(StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/w.db"), busy_timeout_ms=100)
    sessions = session_factory(engine)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE polls (n INTEGER)"))

        async def write(n: int) -> None:
            async with write_session(sessions) as session:
                await session.execute(text("INSERT INTO polls (n) VALUES (:n)"), {"n": n})
                await asyncio.sleep(0.02)  # a slow transaction: other writers must wait

        await asyncio.gather(*(write(n) for n in range(20)))
        async with engine.connect() as conn:
            stored = await conn.scalar(text("SELECT count(*) FROM polls"))
    finally:
        await engine.dispose()
    assert stored == 20
