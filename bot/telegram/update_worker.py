"""Handling stored webhook updates: claim, hand to the Application, mark done; under leases.

Any worker handles any stored update, whichever worker's webhook received it. The one that
stored it is woken at once; the others look every ``UpdateTuning.poll_seconds`` for updates left
behind (by a worker that died: its lease lapses and the update is claimed again). While the
handlers run, the lease is renewed; an update claimed more than ``UPDATE_ATTEMPTS`` times is
given up and logged. At a clean stop, handlers in progress get a moment to finish and what is
left is handed back for another worker.

Updates reach the handlers through the Application's update processor, as polled ones do, so
the same concurrency bound and the same update metrics apply to both modes.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, SimpleUpdateProcessor

from bot.services.metrics import Meter
from store.timestamps import utcnow
from store.updates import TakenUpdate, UpdateRepository

log = logging.getLogger(__name__)
PRUNE_EVERY = timedelta(hours=1)
KEEP_HANDLED = timedelta(days=2)  # Telegram re-sends an unanswered update for up to a day
STOP_GRACE_SECONDS = 10.0
UPDATE_ATTEMPTS = 3  # tries of one stored update before it is given up
UPDATE_CONCURRENCY = 16  # stored updates one worker handles at once


@dataclass(frozen=True)
class UpdateTuning:
    """How webhook workers share stored updates: code, not an operator's setting."""

    # A stored update is held this long by the worker handling it (renewed while its handlers run).
    lease_seconds: float = 60.0
    # An idle worker looks this often for updates others left (the one that stored it is woken).
    poll_seconds: float = 1.0


class MeteredUpdateProcessor(SimpleUpdateProcessor):
    """PTB's update processor (at most ``max_concurrent_updates`` at once) that times each update."""

    def __init__(self, max_concurrent_updates: int, meter: Meter) -> None:
        super().__init__(max_concurrent_updates)
        self._meter = meter

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.monotonic()
        try:
            await coroutine
        finally:
            self._meter.update_handled(time.monotonic() - started)


class UpdateWorker:
    """Feeds this worker's share of the stored updates to ``application``."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        updates: UpdateRepository,
        *,
        owner: str,
        tuning: UpdateTuning | None = None,
        meter: Meter | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._application = application
        self._updates = updates
        self._owner = owner
        self._meter = meter or Meter()
        self._clock = clock
        tuning = tuning or UpdateTuning()
        self._lease = timedelta(seconds=tuning.lease_seconds)
        self._attempts = UPDATE_ATTEMPTS
        self._capacity = UPDATE_CONCURRENCY
        self._poll = tuning.poll_seconds
        self._active: dict[int, asyncio.Task[None]] = {}
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None
        self._keeper: asyncio.Task[None] | None = None
        self._pruned_at: datetime | None = None

    def wake(self) -> None:
        """An update was just stored here: look now instead of at the next poll."""
        self._wakeup.set()

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._run(), name="stored-updates")
        self._keeper = asyncio.create_task(self._keep_leases(), name="stored-update-leases")

    async def _run(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            taken: list[TakenUpdate] = []
            free = self._capacity - len(self._active)
            if free > 0:
                try:
                    now = self._clock()
                    taken = await self._updates.claim(
                        self._owner, now=now, lease_until=now + self._lease, limit=free
                    )
                    await self._prune(now)
                except Exception:
                    log.exception("claiming stored updates failed owner=%s", self._owner)
            for item in taken:
                task = asyncio.create_task(self._handle(item), name=f"update-{item.update_id}")
                self._active[item.update_id] = task
                task.add_done_callback(functools.partial(self._done, item.update_id))
            if taken and len(taken) == free:
                continue  # maybe more waiting: look again once a handler is done (see _done)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self._poll)

    def _done(self, update_id: int, _task: asyncio.Task[None]) -> None:
        self._active.pop(update_id, None)
        self._wakeup.set()

    async def _handle(self, item: TakenUpdate) -> None:
        try:
            await self._handle_one(item)
        except asyncio.CancelledError:
            raise
        except Exception:  # the lease lapses and another worker tries again
            log.exception("stored update failed update_id=%d", item.update_id)

    async def _handle_one(self, item: TakenUpdate) -> None:
        if item.attempts > self._attempts:
            log.error(
                "stored update given up update_id=%d attempts=%d: its handling never finished",
                item.update_id,
                item.attempts - 1,
            )
            self._meter.update_given_up()
            await self._finish(item, failed=True)
            return
        app = self._application
        try:
            update = Update.de_json(item.payload, app.bot)
        except Exception:
            log.exception("stored update unreadable update_id=%d", item.update_id)
            self._meter.update_given_up()
            await self._finish(item, failed=True)
            return
        await app.update_processor.process_update(update, app.process_update(update))
        await self._finish(item)

    async def _finish(self, item: TakenUpdate, *, failed: bool = False) -> None:
        try:
            held = await self._updates.finish(self._owner, item.update_id, now=self._clock(), failed=failed)
        except Exception:  # the lease lapses and another worker handles it again
            log.exception("could not mark stored update handled update_id=%d", item.update_id)
            return
        if not held:
            log.warning(
                "stored update update_id=%d was taken over by another worker meanwhile", item.update_id
            )

    async def _keep_leases(self) -> None:
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            if not self._active:
                continue
            try:
                await self._updates.renew(self._owner, list(self._active), self._clock() + self._lease)
            except Exception:
                log.exception("renewing stored update leases failed owner=%s", self._owner)

    async def _prune(self, now: datetime) -> None:
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        removed = await self._updates.prune(now - KEEP_HANDLED)
        if removed:
            log.info("stored updates pruned removed=%d", removed)

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Take no more updates; let those being handled finish for ``grace`` seconds, then hand
        the rest back to the other workers."""
        self._stopping = True
        self._wakeup.set()
        if self._loop_task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
        running = list(self._active.values())
        if running:
            await asyncio.wait(running, timeout=grace)
        unfinished = [key for key, task in self._active.items() if not task.done()]
        for task in self._active.values():
            task.cancel()
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        if unfinished:
            log.warning("handing back stored updates unfinished=%d", len(unfinished))
            with contextlib.suppress(Exception):
                await self._updates.release(self._owner, unfinished)
