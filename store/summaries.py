"""The summary cache: what the LLM wrote for a story, keyed by everything it was written from.

The key is made by the caller (content hashes of the articles, model, prompt version, length,
language); the payload is plain JSON. The oldest entries go once there are more than the limit.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.models import CachedSummary
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

    async def put(self, key: str, kind: str, payload: dict[str, Any]) -> None:
        """Store ``payload`` under ``key`` (a key already stored keeps its first payload)."""
        try:
            async with self._sessions.begin() as session:
                session.add(CachedSummary(key=key, kind=kind, payload=payload, created_at=utcnow()))
                await session.flush()
                oldest_kept = (
                    select(CachedSummary.id).order_by(CachedSummary.id.desc()).offset(self._keep).limit(1)
                ).scalar_subquery()
                await session.execute(delete(CachedSummary).where(CachedSummary.id <= oldest_kept))
        except IntegrityError:  # written meanwhile by another worker: the same summary
            log.debug("summary already cached key=%s", key[:12])
