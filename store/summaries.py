"""The summary cache: what the LLM wrote for a story, keyed by everything it was written from.

Each entry names the articles it was written from (``summary_articles``): a trigger deletes
it with any of them, so pruned articles leave no summary behind. The key is made by the caller
(content hashes of the articles, model, prompt version, length,
language); the payload is plain JSON. The oldest entries go once there are more than the limit.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from errors import StoreConflict
from store.models import CachedSummary, SummaryArticle
from store.timestamps import utcnow

log = logging.getLogger(__name__)


class SummaryRepository:
    """Cached summaries by key."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, keep: int = 20_000) -> None:
        self._sessions = sessions
        self._keep = keep

    async def get(self, key: str) -> dict[str, Any] | None:
        """The payload stored under ``key``, or None."""
        async with self._sessions() as session:
            return await session.scalar(select(CachedSummary.payload).where(CachedSummary.key == key))

    async def put(
        self, key: str, kind: str, payload: dict[str, Any], *, article_ids: Collection[int] = ()
    ) -> None:
        """Store ``payload`` under ``key`` (a key already stored keeps its first payload).

        ``article_ids``: the articles it was written from; deleting one of them deletes it too.
        """
        try:
            async with self._sessions.begin() as session:
                row = CachedSummary(key=key, kind=kind, payload=payload, created_at=utcnow())
                session.add(row)
                await session.flush()
                session.add_all(SummaryArticle(summary_id=row.id, article_id=a) for a in set(article_ids))
                await session.flush()
                oldest_kept = (
                    select(CachedSummary.id).order_by(CachedSummary.id.desc()).offset(self._keep).limit(1)
                ).scalar_subquery()
                await session.execute(delete(CachedSummary).where(CachedSummary.id <= oldest_kept))
        except StoreConflict:  # written meanwhile by another worker: the same summary
            log.debug("summary already cached key=%s", key[:12])
