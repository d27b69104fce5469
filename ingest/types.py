"""Plain values the ingest package produces: parsed articles and per-file results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blocks import Block


@dataclass(frozen=True)
class RawSource:
    """What an article was read from, kept so that better extraction can re-read it later."""

    media_type: str  # text/html, text/plain, text/markdown, application/json
    data: bytes


@dataclass(frozen=True)
class ParsedArticle:
    """One article read from a file, page or chat; ``url`` is canonical when present.

    ``blocks`` is the article's structure (title and standfirst among them); ``text`` is its
    plain body, the paragraph and quote blocks joined by blank lines.
    """

    title: str
    text: str  # body, paragraphs separated by "\n\n"
    url: str | None = None
    published: datetime | None = None  # timezone-aware (UTC when the zone is unknown)
    source: str = ""  # outlet / feed / "file" / "chat"
    standfirst: str = ""
    blocks: tuple[Block, ...] = ()
    raw: RawSource | None = None


@dataclass(frozen=True)
class FileResult:
    """What one file yielded: its articles, one line per refusal, one per field left out."""

    path: str
    articles: tuple[ParsedArticle, ...]
    problems: tuple[str, ...]  # a file, record or article that was not stored, and why
    notes: tuple[str, ...] = ()  # stored, but a field (date, link) could not be used
