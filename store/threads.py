"""Conversation threads: what a briefing, digest or answer was about, and the messages of each.

A thread is found again by any Telegram message linked to it (a reply to a briefing, a digest, an
answer or the "Ask a follow-up" prompt), or as the chat's latest. Its turns are plain JSON dicts
kept by the question service; the repository keeps only the newest few.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Thread, ThreadMessage
from store.timestamps import utcnow
from store.upserts import dialect_insert


@dataclass(frozen=True)
class ThreadRow:
    """A thread as stored."""

    id: int
    chat_id: int
    origin: str
    article_ids: tuple[int, ...]
    turns: tuple[dict[str, Any], ...]
    created_at: datetime
    active_at: datetime


def _row(thread: Thread) -> ThreadRow:
    return ThreadRow(
        thread.id,
        thread.chat_id,
        thread.origin,
        tuple(int(i) for i in thread.article_ids or ()),
        tuple(thread.turns or ()),
        thread.created_at,
        thread.active_at,
    )


class ThreadRepository:
    """Threads and the messages that belong to them."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def open(
        self,
        chat_id: int,
        origin: str,
        article_ids: Sequence[int],
        *,
        message_ids: Sequence[int] = (),
        turns: Sequence[dict[str, Any]] = (),
        at: datetime | None = None,
    ) -> int:
        """Start a thread (with the messages that show it, when already sent); its id."""
        now = at or utcnow()
        async with write_session(self._sessions) as session:
            thread = Thread(
                chat_id=chat_id,
                origin=origin,
                article_ids=list(dict.fromkeys(article_ids)),
                turns=list(turns),
                created_at=now,
                active_at=now,
            )
            session.add(thread)
            await session.flush()
            await self._link(session, chat_id, thread.id, message_ids)
            return thread.id

    async def link(self, chat_id: int, thread_id: int, message_ids: Sequence[int]) -> None:
        """These messages belong to the thread from now on (a message linked before moves over)."""
        if not message_ids:
            return
        async with write_session(self._sessions) as session:
            await self._link(session, chat_id, thread_id, message_ids)

    async def _link(
        self, session: AsyncSession, chat_id: int, thread_id: int, message_ids: Sequence[int]
    ) -> None:
        rows = [
            {"chat_id": chat_id, "message_id": m, "thread_id": thread_id} for m in dict.fromkeys(message_ids)
        ]
        if not rows:
            return
        dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
        insert = dialect_insert(dialect)
        statement = insert(ThreadMessage).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=["chat_id", "message_id"], set_={"thread_id": statement.excluded.thread_id}
        )
        await session.execute(statement)

    async def by_message(self, chat_id: int, message_id: int) -> ThreadRow | None:
        """The thread a message of this chat belongs to, or None."""
        async with self._sessions() as session:
            stmt = (
                select(Thread)
                .join(ThreadMessage, ThreadMessage.thread_id == Thread.id)
                .where(ThreadMessage.chat_id == chat_id, ThreadMessage.message_id == message_id)
            )
            found = await session.scalar(stmt)
        return _row(found) if found is not None else None

    async def get(self, thread_id: int) -> ThreadRow | None:
        async with self._sessions() as session:
            found = await session.get(Thread, thread_id)
        return _row(found) if found is not None else None

    async def latest(self, chat_id: int, origins: Sequence[str] | None = None) -> ThreadRow | None:
        """The chat's most recently active thread (of these origins, when given), or None."""
        async with self._sessions() as session:
            stmt = select(Thread).where(Thread.chat_id == chat_id)
            if origins is not None:
                stmt = stmt.where(Thread.origin.in_(list(origins)))
            stmt = stmt.order_by(Thread.active_at.desc(), Thread.id.desc()).limit(1)
            found = await session.scalar(stmt)
        return _row(found) if found is not None else None

    async def add_turn(
        self, thread_id: int, turn: dict[str, Any], article_ids: Sequence[int], *, keep: int, at: datetime
    ) -> None:
        """Append a turn (keeping the newest ``keep``), add its articles, and mark the thread used."""
        async with write_session(self._sessions) as session:
            thread = await session.get(Thread, thread_id)
            if thread is None:
                return
            thread.turns = [*(thread.turns or []), turn][-keep:]
            thread.article_ids = list(dict.fromkeys([*(thread.article_ids or []), *article_ids]))
            thread.active_at = at

    async def touch(self, thread_id: int, at: datetime) -> None:
        async with write_session(self._sessions) as session:
            await session.execute(update(Thread).where(Thread.id == thread_id).values(active_at=at))

    async def prune(self, before: datetime) -> int:
        """Delete threads idle since before ``before`` (their message links go with them)."""
        async with write_session(self._sessions) as session:
            old = select(Thread.id).where(Thread.active_at < before)
            await session.execute(delete(ThreadMessage).where(ThreadMessage.thread_id.in_(old)))
            result = await session.execute(delete(Thread).where(Thread.active_at < before))
            return int(getattr(result, "rowcount", 0) or 0)
