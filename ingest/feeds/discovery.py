"""Finding a site's feeds in its page: ``<link rel="alternate" type="application/rss+xml" href>``."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

from ingest.urls import has_http_scheme

FEED_LINK_TYPES = {
    "application/rss+xml": 0,
    "application/atom+xml": 1,
    "application/feed+json": 2,
    "application/json": 3,
    "application/rdf+xml": 4,
    "application/x-rss+xml": 5,
    "text/xml": 6,
}
_SCAN_CHARS = 500_000  # feed links live in the head


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        if tag != "link":
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        href = values.get("href", "").strip()
        if "alternate" in rels and kind in FEED_LINK_TYPES and href:
            self.found.append((FEED_LINK_TYPES[kind], href))


def feed_links(html: str, page_url: str) -> list[str]:
    """The feeds a page announces, absolute, RSS before Atom before JSON, in page order."""
    parser = _Links()
    try:
        parser.feed(html[:_SCAN_CHARS])
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    base = urljoin(page_url, parser.base) if parser.base else page_url
    ordered = sorted(enumerate(parser.found), key=lambda item: (item[1][0], item[0]))
    links = [urljoin(base, href) for _, (_, href) in ordered]
    return [link for link in dict.fromkeys(links) if has_http_scheme(link)]
