"""Conversation threads as the front ends use them: started by a briefing, a digest, an answer or
a story, found again by a reply to any of their messages, and expired after an idle time.

The messages of a thread are known only once sent, so a front end links them after sending
(``link``). The console has no message ids: its thread is simply the chat's latest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from config import QuestionSettings
from store.store import Store
from store.threads import ThreadRow
from store.timestamps import utcnow


class Origin(StrEnum):
    """What started a thread."""

    BRIEFING = "briefing"
    DIGEST = "digest"
    ANSWER = "answer"
    STORY = "story"


BRIEFINGS = (Origin.BRIEFING.value, Origin.DIGEST.value)


@dataclass(frozen=True)
class Found:
    """The thread a question continues (None: none), and whether one was there but had expired."""

    thread: ThreadRow | None
    expired: bool = False


class ThreadService:
    """Starts, links and finds threads; expiry follows ``QuestionSettings.thread_idle_hours``."""

    def __init__(
        self, store: Store, settings: QuestionSettings, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock

    @property
    def idle(self) -> timedelta:
        return timedelta(hours=self._settings.thread_idle_hours)

    def now(self) -> datetime:
        return self._clock()

    async def started(
        self, chat_id: int, origin: Origin, article_ids: Sequence[int], message_ids: Sequence[int] = ()
    ) -> int:
        """A new thread about ``article_ids``, shown by ``message_ids``; its id."""
        return await self._store.threads.open(
            chat_id, origin.value, article_ids, message_ids=message_ids, at=self._clock()
        )

    async def link(self, chat_id: int, thread_id: int, message_ids: Sequence[int]) -> None:
        """These messages (an answer, a prompt) belong to the thread: replies to them continue it."""
        await self._store.threads.link(chat_id, thread_id, message_ids)

    def _fresh(self, thread: ThreadRow | None) -> Found:
        if thread is None:
            return Found(None)
        if self._clock() - thread.active_at > self.idle:
            return Found(None, expired=True)
        return Found(thread)

    async def of_message(self, chat_id: int, message_id: int) -> Found:
        """The thread a reply to ``message_id`` continues."""
        return self._fresh(await self._store.threads.by_message(chat_id, message_id))

    async def latest(self, chat_id: int, *, briefings_only: bool = False) -> Found:
        """The chat's latest thread (only briefings' and digests' with ``briefings_only``); an
        expired one is not continued, and says nothing: only a reply names a thread."""
        found = self._fresh(await self._store.threads.latest(chat_id, BRIEFINGS if briefings_only else None))
        return Found(found.thread)
