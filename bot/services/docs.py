"""Turning stored articles into the summarizer's plain documents."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from blocks import blocks_from_json
from store.articles import Candidate
from summarizer.types import Doc


def to_docs(candidates: Sequence[Candidate], related: Collection[int] = ()) -> list[Doc]:
    """The candidates as docs; those in ``related`` matched the topic only through a related word."""
    return [
        Doc(
            id=c.article.id,
            title=c.article.title,
            text=c.article.text,
            url=c.article.url,
            source=c.source,
            published=c.article.published_at,
            standfirst=c.article.standfirst,
            rank=c.rank,
            blocks=blocks_from_json(c.article.blocks),
            related=c.article.id in related,
        )
        for c in candidates
    ]
