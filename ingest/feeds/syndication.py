"""RSS 0.9x/1.0/2.0 and Atom through feedparser, given bytes we fetched ourselves (its own
fetching has no time limits). Ill-formed feeds often still yield entries: they are kept."""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ingest.feeds.document import FeedDocument, FeedEntry
from ingest.text import one_line


def _date(entry: Any) -> datetime | None:
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(field)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, OSError, ValueError, TypeError):
                continue
    return None


def _content(entry: Any) -> tuple[str, str]:
    """(the fullest body, the summary when it is not the body)."""
    bodies = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, Mapping)]
    body = max((b for b in bodies if isinstance(b, str)), key=len, default="").strip()
    summary = str(entry.get("summary") or "").strip()
    if not body:
        return summary, ""
    return body, summary if summary and summary not in body else ""


def _entry(entry: Any) -> FeedEntry:
    content, summary = _content(entry)
    title = one_line(str(entry.get("title") or ""))
    link = str(entry.get("link") or "").strip() or None
    guid = str(entry.get("id") or "").strip() or link or ""
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{content}".encode("utf-8", "replace")).hexdigest()
    return FeedEntry(guid, title, link, _date(entry), content, summary)


def parse_syndication(data: bytes, *, url: str, headers: Mapping[str, str]) -> FeedDocument:
    """Read an RSS or Atom feed (any encoding feedparser can detect); never raises for bad input."""
    import feedparser  # slow to import: only when a feed is read

    response_headers = {
        k.lower(): v for k, v in headers.items() if k.lower() in ("content-type", "content-language")
    }
    response_headers["content-location"] = url
    try:
        parsed = feedparser.parse(data, response_headers=response_headers, sanitize_html=True)
    except Exception as exc:  # feedparser swallows most errors into bozo; anything else is ours to say
        return FeedDocument("unknown", "", None, (), f"could not read the feed ({type(exc).__name__})")
    feed = parsed.get("feed") or {}
    entries = tuple(_entry(e) for e in parsed.get("entries") or [])
    problem = None
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        problem = f"ill-formed ({type(error).__name__}: {str(error)[:120]})" if error else "ill-formed"
    if not entries:
        problem = f"no entries; {problem}" if problem else "no entries"
        if not parsed.get("version"):
            problem += " (not a feed format feedparser knows)"
    return FeedDocument(
        kind=str(parsed.get("version") or "unknown"),
        title=one_line(str(feed.get("title") or "")),
        site_url=str(feed.get("link") or "").strip() or None,
        entries=entries,
        problem=problem,
    )
