"""The periodic ticks of a bot process, on the one APScheduler of the process.

A driver only: each tick reads what is due from the database through a service and returns.
``digests`` (every few seconds) sends due digests, ``feeds`` polls the feeds that are due,
``heartbeat`` says the process is alive, ``retention`` (hourly) prunes old articles and the
records no digest can need. The scheduler holds no state worth keeping: the database is the
truth, so nothing is lost when the process stops.

A digest run may take minutes (10,000 chats at Telegram's pace), and so may a feed run; each
runs as a task of its own, so the scheduler never waits on it, and stopping cancels it, handing
back its unsent claims (digests) or unpolled feeds. The short ticks (heartbeat, retention) run as
tasks the scheduler cannot cancel half-way through a database call when it shuts down; stopping
waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler

from bot.services.digests.delivery import DigestSender
from bot.services.digests.runner import DigestRunner
from bot.services.feeds.polling import FeedPoller
from bot.services.retention import RetentionService
from store.heartbeats import BOT

log = logging.getLogger(__name__)
RETENTION_SECONDS = 3600.0
JOBS = ("digests", "feeds", "heartbeat", "retention")


class Ticks:
    """Adds the named periodic jobs to ``scheduler`` and runs each digest run as its own task."""

    def __init__(
        self,
        scheduler: BaseScheduler,
        runner: DigestRunner,
        sender: DigestSender,
        *,
        feeds: FeedPoller,
        retention: RetentionService,
        role: str = BOT,
    ) -> None:
        self._scheduler = scheduler
        self._runner = runner
        self._sender = sender
        self._feeds = feeds
        self._retention = retention
        self._role = role
        self._short: set[asyncio.Task[None]] = set()
        self._run: asyncio.Task[None] | None = None
        self._feed_run: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Schedule the ticks (stable ids, one instance each, late runs coalesced); the first at once."""
        now = datetime.now(UTC)
        every = {
            "digests": self._runner.tuning.tick_seconds,
            "feeds": self._feeds.tuning.tick_seconds,
            "heartbeat": self._runner.tuning.heartbeat_seconds,
            "retention": RETENTION_SECONDS,
        }
        calls: dict[str, Callable[[], Awaitable[None]]] = {
            "digests": self.digests,
            "feeds": self.feeds,
            "heartbeat": self.heartbeat,
            "retention": self.retention,
        }
        for name in JOBS:
            self._scheduler.add_job(
                calls[name],
                "interval",
                seconds=every[name],
                id=name,
                name=name,
                replace_existing=True,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
                next_run_time=now,
            )

    async def digests(self) -> None:
        """Start a digest run unless one is still going (it claims whatever fell due meanwhile)."""
        if self._run is not None and not self._run.done():
            return
        self._run = asyncio.create_task(self._digest_run(), name="digests")

    async def _digest_run(self) -> None:
        try:
            await self._runner.run_due(self._sender)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("digest run failed; the next tick tries again")

    async def feeds(self) -> None:
        """Start polling the due feeds unless a poll run is still going."""
        if self._feed_run is not None and not self._feed_run.done():
            return
        self._feed_run = asyncio.create_task(self._poll_feeds(), name="feeds")

    async def _poll_feeds(self) -> None:
        try:
            run = await self._feeds.run_due()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("feed polling failed; the next tick tries again")
            return
        if run.polls:
            log.info("feeds polled=%d stored=%d", len(run.polls), run.total("stored"))

    async def heartbeat(self) -> None:
        await self._shielded(self._runner.beat(self._role), "heartbeat failed")

    async def retention(self) -> None:
        await self._shielded(self._retention.run(), "retention failed")

    async def _shielded(self, work: Awaitable[object], failure: str) -> None:
        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception(failure)

        task = asyncio.ensure_future(guarded())
        self._short.add(task)
        task.add_done_callback(self._short.discard)
        await asyncio.shield(task)

    async def stop(self) -> None:
        """Remove the jobs, stop a digest run (its unsent claims go back), a feed run (its
        unpolled feeds go back) and the heartbeat."""
        for name in JOBS:
            with contextlib.suppress(JobLookupError):  # already gone with a stopped scheduler
                self._scheduler.remove_job(name)
        for task in (self._run, self._feed_run):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._short:
            await asyncio.wait(set(self._short))
        await self._runner.stop_beating()
