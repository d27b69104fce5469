"""Access decisions and the per-chat rate limit."""

from __future__ import annotations

import pytest

from bot.services.rate_limit import TokenBucket
from bot.telegram.access import AccessPolicy, retry_text
from config import RateLimitSettings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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


def test_rate_limiter_refuses_past_the_burst_and_says_how_long() -> None:
    clock = Clock()
    limiter = TokenBucket(requests=1, per_seconds=60, burst=2, clock=clock)

    first, second = limiter.acquire(1), limiter.acquire(1)
    clock.now += 10
    third = limiter.acquire(1)

    assert (first, second) == (0.0, 0.0)
    assert third == pytest.approx(50.0)


def test_rate_limiter_refills_at_its_rate() -> None:
    clock = Clock()
    limiter = TokenBucket(requests=1, per_seconds=5, burst=1, clock=clock)
    limiter.acquire(1)

    clock.now += 5

    assert limiter.acquire(1) == 0.0


def test_rate_limiter_counts_each_chat_separately() -> None:
    limiter = TokenBucket(requests=1, per_seconds=60, burst=1, clock=Clock())
    limiter.acquire(1)

    assert limiter.acquire(2) == 0.0
    assert limiter.acquire(1) > 0


def test_refused_attempt_is_not_counted() -> None:
    clock = Clock()
    limiter = TokenBucket(requests=1, per_seconds=10, burst=1, clock=clock)
    limiter.acquire(1)
    clock.now += 5
    limiter.acquire(1)

    clock.now += 5

    assert limiter.acquire(1) == 0.0


def test_default_limits_let_a_briefing_and_ten_follow_ups_through_in_two_minutes() -> None:
    clock = Clock()
    limiter = TokenBucket.from_settings(RateLimitSettings(), clock=clock)
    waits = []
    for _ in range(11):
        waits.append(limiter.acquire(1))
        clock.now += 11  # eleven requests spread over two minutes

    assert waits == [0.0] * 11


def test_default_limits_still_throttle_sixty_requests_in_a_minute() -> None:
    clock = Clock()
    limiter = TokenBucket.from_settings(RateLimitSettings(), clock=clock)
    refused = 0
    for _ in range(60):
        refused += limiter.acquire(1) > 0
        clock.now += 1

    assert refused >= 30


@pytest.mark.parametrize(("wait", "shown"), [(0.2, "1 s"), (12.1, "13 s"), (50.0, "50 s")])
def test_retry_text_rounds_up_whole_seconds(wait: float, shown: str) -> None:
    assert f"try again in {shown}" in retry_text(wait)


def test_rate_limiter_forgets_chats_once_their_window_has_passed() -> None:
    clock = Clock()
    limiter = TokenBucket(requests=2, per_seconds=10, burst=2, clock=clock)
    for chat_id in range(10_000):
        limiter.acquire(chat_id)

    clock.now += 10
    limiter.acquire(1)

    assert limiter.tracked_chats == 1


def test_rate_limiter_keeps_chats_still_inside_their_window() -> None:
    clock = Clock()
    limiter = TokenBucket(requests=1, per_seconds=10, burst=1, clock=clock)
    limiter.acquire(1)
    clock.now += 9
    limiter.acquire(2)

    clock.now += 1  # chat 1's bucket is full again, chat 2's is not

    assert limiter.acquire(2) > 0
    assert limiter.tracked_chats == 1
