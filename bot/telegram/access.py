"""Who may use the bot, who administers it, and how often a chat may ask for expensive work."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

REFUSED_TEXT = "Sorry, this bot is private. Ask its owner to add your user id."


@dataclass(frozen=True)
class AccessPolicy:
    """Allowed users (empty means everyone) and admins (always allowed)."""

    allowed_users: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()

    @classmethod
    def of(cls, allowed_users: Collection[int], admins: Collection[int]) -> AccessPolicy:
        return cls(frozenset(allowed_users), frozenset(admins))

    def may_use(self, user_id: int | None) -> bool:
        """True when this user may talk to the bot at all."""
        if not self.allowed_users:
            return True
        return user_id is not None and (user_id in self.allowed_users or user_id in self.admins)

    def is_admin(self, user_id: int | None) -> bool:
        """True when this user may run admin commands (/stats, /feeds add|remove)."""
        return user_id is not None and user_id in self.admins


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


def retry_text(wait_seconds: float) -> str:
    """The line a rate-limited chat sees."""
    return f"You are asking quickly — try again in {max(1, math.ceil(wait_seconds))} s."
