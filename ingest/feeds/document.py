"""What a parsed feed is: its title, site and entries, plain values whatever the format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FeedEntry:
    """One entry: ``guid`` is its id within the feed (its link, or a hash of its text, when it
    gives none); ``content`` is its body, HTML or plain text, the fullest the feed has."""

    guid: str
    title: str
    link: str | None
    published: datetime | None
    content: str
    summary: str = ""


@dataclass(frozen=True)
class FeedDocument:
    """A feed as read: ``problem`` says why there are no entries (or what was wrong but survived)."""

    kind: str  # rss, atom, json, …
    title: str
    site_url: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None = None
