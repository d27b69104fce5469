"""Doing many digests' database work together: reading what chats received, recording sends.

Both gather what concurrent digests ask for into one query or one transaction, so a broadcast
of 10,000 digests costs a few hundred statements, not tens of thousands.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from store.deliveries import Sent
from store.store import Store

CHATS_PER_QUERY = 500  # with a build's article ids, well under SQLite's bound-variable limit


class GroupCommit:
    """Records finished sends together: whoever finds the queue unclaimed commits everyone's.

    Each caller returns only once its own record is committed (or raises what the commit did).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._queue: list[tuple[Sent, asyncio.Future[None]]] = []
        self._lock = asyncio.Lock()

    async def record(self, sent: Sent) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((sent, done))
        async with self._lock:
            if not done.done():
                batch, self._queue = self._queue, []
                try:
                    await self._store.deliveries.record_sent([s for s, _ in batch])
                except BaseException as exc:
                    failure = exc if isinstance(exc, Exception) else RuntimeError("stopped before recording")
                    for _, waiting in batch:
                        if waiting is not done and not waiting.done():
                            waiting.set_exception(failure)
                    done.cancel()  # the caller gets the error itself, below
                    raise
                for _, waiting in batch:
                    waiting.set_result(None)
        await done


class ReceivedLoader:
    """Answers "which of these articles did this chat receive?" for all digests asking at once.

    Requests made in the same turn of the event loop are answered by one query per build.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pending: list[tuple[int, frozenset[int], asyncio.Future[set[int]]]] = []
        self._flush: asyncio.Task[None] | None = None

    async def load(self, chat_id: int, article_ids: frozenset[int]) -> set[int]:
        found: asyncio.Future[set[int]] = asyncio.get_running_loop().create_future()
        self._pending.append((chat_id, article_ids, found))
        if self._flush is None or self._flush.done():
            self._flush = asyncio.create_task(self._answer())
        return await found

    async def _answer(self) -> None:
        # Until no one waits: whoever asks while a batch is being answered is in the next one.
        while self._pending:
            await asyncio.sleep(0)  # let the other digests of this turn ask too
            batch, self._pending = self._pending, []
            await self._answer_batch(batch)

    async def _answer_batch(self, batch: list[tuple[int, frozenset[int], asyncio.Future[set[int]]]]) -> None:
        by_build: defaultdict[frozenset[int], list[tuple[int, asyncio.Future[set[int]]]]] = defaultdict(list)
        for chat_id, ids, found in batch:
            by_build[ids].append((chat_id, found))
        for ids, askers in by_build.items():
            for start in range(0, len(askers), CHATS_PER_QUERY):
                part = askers[start : start + CHATS_PER_QUERY]
                try:
                    had = await self._store.deliveries.received([c for c, _ in part], list(ids))
                except Exception as exc:
                    for _, found in part:
                        found.set_exception(exc)
                    continue
                for chat_id, found in part:
                    if not found.done():
                        found.set_result(had.get(chat_id, set()))
