"""Web pages to articles: main text and metadata via trafilatura, never letting it fetch."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

from errors import SourceError
from ingest.dates import parse_published
from ingest.plaintext import drop_boilerplate
from ingest.text import normalize_text
from ingest.types import ParsedArticle
from ingest.urls import canonical_url

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 4096
_MARKUP = re.compile(r"<(?:p|br|div|span|a|em|strong|b|i|li|h[1-6]|blockquote|img|figure)\b[^>]*>", re.I)
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "tr", "pre"}
)
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


class _FragmentText(HTMLParser):
    """Collects the visible text of an HTML fragment, with blank lines between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Say whether a text field holds HTML markup (as feed and CMS exports often do)."""
    return _MARKUP.search(text) is not None


def html_fragment_text(fragment: str) -> str:
    """The visible text of an HTML fragment (no page around it), paragraphs kept."""
    parser = _FragmentText()
    parser.feed(fragment)
    parser.close()
    return normalize_text("".join(parser.parts))


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
    import trafilatura  # slow to import (lxml, courlan, htmldate): only when a page is parsed

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
