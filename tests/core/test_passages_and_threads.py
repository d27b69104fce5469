"""The passages index and conversation threads in the store: written with articles, pruned with
them, built for articles stored before migration 0006, and forgotten with their chat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from blocks import Block, Role
from bot.services.library import to_new_article
from bot.services.threads import Origin
from ingest.types import ParsedArticle
from store.migrate import upgrade_to_head
from store.timestamps import utcnow
from summarizer.passages import cut_passages
from tests.old_schema import engine_at, insert_source
from tests.store_queries import fts_rowids

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

BODY = (
    Block(Role.TITLE, "Harbour bridge reopens"),
    Block(Role.PARAGRAPH, "The harbour bridge reopened on Monday. Tolls stay at two euros."),
    Block(Role.HEADING, "What comes next"),
    Block(Role.FURNITURE, "Sign up for our newsletter"),
    Block(Role.PARAGRAPH, "Repairs cost 12 million euros. The work took eight months. Cyclists get a lane."),
    Block(Role.CAPTION, "The bridge at dawn (Photo: Ann Lee)"),
)


def test_passages_take_only_paragraphs_and_never_cross_a_heading() -> None:
    passages = cut_passages(BODY)

    assert [p.heading for p in passages] == ["", "What comes next"]
    assert passages[0].sentences == ("The harbour bridge reopened on Monday.", "Tolls stay at two euros.")
    assert passages[1].first == 2 and len(passages[1].sentences) == 3
    assert not any("newsletter" in s or "Photo" in s for p in passages for s in p.sentences)


def _article(title: str, body: str) -> ParsedArticle:
    return ParsedArticle(title=title, text=body, source="desk")


async def test_passages_are_searched_and_go_with_their_article(services) -> None:
    stored = await services.store.articles.add_many(
        [to_new_article(_article("Bridge reopens", "The harbour bridge reopened. Tolls stay at two euros."))],
        source="desk",
    )
    passages = services.store.passages
    (article_id,) = stored.stored_ids

    hits = await passages.search(["toll"], limit=5)
    assert [h.article_id for h in hits] == [article_id]

    async with services.store.engine.begin() as conn:
        await conn.execute(text("DELETE FROM articles WHERE id = :id"), {"id": article_id})
        left = await conn.scalar(text("SELECT count(*) FROM passages_fts"))
    assert left == 0
    assert await passages.count() == 0
    assert await passages.search(["toll"], limit=5) == []


async def test_migration_0006_indexes_articles_stored_before_it(empty_store_url: str) -> None:
    async def seed(conn: AsyncConnection) -> None:
        await insert_source(conn, "desk", datetime(2026, 1, 1, tzinfo=UTC))
        await conn.execute(
            text(
                "INSERT INTO articles (id, source_id, title, standfirst, text, content_hash, "
                "simhash, published_at, ingested_at, words, blocks) VALUES (1, 1, 'Ferry', '', "
                "'The night ferry starts in December. Tickets cost six euros.', 'h1', 1, "
                "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', 10, '[]')"
            )
        )

    async with engine_at(empty_store_url, "0004", seed) as engine:
        await upgrade_to_head(engine)
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT article_id, text FROM passages"))).all()
            matched = len(await fts_rowids(conn, "ticket", "passages_fts"))

    assert rows == [(1, "The night ferry starts in December.\nTickets cost six euros.")]
    assert matched == 1


async def test_a_thread_is_found_by_any_of_its_messages_until_it_expires(services) -> None:
    threads = services.threads
    thread_id = await threads.started(7, Origin.BRIEFING, [1, 2], [10])
    await threads.link(7, thread_id, [11])

    found = await threads.of_message(7, 11)
    assert found.thread is not None and found.thread.article_ids == (1, 2)
    assert (await threads.of_message(8, 11)).thread is None  # another chat's message id

    await services.store.threads.touch(thread_id, utcnow() - timedelta(days=2))
    expired = await threads.of_message(7, 10)
    assert expired.thread is None and expired.expired


async def test_forgetting_a_chat_deletes_its_threads_settings_and_usage(services) -> None:
    await services.chats.set_timezone(7, "Europe/Berlin")
    await services.store.threads.open(7, "answer", [1], message_ids=[5])
    await services.store.usage.record("ask", chat_id=7)
    await services.store.threads.open(8, "answer", [1], message_ids=[5])

    await services.chats.forget(7)

    assert await services.store.chats.find(7) is None
    assert await services.store.threads.latest(7) is None
    assert await services.store.threads.latest(8) is not None
    async with services.store.engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM usage WHERE chat_id = 7")) == 0
