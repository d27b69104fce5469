"""A log of served requests (briefings, answers, LLM calls) and the tokens they used."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.models import Usage
from store.timestamps import utcnow


class UsageRepository:
    """Records and counts usage."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(
        self, kind: str, *, chat_id: int | None = None, tokens_in: int = 0, tokens_out: int = 0
    ) -> None:
        async with self._sessions.begin() as session:
            session.add(
                Usage(
                    chat_id=chat_id,
                    kind=kind,
                    tokens_in=tokens_in,
                    tokens_out=tokens_out,
                    created_at=utcnow(),
                )
            )

    async def count(self, kind: str, *, since: datetime | None = None) -> int:
        async with self._sessions() as session:
            stmt = select(func.count(Usage.id)).where(Usage.kind == kind)
            if since is not None:
                stmt = stmt.where(Usage.created_at >= since)
            return int(await session.scalar(stmt) or 0)
