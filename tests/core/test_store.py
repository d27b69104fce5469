"""The store: migrations, dedupe by URL / content / near-content, full-text selection, conversations."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from config import StoreSettings
from errors import StoreConflict, StoreError, StoreUnavailable
from store.articles import NewArticle
from store.chats import KEEP_CONVERSATIONS
from store.engine import session_factory, write_session
from store.migrate import include_name
from store.models import Base
from store.near_duplicates import SimhashIndex
from store.search.query import parse_query, to_fts5
from store.search.stemming import TextStemmer
from store.store import open_store
from tests.store_queries import fts_rowids

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def article(title, body, *, h, sim, url=None, hours_ago=0):
    return NewArticle(
        title=title,
        text=body,
        content_hash=h,
        simhash=sim,
        canonical_url=url,
        url=url,
        published_at=NOW - timedelta(hours=hours_ago),
    )


async def test_migrations_create_every_table_and_the_fts_index(services):
    engine = services.store.engine
    async with engine.connect() as conn:
        names = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        if engine.dialect.name == "sqlite":
            names |= {row[0] for row in await conn.execute(text("SELECT name FROM sqlite_master"))}
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        else:
            indexes = await conn.run_sync(lambda c: inspect(c).get_indexes("articles_fts"))
            assert [(i["name"], i["column_names"]) for i in indexes] == [
                ("ix_articles_fts_document", ["document"])
            ]
    for table in (
        "sources",
        "articles",
        "articles_fts",
        "summaries",
        "chats",
        "subscriptions",
        "deliveries",
        "conversations",
        "usage",
        "updates",
        "leases",
        "send_rates",
        "alembic_version",
    ):
        assert table in names


async def test_same_url_same_text_and_near_text_are_stored_once(services):
    repo = services.store.articles
    first = await repo.add_many(
        [article("Strike ends", "Drivers return.", h="h1", sim=0b1011, url="https://a/1")],
        source="Daily",
    )
    again = await repo.add_many(
        [
            article("Strike ends", "Other text.", h="h2", sim=1 << 40, url="https://a/1"),
            article("Strike over", "Drivers return.", h="h1", sim=1 << 41),
            article("Strike ends!", "Drivers return!", h="h3", sim=0b1010),
        ],
        source="Daily",
    )
    assert len(first.stored_ids) == 1
    assert again.stored_ids == ()
    assert [d.split(": ", 1)[1] for d in again.duplicates] == [
        "same URL as a stored article",
        "same text as a stored article",
        "nearly the same text as a stored article",
    ]
    assert await repo.count() == 1


async def test_topic_selection_ranks_title_matches_and_respects_the_window(services):
    repo = services.store.articles
    await repo.add_many(
        [
            article("Bus strike enters second day", "Commuters walk.", h="a", sim=0x0F0F0F0F, hours_ago=2),
            article(
                "Budget vote", "The strike was mentioned once.", h="b", sim=0x7FF0F0F0F0000000, hours_ago=3
            ),
            article("Old strike news", "Strike strike.", h="c", sim=0x00FF00FF00FF00, hours_ago=24 * 30),
        ],
        source="Daily",
    )
    found = await repo.candidates(since=NOW - timedelta(days=1), topic=parse_query("strikes"), limit=10)
    assert [c.article.title for c in found] == ["Bus strike enters second day", "Budget vote"]
    assert await repo.candidates(since=None, topic=parse_query("volcano"), limit=10) == []


def test_fts_query_quotes_user_words_so_syntax_cannot_leak():
    stemmer = TextStemmer()
    assert to_fts5(parse_query('strike "OR title:*"'), stemmer) == '"strike" AND "or titl"'
    assert to_fts5(parse_query("NEAR(a b) title:x*"), stemmer) == '"near a" AND "b" AND "titl x"'


def test_simhash_index_finds_hashes_within_three_bits_only():
    index = SimhashIndex(3)
    index.add(0, 7)
    assert index.find(0b111) == 7
    assert index.find(0b1111) is None
    assert index.find(-1) is None


async def test_conversations_keep_the_newest_payload_per_kind(services):
    chats = services.store.chats
    await chats.remember(42, "briefing", {"n": 1})
    await chats.remember(42, "briefing", {"n": 2})
    await chats.remember(42, "answer", {"n": 3})
    assert await chats.last(42, "briefing") == {"n": 2}
    assert await chats.last(7, "briefing") is None


async def test_many_answers_never_push_out_the_chat_s_last_briefing(services):
    chats = services.store.chats
    await chats.remember(42, "briefing", {"n": 1})
    for n in range(3 * KEEP_CONVERSATIONS + 2):
        await chats.remember(42, "answer", {"n": n})

    assert await chats.last(42, "briefing") == {"n": 1}
    assert await chats.last(42, "answer") == {"n": 3 * KEEP_CONVERSATIONS + 1}


async def test_a_database_path_that_cannot_be_opened_is_one_store_error(tmp_path):
    folder = tmp_path / "briefbot.db"
    folder.mkdir()  # a folder where the database file should be

    with pytest.raises(StoreError) as caught:
        await open_store(StoreSettings(url=f"sqlite+aiosqlite:///{folder}"))

    assert str(folder) in str(caught.value) and "\n" not in str(caught.value)


async def test_a_database_folder_that_cannot_be_made_is_one_store_error(tmp_path):
    (tmp_path / "data").write_text("a file, not a folder")

    with pytest.raises(StoreError) as caught:
        await open_store(StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/data/briefbot.db"))

    assert "\n" not in str(caught.value)


async def test_an_unreachable_postgresql_server_is_one_store_error():
    with pytest.raises(StoreError) as caught:
        await open_store(StoreSettings(url="postgresql+asyncpg://briefbot@127.0.0.1:9/briefbot"))

    assert "\n" not in str(caught.value)


def test_cli_says_in_one_line_when_the_database_cannot_be_opened(tmp_path):
    (tmp_path / "db").mkdir()
    env = {"BRIEFBOT_STORE__URL": f"sqlite+aiosqlite:///{tmp_path}/db", "PATH": "/usr/bin:/bin"}

    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "brief"], env=env, cwd=tmp_path, capture_output=True, text=True
    )

    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "cannot open the database" in done.stderr


async def test_every_pooled_connection_gets_the_pragmas(services, store_kind):
    if store_kind != "sqlite":
        pytest.skip("SQLite's connection pragmas")
    engine = services.store.engine
    async with engine.connect() as first, engine.connect() as second:
        for conn in (first, second):
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == 5000


async def test_database_errors_leave_a_session_as_store_errors_of_their_kind(services):
    sessions = session_factory(services.store.engine)
    await services.store.articles.add_many(
        [article("Bridge reopens", "The bridge reopened today.", h="h1", sim=1)], source="feed"
    )

    with pytest.raises(StoreConflict) as conflict:
        async with write_session(sessions, lock=None) as session:
            await session.execute(
                text("INSERT INTO sources (id, name, kind, title) SELECT id, name, kind, title FROM sources")
            )
    with pytest.raises(StoreError) as plain:
        async with sessions() as session:
            await session.execute(text("SELECT no_such_column FROM articles"))
    assert type(plain.value) is StoreError and "\n" not in str(plain.value)
    assert conflict.value.__cause__ is not None


async def test_a_database_that_cannot_be_reached_leaves_a_session_as_store_unavailable(tmp_path):
    path = tmp_path / "briefbot.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process's write lock: SQLite's "database is locked"
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}", connect_args={"timeout": 0.05})

    try:
        with pytest.raises(StoreUnavailable) as caught:
            async with session_factory(engine)() as session:
                await session.execute(text("SELECT count(*) FROM sqlite_master"))
    finally:
        await engine.dispose()
        holder.close()

    assert "locked" in str(caught.value)


async def _fts_rowids(services, word):
    async with services.store.engine.connect() as conn:
        return await fts_rowids(conn, word)


async def test_full_text_index_holds_stemmed_text_and_follows_reindex_deletes_and_removed_sources(services):
    repo = services.store.articles
    stored = await repo.add_many(
        [
            article("Ferry strike", "Crews walk out.", h="f1", sim=0x0F0F),
            article("Tram works", "Rails replaced.", h="f2", sim=0x7FF0F0F0F0000000),
        ],
        source="Daily",
    )
    ferry, _tram = stored.stored_ids
    engine = services.store.engine
    assert await _fts_rowids(services, "crew") == [ferry]  # stored stemmed: "Crews" is "crew"
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE articles SET title = 'Ferry talks' WHERE id = :id"), {"id": ferry})
    await repo.reindex([ferry])
    assert await _fts_rowids(services, "strike") == []
    assert await _fts_rowids(services, "talk") == [ferry]

    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM articles WHERE id = :id"), {"id": ferry})
    assert await _fts_rowids(services, "talk") == []

    async with engine.begin() as conn:  # removing a source removes its articles (cascade) and their index
        await conn.execute(text("DELETE FROM sources WHERE name = 'Daily'"))
    assert await _fts_rowids(services, "rail") == []
    assert await repo.count() == 0
    if engine.dialect.name == "sqlite":
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))


async def test_the_migrations_build_exactly_the_tables_the_models_describe(services):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        return compare_metadata(context, Base.metadata)

    async with services.store.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_topic_search_finds_recent_matches_behind_many_better_older_ones(services):
    repo = services.store.articles
    spread = random.Random(3)
    older = [
        article(
            f"Strike day {n}", "Strike strike strike.", h=f"old{n}", sim=spread.getrandbits(63), hours_ago=500
        )
        for n in range(60)
    ]
    recent = article("Council budget", "The strike was mentioned once.", h="new", sim=spread.getrandbits(63))
    await repo.add_many([*older, recent], source="Daily")

    found = await repo.candidates(since=NOW - timedelta(days=1), topic=parse_query("strike"), limit=2)

    assert [c.article.title for c in found] == ["Council budget"]
