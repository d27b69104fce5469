"""Web pages to articles: trafilatura's XML of the main text (it keeps headings, quotes and lists),
the headline and standfirst read from the page's own header, never letting trafilatura fetch."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from blocks import Role
from errors import SourceError
from ingest.dates import parse_published
from ingest.furniture import line_role, words_in
from ingest.html_units import fragment_units, xml_units
from ingest.structure import assemble, parsed_article
from ingest.text import normalize_text
from ingest.types import ParsedArticle, RawSource
from ingest.urls import canonical_url

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 4096
_MARKUP = re.compile(r"<(?:p|br|div|span|a|em|strong|b|i|li|h[1-6]|blockquote|img|figure)\b[^>]*>", re.I)
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
# Class names that mark the line under a headline ("c-standfirst", "article-dek", "deck").
_STANDFIRST_CLASSES = frozenset(
    {
        "standfirst",
        "deck",
        "dek",
        "subtitle",
        "subheadline",
        "subhead",
        "strapline",
        "summary",
        "lede",
        "excerpt",
    }
)
_STANDFIRST_WORDS = (5, 80)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """Say whether a text field holds HTML markup (as feed and CMS exports often do)."""
    return _MARKUP.search(text) is not None


def html_fragment_text(fragment: str) -> str:
    """The visible text of an HTML fragment (no page around it), paragraphs kept."""
    return "\n\n".join(unit.text for unit in fragment_units(fragment))


@dataclass(frozen=True)
class _Header:
    """What the page shows above its story: its headlines (each with a standfirst-shaped line
    right under it), whether they are an article's own, and a line classed as the standfirst."""

    headlines: tuple[tuple[str, str], ...]
    in_article: bool
    standfirst: str

    def choose(self, page_title: str) -> tuple[str, str]:
        """(title, standfirst): the headline matching the page's title, else the article's own
        (or the only one), else the page title."""
        wanted = page_title.casefold()
        chosen = next((h for h in self.headlines if wanted and h[0].casefold() in wanted), None)
        if chosen is None and self.headlines and (self.in_article or len(self.headlines) == 1):
            chosen = self.headlines[0]
        title, under = chosen if chosen is not None else (page_title, "")
        return title, self.standfirst or under


def _clean(element: Any) -> str:
    return normalize_text(element.text_content()).replace("\n", " ")


def _classes(element: Any) -> set[str]:
    """Class names and their last part: "c-article__standfirst" also gives "standfirst"."""
    names = set()
    for token in str(element.get("class") or "").lower().split():
        names.add(token)
        names.add(re.split(r"[-_]+", token)[-1])
    return names


def _standfirst_shaped(text: str) -> bool:
    low, high = _STANDFIRST_WORDS
    return low <= words_in(text) <= high and line_role(text) is None


def _page_header(tree: Any) -> _Header:
    """Read the headline candidates and the standfirst before extraction changes the tree."""
    articles = tree.xpath("//article")
    scope = articles[0] if articles else tree
    found = [h for h in scope.xpath(".//h1") if _clean(h)] or [h for h in tree.xpath("//h1") if _clean(h)]
    headlines = []
    for headline in found:
        following = headline.getnext()
        under = ""
        if following is not None and following.tag in ("h2", "h3") and _standfirst_shaped(_clean(following)):
            under = _clean(following)
        headlines.append((_clean(headline), under))
    standfirst = ""
    for element in scope.xpath(".//p | .//h2 | .//h3 | .//div | .//span"):
        if _classes(element) & _STANDFIRST_CLASSES and _standfirst_shaped(_clean(element)):
            standfirst = _clean(element)
            break
    return _Header(tuple(headlines), bool(articles), standfirst)


def _canonical_or_none(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return canonical_url(url)
    except SourceError:
        return None


def parse_html(
    html: str, *, url: str | None = None, source: str = "", raw: RawSource | None = None
) -> ParsedArticle:
    """Extract the structure, title, date and canonical link of one page.

    ``source`` is used when the page names no site. Raises SourceError when no text is found.
    """
    import trafilatura  # slow to import (lxml, courlan, htmldate): only when a page is parsed
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        if tree is None:
            raise SourceError("no article text found on the page")
        header = _page_header(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
            include_formatting=True,
            date_extraction_params=_DATE_PARAMS,
        )
        if document is None or isinstance(document, dict) or document.body is None:
            raise SourceError("no article text found on the page")
        title, standfirst = header.choose(normalize_text(document.title or ""))
        units = xml_units(document.body)
    except SourceError:
        raise
    except Exception as exc:  # trafilatura/lxml raise assorted errors on hostile markup
        raise SourceError(f"could not read the page ({type(exc).__name__})") from exc
    structure = assemble(units, title=title, standfirst=standfirst)
    if not any(b.role in (Role.PARAGRAPH, Role.QUOTE) for b in structure.blocks):
        raise SourceError("no article text found on the page")
    logger.debug("extracted page url=%s blocks=%d", url, len(structure.blocks))
    return parsed_article(
        structure,
        source=normalize_text(document.sitename or "") or source,
        url=_canonical_or_none(document.url) or _canonical_or_none(url),
        published=parse_published(document.date) if document.date else None,
        raw=raw,
    )
