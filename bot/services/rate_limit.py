"""The per-chat rate limit on expensive work (briefings, questions); it knows nothing of Telegram.

A token bucket per chat: a chat may spend ``burst`` requests at once, and the bucket refills at
``requests`` per ``per_seconds``. A conversation (a briefing and ten follow-ups in two minutes)
never meets the limit with the defaults, while a chat sending 60 requests a minute still does.

The buckets live in the database (``store.rate_buckets``), so every worker on it counts a chat's
requests against the same bucket. Their moments are on the wall clock (UTC): workers are separate
processes, perhaps on separate hosts, and share no monotonic clock. ``Bucket`` holds the one
token-bucket arithmetic; the store applies it inside the transaction that holds the chat's row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from config import RateLimitSettings
from errors import StoreError
from store.rate_buckets import RateBucketRepository
from store.timestamps import utcnow

log = logging.getLogger(__name__)
_EPSILON = 1e-9  # float slack, so a bucket refilled to exactly the cost is not refused


class RateLimiter(Protocol):
    """Admits a chat's request now (0.0) or says how many seconds it must wait."""

    async def acquire(self, chat_id: int, cost: float = 1.0) -> float: ...


@dataclass(frozen=True)
class Bucket:
    """The arithmetic of one chat's bucket: ``burst`` tokens, regained at ``rate`` a second."""

    burst: int
    rate: float

    @classmethod
    def from_settings(cls, settings: RateLimitSettings) -> Bucket:
        return cls(settings.burst, settings.requests / settings.per_seconds)

    @property
    def refill(self) -> timedelta:
        """How long an empty bucket takes to fill up again: any bucket left alone as long is full."""
        return timedelta(seconds=self.burst / self.rate)

    def level(self, tokens: float | None, elapsed: float) -> float:
        """The tokens ``elapsed`` seconds after the bucket held ``tokens`` (None: a chat without a
        bucket yet, which starts full). A negative ``elapsed`` (clocks of two hosts a little apart)
        refills nothing."""
        if tokens is None:
            return float(self.burst)
        return min(float(self.burst), tokens + max(0.0, elapsed) * self.rate)

    def spend(self, tokens: float | None, elapsed: float, cost: float) -> tuple[float, float]:
        """``(tokens left, wait)``: ``cost`` tokens spent and ``wait`` 0.0, or nothing spent and
        ``wait`` the seconds until there are enough (a refused request spends nothing)."""
        now = self.level(tokens, elapsed)
        if now + _EPSILON < cost:
            return now, (cost - now) / self.rate
        return max(0.0, now - cost), 0.0


class StoredRateLimiter:
    """The rate limit of ``briefbot run``: each chat's bucket a row that every worker shares.

    ``acquire`` never fails a request for the store's sake: when the database cannot be reached,
    it logs the failure and admits the request (0.0). A limiter that refused everyone during an
    outage would only hide the outage behind "try again"; the work it admits meets the store
    again and reports its own error.
    """

    def __init__(
        self,
        buckets: RateBucketRepository,
        bucket: Bucket,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._buckets = buckets
        self.bucket = bucket
        self._clock = clock

    @classmethod
    def from_settings(
        cls,
        buckets: RateBucketRepository,
        settings: RateLimitSettings,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> StoredRateLimiter:
        return cls(buckets, Bucket.from_settings(settings), clock=clock)

    async def acquire(self, chat_id: int, cost: float = 1.0) -> float:
        """Spend ``cost`` of chat ``chat_id``'s tokens and return 0.0, or return the seconds until
        there are enough; 0.0 (admitted, logged) when the store fails."""
        try:
            return await self._buckets.take(chat_id, cost, self.bucket, now=self._clock())
        except StoreError as exc:
            log.warning("rate limit unavailable, admitting chat_id=%s reason=%s", chat_id, exc)
            return 0.0

    async def prune(self) -> int:
        """Forget the buckets that have filled up again (a chat without a row starts full); how many."""
        return await self._buckets.prune(self._clock() - self.bucket.refill)
