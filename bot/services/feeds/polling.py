"""Polling feeds: claim what is due, fetch each with a conditional GET, store its new entries.

A 304 stores nothing and costs no parse. New entries are those whose GUID this feed has not
brought before (GUIDs are only unique per feed); the store then dedupes them by canonical URL
and by content, against every article ever stored (pruned ones included). An entry with fewer
words than ``teaser_words`` has its linked page fetched and extracted, unless the feed says not
to. Each poll records the feed's next poll: its interval, what the server asked, and back-off
after errors; a feed that keeps failing is marked, never dropped.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from bot.services.digests.runner import new_owner
from bot.services.feeds.results import FeedPoll, PollRun, Refusal
from bot.services.feeds.schedule import FeedTuning, next_poll
from bot.services.library import LibraryService
from config.periodic import FeedSettings
from errors import SourceError
from ingest.feeds.document import FeedDocument, FeedEntry
from ingest.feeds.entries import entry_article, entry_words, page_for_entry
from ingest.feeds.reading import FEED_TYPES, is_html_page, read_feed
from ingest.types import ParsedArticle
from store.feeds import FeedRow, PollRecord
from store.store import Store
from store.timestamps import utcnow

log = logging.getLogger(__name__)

ACCEPT_FEEDS = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_MAX_ROUNDS = 1000  # claim rounds in one run; every feed polled gets a later next poll


def entry_label(entry: FeedEntry) -> str:
    return (entry.title or entry.link or entry.guid)[:80]


class FeedPoller:
    """Polls due feeds (the scheduler's ``feeds`` tick) or chosen ones (``feeds poll``)."""

    def __init__(
        self,
        store: Store,
        library: LibraryService,
        settings: FeedSettings,
        *,
        tuning: FeedTuning | None = None,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self._store = store
        self._library = library
        self._settings = settings
        self.tuning = tuning or FeedTuning()
        self._clock = clock
        self._rng = rng or random.Random()
        self.owner = owner or new_owner()
        self._lease = timedelta(seconds=self.tuning.lease_seconds)

    async def run_due(self) -> PollRun:
        """Poll every feed that is due, a claimed batch at a time, until none is."""
        return await self._run(None)

    async def poll(self, feed_ids: Collection[int]) -> PollRun:
        """Poll these feeds now, due or not (never one another process is polling)."""
        return await self._run(set(feed_ids))

    async def _run(self, only: set[int] | None) -> PollRun:
        run = PollRun()
        gate = asyncio.Semaphore(self._settings.concurrency)
        for _ in range(_MAX_ROUNDS):
            now = self._clock()
            rows = await self._store.feeds.claim(
                self.owner,
                now=now,
                lease_until=now + self._lease,
                limit=self.tuning.claim_batch,
                only=only,
            )
            if not rows:
                break
            if only is not None:
                only -= {row.feed.id for row in rows}
            pending = {row.feed.id for row in rows}
            try:
                polls = await asyncio.gather(*(self._guarded(row, gate, pending) for row in rows))
            finally:
                await self._store.feeds.release(self.owner, list(pending))  # stopped part-way
            run.polls.extend(polls)
            if only is not None and not only:
                break
        return run

    async def _guarded(self, row: FeedRow, gate: asyncio.Semaphore, pending: set[int]) -> FeedPoll:
        async with gate:
            try:
                poll = await self._poll(row)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # one feed's bug must not stop the others; it is logged
                log.exception("feed poll failed feed_id=%s url=%s", row.feed.id, row.feed.url)
                poll = FeedPoll(
                    row.feed.id,
                    row.feed.url,
                    row.feed.title,
                    "error",
                    error=f"internal error ({type(exc).__name__})",
                )
                await self._record_error(row, poll, None)
            pending.discard(row.feed.id)
            return poll

    async def _poll(self, row: FeedRow) -> FeedPoll:
        from ingest.http import HttpStatusError, Limits, max_age, retry_after  # httpx, lazily

        feed = row.feed
        poll = FeedPoll(feed.id, feed.url, feed.title, "ok")
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        limits = Limits(self._settings.max_feed_bytes, FEED_TYPES, ACCEPT_FEEDS, "feed")
        try:
            download = await self._library.pages().http.get(feed.url, limits, headers)
        except HttpStatusError as exc:
            poll.status, poll.error = "error", str(exc)
            await self._record_error(row, poll, exc.retry_after)
            return poll
        except SourceError as exc:
            poll.status, poll.error = "error", str(exc)
            await self._record_error(row, poll, None)
            return poll
        asked = max_age(download.headers)
        waited = retry_after(download.headers)
        if download.status == 304:
            poll.status = "not modified"
            await self._record_ok(row, poll, asked, waited, feed.etag, feed.last_modified, None)
            return poll
        if is_html_page(download.media_type, download.data):
            poll.status, poll.error = "error", "the address is a web page, not a feed"
            await self._record_error(row, poll, None)
            return poll
        doc = await asyncio.to_thread(
            read_feed,
            download.data,
            url=download.url,
            media_type=download.media_type,
            headers=download.headers,
        )
        poll.parsed, poll.entries, poll.problem = True, len(doc.entries), doc.problem
        if not doc.entries and doc.kind == "unknown":
            poll.status, poll.error = "error", f"not a feed ({doc.problem})"
            await self._record_error(row, poll, None)
            return poll
        await self._entries(row, doc, poll)
        etag = download.headers.get("etag")
        modified = download.headers.get("last-modified")
        await self._record_ok(row, poll, asked, waited, etag, modified, doc)
        return poll

    async def _entries(self, row: FeedRow, doc: FeedDocument, poll: FeedPoll) -> None:
        feed, source = row.feed, row.source
        first: dict[str, FeedEntry] = {}
        for entry in doc.entries:
            if entry.guid in first:
                poll.duplicates.append(
                    Refusal(entry_label(entry), "same GUID as an earlier entry of this feed")
                )
            else:
                first[entry.guid] = entry
        seen = await self._store.feeds.seen_guids(feed.id, list(first))
        poll.seen = len(seen)
        new = [e for guid, e in first.items() if guid not in seen]
        poll.deferred = max(0, len(new) - self.tuning.max_entries)
        new = new[: self.tuning.max_entries]
        articles: list[ParsedArticle] = []
        kept: list[FeedEntry] = []
        for entry in new:
            try:
                articles.append(await self._article(entry, source, feed.fetch_teasers))
                kept.append(entry)
            except SourceError as exc:
                poll.refused.append(Refusal(entry_label(entry), str(exc)))
        outcomes = await self._library.store_batch(articles, source=source, kind="feed")
        for entry, outcome in zip(kept, outcomes, strict=True):
            if isinstance(outcome, int):
                poll.stored += 1
            else:
                poll.duplicates.append(Refusal(entry_label(entry), outcome))
        await self._store.feeds.remember_guids(feed.id, [e.guid for e in new], at=self._clock())

    async def _article(self, entry: FeedEntry, source: str, fetch_teasers: bool) -> ParsedArticle:
        """The entry's article: its linked page when it is only a teaser (and teasers are fetched)."""
        settings = self._library.settings
        teaser = entry_words(entry) < self.tuning.teaser_words
        if teaser and fetch_teasers and self._settings.fetch_teasers and entry.link:
            try:
                page = await self._library.pages().read(entry.link)
                return page_for_entry(page, entry, source)
            except SourceError as exc:
                try:
                    return entry_article(entry, source, settings)
                except SourceError:
                    raise SourceError(f"a teaser, and its page could not be read ({exc})") from exc
        return entry_article(entry, source, settings)

    async def _record_ok(
        self,
        row: FeedRow,
        poll: FeedPoll,
        asked: float | None,
        waited: float | None,
        etag: str | None,
        modified: str | None,
        doc: FeedDocument | None,
    ) -> None:
        now = self._clock()
        poll.next_poll = next_poll(
            now,
            self.tuning,
            interval=row.feed.interval_seconds or self._settings.interval_seconds,
            max_age=asked,
            retry_after=waited,
            rng=self._rng,
        )
        record = PollRecord(
            next_poll_at=poll.next_poll,
            polled_at=now,
            ok=True,
            result=poll.summary(),
            etag=etag,
            last_modified=modified,
            title=doc.title if doc is not None else None,
            site_url=doc.site_url if doc is not None else None,
        )
        if not await self._store.feeds.record(row.feed.id, self.owner, record):
            log.warning("feed claim lost before recording feed_id=%s", row.feed.id)
        log.info("polled feed feed_id=%s result=%s", row.feed.id, record.result)

    async def _record_error(self, row: FeedRow, poll: FeedPoll, waited: float | None) -> None:
        now = self._clock()
        errors = (row.feed.errors or 0) + 1
        failing = errors >= self.tuning.failing_after
        poll.next_poll = next_poll(
            now,
            self.tuning,
            interval=row.feed.interval_seconds or self._settings.interval_seconds,
            retry_after=waited,
            errors=errors,
            failing=failing,
            rng=self._rng,
        )
        record = PollRecord(
            next_poll_at=poll.next_poll,
            polled_at=now,
            ok=False,
            result=poll.error or "error",
            failing_after=self.tuning.failing_after,
        )
        await self._store.feeds.record(row.feed.id, self.owner, record)
        log.info("feed poll failed feed_id=%s errors=%d error=%s", row.feed.id, errors, poll.error)
