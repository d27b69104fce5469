"""Feeds: sources of kind ``feed`` that are polled for new articles."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Source
from store.timestamps import utcnow

FEED = "feed"


class FeedRepository:
    """Adds, lists and removes feeds."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, url: str, title: str = "") -> Source:
        """Add the feed at ``url`` (idempotent: the existing one is returned)."""
        async with write_session(self._sessions) as session:
            found = await session.scalar(select(Source).where(Source.url == url))
            if found is not None:
                return found
            feed = Source(name=url, kind=FEED, url=url, title=title or url, created_at=utcnow())
            session.add(feed)
            await session.flush()
            return feed

    async def list(self) -> list[Source]:
        async with self._sessions() as session:
            stmt = select(Source).where(Source.kind == FEED).order_by(Source.id)
            return list(await session.scalars(stmt))

    async def remove(self, ref: str) -> bool:
        """Remove a feed by its URL or id; True if one was removed."""
        async with write_session(self._sessions) as session:
            condition = Source.url == ref
            if ref.isdigit():
                condition = condition | (Source.id == int(ref))
            result = await session.execute(delete(Source).where(Source.kind == FEED).where(condition))
            return bool(getattr(result, "rowcount", 0))
