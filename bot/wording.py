"""Lines every front end words the same way (the console and CLI as text, Telegram as HTML).

Plain text only: each front end escapes or formats these lines itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.services.library import FeedInfo, SourceInfo
from bot.services.stats import Stats
from summarizer.types import Briefing

NO_SOURCES = "Nothing stored yet. Add articles with /add."
NO_FEEDS = "No feeds yet."
EMPTY_STORE = "No articles are stored yet."
HOW_TO_ADD = (
    "Send /add with a link or the text of an article to store one; "
    "admins can also add a feed with /feeds add URL."
)
HOW_TO_INGEST = "Store some with `briefbot ingest PATH|URL` (files, folders or links)."
_PERIOD = re.compile(r"^(\d+)([hdw])$")
_UNITS = {"h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}


def count(n: int, one: str, many: str) -> str:
    """``1 story``, ``5 stories``."""
    return f"{n:,} {one if n == 1 else many}"


def period_phrase(label: str) -> str:
    """``last 3 days`` for "3d", ``last 24 hours`` for "24h"; "" for everything ("all")."""
    match = _PERIOD.match(label)
    if not match:
        return "" if label == "all" else label
    amount, (one, many) = int(match.group(1)), _UNITS[match.group(2)]
    return f"last {one}" if amount == 1 else f"last {amount} {many}"


def briefing_header(b: Briefing) -> str:
    """``Briefing · latest news · 5 stories from 15 articles``, ``Briefing · energy · last 3 days · …``."""
    parts = ["Briefing", b.topic or "latest news", period_phrase(b.period_label)]
    stories, articles = count(len(b.stories), "story", "stories"), count(b.considered, "article", "articles")
    parts.append(f"{stories} from {articles}")
    return " · ".join(part for part in parts if part)


def empty_briefing_lines(b: Briefing, *, cli: bool = False) -> list[str]:
    """Why a briefing has no stories, and what to do: add articles to an empty store, or widen
    the topic or period. ``cli`` words the way forward for the command line."""
    if b.stored == 0:
        return [EMPTY_STORE, HOW_TO_INGEST if cli else HOW_TO_ADD]
    stored = count(b.stored or 0, "stored article", "stored articles")
    window = period_phrase(b.period_label)
    if b.topic:
        within = f" in the {window}" if window else ""
        line = f"Nothing matched “{b.topic}”{within} among {stored}."
    else:
        line = f"None of the {stored} is from the {window}." if window else f"Nothing matched among {stored}."
    if cli:
        hint = "Try another topic or a longer period (--since all)."
    elif b.topic:
        hint = f"Try another topic or a longer period, for example /brief {b.topic} all."
    else:
        hint = "Try a longer period, for example /brief all."
    return [line, hint]


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
