"""Turning stored articles into the summarizer's plain documents."""

from __future__ import annotations

from collections.abc import Sequence

from blocks import blocks_from_json
from store.articles import Candidate
from summarizer.types import Doc


def to_docs(candidates: Sequence[Candidate]) -> list[Doc]:
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
        )
        for c in candidates
    ]
