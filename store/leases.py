"""Named leases: something only one process may do at a time, held by an owner until a moment.

A lease is taken with one atomic upsert that succeeds only when the lease is free, lapsed, or
already ours, so two processes can never both believe they hold it. Its holder renews it well
before it lapses and deletes it at a clean stop; a holder that died lets it lapse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Lease
from store.upserts import dialect_insert


@dataclass(frozen=True)
class Holder:
    """Who holds a lease, and until when."""

    owner: str
    until: datetime


class LeaseRepository:
    """Takes, renews, hands over and gives back named leases."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._dialect = dialect

    async def take(self, name: str, owner: str, *, now: datetime, until: datetime) -> Holder:
        """Take (or renew) lease ``name`` for ``owner`` unless another live owner holds it; the
        holder afterwards: ``owner`` when it worked."""
        insert = dialect_insert(self._dialect.name)(Lease)
        stmt = insert.values(name=name, owner=owner, until=until, taken_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name"],
            set_={
                "owner": stmt.excluded.owner,
                "until": stmt.excluded.until,
                "taken_at": case(
                    (Lease.owner == stmt.excluded.owner, Lease.taken_at), else_=stmt.excluded.taken_at
                ),
            },
            where=(Lease.owner == stmt.excluded.owner) | (Lease.until < now),
        )
        async with write_session(self._sessions, lock=None) as session:
            taken = await session.scalar(stmt.returning(Lease.owner))
            if taken is not None:
                return Holder(str(taken), until)
            row = (await session.execute(select(Lease.owner, Lease.until).where(Lease.name == name))).one()
            return Holder(str(row.owner), row.until)

    async def hand_over(self, name: str, *, old: str, new: str, now: datetime, until: datetime) -> bool:
        """Give lease ``name`` from ``old`` (known to be dead) to ``new``; False when ``old`` no
        longer held it."""
        async with write_session(self._sessions, lock=None) as session:
            result = await session.execute(
                update(Lease)
                .where(Lease.name == name, Lease.owner == old)
                .values(owner=new, until=until, taken_at=now)
            )
            return bool(getattr(result, "rowcount", 0))

    async def holder(self, name: str, *, now: datetime) -> Holder | None:
        """The live holder of lease ``name``, or None when it is free or lapsed."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(Lease.owner, Lease.until).where(Lease.name == name, Lease.until >= now)
                )
            ).one_or_none()
        return None if row is None else Holder(str(row.owner), row.until)

    async def release(self, name: str, owner: str) -> None:
        """Give lease ``name`` back, if ``owner`` still holds it."""
        async with write_session(self._sessions, lock=None) as session:
            await session.execute(delete(Lease).where(Lease.name == name, Lease.owner == owner))
