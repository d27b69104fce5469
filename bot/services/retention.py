"""Retention: articles stored longer ago than the set age are pruned with all that derives from
them (see ``store.retention``), and digest records no future digest can need are forgotten, as
are rate-limit buckets that have filled up again.

Age counts from when an article was stored, not from its publication date, so an archive import
is not deleted at the next prune. Dedupe keys stay, so feeds do not bring pruned articles back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services.digests.runner import DigestRunner
from bot.services.rate_limit import StoredRateLimiter
from config.periodic import RetentionSettings
from store.store import Store
from store.timestamps import utcnow

log = logging.getLogger(__name__)
PRUNE_BATCH = 500  # articles deleted per transaction


@dataclass(frozen=True)
class RetentionReport:
    """What one prune removed."""

    articles: int
    source_bytes: int
    cutoff: datetime | None  # articles stored before this went; None: kept for ever


class RetentionService:
    """The ``retention`` tick's work, also run by hand in tests and benchmarks."""

    def __init__(
        self,
        store: Store,
        settings: RetentionSettings,
        digests: DigestRunner,
        *,
        clock: Callable[[], datetime] = utcnow,
        limiter: StoredRateLimiter | None = None,
        batch: int = PRUNE_BATCH,
    ) -> None:
        self._store = store
        self._batch = batch
        self._settings = settings
        self._digests = digests
        self._clock = clock
        self._limiter = limiter

    async def run(self) -> RetentionReport:
        """Prune old articles, then the digest records, conversations, threads and full rate-limit
        buckets nothing needs."""
        report = await self.prune_articles()
        await self._digests.retention()
        removed = await self._store.chats.prune_conversations()
        idle = self._clock() - timedelta(days=self._settings.thread_days)
        removed += await self._store.threads.prune(idle)
        if removed:
            log.info("retention removed conversations and threads=%d", removed)
        if self._limiter is not None and (buckets := await self._limiter.prune()):
            log.info("retention forgot full rate buckets=%d", buckets)
        return report

    async def prune_articles(self) -> RetentionReport:
        if not self._settings.article_days:
            return RetentionReport(0, 0, None)
        cutoff = self._clock() - timedelta(days=self._settings.article_days)
        pruned = await self._store.retention.prune_articles(cutoff, batch=self._batch)
        if pruned.articles:
            log.info("retention pruned articles=%d before=%s", pruned.articles, cutoff.isoformat())
        return RetentionReport(pruned.articles, pruned.source_bytes, cutoff)
