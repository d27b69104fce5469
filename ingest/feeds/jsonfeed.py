"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): feedparser 6 cannot read it."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from errors import SourceError
from ingest.dates import parse_published
from ingest.feeds.document import FeedDocument, FeedEntry
from ingest.json_limits import json_text, load_json, within_depth
from ingest.json_stream import object_fields
from ingest.text import decode_bytes, one_line

VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json_feed(data: bytes) -> bool:
    """A JSON object that names the JSON Feed version near its start."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"{" and b"jsonfeed.org/version" in head


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entry(item: dict[str, Any], index: int) -> FeedEntry:
    html, plain = _text(item.get("content_html")), _text(item.get("content_text"))
    summary = _text(item.get("summary"))
    content = html or plain or summary
    link = _text(item.get("url")) or _text(item.get("external_url")) or None
    title = one_line(_text(item.get("title")))
    raw_id = item.get("id")
    guid = str(raw_id).strip() if isinstance(raw_id, str | int) and str(raw_id).strip() else ""
    if not guid:
        guid = link or "sha256:" + hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()
    published = None
    for field in ("date_published", "date_modified"):
        if isinstance(item.get(field), str):
            published = parse_published(item[field])
            if published is not None:
                break
    return FeedEntry(guid, title, link, published, content, summary if content != summary else "")


def _read(data: bytes) -> tuple[object, list[str]]:
    """The feed's JSON, and a line for each item refused for nesting too deep (those are left
    out; the other items are kept)."""
    text = json_text(data)
    text = decode_bytes(data) if text is None else text
    if within_depth(text):
        return load_json(text), []
    fields, records = object_fields(io.BytesIO(text.encode("utf-8")), "items")
    feed = {key: value for key, value in fields.items() if not isinstance(value, SourceError)}
    feed["items"] = [item for _label, item in records if not isinstance(item, SourceError)]
    return feed, [f"{label}: {item}" for label, item in records if isinstance(item, SourceError)]


def parse_json_feed(data: bytes) -> FeedDocument:
    """Read a JSON Feed (UTF-8, -16 or -32); raises SourceError when it is not one. An item
    nested deeper than the limit every JSON is held to is left out, and the problem says so."""
    try:
        feed, deep = _read(data)
    except SourceError as exc:
        raise SourceError(f"not a valid JSON Feed ({exc})") from exc
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(VERSION_PREFIX):
        raise SourceError("not a JSON Feed (no jsonfeed.org version)")
    items = feed.get("items")
    if not isinstance(items, list):
        raise SourceError("not a valid JSON Feed (no items list)")
    entries = tuple(_entry(item, i) for i, item in enumerate(items) if isinstance(item, dict))
    skipped = len(items) - len(entries)
    problems = [f"{skipped} item(s) are not objects"] if skipped else []
    problems += deep
    if not entries and not problems:
        problems = ["the feed has no items"]
    return FeedDocument(
        kind="json",
        title=one_line(_text(feed.get("title"))),
        site_url=_text(feed.get("home_page_url")) or None,
        entries=entries,
        problem="; ".join(problems) or None,
    )
