"""Telegram updates a webhook received, kept until a worker has handled them, each under a lease.

A webhook stores an update by its ``update_id`` before it answers Telegram, so an update is
never lost once Telegram has been told it arrived, and a copy Telegram sends again (it retries
until it gets a 2xx) finds its id taken and is ignored. Workers claim stored updates, oldest
first, with an owner and a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; one atomic
``UPDATE`` on SQLite), renew the lease while the handlers run, and mark them done. An update
whose worker died is claimed again once its lease lapses; after too many attempts it is given
up, so an update that kills every worker cannot kill them all forever. Handled rows keep only
their id, for a while, to recognise copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, bindparam, delete, func, select, text, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import StoredUpdate
from store.timestamps import UTCDateTime
from store.upserts import dialect_insert

NEW, WORKING, DONE, FAILED = "new", "working", "done", "failed"


def _held_by(owner: str) -> tuple[Any, ...]:
    """The conditions of a row ``owner`` still holds: its lease has not passed to another worker."""
    return (StoredUpdate.owner == owner, StoredUpdate.status == WORKING)


@dataclass(frozen=True)
class TakenUpdate:
    """A stored update this worker now holds: its id, the update as Telegram sent it, and how
    many times it has been taken (1 the first time)."""

    update_id: int
    payload: dict[str, Any]
    attempts: int


class UpdateRepository:
    """Stores, claims, renews and finishes webhook updates."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._dialect = dialect
        lock = " FOR UPDATE SKIP LOCKED" if dialect.name == "postgresql" else ""
        self._claim = (
            text(
                "UPDATE updates SET status = :working, owner = :owner, lease_until = :until, "
                "attempts = attempts + 1 WHERE update_id IN ("
                "SELECT update_id FROM updates WHERE status = :new "
                "OR (status = :working AND lease_until < :now) "
                f"ORDER BY update_id LIMIT :limit{lock}) "
                "RETURNING update_id, payload, attempts"
            )
            .bindparams(bindparam("until", type_=UTCDateTime()), bindparam("now", type_=UTCDateTime()))
            .columns(update_id=BigInteger, payload=JSON, attempts=Integer)
        )

    async def store(self, update_id: int, payload: dict[str, Any], *, now: datetime) -> bool:
        """Keep a received update; False when one with this id was already stored (a copy)."""
        insert = dialect_insert(self._dialect.name)(StoredUpdate)
        stmt = (
            insert.values(update_id=update_id, payload=payload, status=NEW, attempts=0, received_at=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(StoredUpdate.update_id)
        )
        async with write_session(self._sessions, lock=None) as session:
            return await session.scalar(stmt) is not None

    async def claim(
        self, owner: str, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[TakenUpdate]:
        """Take up to ``limit`` stored updates no live lease holds, oldest first."""
        params = {
            "working": WORKING,
            "new": NEW,
            "owner": owner,
            "until": lease_until,
            "now": now,
            "limit": limit,
        }
        async with write_session(self._sessions, lock=None) as session:
            rows = (await session.execute(self._claim, params)).all()
        taken = [TakenUpdate(int(r.update_id), dict(r.payload or {}), int(r.attempts)) for r in rows]
        return sorted(taken, key=lambda t: t.update_id)

    async def renew(self, owner: str, update_ids: Sequence[int], lease_until: datetime) -> None:
        """Extend this owner's leases on updates still being handled."""
        await self._set_held(owner, update_ids, {"lease_until": lease_until})

    async def finish(self, owner: str, update_id: int, *, now: datetime, failed: bool = False) -> bool:
        """Mark an update handled (or given up); only its id is kept. False when this owner no
        longer held it (its lease lapsed and another worker took it)."""
        async with write_session(self._sessions, lock=None) as session:
            result = await session.execute(
                update(StoredUpdate)
                .where(StoredUpdate.update_id == update_id, *_held_by(owner))
                .values(status=FAILED if failed else DONE, payload=None, lease_until=None, done_at=now)
            )
            return bool(getattr(result, "rowcount", 0))

    async def release(self, owner: str, update_ids: Sequence[int]) -> None:
        """Hand back updates taken but never handed to the handlers (stopping): another worker
        takes them at once, and the attempt does not count."""
        released = {"status": NEW, "owner": None, "lease_until": None, "attempts": StoredUpdate.attempts - 1}
        await self._set_held(owner, update_ids, released)

    async def _set_held(self, owner: str, update_ids: Sequence[int], values: dict[str, Any]) -> None:
        """Set ``values`` on those of ``update_ids`` that ``owner`` still holds."""
        if not update_ids:
            return
        async with write_session(self._sessions, lock=None) as session:
            await session.execute(
                update(StoredUpdate)
                .where(StoredUpdate.update_id.in_(list(update_ids)), *_held_by(owner))
                .values(values)
            )

    async def waiting(self) -> int:
        """Updates stored and not yet handled (new, or held by a worker)."""
        async with self._sessions() as session:
            stmt = (
                select(func.count()).select_from(StoredUpdate).where(StoredUpdate.status.in_((NEW, WORKING)))
            )
            return int(await session.scalar(stmt) or 0)

    async def prune(self, before: datetime) -> int:
        """Forget handled updates finished before ``before`` (Telegram re-sends for a day at most)."""
        async with write_session(self._sessions, lock=None) as session:
            result = await session.execute(
                delete(StoredUpdate).where(
                    StoredUpdate.status.in_((DONE, FAILED)), StoredUpdate.done_at < before
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)
