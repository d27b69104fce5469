"""Lines every front end words the same way (the console and CLI as text, Telegram as HTML).

Plain text only: each front end escapes or formats these lines itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.library import FeedInfo, SourceInfo
from bot.services.stats import Stats

NO_SOURCES = "Nothing stored yet. Add articles with /add."
NO_FEEDS = "No feeds yet."


def count(n: int, one: str, many: str) -> str:
    """``1 story``, ``5 stories``."""
    return f"{n:,} {one if n == 1 else many}"


def source_lines(sources: Sequence[SourceInfo]) -> list[str]:
    """One line per source: its name, how many articles, and the newest one's date."""
    if not sources:
        return [NO_SOURCES]
    lines = []
    for s in sources:
        latest = f", newest {s.latest.date().isoformat()}" if s.latest else ""
        lines.append(f"- {s.name}: {count(s.articles, 'article', 'articles')}{latest}")
    return lines


def feed_lines(feeds: Sequence[FeedInfo]) -> list[str]:
    """One line per feed: its id, title and URL."""
    if not feeds:
        return [NO_FEEDS]
    return [f"{f.id}. {f.title} <{f.url}>" if f.title != f.url else f"{f.id}. {f.url}" for f in feeds]


def stats_lines(s: Stats) -> list[str]:
    """The admin figures, one per line."""
    return [
        f"Articles: {s.articles}",
        f"Sources: {s.sources}",
        f"Chats: {s.chats}",
        f"Briefings served: {s.briefings}",
        f"Questions answered: {s.questions}",
    ]
