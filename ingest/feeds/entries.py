"""Feed entries to articles, by the same reader as a JSON record: the entry becomes a record
(title, text, url, published, source), and that record is also what is kept as its raw source,
so re-reading it gives the same article."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from config.settings import IngestSettings
from errors import SourceError
from ingest.feeds.document import FeedEntry
from ingest.html import html_fragment_text, looks_like_html
from ingest.jsonfile import article_from_record
from ingest.limits import apply_limits, drop_future_date
from ingest.types import ParsedArticle


def entry_record(entry: FeedEntry, source: str) -> dict[str, Any]:
    """The entry as a JSON record that ``article_from_record`` reads."""
    record: dict[str, Any] = {
        "title": entry.title,
        "text": entry.content,
        "source": source,
        "guid": entry.guid,
    }
    if entry.link:
        record["url"] = entry.link
    if entry.published is not None:
        record["published"] = entry.published.isoformat()
    if entry.summary:
        record["summary"] = entry.summary
    return record


def entry_words(entry: FeedEntry) -> int:
    """How many words the entry's own text has (a teaser has few)."""
    text = html_fragment_text(entry.content) if looks_like_html(entry.content) else entry.content
    return len(text.split())


def entry_article(
    entry: FeedEntry, source: str, settings: IngestSettings, *, now: datetime | None = None
) -> ParsedArticle:
    """The article an entry holds, under ``source``; raises SourceError saying why not."""
    if not entry.content.strip():
        raise SourceError("the entry has no text")
    record = entry_record(entry, source)
    raw = json.dumps(record, ensure_ascii=False).encode("utf-8")
    article, _notes = article_from_record(record, default_source=source, raw=raw)
    article = replace(article, source=source)
    dated, _note = drop_future_date(apply_limits(article, settings), now=now or datetime.now(UTC))
    return dated


def page_for_entry(page: ParsedArticle, entry: FeedEntry, source: str) -> ParsedArticle:
    """A teaser's fetched page, named as the feed names it: the feed's source, the entry's link and
    date (the page's own when the entry has none), the page's title unless it found none."""
    return replace(
        page,
        source=source,
        title=page.title or entry.title,
        published=entry.published or page.published,
    )
