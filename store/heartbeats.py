"""Heartbeats: running processes say they are alive, and as what (a polling bot, a webhook worker)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Heartbeat
from store.upserts import dialect_insert

BOT = "bot"  # a polling bot process
WEBHOOK = "webhook"  # one of the webhook workers


class HeartbeatRepository:
    """One row per live process, refreshed every few seconds and removed at a clean stop."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._insert = dialect_insert(dialect.name)

    async def beat(self, owner: str, role: str, now: datetime) -> None:
        async with write_session(self._sessions, lock=None) as session:
            stmt = self._insert(Heartbeat).values(owner=owner, role=role, beat_at=now)
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["owner"],
                    set_={"role": stmt.excluded.role, "beat_at": stmt.excluded.beat_at},
                )
            )

    async def alive(self, role: str, since: datetime) -> int:
        """How many processes of ``role`` beat at ``since`` or later."""
        async with self._sessions() as session:
            stmt = (
                select(func.count())
                .select_from(Heartbeat)
                .where(Heartbeat.role == role, Heartbeat.beat_at >= since)
            )
            return int(await session.scalar(stmt) or 0)

    async def remove(self, owner: str) -> None:
        async with write_session(self._sessions) as session:
            await session.execute(delete(Heartbeat).where(Heartbeat.owner == owner))

    async def prune(self, before: datetime) -> None:
        """Forget processes that stopped beating long ago (killed without a clean stop)."""
        async with write_session(self._sessions) as session:
            await session.execute(delete(Heartbeat).where(Heartbeat.beat_at < before))
