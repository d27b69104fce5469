"""Settings of the work that runs on its own ticks: feed polling, retention and daily digests."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from config.fields import Group


class FeedSettings(Group):
    """Polling feeds: how often, how politely, and what to do with teasers and failures."""

    # Each feed's own interval starts here (the server and back-off move it, see FeedTuning).
    interval_seconds: float = Field(default=1800.0, gt=0, le=7 * 86400)
    concurrency: int = Field(default=4, ge=1, le=64)  # feeds polled at the same time
    # Teasers (entries of few words) have their linked page fetched (per feed: off).
    fetch_teasers: bool = True
    max_feed_bytes: int = Field(default=5_000_000, ge=1_000, le=1_000_000_000)


class RetentionSettings(Group):
    """How long stored articles are kept (counted from when they were stored)."""

    # Articles stored longer ago are pruned with what is derived from them; 0 keeps them for ever.
    article_days: float = Field(default=90.0, ge=0, le=365 * 100)
    # Conversation threads idle this long are deleted (a reply to an expired one is answered afresh).
    thread_days: float = Field(default=30.0, gt=0, le=365 * 10)


class DigestSettings(Group):
    """Daily digests: defaults and limits for subscribers, the grace window and the send rate
    (the broadcast's claims, leases and pace within a chat are ``DigestTuning``)."""

    default_time: str = "08:00"
    max_per_chat: int = Field(default=10, ge=1, le=100)
    # With nothing new since the last digest: send one short line (true) or nothing (false).
    send_when_empty: bool = True
    # A slot missed while the bot was down is still sent within this many hours; older ones are skipped.
    grace_hours: float = Field(default=6.0, ge=0, le=24 * 7)
    # Messages per second over all chats and all workers, below Telegram's ~30/s so interactive
    # replies keep room.
    send_rate: float = Field(default=25.0, gt=0, le=100_000)

    @field_validator("default_time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        found = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
            raise ValueError("must be a time of day as HH:MM, from 00:00 to 23:59")
        return f"{int(found.group(1)):02d}:{found.group(2)}"
