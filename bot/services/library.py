"""The library service: add articles from files and folders (streamed, in batches), pasted text,
forwarded posts and web pages; list sources. Feeds have a service of their own (``feeds/``)."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from blocks import Block, Role, paragraph_blocks
from bot.services.demo_dates import dated_article
from config import IngestSettings
from errors import SourceError
from ingest.addresses import Network
from ingest.bulk import ImportReader, Item
from ingest.files import read_path
from ingest.fingerprints import WordHashes, content_hash, simhash
from ingest.limits import apply_limits
from ingest.plaintext import parse_plain_text
from ingest.raw import pack_source
from ingest.types import ParsedArticle, RawSource
from ingest.urls import canonical_url
from store.articles import NewArticle, RawCopy
from store.index_texts import IndexTexts
from store.store import Store
from store.timestamps import utcnow

if TYPE_CHECKING:
    from bot.services.index_worker import IndexWorker
    from ingest.fetch import PageReader

log = logging.getLogger(__name__)

DEMO_CORPUS = Path(__file__).parent.parent / "demo" / "articles.jsonl"
DEFAULT_SOURCE = "local files"
FORWARDED_SOURCE = "forwarded message"
IMPORT_BATCH = 1000  # records read, fingerprinted and stored together


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
class ImportProgress:
    """How far an import has got, for a progress bar."""

    stored: int
    duplicates: int
    refused: int
    bytes_read: int
    total_bytes: int


@dataclass(frozen=True)
class ForwardedPost:
    """A post forwarded to the bot: its text (or a media post's caption) and where it came from.

    ``channel`` is the channel's title when it was a channel post, ``username`` its public
    name (then the post has a t.me link); a post from a user or a hidden user has neither.
    """

    text: str
    channel: str | None = None
    username: str | None = None
    message_id: int | None = None
    date: datetime | None = None

    @property
    def url(self) -> str | None:
        if self.username and self.message_id:
            return f"https://t.me/{self.username}/{self.message_id}"
        return None


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

    def __init__(self, store: Store, settings: IngestSettings, network: Network | None = None) -> None:
        self._store = store
        self._settings = settings
        self._network = network
        self._pages: PageReader | None = None

    @property
    def settings(self) -> IngestSettings:
        return self._settings

    def pages(self) -> PageReader:
        """The page reader (HTTP client and extraction workers), made on first use."""
        if self._pages is None:
            from ingest.fetch import PageReader  # httpx: only when a page or feed is fetched

            self._pages = PageReader(self._settings, self._network)
        return self._pages

    async def aclose(self) -> None:
        if self._pages is not None:
            await self._pages.aclose()
            self._pages = None

    async def store_articles(
        self,
        articles: Iterable[ParsedArticle],
        *,
        default_source: str,
        kind: str = "file",
        texts: Sequence[IndexTexts] | None = None,
    ) -> IngestReport:
        """Store parsed articles grouped by their source; duplicates are counted, not stored.
        ``texts``: each article's index texts, when worked out beforehand (bulk imports)."""
        by_source: defaultdict[str, list[tuple[ParsedArticle, IndexTexts | None]]] = defaultdict(list)
        for article, prepared in zip(articles, texts or itertools.repeat(None), strict=False):
            by_source[article.source or default_source].append((article, prepared))
        report = EMPTY_REPORT
        known = WordHashes()  # this run's; the groups are fingerprinted one after another
        for source, pairs in by_source.items():
            group = [article for article, _ in pairs]
            items = await asyncio.to_thread(_fingerprint_all, group, known, self._settings.max_source_bytes)
            items = [replace(item, index=t) if t else item for item, (_, t) in zip(items, pairs, strict=True)]
            result = await self._store.articles.add_many(items, source=source, kind=kind)
            report += IngestReport(len(result.stored_ids), len(result.duplicates), (), result.stored_titles)
        return report

    async def store_batch(
        self, articles: Sequence[ParsedArticle], *, source: str, kind: str
    ) -> list[int | str]:
        """Store articles under one source; for each, its new id or why it was a duplicate."""
        if not articles:
            return []
        items = await asyncio.to_thread(
            _fingerprint_all, articles, WordHashes(), self._settings.max_source_bytes
        )
        result = await self._store.articles.add_many(items, source=source, kind=kind)
        return list(result.outcomes)

    async def ingest_paths(
        self, paths: Sequence[Path], *, progress: Callable[[ImportProgress], None] | None = None
    ) -> IngestReport:
        """Import files and folders, streamed a batch at a time; each missing path, bad file or
        bad record becomes one problem line. ``progress`` is told after each batch."""
        reader = ImportReader(paths, self._settings)
        items = iter(reader)
        report = EMPTY_REPORT
        cutter = self._store.passages.cutter
        worker: IndexWorker | None = None
        batch = await asyncio.to_thread(_next_batch, items)
        if cutter is not None and len(batch) == IMPORT_BATCH:  # a large import: index beside it
            from bot.services.index_worker import IndexWorker  # multiprocessing: only then

            worker = IndexWorker(cutter)
        try:
            prepared = worker.submit(_index_inputs(batch)) if worker else None
            while batch:
                following = await asyncio.to_thread(_next_batch, items)
                ahead = worker.submit(_index_inputs(following)) if worker and following else None
                count = sum(1 for i in batch if i.article is not None)
                texts = await worker.result(prepared, count) if worker and prepared else None
                report += await self._store_items(batch, texts)
                if progress is not None:
                    progress(
                        ImportProgress(
                            report.stored,
                            report.duplicates,
                            len(report.problems),
                            reader.bytes_read,
                            reader.total_bytes,
                        )
                    )
                batch, prepared = following, ahead
        finally:
            if worker is not None:
                worker.close()
        return report

    async def _store_items(self, batch: Sequence[Item], texts: Sequence[IndexTexts] | None) -> IngestReport:
        """Store a batch of read items together; should the batch fail, each article alone, so a
        record the database refuses is refused alone and the others are stored."""
        articles = [i.article for i in batch if i.article is not None]
        problems = tuple(f"{i.label}: {i.problem}" for i in batch if i.problem)
        notes = tuple(n for i in batch for n in i.notes)
        try:
            stored = await self.store_articles(articles, default_source=DEFAULT_SOURCE, texts=texts)
        except Exception as exc:
            log.info("batch not stored articles=%d error=%s; storing one by one", len(articles), exc)
        else:
            return replace(stored, problems=problems, notes=notes)
        report = replace(EMPTY_REPORT, problems=problems, notes=notes)
        for item in batch:
            if item.article is None:
                continue
            try:
                report += await self.store_articles([item.article], default_source=DEFAULT_SOURCE)
            except Exception as exc:
                log.info("article not stored label=%s error=%s", item.label, type(exc).__name__)
                report += IngestReport(0, 0, (f"{item.label}: not stored ({type(exc).__name__})",), ())
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

    async def add_forwarded(self, post: ForwardedPost) -> IngestReport:
        """Store a forwarded post: a channel's under the channel, with its t.me link when public;
        a user's or a hidden user's as a "forwarded message" without a link."""
        source = post.channel or FORWARDED_SOURCE
        raw = RawSource("text/plain", post.text.encode("utf-8"))
        article = await asyncio.to_thread(parse_plain_text, post.text, source=source, raw=raw)
        if len(article.text) < self._settings.min_article_chars:
            raise SourceError(
                f"That post is too short to store as an article "
                f"(at least {self._settings.min_article_chars} characters)."
            )
        article = replace(article, url=post.url, published=post.date, source=source)
        kind = "telegram" if post.channel else "chat"
        return await self.store_articles(
            [apply_limits(article, self._settings)], default_source=source, kind=kind
        )

    async def add_url(self, url: str) -> IngestReport:
        """Fetch a web page, extract its main text and store it."""
        article = await self.pages().read(url)
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
        articles = [dated_article(a) for a in articles]  # "on {weekday-1}" after re-dating
        return await self.store_articles(articles, default_source="briefbot demo")


def _index_inputs(batch: Sequence[Item]) -> list[tuple[str, str, str, tuple[Block, ...]]]:
    """What the index worker needs of each article in the batch, in the order they are stored."""
    return [
        (i.article.title, i.article.standfirst, i.article.text, article_blocks(i.article))
        for i in batch
        if i.article is not None
    ]


def _next_batch(items: Iterator[Item]) -> list[Item]:
    return list(itertools.islice(items, IMPORT_BATCH))
