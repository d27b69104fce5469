"""The broadcast pace shared by every worker through the database: together under the rate."""

from __future__ import annotations

import asyncio
import bisect
import time

import pytest

from bot.telegram.pacing import Pacer, StoredPace, pace_name
from store.store import open_store

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

RATE = 100.0  # messages per second over all workers
WORKERS = 3
EACH = 40


def most_in_any_window(moments: list[float], window: float) -> int:
    ordered = sorted(moments)
    return max(bisect.bisect_left(ordered, t + window) - i for i, t in enumerate(ordered))


@pytest.fixture
async def pacers(settings):
    stores = [await open_store(settings.store) for _ in range(WORKERS)]
    try:
        yield [
            Pacer(RATE, 0.0, 0.0, shared=StoredPace(s.send_rates, pace_name("42:secret")), span_seconds=0.1)
            for s in stores
        ]
    finally:
        for store in stores:
            await store.aclose()


async def test_workers_sharing_the_pace_send_no_faster_together_than_its_rate(pacers):
    moments: list[float] = []

    async def broadcast(pacer: Pacer, first_chat: int) -> None:
        for chat in range(first_chat, first_chat + EACH):
            await pacer.wait(chat, group=False)
            moments.append(time.monotonic())

    await asyncio.gather(*(broadcast(p, 1000 * (n + 1)) for n, p in enumerate(pacers)))

    assert len(moments) == WORKERS * EACH
    assert most_in_any_window(moments, 0.5) <= RATE * 0.5 + 3
    assert max(moments) - min(moments) >= (WORKERS * EACH - 1) / RATE * 0.9


async def test_a_flood_pause_met_by_one_worker_holds_back_the_others(pacers):
    first, second, _ = pacers
    await first.pause(1.0)
    started = time.monotonic()

    await second.wait(1, group=False)

    assert time.monotonic() - started >= 0.8


def test_a_bots_pace_is_named_by_its_id_never_its_secret():
    assert pace_name("123456:AAE-secret") == "telegram:123456"
