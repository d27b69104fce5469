"""The extractive briefings kept for repeated requests: keyed by what they were built from and by
the time their ranking was made at, so a cached briefing is one ranked at the same time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime, timedelta

from summarizer.types import Briefing

CACHE_SIZE = 64
# Recency ranks stories from the time a briefing is built, taken in steps of this: a briefing is
# re-ranked (and cached anew) once the step has passed, not reused all day with an old ranking.
RANKED_EVERY = timedelta(minutes=15)


def ranked_at(now: datetime) -> datetime:
    """``now`` down to the step of ``RANKED_EVERY`` (from the epoch of ``now``'s zone)."""
    step = RANKED_EVERY.total_seconds()
    return datetime.fromtimestamp(now.timestamp() // step * step, tz=now.tzinfo)


class BriefingCache:
    """The last ``size`` briefings built, the least recently used dropped first."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, Briefing] = OrderedDict()

    def get(self, key: Hashable) -> Briefing | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: Hashable, briefing: Briefing) -> None:
        self._kept[key] = briefing
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
