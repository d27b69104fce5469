"""The broadcast's own pace: messages per second overall and a gap per chat, and flood pauses.

Digests do not go through the interactive bot's rate limiter: a RetryAfter there halts every
request, replies included. Here it pauses only the broadcast, which also stays below Telegram's
overall ceiling so that interactive replies keep room.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

MAX_TRACKED_CHATS = 10_000


class Pacer:
    """Spaces sends ``1 / rate`` seconds apart overall, and ``interval`` apart within one chat."""

    def __init__(
        self,
        rate: float,
        chat_interval: float,
        group_interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._spacing = 1.0 / rate
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._clock = clock
        self._next_any = 0.0
        self._next_in_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        """Telegram asked to wait (RetryAfter): no broadcast send starts before then."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    async def wait(self, chat_id: int, *, group: bool) -> None:
        """Return when a message to ``chat_id`` may be sent, having reserved that moment."""
        while True:
            now = self._clock()
            ready = max(self._next_any, self._next_in_chat.get(chat_id, 0.0), self._paused_until)
            if ready <= now:
                self._next_any = max(now, self._next_any) + self._spacing
                self._next_in_chat[chat_id] = now + (self._group_interval if group else self._chat_interval)
                if len(self._next_in_chat) > MAX_TRACKED_CHATS:
                    self._forget(now)
                return
            await asyncio.sleep(ready - now)

    def _forget(self, now: float) -> None:
        for chat_id in [c for c, t in self._next_in_chat.items() if t <= now]:
            del self._next_in_chat[chat_id]
