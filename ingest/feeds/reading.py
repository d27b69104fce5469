"""One fetched feed body to a FeedDocument: JSON Feed by our reader, everything else by feedparser."""

from __future__ import annotations

from collections.abc import Mapping

from errors import SourceError
from ingest.feeds.document import FeedDocument
from ingest.feeds.jsonfeed import looks_like_json_feed, parse_json_feed
from ingest.feeds.syndication import parse_syndication

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/rss",
        "text/rss+xml",
        "text/atom+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/plain",
        *HTML_TYPES,  # a site's page: feeds add looks for its feed links; a poll says it is no feed
    }
)


def is_html_page(media_type: str, data: bytes) -> bool:
    """A web page rather than a feed (by its type, or by its markup when the type says nothing)."""
    head = data[:2048].lstrip().lower()
    if media_type in HTML_TYPES:
        return not head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))
    return not media_type and head.startswith((b"<!doctype html", b"<html"))


def read_feed(data: bytes, *, url: str, media_type: str, headers: Mapping[str, str]) -> FeedDocument:
    """Parse a feed body (CPU work: run it in a thread). Never raises for bad input: what is wrong
    is the document's ``problem``."""
    if media_type in ("application/feed+json", "application/json") or looks_like_json_feed(data):
        try:
            return parse_json_feed(data)
        except SourceError as exc:
            return FeedDocument("json", "", None, (), str(exc))
    return parse_syndication(data, url=url, headers=headers)
