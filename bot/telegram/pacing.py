"""The broadcast's own pace: messages per second overall and a gap per chat, and flood pauses.

Digests do not go through the interactive bot's rate limiter: a RetryAfter there halts every
request, replies included. Here it pauses only the broadcast, which also stays below Telegram's
overall ceiling so that interactive replies keep room.

The overall pace belongs to the bot token, not to one process: with a ``SharedPace`` (the
database's, ``StoredPace``), every worker and ``digest send-due`` reserve short spans of one pace
in turn and send only inside their own, so together they stay under ``send_rate``; a RetryAfter
met by one holds the pace back for all. Without one the pace is this process's alone.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from store.send_rates import SendRateRepository

MAX_TRACKED_CHATS = 10_000


def pace_name(token: str) -> str:
    """The shared pace of a bot: one per token (its bot id, never the secret part)."""
    return f"telegram:{token.split(':', 1)[0]}"


class SharedPace(Protocol):
    """A pace several processes share."""

    async def reserve(self, span: float) -> float:
        """Take the next ``span`` seconds of the pace; how long to wait until they begin."""
        ...

    async def hold(self, seconds: float) -> None:
        """Let nothing more begin for ``seconds``."""
        ...


class StoredPace:
    """The pace kept in the database (``store.send_rates``), shared by every worker of a bot."""

    def __init__(self, rates: SendRateRepository, name: str) -> None:
        self._rates = rates
        self._name = name

    async def reserve(self, span: float) -> float:
        return await self._rates.reserve(self._name, span)

    async def hold(self, seconds: float) -> None:
        await self._rates.hold(self._name, seconds)


class Pacer:
    """Spaces sends ``1 / rate`` seconds apart overall, and ``interval`` apart within one chat."""

    def __init__(
        self,
        rate: float,
        chat_interval: float,
        group_interval: float,
        *,
        shared: SharedPace | None = None,
        span_seconds: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._spacing = 1.0 / rate
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._shared = shared
        # Slots per reservation of the shared pace: a span's worth, at least one.
        self._per_span = max(1, round(span_seconds / self._spacing))
        self._clock = clock
        self._next_any = 0.0
        self._next_in_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._slots: deque[float] = deque()  # reserved send moments of the shared pace, on our clock
        self._reserving = asyncio.Lock()

    async def pause(self, seconds: float) -> None:
        """Telegram asked to wait (RetryAfter): no broadcast send starts before then, in any worker."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        self._slots.clear()
        if self._shared is not None:
            await self._shared.hold(seconds)

    async def wait(self, chat_id: int, *, group: bool) -> None:
        """Return when a message to ``chat_id`` may be sent, having reserved that moment."""
        while True:
            now = self._clock()
            ready = max(self._next_in_chat.get(chat_id, 0.0), self._paused_until)
            if self._shared is None:
                ready = max(ready, self._next_any)
            if ready > now:
                await asyncio.sleep(ready - now)
                continue
            if self._shared is None:
                self._next_any = max(now, self._next_any) + self._spacing
            else:
                slot = await self._shared_slot()
                if slot > self._clock():
                    await asyncio.sleep(slot - self._clock())
                now = self._clock()
            self._next_in_chat[chat_id] = now + (self._group_interval if group else self._chat_interval)
            if len(self._next_in_chat) > MAX_TRACKED_CHATS:
                self._forget(now)
            return

    async def _shared_slot(self) -> float:
        """The next send moment of our spans of the shared pace, reserving a span when none is left.

        A moment already gone by more than one spacing is dropped, not used late: used late, it
        would fall into another worker's span.
        """
        assert self._shared is not None
        async with self._reserving:
            now = self._clock()
            while self._slots and self._slots[0] < now - self._spacing:
                self._slots.popleft()
            if not self._slots:
                wait = await self._shared.reserve(self._per_span * self._spacing)
                start = self._clock() + wait
                self._slots.extend(start + i * self._spacing for i in range(self._per_span))
            return self._slots.popleft()

    def _forget(self, now: float) -> None:
        for chat_id in [c for c, t in self._next_in_chat.items() if t <= now]:
            del self._next_in_chat[chat_id]
