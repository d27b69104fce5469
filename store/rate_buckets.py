"""Per-chat rate-limit buckets shared by every process: a row per chat, its tokens and their moment.

Taking tokens reads the chat's row and writes it back in one transaction that holds the row:
``SELECT … FOR UPDATE`` on PostgreSQL (a chat without a row gets one by ``INSERT … ON CONFLICT DO
NOTHING``; losing that race means locking the winner's row and counting against it), and on
SQLite the write session's ``BEGIN IMMEDIATE``, which serializes writers. So two workers taking
from one chat's bucket at once take turns, and together never spend more than it holds.

The arithmetic is not the store's: the caller hands it in (``BucketRule``, the rate limiter's
``Bucket``), and the store applies it to the row it holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from errors import StoreError
from store.engine import error_reason, write_session
from store.models import RateBucket
from store.upserts import dialect_insert

# A first request that loses the race to create the row retries once against the winner's row; a
# row pruned between the two (it was full) sends it round again. More rounds mean something is wrong.
_ROUNDS = 4


class BucketRule(Protocol):
    """How a bucket refills and is spent (``bot.services.rate_limit.Bucket``)."""

    def spend(self, tokens: float | None, elapsed: float, cost: float) -> tuple[float, float]:
        """``(tokens left, seconds to wait)`` for a bucket that held ``tokens`` (None: no bucket
        yet) ``elapsed`` seconds ago; a wait of 0.0 means ``cost`` was spent."""
        ...


class RateBucketRepository:
    """Takes tokens from chats' buckets atomically, and forgets buckets that have filled up again."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._insert = dialect_insert(dialect.name)

    async def take(self, chat_id: int, cost: float, rule: BucketRule, *, now: datetime) -> float:
        """Spend ``cost`` of chat ``chat_id``'s tokens at ``now`` and return 0.0, or return the
        seconds until there are enough (a refused request spends nothing).

        Raises StoreError when the database fails.
        """
        try:
            return await self._take(chat_id, cost, rule, now)
        except (SQLAlchemyError, StoreError, OSError) as exc:
            raise StoreError(f"could not take from the rate bucket: {error_reason(exc)}") from exc

    async def _take(self, chat_id: int, cost: float, rule: BucketRule, now: datetime) -> float:
        held = select(RateBucket.tokens, RateBucket.at).where(RateBucket.chat_id == chat_id).with_for_update()
        async with write_session(self._sessions, lock=None) as session:
            for _ in range(_ROUNDS):
                row = (await session.execute(held)).one_or_none()
                if row is not None:
                    left, wait = rule.spend(row.tokens, (now - row.at).total_seconds(), cost)
                    if not wait:  # a refusal changes nothing: the stored bucket refills the same
                        # A clock behind the stored moment (another host's) does not move it back.
                        values = {"tokens": left, "at": max(now, row.at)}
                        await session.execute(
                            update(RateBucket).where(RateBucket.chat_id == chat_id).values(**values)
                        )
                    return wait
                left, wait = rule.spend(None, 0.0, cost)
                if wait:
                    return wait
                made = self._insert(RateBucket).values(chat_id=chat_id, tokens=left, at=now)
                made = made.on_conflict_do_nothing(index_elements=["chat_id"])
                if await session.scalar(made.returning(RateBucket.chat_id)) is not None:
                    return 0.0
                # Another worker made the row meanwhile: lock it and count against it.
        raise StoreError(f"the rate bucket of chat {chat_id} kept changing under us")

    async def prune(self, full_since: datetime) -> int:
        """Forget the buckets last touched at or before ``full_since``, the caller's moment since
        which any bucket has filled up again (a chat without a row starts full); how many went."""
        async with write_session(self._sessions, lock=None) as session:
            result = await session.execute(delete(RateBucket).where(RateBucket.at <= full_since))
            return int(getattr(result, "rowcount", 0) or 0)
