"""Stored structure: blocks on every article, raw sources kept and pruned, and the 0002 migration
that re-reads the roles of articles stored before it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from blocks import Role, blocks_from_json
from bot.services.wiring import build_services
from config import IngestSettings, Settings
from ingest.raw import unpack_source
from store.migrate import upgrade_to_head
from store.search.stemming import TextStemmer
from tests.old_schema import engine_at, insert_source
from tests.store_queries import fts_rowids

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

ARTICLE = (
    "Ferry timetable changes from April\n\n"
    "Crossings to the island will run every forty minutes, the operator says.\n\n"
    "By Jane Roe\n\n"
    "The ferry operator said on Monday that crossings to the island would run every forty minutes "
    "from April.\n\n"
    "Why now?\n\n"
    "Passenger numbers rose by a fifth last summer, and queues at the harbour reached two hours.\n\n"
    "Read more:\nIsland school wins prize\n"
)


async def test_an_ingested_article_keeps_its_blocks_and_its_raw_source(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    services = await build_services(settings)
    try:
        report = await services.library.ingest_paths([path])
        (candidate,) = await services.store.articles.candidates(since=None, topic=None, limit=10)
        copy = await services.store.articles.raw_copy(candidate.article.id)
    finally:
        await services.aclose()

    assert report.stored == 1
    blocks = blocks_from_json(candidate.article.blocks)
    assert [b.role for b in blocks] == [
        Role.TITLE,
        Role.STANDFIRST,
        Role.BYLINE,
        Role.PARAGRAPH,
        Role.HEADING,
        Role.PARAGRAPH,
        Role.FURNITURE,
        Role.FURNITURE,
    ]
    assert candidate.article.text == "\n\n".join(b.text for b in blocks if b.role is Role.PARAGRAPH)
    assert copy is not None and copy.media_type == "text/plain" and copy.size == len(path.read_bytes())
    assert unpack_source(copy.encoding, copy.data) == path.read_bytes()
    assert len(copy.data) < copy.size


async def test_a_source_over_the_size_cap_is_not_kept(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    capped = settings.model_copy(update={"ingest": IngestSettings(max_source_bytes=100)})
    services = await build_services(capped)
    try:
        await services.library.ingest_paths([path])
        (candidate,) = await services.store.articles.candidates(since=None, topic=None, limit=10)
        assert await services.store.articles.raw_copy(candidate.article.id) is None
    finally:
        await services.aclose()


async def test_a_raw_source_is_deleted_with_its_article(settings: Settings) -> None:
    services = await build_services(settings)
    try:
        await services.library.add_text(ARTICLE)
        async with services.store.engine.begin() as conn:
            before = (await conn.execute(text("SELECT count(*) FROM article_sources"))).scalar()
            await conn.execute(text("DELETE FROM articles"))
            after = (await conn.execute(text("SELECT count(*) FROM article_sources"))).scalar()
    finally:
        await services.aclose()

    assert (before, after) == (1, 0)


INSERT_0001 = (  # an article as revision 0001 stored it: plain text only
    "INSERT INTO articles (source_id, title, standfirst, text, url, canonical_url, content_hash, simhash, "
    "published_at, ingested_at, words) VALUES "
    "(1, :title, 'Queues grew last summer.', :text, NULL, NULL, :hash, :i, :now, :now, 50)"
)
OLD_TEXT = (
    "The ferry operator said on Monday that crossings to the island would run every forty minutes.\n\n"
    "Why now?\n\n"
    "Passenger numbers rose by a fifth last summer, and queues at the harbour reached two hours.\n\n"
    "Advertisement\n\n"
    "The new timetable starts on 1 April and fares stay the same, the operator said."
)


async def test_migrating_re_reads_the_roles_of_articles_stored_as_plain_text(empty_store_url: str) -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    old_rows = [  # more than one row, so batches are read in order
        {"title": f"Ferry timetable {i}", "text": OLD_TEXT, "hash": f"h{i}", "i": i, "now": now}
        for i in range(3)
    ]

    async def seed(conn: AsyncConnection) -> None:
        await insert_source(conn, "Gazette", now)
        for row in old_rows:
            await conn.execute(text(INSERT_0001), row)

    async with engine_at(empty_store_url, "0001", seed) as engine:
        await upgrade_to_head(engine)
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT blocks, text, words FROM articles ORDER BY id"))).all()
            stemmed = TextStemmer().stem_text("timetable")  # the index holds stemmed text
            found = await fts_rowids(conn, stemmed)
            sources = (await conn.execute(text("SELECT count(*) FROM article_sources"))).scalar()

    blocks = blocks_from_json(json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0])
    assert [(b.role, b.text) for b in blocks][:3] == [
        (Role.TITLE, "Ferry timetable 0"),
        (Role.STANDFIRST, "Queues grew last summer."),
        (Role.PARAGRAPH, OLD_TEXT.split("\n\n")[0]),
    ]
    assert (Role.HEADING, "Why now?") in [(b.role, b.text) for b in blocks]
    assert (Role.FURNITURE, "Advertisement") in [(b.role, b.text) for b in blocks]
    body = rows[0][1]
    assert "Why now?" not in body and "Advertisement" not in body
    assert body.startswith("The ferry operator said") and body.endswith("the operator said.")
    assert rows[0][2] == len(body.split())
    assert len(found) == 3  # full-text search still finds them
    assert sources == 0


async def test_migrating_many_articles_that_now_read_alike_keeps_every_hash_unique(
    empty_store_url: str,
) -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    twins = [OLD_TEXT, OLD_TEXT.replace("Advertisement", "ADVERTISEMENT")]  # the same once furniture is out
    rows = [
        {"title": "Ferry timetable", "text": t, "hash": f"twin{i}", "i": i, "now": now}
        for i, t in enumerate(twins)
    ]
    rows += [
        {
            "title": f"Filler {i}",
            "text": f"Filler article number {i} says little.",
            "hash": f"f{i}",
            "i": i,
            "now": now,
        }
        for i in range(600)  # more than one batch
    ]

    async def seed(conn: AsyncConnection) -> None:
        await insert_source(conn, "Gazette", now)
        await conn.execute(text(INSERT_0001), rows)

    async with engine_at(empty_store_url, "0001", seed) as engine:
        await upgrade_to_head(engine)
        async with engine.connect() as conn:
            found = (
                await conn.execute(text("SELECT content_hash, text, blocks FROM articles ORDER BY id"))
            ).all()

    hashes = [row[0] for row in found]
    assert len(set(hashes)) == len(hashes) == 602
    assert found[0][1] == found[1][1]  # both read the same now
    assert hashes[1] == "twin1"  # so the second keeps its old hash
    assert all(row[2] not in ("[]", []) for row in found)  # every batch was read
