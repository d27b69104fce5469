"""Storing articles without duplicates, and selecting them by time window and topic (full-text rank)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from blocks import Block, blocks_to_json
from errors import StoreError
from store.engine import write_session
from store.index_texts import IndexTexts, PassageCutter, passage_blocks, stored_blocks
from store.models import Article, ArticleSource, Passage, Source
from store.near_duplicates import SimhashIndex
from store.passages import PassageRepository
from store.search.query import Query
from store.search.ranking import rank_articles
from store.search.stemming import TextStemmer, words
from store.seen import GLOBAL, HASH, URL, known_keys, remember_keys
from store.timestamps import UTCDateTime, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawCopy:
    """An article's raw source as kept: compressed ``data`` and how to read it back."""

    media_type: str
    encoding: str
    size: int  # bytes before compression
    data: bytes


@dataclass(frozen=True)
class NewArticle:
    """An article ready to store, with its fingerprints already computed by ingest."""

    title: str
    text: str
    content_hash: str
    simhash: int
    standfirst: str = ""
    url: str | None = None
    canonical_url: str | None = None
    published_at: datetime | None = None
    blocks: tuple[Block, ...] = ()
    raw: RawCopy | None = None
    # Its stemmed texts, when worked out beforehand (bulk imports); else the repository does.
    index: IndexTexts | None = None


