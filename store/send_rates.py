"""Paces shared by every process: a row per pace holding the next moment a send may start.

A worker reserves a span of the pace (say a quarter of a second: the next few sends) with one
atomic upsert that moves the row on by that span, and sends only inside its span; spans of
different workers never overlap, so together they never exceed the pace. On PostgreSQL the
moment is the database's own clock, so workers on hosts whose clocks differ still agree; on
SQLite every process runs on one host, and the caller's clock is used.
"""

from __future__ import annotations

import time

from sqlalchemy import text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session

_POSTGRES_NOW = "extract(epoch FROM clock_timestamp())::float8"


class SendRateRepository:
    """Reserves spans of a named pace, and holds a pace back when the other side asks to wait."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        postgres = dialect.name == "postgresql"
        now = _POSTGRES_NOW if postgres else ":now"
        greatest = "greatest" if postgres else "max"
        self._reserve = text(
            f"INSERT INTO send_rates (name, next_at) VALUES (:name, {now} + :span) "
            f"ON CONFLICT (name) DO UPDATE SET next_at = {greatest}(send_rates.next_at, {now}) + :span "
            f"RETURNING next_at - :span - {now}"
        )
        self._hold = text(
            f"INSERT INTO send_rates (name, next_at) VALUES (:name, {now} + :wait) "
            f"ON CONFLICT (name) DO UPDATE SET next_at = {greatest}(send_rates.next_at, {now} + :wait)"
        )

    async def reserve(self, name: str, span: float) -> float:
        """Take the next ``span`` seconds of pace ``name``; how long to wait until they start."""
        async with write_session(self._sessions, lock=None) as session:
            wait = await session.scalar(
                self._reserve, {"name": name, "span": float(span), "now": time.time()}
            )
        return max(0.0, float(wait or 0.0))

    async def hold(self, name: str, seconds: float) -> None:
        """Nothing more of pace ``name`` starts within ``seconds`` from now."""
        async with write_session(self._sessions, lock=None) as session:
            await session.execute(self._hold, {"name": name, "wait": float(seconds), "now": time.time()})
