"""The rules every article passes before it is stored: size, and a believable date."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from blocks import SUMMARY_ROLES, Block, body_text
from config.settings import IngestSettings
from errors import SourceError
from ingest.types import ParsedArticle

logger = logging.getLogger(__name__)
# A publication date further ahead than this is a mistake: time zones differ by up to 14 hours.
FUTURE_TOLERANCE = timedelta(hours=24)


def truncate_at_paragraph(text: str, max_chars: int) -> str:
    """Cut text to at most ``max_chars``, at the last paragraph (else sentence/word) boundary."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    for boundary in ("\n\n", ". ", " "):
        cut = head.rfind(boundary)
        if cut > max_chars // 2:
            return head[: cut + (1 if boundary == ". " else 0)].rstrip()
    return head.rstrip()


def truncate_blocks(blocks: tuple[Block, ...], max_chars: int) -> tuple[Block, ...]:
    """Blocks up to where the body reaches ``max_chars``: the block that crosses it is cut at a
    boundary, and the blocks after it are dropped."""
    kept: list[Block] = []
    used = 0
    for block in blocks:
        if block.role not in SUMMARY_ROLES:
            kept.append(block)
            continue
        size = len(block.text) + (2 if used else 0)
        if used + size <= max_chars:
            kept.append(block)
            used += size
            continue
        room = max_chars - used - (2 if used else 0)
        if room > 0:
            kept.append(Block(block.role, truncate_at_paragraph(block.text, room)))
        break
    return tuple(kept)


def apply_limits(article: ParsedArticle, settings: IngestSettings) -> ParsedArticle:
    """Refuse a too-short article and truncate a too-long one (silently, but logged).

    Raises SourceError naming the article when its text is too short.
    """
    length = len(article.text)
    if length < settings.min_article_chars:
        label = f"{article.title[:60]!r}: " if article.title else ""
        if not article.text:
            raise SourceError(f"{label}no text")
        needed = settings.min_article_chars
        raise SourceError(f"{label}too short ({length} characters; at least {needed} needed)")
    if length > settings.max_article_chars:
        logger.info(
            "truncated article title=%r chars=%d limit=%d",
            article.title[:60],
            length,
            settings.max_article_chars,
        )
        if article.blocks:
            blocks = truncate_blocks(article.blocks, settings.max_article_chars)
            return replace(article, blocks=blocks, text=body_text(blocks))
        return replace(article, text=truncate_at_paragraph(article.text, settings.max_article_chars))
    return article


def drop_future_date(article: ParsedArticle, *, now: datetime) -> tuple[ParsedArticle, str]:
    """Forget a publication date further ahead than ``FUTURE_TOLERANCE`` (the store then uses the
    import time).

    Returns the article and a note saying so, or "" when the date was kept.
    """
    published = article.published
    if published is None or published <= now + FUTURE_TOLERANCE:
        return article, ""
    when = published.date().isoformat() if published.time() == datetime.min.time() else published.isoformat()
    label = f"{article.title[:60]!r}: " if article.title else ""
    return replace(article, published=None), f"{label}date {when} is in the future, ignored"
