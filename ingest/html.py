"""Web pages to articles: main text and metadata via trafilatura, never letting it fetch."""

from __future__ import annotations

import logging
import re

import trafilatura

from errors import SourceError
from ingest.dates import parse_published
from ingest.plaintext import drop_boilerplate
from ingest.text import normalize_text
from ingest.types import ParsedArticle
from ingest.urls import canonical_url

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 4096
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _canonical_or_none(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return canonical_url(url)
    except SourceError:
        return None


def parse_html(html: str, *, url: str | None = None, source: str = "") -> ParsedArticle:
    """Extract the main text, title, date and canonical link of one page.

    ``source`` is used when the page names no site. Raises SourceError when no text is found.
    """
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on hostile markup
        raise SourceError(f"could not read the page ({type(exc).__name__})") from exc
    if document is None or isinstance(document, dict) or not document.text:
        raise SourceError("no article text found on the page")
    title = normalize_text(document.title or "")
    lines = [line for line in normalize_text(drop_boilerplate(document.text)).split("\n") if line]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    if not lines:
        raise SourceError("no article text found on the page")
    if not title:
        title = lines.pop(0) if len(lines) > 1 else lines[0][:100]
    published = parse_published(document.date) if document.date else None
    standfirst = normalize_text(document.description or "")
    if standfirst and lines and standfirst.casefold() in lines[0].casefold():
        standfirst = ""
    logger.debug("extracted page url=%s paragraphs=%d", url, len(lines))
    return ParsedArticle(
        title=title,
        text="\n\n".join(lines),
        url=_canonical_or_none(document.url) or _canonical_or_none(url),
        published=published,
        source=normalize_text(document.sitename or "") or source,
        standfirst=standfirst,
    )
