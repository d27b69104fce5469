"""Access decisions and the per-chat rate limit (kept in the database, on both stores)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.services.rate_limit import Bucket, StoredRateLimiter
from bot.telegram.access import AccessPolicy, retry_text
from config import RateLimitSettings, Settings
from store.models import RateBucket
from store.store import Store, open_store

pytestmark = pytest.mark.both_stores  # the limiter's tests run on SQLite and on PostgreSQL


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


MakeLimiter = Callable[..., StoredRateLimiter]


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    opened = await open_store(settings.store)
    try:
        yield opened
    finally:
        await opened.aclose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_limiter(store: Store, clock: Clock) -> MakeLimiter:
    def make(*, requests: int = 10, per_seconds: float = 60.0, burst: int = 12) -> StoredRateLimiter:
        limits = RateLimitSettings(requests=requests, per_seconds=per_seconds, burst=burst)
        return StoredRateLimiter.from_settings(store.rate_buckets, limits, clock=clock)

    return make


async def tracked_chats(store: Store) -> int:
    async with store.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(RateBucket))).scalar_one())


@pytest.mark.parametrize(
    ("allowed", "admins", "user_id", "expected"),
    [
        ((), (), 5, True),
        ((), (), None, True),
        ((1, 2), (), 2, True),
        ((1, 2), (), 3, False),
        ((1,), (9,), 9, True),
        ((1,), (), None, False),
    ],
)
def test_may_use_follows_allowed_list_and_admins(
    allowed: tuple[int, ...], admins: tuple[int, ...], user_id: int | None, expected: bool
) -> None:
    assert AccessPolicy.of(allowed, admins).may_use(user_id) is expected


def test_only_admins_are_admins() -> None:
    policy = AccessPolicy.of((), (9,))

    assert policy.is_admin(9)
    assert not policy.is_admin(1)
    assert not policy.is_admin(None)


async def test_rate_limiter_refuses_past_the_burst_and_says_how_long(
    make_limiter: MakeLimiter, clock: Clock
) -> None:
    limiter = make_limiter(requests=1, per_seconds=60, burst=2)

    first, second = await limiter.acquire(1), await limiter.acquire(1)
    clock.advance(10)
    third = await limiter.acquire(1)

    assert (first, second) == (0.0, 0.0)
    assert third == pytest.approx(50.0)


async def test_rate_limiter_refills_at_its_rate(make_limiter: MakeLimiter, clock: Clock) -> None:
    limiter = make_limiter(requests=1, per_seconds=5, burst=1)
    await limiter.acquire(1)

    clock.advance(5)

    assert await limiter.acquire(1) == 0.0


async def test_rate_limiter_counts_each_chat_separately(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(requests=1, per_seconds=60, burst=1)
    await limiter.acquire(1)

    assert await limiter.acquire(2) == 0.0
    assert await limiter.acquire(1) > 0


async def test_refused_attempt_is_not_counted(make_limiter: MakeLimiter, clock: Clock) -> None:
    limiter = make_limiter(requests=1, per_seconds=10, burst=1)
    await limiter.acquire(1)
    clock.advance(5)
    await limiter.acquire(1)

    clock.advance(5)

    assert await limiter.acquire(1) == 0.0


async def test_default_limits_let_a_briefing_and_ten_follow_ups_through_in_two_minutes(
    make_limiter: MakeLimiter, clock: Clock
) -> None:
    limiter = make_limiter()
    waits = []
    for _ in range(11):
        waits.append(await limiter.acquire(1))
        clock.advance(11)  # eleven requests spread over two minutes

    assert waits == [0.0] * 11


async def test_default_limits_still_throttle_sixty_requests_in_a_minute(
    make_limiter: MakeLimiter, clock: Clock
) -> None:
    limiter = make_limiter()
    refused = 0
    for _ in range(60):
        refused += await limiter.acquire(1) > 0
        clock.advance(1)

    assert refused >= 30


def test_a_bucket_a_clock_behind_it_does_not_refill() -> None:
    bucket = Bucket(burst=2, rate=1.0)

    assert bucket.spend(0.5, -30.0, 1.0) == (0.5, pytest.approx(0.5))  # another host's clock, behind
    assert bucket.spend(None, 0.0, 3.0) == (2.0, pytest.approx(1.0))  # more than the burst: never now


@pytest.mark.parametrize(("wait", "shown"), [(0.2, "1 s"), (12.1, "13 s"), (50.0, "50 s")])
def test_retry_text_rounds_up_whole_seconds(wait: float, shown: str) -> None:
    assert f"try again in {shown}" in retry_text(wait)


async def test_rate_limiter_forgets_chats_once_their_window_has_passed(
    make_limiter: MakeLimiter, clock: Clock, store: Store
) -> None:
    limiter = make_limiter(requests=2, per_seconds=10, burst=2)
    for chat_id in range(50):
        await limiter.acquire(chat_id)

    clock.advance(10)
    await limiter.acquire(1)
    forgotten = await limiter.prune()

    assert forgotten == 49
    assert await tracked_chats(store) == 1


async def test_rate_limiter_keeps_chats_still_inside_their_window(
    make_limiter: MakeLimiter, clock: Clock, store: Store
) -> None:
    limiter = make_limiter(requests=1, per_seconds=10, burst=1)
    await limiter.acquire(1)
    clock.advance(9)
    await limiter.acquire(2)

    clock.advance(1)  # chat 1's bucket is full again, chat 2's is not
    await limiter.prune()

    assert await limiter.acquire(2) > 0
    assert await tracked_chats(store) == 1
