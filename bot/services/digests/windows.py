"""What a digest covers, and which digests can share one built briefing (pure functions).

A digest at ``slot`` covers articles stored after the subscription's last delivered slot, up to
``slot``, and published within the cap (7 days by default) before it. The first digest covers
the last 24 hours (a weekly one, the past week). After a pause, a long block or downtime the
window is capped, so an old bulk import or a month away never becomes one giant digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services.digests.schedule import is_weekly
from store.search.query import Query
from summarizer.types import Length

ORIGINAL = ""  # the language key of digests written in each article's own language
# No digest covers more than this, however long the pause, block or downtime before it; it is
# also the oldest publication date a digest takes.
MAX_WINDOW = timedelta(days=7)
FIRST_WINDOW = timedelta(hours=24)  # what a subscription's first daily digest covers


@dataclass(frozen=True)
class Window:
    """Articles stored in (``start``, ``end``] and published at ``published_since`` or later."""

    start: datetime
    end: datetime
    published_since: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class BuildKey:
    """Digests with equal keys are one build: same query, window, length and language."""

    query: tuple[object, ...] | None
    start: datetime
    end: datetime
    length: Length
    language: str = ORIGINAL


def digest_window(*, days: int, last_slot: datetime | None, end: datetime) -> Window:
    """The window of a digest ending at ``end`` for a subscription last delivered at ``last_slot``."""
    cap = MAX_WINDOW
    if last_slot is None:
        first = timedelta(days=7) if is_weekly(days) else FIRST_WINDOW
        start = end - min(first, cap)
    else:
        start = max(last_slot, end - cap)
    return Window(start=min(start, end), end=end, published_since=end - cap)


def build_key(query: Query | None, window: Window, length: Length, language: str | None = None) -> BuildKey:
    """The sharing key; ``language`` is the one the chat reads its briefings in (None: the articles')."""
    return BuildKey(query.key() if query else None, window.start, window.end, length, language or ORIGINAL)
