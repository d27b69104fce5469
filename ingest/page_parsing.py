"""Reading one downloaded page into an article: decode it, cut it to the extraction cap, and
extract it (HTML through trafilatura, plain text by its layout). Runs in an extraction worker."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from urllib.parse import urlsplit

from errors import SourceError
from ingest.html import html_charset, parse_html
from ingest.plaintext import parse_plain_text
from ingest.text import decode_bytes
from ingest.types import ParsedArticle, RawSource
from ingest.urls import canonical_url

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})


@dataclass(frozen=True)
class Page:
    """A downloaded page: where it ended up, what it says it is, its bytes, and the extraction cap."""

    url: str
    media_type: str
    charset: str | None
    data: bytes
    max_bytes: int = 1_000_000
    raw_max_bytes: int = 2_000_000  # the raw page is kept up to this size


def cut_page(data: bytes, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a page, cut before a tag so no half tag is left at the end."""
    if len(data) <= max_bytes:
        return data
    head = data[:max_bytes]
    cut = head.rfind(b"<")
    return head[:cut] if cut > max_bytes // 2 else head


def parse_page(page: Page) -> ParsedArticle:
    """Decode and extract one page; raises SourceError when it holds no article text."""
    if not page.data.strip():
        raise SourceError("the page is empty")
    host = urlsplit(page.url).hostname or ""
    raw_data = page.data if len(page.data) <= page.raw_max_bytes else b""
    data = cut_page(page.data, page.max_bytes)
    is_html = page.media_type in HTML_TYPES or (not page.media_type and data.lstrip()[:1] == b"<")
    if is_html:
        text = decode_bytes(data, declared=page.charset or html_charset(data))
        raw = RawSource("text/html", raw_data) if raw_data else None
        return parse_html(text, url=page.url, source=host, raw=raw)
    raw = RawSource("text/plain", raw_data) if raw_data else None
    article = parse_plain_text(decode_bytes(data, declared=page.charset), source=host, raw=raw)
    return replace(article, url=canonical_url(page.url), source=host)


def serve(conn: Connection) -> None:
    """An extraction worker's loop: a Page in, ("ok", article) or ("error", reason) out."""
    for noisy in ("trafilatura", "htmldate", "courlan"):  # each page's refusal is reported anyway
        logging.getLogger(noisy).setLevel(logging.ERROR)
    while True:
        try:
            page = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: tuple[str, object] = ("ok", parse_page(page))
        except SourceError as exc:
            result = ("error", str(exc))
        except Exception as exc:  # hostile markup raises all sorts; the reason is enough
            result = ("error", f"could not read the page ({type(exc).__name__})")
        try:
            conn.send(result)
        except (EOFError, OSError):
            return
