"""What the feed service returns: feeds with their health, and what each poll did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedInfo:
    """A feed the bot polls, and how its polls have gone."""

    id: int
    url: str
    title: str
    source: str = ""
    articles: int = 0
    next_poll: datetime | None = None
    last_polled: datetime | None = None
    last_result: str | None = None
    errors: int = 0
    last_error: str | None = None
    failing: bool = False
    fetch_teasers: bool = True


@dataclass(frozen=True)
class AddedFeed:
    """A feed added (or found already there); ``found_on`` is the page it was discovered on."""

    feed: FeedInfo
    created: bool
    found_on: str | None = None


@dataclass(frozen=True)
class Refusal:
    """An entry not stored, and why."""

    entry: str
    reason: str


@dataclass
class FeedPoll:
    """One poll of one feed."""

    feed_id: int
    url: str
    title: str
    status: str  # "ok", "not modified", "error"
    parsed: bool = False
    entries: int = 0  # entries the feed yielded
    stored: int = 0
    seen: int = 0  # brought by an earlier poll
    deferred: int = 0  # left for the next poll (over max_entries new ones)
    duplicates: list[Refusal] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    problem: str | None = None  # why the feed yielded no entries, or what was wrong with it
    error: str | None = None
    next_poll: datetime | None = None

    def summary(self) -> str:
        """``3 new, 2 seen, 1 duplicate, 1 refused``, ``not modified``, or the error."""
        if self.status == "error":
            return f"error: {self.error}"
        if self.status == "not modified":
            return "not modified"
        parts = [f"{self.stored} new"]
        for count, word in (
            (self.seen, "seen"),
            (len(self.duplicates), "duplicate"),
            (len(self.refused), "refused"),
            (self.deferred, "deferred"),
        ):
            if count:
                parts.append(f"{count} {word}")
        if not self.entries and self.problem:
            parts.append(self.problem)
        return ", ".join(parts)


@dataclass
class PollRun:
    """Every poll of one run."""

    polls: list[FeedPoll] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(len(v) if isinstance(v := getattr(p, name), list) else int(v) for p in self.polls)
