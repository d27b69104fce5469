"""The scheduler's ``feeds`` tick polls due feeds on its own, and ``retention`` prunes."""

from __future__ import annotations

import asyncio
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import JOBS, Ticks
from bot.services.wiring import Services
from tests.feeds.conftest import Site, item, rss


async def test_the_feeds_tick_polls_due_feeds_without_any_command(
    site: Site, feed_services: Services
) -> None:
    site.serve("/rss", rss([item(1)]))
    await feed_services.feeds.add_unchecked(site.url("/rss"))
    scheduler = AsyncIOScheduler()
    scheduler.start()
    no_sender: Any = None  # no subscription is due: the digests tick never sends
    ticks = Ticks(
        scheduler,
        feed_services.digests,
        no_sender,
        feeds=feed_services.feeds.poller,
        retention=feed_services.retention,
    )
    try:
        ticks.start()
        for _ in range(200):
            if (await feed_services.feeds.list())[0].last_polled is not None:
                break
            await asyncio.sleep(0.05)
    finally:
        await ticks.stop()
        scheduler.shutdown(wait=False)

    assert "feeds" in JOBS and "retention" in JOBS
    assert await feed_services.store.articles.count() == 1
    (info,) = await feed_services.feeds.list()
    assert info.last_result == "1 new" and info.next_poll is not None and info.next_poll > info.last_polled
