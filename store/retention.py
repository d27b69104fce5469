"""Pruning old articles with everything derived from them.

Articles are deleted by the time they were stored (``ingested_at``), never by publication date,
so an archive import is not deleted at the next prune. What is derived from an article goes with
it inside the database, whatever deletes it:

- rows whose ``article_id`` references ``articles(id) ON DELETE CASCADE``: raw sources
  (``article_sources``), per-chat digest records (``digest_articles``), and
  any table a later feature derives from articles in the same way;
- the full-text index (the ``articles_fts_ad`` trigger, a cascade on PostgreSQL);
- cached summaries written from the article (``summary_articles`` and the
  ``articles_summaries_ad`` trigger of migration 0005).

So a new derived table joins the prune by its foreign key alone; only one that cannot reference
articles by a cascading key (as the many-to-many summaries) needs a delete trigger in its
migration. Dedupe keys (``seen_keys``) are kept on purpose: a feed must not bring a pruned
article back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Article, ArticleSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pruned:
    """What one prune removed."""

    articles: int
    source_bytes: int  # raw sources, before compression


class RetentionRepository:
    """Deletes articles stored before a moment, a batch per transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def prune_articles(self, stored_before: datetime, *, batch: int = 500) -> Pruned:
        """Delete every article stored before ``stored_before`` (and, by cascade, what derives from it)."""
        articles = source_bytes = 0
        while True:
            async with write_session(self._sessions) as session:
                ids = list(
                    await session.scalars(
                        select(Article.id)
                        .where(Article.ingested_at < stored_before)
                        .order_by(Article.id)
                        .limit(batch)
                    )
                )
                if not ids:
                    break
                size = await session.scalar(
                    select(func.coalesce(func.sum(ArticleSource.size), 0)).where(
                        ArticleSource.article_id.in_(ids)
                    )
                )
                await session.execute(delete(Article).where(Article.id.in_(ids)))
            articles += len(ids)
            source_bytes += int(size or 0)
        if articles:
            log.info(
                "pruned articles count=%d source_bytes=%d before=%s", articles, source_bytes, stored_before
            )
        return Pruned(articles, source_bytes)
