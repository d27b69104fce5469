"""When a feed is polled next: its interval, what the server asks (Cache-Control max-age,
Retry-After), exponential back-off after errors, all clamped to ``FeedTuning``'s bounds, with
jitter so that feeds added together do not stay in step."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class FeedTuning:
    """How politely and how persistently feeds are polled: code, not an operator's setting."""

    # Cache-Control max-age, Retry-After and back-off move a feed's wait within these bounds,
    # and each wait moves by up to ±jitter of it.
    min_interval_seconds: float = 300.0
    max_interval_seconds: float = 86400.0
    jitter: float = 0.1
    # After this many failed polls in a row a feed is marked failing (listed with its last error)
    # and retried every failing_retry_seconds; it is never dropped.
    failing_after: int = 5
    failing_retry_seconds: float = 21600.0
    # An entry with fewer words than this is a teaser: its linked page is fetched (per feed: off).
    teaser_words: int = 80
    max_entries: int = 200  # new entries taken per poll (the rest on the next)
    # Feeds claimed at a time, and how long a claim holds before another process may take it.
    claim_batch: int = 20
    lease_seconds: float = 600.0
    tick_seconds: float = 30.0  # how often a running bot looks for feeds that are due


def _clamp(seconds: float, settings: FeedTuning) -> float:
    return min(max(seconds, settings.min_interval_seconds), settings.max_interval_seconds)


def next_poll(
    now: datetime,
    settings: FeedTuning,
    *,
    interval: float,
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
    base = interval
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
