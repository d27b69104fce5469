"""Feeds: the ``feeds`` rows the scheduler polls, each claimed by one process at a time.

A claim is an atomic conditional UPDATE (the feed is due, and nobody holds a live lease on it)
that sets ``owner`` and ``lease_until``; only the UPDATE that changed the row wins, on SQLite as
on PostgreSQL with several workers. Recording a poll clears the claim and sets the next poll.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Article, Feed, SeenKey, Source
from store.seen import GUID, known_keys, remember_keys
from store.timestamps import utcnow

FEED = "feed"
_NAME_LENGTH = 200


@dataclass(frozen=True)
class FeedRow:
    """A feed with the name of the source its articles are stored under."""

    feed: Feed
    source: str
    articles: int = 0


@dataclass(frozen=True)
class PollRecord:
    """What one poll leaves on its feed."""

    next_poll_at: datetime
    polled_at: datetime
    ok: bool
    result: str  # "3 new, 2 seen", "not modified", or the error
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None  # the feed's own title, once known
    site_url: str | None = None
    failing_after: int = 5


def _claimable(now: datetime) -> object:
    return or_(Feed.owner.is_(None), Feed.lease_until.is_(None), Feed.lease_until < now)


class FeedRepository:
    """Adds, lists, claims and records feeds, and remembers the GUIDs each has brought."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self, url: str, *, title: str = "", site_url: str | None = None, now: datetime | None = None
    ) -> tuple[FeedRow, bool]:
        """Add the feed at ``url``, due at once; returns it and whether it is new (an existing
        one is returned unchanged). Its articles are stored under a source named by its title."""
        now = now or utcnow()
        async with write_session(self._sessions) as session:
            found = await session.scalar(select(Feed).where(Feed.url == url))
            if found is not None:
                return FeedRow(found, await self._source_name(session, found.source_id)), False
            source = await session.scalar(select(Source).where(Source.url == url))
            if source is None:
                name = await self._free_name(session, title or url, url)
                source = Source(name=name, kind=FEED, url=url, title=title or url, created_at=now)
                session.add(source)
                await session.flush()
            feed = Feed(
                source_id=source.id,
                url=url,
                title=(title or url)[:300],
                site_url=site_url,
                fetch_teasers=True,
                next_poll_at=now,
                errors=0,
                failing=False,
                created_at=now,
            )
            session.add(feed)
            await session.flush()
            return FeedRow(feed, source.name), True

    @staticmethod
    async def _source_name(session: AsyncSession, source_id: int) -> str:
        return str(await session.scalar(select(Source.name).where(Source.id == source_id)))

    @staticmethod
    async def _free_name(session: AsyncSession, wanted: str, url: str, own_id: int | None = None) -> str:
        """``wanted`` if no other source has that name, else it with the feed's host, else numbered."""
        base = " ".join(wanted.split())[:_NAME_LENGTH] or url[:_NAME_LENGTH]
        host = urlsplit(url).hostname or ""
        tries = [base, f"{base[: _NAME_LENGTH - len(host) - 3]} ({host})" if host else base]
        tries += [f"{base[: _NAME_LENGTH - 8]} #{n}" for n in range(2, 50)]
        for name in tries:
            taken = await session.scalar(select(Source.id).where(Source.name == name))
            if taken is None or taken == own_id:
                return name
        return url[:_NAME_LENGTH]

    async def all(self) -> list[FeedRow]:
        """Every feed, in the order added, with its source's name and article count."""
        async with self._sessions() as session:
            counts = (
                select(Article.source_id, func.count(Article.id).label("n"))
                .group_by(Article.source_id)
                .subquery()
            )
            stmt = (
                select(Feed, Source.name, func.coalesce(counts.c.n, 0))
                .join(Source, Source.id == Feed.source_id)
                .outerjoin(counts, counts.c.source_id == Feed.source_id)
                .order_by(Feed.id)
            )
            return [FeedRow(feed, name, int(n)) for feed, name, n in (await session.execute(stmt)).all()]

    async def find(self, ref: str) -> Feed | None:
        """The feed with this id or URL."""
        async with self._sessions() as session:
            condition = Feed.url == ref
            if ref.isdigit():
                condition = condition | (Feed.id == int(ref))
            return await session.scalar(select(Feed).where(condition))

    async def remove(self, ref: str) -> bool:
        """Stop polling a feed (by its URL or id); its stored articles stay. True if one was removed."""
        async with write_session(self._sessions) as session:
            condition = Feed.url == ref
            if ref.isdigit():
                condition = condition | (Feed.id == int(ref))
            feed = await session.scalar(select(Feed).where(condition))
            if feed is None:
                return False
            await session.execute(delete(SeenKey).where(SeenKey.kind == GUID, SeenKey.scope == feed.id))
            await session.delete(feed)
            return True

    async def set_teasers(self, feed_id: int, fetch: bool) -> None:
        """Turn fetching the linked page of teaser entries on or off for one feed."""
        async with write_session(self._sessions) as session:
            await session.execute(update(Feed).where(Feed.id == feed_id).values(fetch_teasers=fetch))

    async def claim(
        self,
        owner: str,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        only: Collection[int] | None = None,
    ) -> list[FeedRow]:
        """Claim up to ``limit`` due feeds, most overdue first, that no live lease holds.

        With ``only``, those feeds are claimed whether due or not (``feeds poll``), still never
        one another process holds.
        """
        async with write_session(self._sessions) as session:
            stmt = select(Feed.id).where(_claimable(now))  # type: ignore[arg-type]
            stmt = (
                stmt.where(Feed.id.in_(list(only)))
                if only is not None
                else stmt.where(Feed.next_poll_at <= now)
            )
            ids = list(await session.scalars(stmt.order_by(Feed.next_poll_at, Feed.id).limit(limit)))
            won: list[int] = []
            for feed_id in ids:
                condition = and_(Feed.id == feed_id, _claimable(now))  # type: ignore[arg-type]
                if only is None:
                    condition = and_(condition, Feed.next_poll_at <= now)
                result = await session.execute(
                    update(Feed).where(condition).values(owner=owner, lease_until=lease_until)
                )
                if getattr(result, "rowcount", 0) == 1:
                    won.append(feed_id)
            if not won:
                return []
            rows = await session.execute(
                select(Feed, Source.name).join(Source, Source.id == Feed.source_id).where(Feed.id.in_(won))
            )
            found = {feed.id: FeedRow(feed, name) for feed, name in rows.all()}
            return [found[i] for i in won if i in found]

    async def record(self, feed_id: int, owner: str, poll: PollRecord) -> bool:
        """Record a poll this owner made and let the claim go; False when the claim was lost
        (its lease passed and another process took the feed over)."""
        async with write_session(self._sessions) as session:
            feed = await session.scalar(select(Feed).where(Feed.id == feed_id, Feed.owner == owner))
            if feed is None:
                return False
            feed.owner, feed.lease_until = None, None
            feed.next_poll_at, feed.last_polled_at = poll.next_poll_at, poll.polled_at
            feed.last_result = poll.result[:300]
            if poll.ok:
                feed.errors, feed.failing, feed.last_error = 0, False, None
                feed.last_ok_at = poll.polled_at
                feed.etag = poll.etag[:300] if poll.etag else None
                feed.last_modified = poll.last_modified[:100] if poll.last_modified else None
                if poll.site_url:
                    feed.site_url = poll.site_url
                if poll.title and feed.title == feed.url:
                    await self._retitle(session, feed, poll.title)
            else:
                feed.errors = (feed.errors or 0) + 1
                feed.last_error = poll.result[:300]
                feed.failing = feed.errors >= poll.failing_after
            return True

    async def _retitle(self, session: AsyncSession, feed: Feed, title: str) -> None:
        """Name a feed (and its source, while that is still named by the URL) by its own title."""
        feed.title = " ".join(title.split())[:300]
        source = await session.get(Source, feed.source_id)
        if source is not None and source.name == feed.url[:_NAME_LENGTH]:
            source.name = await self._free_name(session, feed.title, feed.url, own_id=source.id)
            source.title = feed.title

    async def release(self, owner: str, feed_ids: Sequence[int]) -> None:
        """Give claims back unpolled (the process is stopping)."""
        if not feed_ids:
            return
        async with write_session(self._sessions) as session:
            await session.execute(
                update(Feed)
                .where(Feed.id.in_(list(feed_ids)), Feed.owner == owner)
                .values(owner=None, lease_until=None)
            )

    async def seen_guids(self, feed_id: int, guids: Collection[str]) -> set[str]:
        """Which of these entry GUIDs this feed has brought before."""
        if not guids:
            return set()
        async with self._sessions() as session:
            return await known_keys(session, GUID, feed_id, guids)

    async def remember_guids(self, feed_id: int, guids: Collection[str], *, at: datetime) -> None:
        if not guids:
            return
        async with write_session(self._sessions) as session:
            await remember_keys(session, ((GUID, feed_id, g) for g in guids), at=at)
