"""How big the store is: the database, the articles' raw sources, and feeds' health counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.models import Article, ArticleSource, Feed, SeenKey
from store.timestamps import UTCDateTime


@dataclass(frozen=True)
class StoreSize:
    """Figures for ``briefbot stats`` and ``/stats``."""

    database_bytes: int
    articles: int
    oldest_stored: datetime | None
    raw_sources: int
    raw_bytes: int  # before compression
    raw_stored_bytes: int  # compressed, as kept
    seen_keys: int
    feeds: int
    failing_feeds: int
    erroring_feeds: int  # failed their last poll, not failing yet
    never_polled: int


class SizeRepository:
    """Reads the store's sizes and counts."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._dialect = dialect

    async def size(self) -> StoreSize:
        async with self._sessions() as session:
            if self._dialect.name == "postgresql":
                database = await session.scalar(text("SELECT pg_database_size(current_database())"))
            else:
                pages = await session.scalar(text("PRAGMA page_count"))
                page = await session.scalar(text("PRAGMA page_size"))
                database = int(pages or 0) * int(page or 0)
            articles, oldest = (
                await session.execute(select(func.count(Article.id), func.min(Article.ingested_at)))
            ).one()
            raws, raw, kept = (
                await session.execute(
                    select(
                        func.count(ArticleSource.article_id),
                        func.coalesce(func.sum(ArticleSource.size), 0),
                        func.coalesce(func.sum(func.length(ArticleSource.data)), 0),
                    )
                )
            ).one()
            keys = await session.scalar(select(func.count()).select_from(SeenKey))
            feeds, failing, erroring, never = (
                await session.execute(
                    select(
                        func.count(Feed.id),
                        func.count(Feed.id).filter(Feed.failing.is_(True)),
                        func.count(Feed.id).filter(Feed.failing.is_(False), Feed.errors > 0),
                        func.count(Feed.id).filter(Feed.last_polled_at.is_(None)),
                    )
                )
            ).one()
        return StoreSize(
            database_bytes=int(database or 0),
            articles=int(articles),
            oldest_stored=UTCDateTime().process_result_value(oldest, self._dialect),
            raw_sources=int(raws),
            raw_bytes=int(raw),
            raw_stored_bytes=int(kept),
            seen_keys=int(keys or 0),
            feeds=int(feeds),
            failing_feeds=int(failing),
            erroring_feeds=int(erroring),
            never_polled=int(never),
        )
