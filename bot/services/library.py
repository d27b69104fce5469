"""The library service: add articles from files, pasted text and web pages; list sources and feeds."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from blocks import Block, Role, paragraph_blocks
from config import IngestSettings
from errors import SourceError
from ingest.files import read_path
from ingest.fingerprints import WordHashes, content_hash, simhash
from ingest.limits import apply_limits
from ingest.plaintext import parse_plain_text
from ingest.raw import pack_source
from ingest.types import FileResult, ParsedArticle, RawSource
from ingest.urls import canonical_url
from store.articles import NewArticle, RawCopy
from store.store import Store
from store.timestamps import utcnow

log = logging.getLogger(__name__)

DEMO_CORPUS = Path(__file__).parent.parent / "demo" / "articles.jsonl"
DEFAULT_SOURCE = "local files"


@dataclass(frozen=True)
class IngestReport:
    """What an import did: stored and duplicate counts, one line per refusal, stored titles, and
    one note per field left out of an article that was stored."""

    stored: int
    duplicates: int
    problems: tuple[str, ...]
    titles: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def __add__(self, other: IngestReport) -> IngestReport:
        return IngestReport(
            self.stored + other.stored,
            self.duplicates + other.duplicates,
            self.problems + other.problems,
            self.titles + other.titles,
            self.notes + other.notes,
        )


EMPTY_REPORT = IngestReport(0, 0, (), ())


@dataclass(frozen=True)
class SourceInfo:
    """A source and how much it holds."""

    name: str
    articles: int
    latest: datetime | None


@dataclass(frozen=True)
class FeedInfo:
    """A feed the bot polls."""

    id: int
    url: str
    title: str


def article_blocks(article: ParsedArticle) -> tuple[Block, ...]:
    """The article's blocks; one built without them gets its title, standfirst and paragraphs."""
    if article.blocks:
        return article.blocks
    head = [Block(Role.TITLE, article.title)] if article.title else []
    if article.standfirst:
        head.append(Block(Role.STANDFIRST, article.standfirst))
    return (*head, *paragraph_blocks(article.text))


def to_new_article(
    article: ParsedArticle, known: WordHashes | None = None, *, max_source_bytes: int = 0
) -> NewArticle:
    """Fingerprint a parsed article for storage (canonical URL, content hash, simhash), with its
    blocks and, when it is at most ``max_source_bytes``, its raw source compressed."""
    canonical = None
    if article.url:
        try:
            canonical = canonical_url(article.url)
        except SourceError:
            canonical = None
    packed = pack_source(article.raw, max_source_bytes)
    return NewArticle(
        title=article.title,
        text=article.text,
        standfirst=article.standfirst,
        url=article.url,
        canonical_url=canonical,
        content_hash=content_hash(article.title, article.text),
        simhash=simhash(f"{article.title}\n{article.text}", known),
        published_at=article.published,
        blocks=article_blocks(article),
        raw=RawCopy(packed.media_type, packed.encoding, packed.size, packed.data) if packed else None,
    )


def _fingerprint_all(
    articles: Sequence[ParsedArticle], known: WordHashes, max_source_bytes: int
) -> list[NewArticle]:
    return [to_new_article(a, known, max_source_bytes=max_source_bytes) for a in articles]


class LibraryService:
    """Everything that puts articles into the store."""

    def __init__(self, store: Store, settings: IngestSettings) -> None:
        self._store = store
        self._settings = settings

    async def store_articles(
        self, articles: Iterable[ParsedArticle], *, default_source: str, kind: str = "file"
    ) -> IngestReport:
        """Store parsed articles grouped by their source; duplicates are counted, not stored."""
        by_source: defaultdict[str, list[ParsedArticle]] = defaultdict(list)
        for article in articles:
            by_source[article.source or default_source].append(article)
        report = EMPTY_REPORT
        known = WordHashes()  # this run's; the groups are fingerprinted one after another
        for source, group in by_source.items():
            items = await asyncio.to_thread(_fingerprint_all, group, known, self._settings.max_source_bytes)
            result = await self._store.articles.add_many(items, source=source, kind=kind)
            report += IngestReport(len(result.stored_ids), len(result.duplicates), (), result.stored_titles)
        return report

    async def ingest_paths(self, paths: Sequence[Path]) -> IngestReport:
        """Import files and folders; each missing path, bad file or bad line becomes one problem line."""
        report = EMPTY_REPORT
        for path in paths:
            try:
                results: list[FileResult] = await asyncio.to_thread(read_path, path, self._settings)
            except SourceError as exc:  # a missing path must not hide what the others stored
                report += IngestReport(0, 0, (str(exc),), ())
                continue
            for result in results:
                problems = tuple(f"{result.path}: {p}" for p in result.problems)
                notes = tuple(f"{result.path}: {n}" for n in result.notes)
                stored = await self.store_articles(result.articles, default_source=DEFAULT_SOURCE)
                report += replace(stored, problems=stored.problems + problems, notes=stored.notes + notes)
        return report

    async def add_text(self, text: str, *, source: str = "chat") -> IngestReport:
        """Store pasted text as one article, read by the same rules as a text file."""
        raw = RawSource("text/plain", text.encode("utf-8"))
        article = await asyncio.to_thread(parse_plain_text, text, source=source, raw=raw)
        if len(article.text) < self._settings.min_article_chars:
            raise SourceError(
                f"That text is too short to store as an article "
                f"(at least {self._settings.min_article_chars} characters)."
            )
        return await self.store_articles(
            [apply_limits(article, self._settings)], default_source=source, kind="chat"
        )

    async def add_url(self, url: str) -> IngestReport:
        """Fetch a web page, extract its main text and store it."""
        from ingest.fetch import fetch_article  # httpx: only when a page is fetched

        article = await fetch_article(url, self._settings)
        host = urlsplit(article.url or url).hostname or "web"
        return await self.store_articles([article], default_source=host, kind="web")

    async def list_sources(self) -> list[SourceInfo]:
        return [SourceInfo(s.name, s.articles, s.latest) for s in await self._store.articles.sources()]

    async def seed_demo(self, corpus: Path = DEMO_CORPUS) -> IngestReport:
        """Load the bundled demo corpus into an empty store, dated so its newest article is now."""
        if await self._store.articles.count() > 0:
            return EMPTY_REPORT
        results = await asyncio.to_thread(read_path, corpus, self._settings, keep_future_dates=True)
        articles = [a for r in results for a in r.articles]
        dates = [a.published for a in articles if a.published is not None]
        if dates:
            shift = utcnow() - max(dates)
            articles = [replace(a, published=a.published + shift) if a.published else a for a in articles]
        return await self.store_articles(articles, default_source="briefbot demo")

    async def list_feeds(self) -> list[FeedInfo]:
        return [FeedInfo(f.id, f.url or f.name, f.title) for f in await self._store.feeds.list()]

    async def add_feed(self, url: str) -> FeedInfo:
        canonical = canonical_url(url)
        feed = await self._store.feeds.add(canonical)
        return FeedInfo(feed.id, feed.url or feed.name, feed.title)

    async def remove_feed(self, ref: str) -> bool:
        ref = ref.strip()
        if not ref.isdigit():
            try:
                ref = canonical_url(ref)
            except SourceError:
                return False
        return await self._store.feeds.remove(ref)
