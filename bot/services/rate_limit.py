"""The per-chat rate limit on expensive work (briefings, questions); it knows nothing of Telegram.

A token bucket per chat: a chat may spend ``burst`` requests at once, and the bucket refills at
``requests`` per ``per_seconds``. A conversation (a briefing and ten follow-ups in two minutes)
never meets the limit with the defaults, while a chat sending 60 requests a minute still does.
The state is kept in memory behind ``RateLimiter``, so another store can take its place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from config import RateLimitSettings


class RateLimiter(Protocol):
    """Admits a chat's request now (0.0) or says how many seconds it must wait."""

    def acquire(self, chat_id: int, cost: float = 1.0) -> float: ...


@dataclass
class TokenBucket:
    """``burst`` tokens per chat, refilled at ``requests / per_seconds`` a second.

    Chats whose bucket has filled up again are forgotten once a refill period, so memory
    follows the chats active lately, not every chat ever seen.
    """

    requests: int
    per_seconds: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[int, tuple[float, float]] = field(default_factory=dict, repr=False)  # tokens, at
    _last_sweep: float | None = field(default=None, repr=False)

    @classmethod
    def from_settings(
        cls, settings: RateLimitSettings, clock: Callable[[], float] = time.monotonic
    ) -> TokenBucket:
        return cls(settings.requests, settings.per_seconds, settings.burst, clock)

    @property
    def rate(self) -> float:
        """Tokens regained a second."""
        return self.requests / self.per_seconds

    @property
    def tracked_chats(self) -> int:
        """How many chats the limiter currently remembers."""
        return len(self._buckets)

    def _tokens(self, chat_id: int, now: float) -> float:
        tokens, at = self._buckets.get(chat_id, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - at) * self.rate)

    def _sweep(self, now: float) -> None:
        if self._last_sweep is None:
            self._last_sweep = now
        if now - self._last_sweep < self.per_seconds:
            return
        self._last_sweep = now
        full = [chat for chat in self._buckets if self._tokens(chat, now) >= self.burst]
        for chat in full:
            del self._buckets[chat]

    def acquire(self, chat_id: int, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens and return 0, or return the seconds until there are enough
        (a refused request spends nothing)."""
        now = self.clock()
        self._sweep(now)
        tokens = self._tokens(chat_id, now)
        if tokens + 1e-9 < cost:
            self._buckets[chat_id] = (tokens, now)
            return (cost - tokens) / self.rate
        self._buckets[chat_id] = (tokens - cost, now)
        return 0.0
