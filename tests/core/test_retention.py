"""Retention: old articles go by stored time, with all that derives from them; their dedupe keys
stay, and threads and digest records that pointed at them keep working."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, func, select, text

from bot.services.library import ForwardedPost
from bot.services.wiring import Services
from store.models import ArticleSource, CachedSummary, DigestArticle, Passage, SeenKey, SummaryArticle
from store.timestamps import UTCDateTime, utcnow
from tests.store_queries import fts_rowids

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

OLD = (
    "Harbour crane removed\n\nThe old harbour crane was taken down on Friday after ninety years, "
    "the port authority said, and its parts go to the maritime museum."
)
ARCHIVE = (
    "Lighthouse keeper retires\n\nThe last lighthouse keeper of the northern cape retired in 1998 "
    "after forty years, the coastal history society wrote in its archive."
)
NEW = (
    "Ferry timetable changes\n\nThe island ferry runs every forty minutes from Monday, the operator "
    "said, with an extra late crossing on Saturdays."
)


async def _count(services: Services, model: type, **where: object) -> int:
    async with services.store.engine.connect() as conn:
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return int((await conn.execute(stmt)).scalar_one())


async def test_retention_prunes_by_stored_time_with_everything_derived_and_keeps_the_keys(
    services: Services,
) -> None:
    library, store = services.library, services.store
    await library.add_text(OLD)
    await library.add_forwarded(
        ForwardedPost(
            ARCHIVE,
            channel="Cape History",
            username="capehistory",
            message_id=7,
            date=utcnow() - timedelta(days=3650),
        )
    )  # published ten years ago, stored today: an archive import, kept
    await library.add_text(NEW)
    old, archive, new = (c.article for c in await store.articles.get_many([1, 2, 3]))
    async with store.engine.begin() as conn:
        await conn.execute(
            text("UPDATE articles SET ingested_at = :at WHERE id = :id").bindparams(
                bindparam("at", type_=UTCDateTime())
            ),
            {"at": utcnow() - timedelta(days=91), "id": old.id},
        )
        await conn.execute(
            text(
                "INSERT INTO chats (id, kind, title, length, timezone, blocked, silent, created_at) "
                "VALUES (5, 'private', '', 'normal', 'UTC', false, false, '2026-01-01 00:00:00')"
            )
        )
        await conn.execute(
            text("INSERT INTO digest_articles VALUES (5, :a, '2026-11-30 08:00:00')"), {"a": old.id}
        )
    await store.summaries.put("story-key", "story", {"sentences": []}, article_ids=[old.id, new.id])
    await store.summaries.put("other-key", "story", {"sentences": []}, article_ids=[new.id])
    shown = await services.briefings.brief(chat_id=5, topic=None, period=None)  # a thread citing all three

    report = await services.retention.run()

    assert (report.articles, report.source_bytes) == (1, len(OLD.encode()))
    assert [c.article.id for c in await store.articles.get_many([old.id, archive.id, new.id])] == [
        archive.id,
        new.id,
    ]
    assert await _count(services, ArticleSource, article_id=old.id) == 0
    assert await _count(services, DigestArticle, article_id=old.id) == 0
    assert [k for (k,) in (await _rows(services, "SELECT key FROM summaries"))] == ["other-key"]
    assert await _count(services, SummaryArticle, article_id=old.id) == 0
    async with services.store.engine.connect() as conn:
        assert await fts_rowids(conn, "crane") == []
    assert await _count(services, SeenKey, kind="hash") == 3  # the keys outlive the article
    again = await library.add_text(OLD)
    assert (again.stored, again.duplicates) == (0, 1)  # so it never comes back
    assert await _count(services, Passage, article_id=old.id) == 0  # its passages went with it
    asked = await services.questions.ask(chat_id=5, question="when does the ferry run?")
    assert asked.answer.answered  # the thread that pointed at a pruned article still works
    last = await services.briefings.last(5)
    assert last is not None and len(last.sources) == len(shown.sources) == 3  # its sources still show


async def test_retention_set_to_zero_keeps_everything(services: Services) -> None:
    await services.library.add_text(OLD)
    retention = type(services.retention)(
        services.store, services.settings.retention.model_copy(update={"article_days": 0}), services.digests
    )

    report = await retention.prune_articles()

    assert (report.articles, report.cutoff) == (0, None)
    assert await services.store.articles.count() == 1


async def _rows(services: Services, sql: str) -> list[tuple[object, ...]]:
    async with services.store.engine.connect() as conn:
        return [tuple(row) for row in (await conn.execute(text(sql))).all()]


async def test_cached_summaries_go_when_their_articles_are_deleted_any_way(services: Services) -> None:
    await services.library.add_text(NEW)
    await services.store.summaries.put("k", "story", {"sentences": []}, article_ids=[1])

    async with services.store.engine.begin() as conn:
        await conn.execute(text("DELETE FROM sources"))

    assert await _count(services, CachedSummary) == 0


async def test_retention_deletes_threads_idle_longer_than_the_set_days(services: Services) -> None:
    threads = services.store.threads
    await services.store.chats.get(7)
    idle = await threads.open(7, origin="briefing", article_ids=[], message_ids=[1])
    recent = await threads.open(7, origin="briefing", article_ids=[], message_ids=[2])
    await threads.touch(idle, utcnow() - timedelta(days=31))

    await services.retention.run()

    assert await threads.get(idle) is None
    assert await threads.get(recent) is not None
    assert await threads.by_message(7, 2) is not None


async def test_retention_forgets_rate_buckets_that_have_filled_up_again(services: Services) -> None:
    buckets, bucket = services.store.rate_buckets, services.limiter.bucket
    await buckets.take(1, 1.0, bucket, now=utcnow() - bucket.refill - timedelta(seconds=1))  # full again
    await buckets.take(2, 1.0, bucket, now=utcnow())  # still refilling

    await services.retention.run()

    assert await _rows(services, "SELECT chat_id FROM rate_buckets") == [(2,)]
