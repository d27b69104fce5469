"""Per-chat rate-limit buckets in the database: taken atomically, shared by every worker on it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.rate_limit import Bucket, StoredRateLimiter
from bot.services.wiring import Services, build_services
from config import RateLimitSettings, Settings, StoreSettings
from store.store import Store, open_store

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FIVE = Bucket(burst=5, rate=1.0)


@pytest.fixture
async def stores(settings: Settings) -> AsyncIterator[list[Store]]:
    """Two stores on one database, as two worker processes would have."""
    opened = [await open_store(settings.store) for _ in range(2)]
    try:
        yield opened
    finally:
        for store in opened:
            await store.aclose()


async def test_a_new_chat_starts_with_a_full_bucket_and_is_refused_past_it(stores: list[Store]) -> None:
    buckets = stores[0].rate_buckets

    waits = [await buckets.take(7, 1.0, FIVE, now=NOW) for _ in range(6)]

    assert waits[:5] == [0.0] * 5
    assert waits[5] == pytest.approx(1.0)


async def test_a_refused_request_spends_nothing_and_the_bucket_refills_at_its_rate(
    stores: list[Store],
) -> None:
    buckets = stores[0].rate_buckets
    for _ in range(5):
        await buckets.take(7, 1.0, FIVE, now=NOW)

    refused = await buckets.take(7, 1.0, FIVE, now=NOW + timedelta(seconds=0.5))
    later = NOW + timedelta(seconds=2)
    admitted = [await buckets.take(7, 1.0, FIVE, now=later) for _ in range(3)]

    assert refused == pytest.approx(0.5)
    assert admitted[:2] == [0.0, 0.0]  # two seconds gave back two tokens, the refusal took none
    assert admitted[2] == pytest.approx(1.0)


async def test_a_worker_whose_clock_is_behind_does_not_refill_the_bucket(stores: list[Store]) -> None:
    ahead, behind = stores
    for _ in range(5):
        await ahead.rate_buckets.take(7, 1.0, FIVE, now=NOW)

    wait = await behind.rate_buckets.take(7, 1.0, FIVE, now=NOW - timedelta(seconds=30))

    assert wait == pytest.approx(1.0)


async def test_twenty_acquirers_on_two_workers_at_once_admit_exactly_the_burst(
    stores: list[Store],
) -> None:
    takes = [stores[n % 2].rate_buckets.take(7, 1.0, FIVE, now=NOW) for n in range(20)]

    waits = await asyncio.gather(*takes)

    assert sum(1 for wait in waits if wait == 0.0) == 5
    assert all(wait == pytest.approx(1.0) for wait in waits if wait)


async def test_concurrent_acquirers_on_one_chat_after_its_first_never_overspend(stores: list[Store]) -> None:
    await stores[0].rate_buckets.take(7, 2.0, FIVE, now=NOW)  # the row exists: three tokens left
    takes = [stores[n % 2].rate_buckets.take(7, 1.0, FIVE, now=NOW) for n in range(10)]

    waits = await asyncio.gather(*takes)

    assert sum(1 for wait in waits if wait == 0.0) == 3


async def test_pruning_forgets_only_buckets_untouched_since_they_filled_up(stores: list[Store]) -> None:
    buckets = stores[0].rate_buckets
    await buckets.take(1, 5.0, FIVE, now=NOW)
    await buckets.take(2, 5.0, FIVE, now=NOW + timedelta(seconds=3))

    forgotten = await buckets.prune(NOW + timedelta(seconds=5) - FIVE.refill)

    assert forgotten == 1
    assert await buckets.take(1, 5.0, FIVE, now=NOW + timedelta(seconds=5)) == 0.0  # full, as new
    assert await buckets.take(2, 5.0, FIVE, now=NOW + timedelta(seconds=5)) == pytest.approx(3.0)


async def test_two_workers_services_share_each_chats_bucket(services: Services, settings: Settings) -> None:
    limits = RateLimitSettings(requests=1, per_seconds=60, burst=2)
    other = await build_services(settings)
    try:
        first, second = (
            StoredRateLimiter.from_settings(s.store.rate_buckets, limits, clock=lambda: NOW)
            for s in (services, other)
        )

        waits = [await first.acquire(42), await second.acquire(42), await second.acquire(42)]
        elsewhere = await first.acquire(43)
    finally:
        await other.aclose()

    assert waits[:2] == [0.0, 0.0]
    assert waits[2] == pytest.approx(60.0)  # the second worker met the first one's spending
    assert elsewhere == 0.0


async def test_the_limiter_admits_and_logs_when_the_store_is_down(
    unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    down = StoreSettings(url=f"postgresql+asyncpg://briefbot@127.0.0.1:{unused_tcp_port}/gone")
    store = await open_store(down, migrate=False)
    limiter = StoredRateLimiter.from_settings(store.rate_buckets, RateLimitSettings(burst=1))
    try:
        with caplog.at_level(logging.WARNING, logger="bot.services.rate_limit"):
            waits = [await limiter.acquire(7), await limiter.acquire(7)]
    finally:
        await store.aclose()

    assert waits == [0.0, 0.0]
    assert "rate limit unavailable, admitting chat_id=7" in caplog.text
