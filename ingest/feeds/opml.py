"""OPML lists of feeds, read and written (every feed reader imports and exports them)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from errors import SourceError
from ingest.urls import is_http_url

MAX_OPML_BYTES = 5_000_000


@dataclass(frozen=True)
class OutlineFeed:
    """A feed as an OPML outline names it."""

    url: str
    title: str = ""
    site_url: str | None = None


def parse_opml(data: bytes) -> tuple[list[OutlineFeed], list[str]]:
    """The feeds of an OPML file (outlines with an ``xmlUrl``, nested in folders or not), and one
    line per outline left out. Raises SourceError when it is not OPML at all."""
    if len(data) > MAX_OPML_BYTES:
        raise SourceError(f"the OPML file is too large (over {MAX_OPML_BYTES // 1_000_000} MB)")
    if b"<!ENTITY" in data:  # entity expansion is never needed in a feed list
        raise SourceError("the OPML file declares entities; refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(f"not valid OPML ({exc})") from exc
    if root.tag.lower() != "opml":
        raise SourceError(f"not OPML (the document is <{root.tag}>)")
    feeds: list[OutlineFeed] = []
    skipped: list[str] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        title = (outline.get("title") or outline.get("text") or "").strip()
        if not url:
            continue  # a folder
        if not is_http_url(url):
            skipped.append(f"{title or url}: not an http(s) feed URL")
            continue
        site = (outline.get("htmlUrl") or outline.get("htmlurl") or "").strip() or None
        feeds.append(OutlineFeed(url, title, site))
    return feeds, skipped


def write_opml(
    feeds: Sequence[OutlineFeed], *, title: str = "briefbot feeds", now: datetime | None = None
) -> str:
    """An OPML 2.0 document listing ``feeds``."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attributes = {"type": "rss", "text": feed.title or feed.url, "title": feed.title or feed.url}
        attributes["xmlUrl"] = feed.url
        if feed.site_url:
            attributes["htmlUrl"] = feed.site_url
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
