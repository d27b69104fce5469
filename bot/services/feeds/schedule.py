"""When a feed is polled next: its interval, what the server asks (Cache-Control max-age,
Retry-After), exponential back-off after errors, all clamped to the settings' bounds, with jitter
so that feeds added together do not stay in step."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from config.periodic import FeedSettings


def _clamp(seconds: float, settings: FeedSettings) -> float:
    return min(max(seconds, settings.min_interval_seconds), settings.max_interval_seconds)


def next_poll(
    now: datetime,
    settings: FeedSettings,
    *,
    interval: float | None = None,
    max_age: float | None = None,
    retry_after: float | None = None,
    errors: int = 0,
    failing: bool = False,
    rng: random.Random | None = None,
) -> datetime:
    """The next poll after one that ended ``now``.

    ``errors`` counts failed polls in a row including this one: the wait doubles with each
    (``interval`` × 2^errors), a failing feed waits ``failing_retry_seconds`` at least, and a
    server's Retry-After or max-age is never undercut. All within [min, max] interval.
    """
    base = interval or settings.interval_seconds
    wait = base * 2 ** min(errors, 30) if errors else base
    if failing:
        wait = max(wait, settings.failing_retry_seconds)
    for asked in (max_age, retry_after):
        if asked is not None:
            wait = max(wait, asked)
    wait = _clamp(wait, settings)
    if failing:  # retried slowly, but never past its own slow pace
        wait = max(wait, min(settings.failing_retry_seconds, settings.max_interval_seconds))
    spread = (rng or random).uniform(-settings.jitter, settings.jitter)
    return now + timedelta(seconds=_clamp(wait * (1 + spread), settings))
