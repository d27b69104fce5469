"""The per-chat rate limit on expensive work (briefings, questions); it knows nothing of Telegram."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """A sliding-window limit of ``requests`` per ``per_seconds`` for each chat.

    Chats whose window has passed are forgotten about once per window, so memory follows the
    chats active lately, not every chat ever seen.
    """

    requests: int
    per_seconds: float
    clock: Callable[[], float] = time.monotonic
    _hits: dict[int, deque[float]] = field(default_factory=dict, repr=False)
    _last_sweep: float | None = field(default=None, repr=False)

    @property
    def tracked_chats(self) -> int:
        """How many chats the limiter currently remembers."""
        return len(self._hits)

    def _sweep(self, now: float) -> None:
        if self._last_sweep is None:
            self._last_sweep = now
        if now - self._last_sweep < self.per_seconds:
            return
        self._last_sweep = now
        stale = [chat for chat, hits in self._hits.items() if now - hits[-1] >= self.per_seconds]
        for chat in stale:
            del self._hits[chat]

    def acquire(self, chat_id: int) -> float:
        """Record a request and return 0, or return the seconds to wait (nothing recorded)."""
        now = self.clock()
        self._sweep(now)
        hits = self._hits.setdefault(chat_id, deque())
        while hits and now - hits[0] >= self.per_seconds:
            hits.popleft()
        if len(hits) >= self.requests:
            return self.per_seconds - (now - hits[0])
        hits.append(now)
        return 0.0