@dataclass(frozen=True)
class AddResult:
    """What ``add_many`` did: ids stored, and one reason per article skipped as a duplicate;
    ``outcomes`` has, for each item given, its new id or why it was a duplicate."""

    stored_ids: tuple[int, ...]
    duplicates: tuple[str, ...]
    stored_titles: tuple[str, ...] = ()
    outcomes: tuple[int | str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """An article selected for a briefing or answer, with its source name and topic rank."""

    article: Article
    source: str
    rank: float


@dataclass(frozen=True)
class SourceCount:
    """A source and how many articles it holds."""

    name: str
    kind: str
    articles: int
    latest: datetime | None


@dataclass(frozen=True)
class Arrival:
    """Articles stored after ``after`` (exclusive) up to ``until`` (inclusive): a digest's window."""

    after: datetime
    until: datetime


_FTS_INSERT = text(
    "INSERT INTO articles_fts(rowid, title, standfirst, text) VALUES (:id, :title, :standfirst, :text)"
)


class ArticleRepository:
    """Articles and their sources."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        dialect: Dialect,
        near_distance: int = 3,
        *,
        cutter: PassageCutter | None = None,
    ) -> None:
        self._sessions = sessions
        self._dialect = dialect
        self._near_distance = near_distance
        self._index: SimhashIndex | None = None
        self._indexed_up_to = 0
        self.stemmer = TextStemmer()
        # Passages are cut and indexed with their article, in the same transaction.
        self.passages = PassageRepository(sessions, dialect, self.stemmer, cutter)

    async def _simhash_index(self, session: AsyncSession) -> SimhashIndex:
        """The index of stored simhashes, topped up with rows stored since (by any process)."""
        if self._index is None:
            self._index = SimhashIndex(self._near_distance)
            self._indexed_up_to = 0
        stmt = select(Article.id, Article.simhash).where(Article.id > self._indexed_up_to)
        for article_id, value in await session.execute(stmt.order_by(Article.id)):
            self._index.add(value, article_id)
            self._indexed_up_to = article_id
        return self._index

    async def source_id(self, session: AsyncSession, name: str, kind: str, url: str | None) -> int:
        found = await session.scalar(select(Source.id).where(Source.name == name))
        if found is not None:
            return found
        source = Source(name=name, kind=kind, url=url, title=name, created_at=utcnow())
        session.add(source)
        await session.flush()
        return source.id

    async def add_many(self, items: Sequence[NewArticle], *, source: str, kind: str = "file") -> AddResult:
        """Store the items not already present (same canonical URL, same content, or near-same:
        simhashes at most the repository's ``near_distance`` bits apart)."""
        try:
            return await self._add_many(items, source=source, kind=kind)
        except StoreError:
            self._index = None  # it may hold articles of the rolled-back batch
            raise

    async def _add_many(self, items: Sequence[NewArticle], *, source: str, kind: str) -> AddResult:
        async with write_session(self._sessions) as session:
            index = await self._simhash_index(session)
            batch = SimhashIndex(self._near_distance)
            hashes = {i.content_hash for i in items}
            urls = {i.canonical_url for i in items if i.canonical_url}
            # Keys of articles stored before, pruned or not, and of those still stored.
            seen_hashes = await known_keys(session, HASH, GLOBAL, hashes)
            seen_urls = await known_keys(session, URL, GLOBAL, urls)
            seen_hashes.update(
                await session.scalars(select(Article.content_hash).where(Article.content_hash.in_(hashes)))
            )
            seen_urls.update(
                await session.scalars(select(Article.canonical_url).where(Article.canonical_url.in_(urls)))
            )
            source_id = await self.source_id(session, source, kind, None)
            now = utcnow()
            added: list[Article] = []
            texts: list[IndexTexts] = []
            copies: list[tuple[Article, RawCopy]] = []
            duplicates: list[str] = []
            outcomes: list[Article | str] = []
            for item in items:
                reason = None
                if item.canonical_url and item.canonical_url in seen_urls:
                    reason = "same URL"
                elif item.content_hash in seen_hashes:
                    reason = "same text"
                elif index.find(item.simhash) is not None or batch.find(item.simhash) is not None:
                    reason = "nearly the same text"
                if reason:
                    duplicates.append(f"{item.title[:80]}: {reason} as a stored article")
                    outcomes.append(f"{reason} as a stored article")
                    continue
                row = Article(
                    source_id=source_id,
                    title=item.title,
                    standfirst=item.standfirst,
                    text=item.text,
                    url=item.url,
                    canonical_url=item.canonical_url,
                    content_hash=item.content_hash,
                    simhash=item.simhash,
                    published_at=item.published_at or now,
                    ingested_at=now,
                    words=len(item.text.split()),
                    blocks=blocks_to_json(item.blocks),
                )
                session.add(row)
                added.append(row)
                texts.append(
                    item.index
                    or self.passages.prepare(
                        item.title, item.standfirst, item.text, passage_blocks(item.blocks, item.text)
                    )
                )
                outcomes.append(row)
                if item.raw is not None:
                    copies.append((row, item.raw))
                seen_hashes.add(item.content_hash)
                if item.canonical_url:
                    seen_urls.add(item.canonical_url)
                batch.add(item.simhash, len(added))
            await session.flush()
            indexed = [(row.id, t) for row, t in zip(added, texts, strict=True)]
            await self._index_text(session, indexed)
            await self.passages.index(session, indexed)
            session.add_all(
                ArticleSource(
                    article_id=row.id,
                    media_type=raw.media_type,
                    encoding=raw.encoding,
                    size=raw.size,
                    data=raw.data,
                    created_at=now,
                )
                for row, raw in copies
            )
            await session.flush()
            keys = [(HASH, GLOBAL, row.content_hash) for row in added]
            keys += [(URL, GLOBAL, row.canonical_url) for row in added if row.canonical_url]
            await remember_keys(session, keys, at=now)
            log.info(
                "stored articles source=%s stored=%d duplicates=%d",
                source,
                len(added),
                len(duplicates),
            )
            return AddResult(
                tuple(row.id for row in added),
                tuple(duplicates),
                tuple(row.title for row in added),
                tuple(o if isinstance(o, str) else o.id for o in outcomes),
            )

    async def _index_text(self, session: AsyncSession, rows: Sequence[tuple[int, IndexTexts]]) -> None:
        """Add the stemmed text of new articles to the full-text index (same transaction)."""
        if not rows:
            return
        await session.execute(
            _FTS_INSERT,
            [{"id": i, "title": t.title, "standfirst": t.standfirst, "text": t.text} for i, t in rows],
        )

    async def reindex(self, article_ids: Sequence[int]) -> None:
        """Stem these articles' stored text into the index again (after their text was changed)."""
        async with write_session(self._sessions) as session:
            rows = list(await session.scalars(select(Article).where(Article.id.in_(list(article_ids)))))
            await session.execute(
                text("DELETE FROM articles_fts WHERE rowid IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": [r.id for r in rows]},
            )
            indexed = [
                (r.id, self.passages.prepare(r.title, r.standfirst, r.text, stored_blocks(r.blocks, r.text)))
                for r in rows
            ]
            await self._index_text(session, indexed)
            await session.execute(delete(Passage).where(Passage.article_id.in_([r.id for r in rows])))
            await self.passages.index(session, indexed)

    async def candidates(
        self,
        *,
        since: datetime | None,
        topic: Query | None,
        limit: int,
        arrived: Arrival | None = None,
        until: datetime | None = None,
    ) -> list[Candidate]:
        """Articles published since ``since`` and before ``until`` (and stored within ``arrived``),
        best topic matches first, else newest first. The query must match as given: no fallback
        happens here."""
        async with self._sessions() as session:
            if topic is None:
                stmt = select(Article, Source.name).join(Source, Source.id == Article.source_id)
                if since is not None:
                    stmt = stmt.where(Article.published_at >= since)
                if until is not None:
                    stmt = stmt.where(Article.published_at < until)
                if arrived is not None:
                    stmt = stmt.where(
                        Article.ingested_at > arrived.after, Article.ingested_at <= arrived.until
                    )
                stmt = stmt.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)
                rows = (await session.execute(stmt)).all()
                return [Candidate(a, name, 0.0) for a, name in rows]
            return await self._search(session, topic, (since, until), arrived, limit)

    async def _search(
        self,
        session: AsyncSession,
        topic: Query,
        published: tuple[datetime | None, datetime | None],
        arrived: Arrival | None,
        limit: int,
    ) -> list[Candidate]:
        window = None if arrived is None else (arrived.after, arrived.until)
        ranks = await rank_articles(
            session,
            self._dialect.name,
            topic,
            self.stemmer,
            since=published[0],
            until=published[1],
            stored=window,
            limit=limit,
        )
        if not ranks:
            return []
        stmt = (
            select(Article, Source.name)
            .join(Source, Source.id == Article.source_id)
            .where(Article.id.in_(ranks))
        )
        rows = (await session.execute(stmt)).all()
        found = [
            Candidate(a, name, ranks[a.id])
            for a, name in rows
            if topic.matches_words(frozenset(words(f"{a.title} {a.standfirst or ''} {a.text}")))
        ]
        found.sort(key=lambda c: (-c.rank, -c.article.id))
        return found

    async def get_many(self, ids: Sequence[int]) -> list[Candidate]:
        """The articles with these ids (those that still exist), in the order given."""
        async with self._sessions() as session:
            stmt = (
                select(Article, Source.name)
                .join(Source, Source.id == Article.source_id)
                .where(Article.id.in_(list(ids)))
            )
            by_id = {a.id: Candidate(a, name, 0.0) for a, name in (await session.execute(stmt))}
        return [by_id[i] for i in ids if i in by_id]

    async def raw_copy(self, article_id: int) -> RawCopy | None:
        """The raw source kept for an article, or None (older articles, or too large to keep)."""
        async with self._sessions() as session:
            row = await session.get(ArticleSource, article_id)
        return None if row is None else RawCopy(row.media_type, row.encoding, row.size, row.data)

    async def count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count(Article.id))) or 0)

    async def sources(self) -> list[SourceCount]:
        """Every source with its article count and newest article, biggest first."""
        async with self._sessions() as session:
            stmt = (
                select(Source.name, Source.kind, func.count(Article.id), func.max(Article.published_at))
                .join(Article, Article.source_id == Source.id, isouter=True)
                .group_by(Source.id)
                .order_by(func.count(Article.id).desc(), Source.name)
            )
            rows = (await session.execute(stmt)).all()
        conv = UTCDateTime()
        return [
            SourceCount(name, kind, int(n), conv.process_result_value(latest, self._dialect))
            for name, kind, n, latest in rows
        ]
