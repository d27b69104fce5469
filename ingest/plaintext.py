"""Plain text to an article: its structure read from layout (``ingest.layout``, ``ingest.structure``)."""

from __future__ import annotations

from errors import SourceError
from ingest.layout import text_units
from ingest.structure import assemble, parsed_article
from ingest.types import ParsedArticle, RawSource


def parse_plain_text(text: str, *, source: str = "", raw: RawSource | None = None) -> ParsedArticle:
    """Read a .txt article, pasted text or a text page: headline, standfirst and body by layout.

    Menus, bylines, teasers, captions, related links and footers around the story are kept as
    blocks of their own roles, out of the body. Raises SourceError when there is no text at all.
    """
    units = text_units(text)
    if not units:
        raise SourceError("no text")
    return parsed_article(assemble(units), source=source, raw=raw)
