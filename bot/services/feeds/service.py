"""The feed service: add a feed (found through a site's ``<link rel="alternate">`` when given a
page), list feeds with their health, remove them, import and export OPML, and poll now."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.feeds.polling import ACCEPT_FEEDS, FeedPoller
from bot.services.feeds.results import AddedFeed, FeedInfo, PollRun
from bot.services.library import LibraryService
from config.periodic import FeedSettings
from errors import SourceError, UserInputError
from ingest.feeds.discovery import feed_links
from ingest.feeds.document import FeedDocument
from ingest.feeds.opml import OutlineFeed, parse_opml, write_opml
from ingest.feeds.reading import FEED_TYPES, is_html_page, read_feed
from ingest.html import html_charset
from ingest.text import decode_bytes
from ingest.urls import canonical_url
from store.feeds import FeedRow
from store.store import Store

log = logging.getLogger(__name__)
_MAX_CANDIDATES = 5  # feed links tried on one page


@dataclass(frozen=True)
class OpmlImport:
    """What an OPML import did."""

    added: tuple[FeedInfo, ...]
    existing: int
    skipped: tuple[str, ...]


def feed_info(row: FeedRow) -> FeedInfo:
    f = row.feed
    return FeedInfo(
        id=f.id,
        url=f.url,
        title=f.title,
        source=row.source,
        articles=row.articles,
        next_poll=f.next_poll_at,
        last_polled=f.last_polled_at,
        last_result=f.last_result,
        errors=f.errors or 0,
        last_error=f.last_error,
        failing=bool(f.failing),
        fetch_teasers=bool(f.fetch_teasers),
    )


class FeedService:
    """Feeds for the CLI, the console, /feeds and the scheduler."""

    def __init__(
        self, store: Store, library: LibraryService, poller: FeedPoller, settings: FeedSettings
    ) -> None:
        self._store = store
        self._library = library
        self.poller = poller
        self._settings = settings

    async def list(self) -> list[FeedInfo]:
        return [feed_info(row) for row in await self._store.feeds.all()]

    async def add(self, url: str) -> AddedFeed:
        """Add the feed at ``url``, or the first feed a page at ``url`` links to.

        Raises SourceError saying why when neither the address nor its page's links are a feed.
        """
        canonical = canonical_url(url.strip())
        existing = await self._store.feeds.find(canonical)
        if existing is not None:
            found = [f for f in await self.list() if f.id == existing.id]
            return AddedFeed(found[0], created=False)
        doc, final, page = await self._fetch_feed(canonical)
        if doc is None:
            links = feed_links(page, final)
            if not links:
                raise SourceError('that page is not a feed and links to none (no <link rel="alternate">)')
            problems = []
            for link in links[:_MAX_CANDIDATES]:
                try:
                    doc, feed_url, _ = await self._fetch_feed(canonical_url(link))
                except SourceError as exc:
                    problems.append(f"{link}: {exc}")
                    continue
                if doc is not None:
                    return await self._added(feed_url, doc, found_on=final)
            raise SourceError("the page's feed links did not work: " + "; ".join(problems or links))
        return await self._added(final, doc)

    async def _added(self, url: str, doc: FeedDocument, found_on: str | None = None) -> AddedFeed:
        row, created = await self._store.feeds.add(canonical_url(url), title=doc.title, site_url=doc.site_url)
        log.info("feed added url=%s created=%s found_on=%s", url, created, found_on)
        return AddedFeed(feed_info(row), created, found_on)

    async def _fetch_feed(self, url: str) -> tuple[FeedDocument | None, str, str]:
        """(the feed document, or None for a web page; the final URL; the page's text)."""
        from ingest.http import Limits  # httpx, lazily

        limits = Limits(self._settings.max_feed_bytes, FEED_TYPES, ACCEPT_FEEDS, "feed")
        download = await self._library.pages().http.get(url, limits)
        if is_html_page(download.media_type, download.data):
            text = decode_bytes(download.data, declared=download.charset or html_charset(download.data))
            return None, download.url, text
        doc = await asyncio.to_thread(
            read_feed,
            download.data,
            url=download.url,
            media_type=download.media_type,
            headers=download.headers,
        )
        if not doc.entries and doc.kind == "unknown":
            raise SourceError(f"not a feed ({doc.problem})")
        return doc, download.url, ""

    async def add_unchecked(
        self, url: str, title: str = "", site_url: str | None = None
    ) -> tuple[FeedInfo, bool]:
        """Add a feed without fetching it (an OPML import); its first poll names it."""
        row, created = await self._store.feeds.add(canonical_url(url), title=title, site_url=site_url)
        return feed_info(row), created

    async def remove(self, ref: str) -> bool:
        ref = ref.strip()
        if not ref.isdigit():
            try:
                ref = canonical_url(ref)
            except SourceError:
                return False
        return await self._store.feeds.remove(ref)

    async def set_teasers(self, ref: str, fetch: bool) -> FeedInfo:
        """Turn fetching teasers' pages on or off for one feed."""
        row = await self._find(ref)
        await self._store.feeds.set_teasers(row.feed.id, fetch)
        return next(f for f in await self.list() if f.id == row.feed.id)

    async def _find(self, ref: str) -> FeedRow:
        wanted = ref.strip()
        for row in await self._store.feeds.all():
            if str(row.feed.id) == wanted or row.feed.url == wanted:
                return row
        raise UserInputError(f"no feed {ref!r} (see `feeds list`)")

    async def import_opml(self, data: bytes) -> OpmlImport:
        """Add every feed an OPML file lists (polled on the next tick); existing ones are kept."""
        outlines, skipped = parse_opml(data)
        added: list[FeedInfo] = []
        existing = 0
        problems = list(skipped)
        for outline in outlines:
            try:
                info, created = await self.add_unchecked(outline.url, outline.title, outline.site_url)
            except SourceError as exc:
                problems.append(f"{outline.title or outline.url}: {exc}")
                continue
            if created:
                added.append(info)
            else:
                existing += 1
        return OpmlImport(tuple(added), existing, tuple(problems))

    async def export_opml(self) -> str:
        rows = await self._store.feeds.all()
        return write_opml([OutlineFeed(r.feed.url, r.feed.title, r.feed.site_url) for r in rows])

    async def poll_now(self, refs: Sequence[str] = ()) -> PollRun:
        """Poll the feeds named (ids or URLs), or every feed, now."""
        rows = await self._store.feeds.all()
        ids = [r.feed.id for r in rows] if not refs else [(await self._find(ref)).feed.id for ref in refs]
        return await self.poller.poll(ids)
