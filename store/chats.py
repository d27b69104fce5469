"""Chats, their preferences, and what each chat last saw (conversations)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import (
    Chat,
    Conversation,
    Delivery,
    DigestArticle,
    Subscription,
    Thread,
    ThreadMessage,
    Usage,
)
from store.timestamps import utcnow
from store.upserts import dialect_insert

KEEP_CONVERSATIONS = 1  # of each kind per chat: only the newest is ever read (``last``)


async def add_conversation(session: AsyncSession, chat_id: int, kind: str, payload: dict[str, Any]) -> None:
    """Add what a chat was shown in ``session``'s transaction, keeping only the newest of that kind.

    Pruned per kind, so a run of questions never pushes out the briefing they follow up on.
    """
    session.add(Conversation(chat_id=chat_id, kind=kind, payload=payload, created_at=utcnow()))
    await session.flush()
    same_kind = (Conversation.chat_id == chat_id, Conversation.kind == kind)
    keep = (
        select(Conversation.id).where(*same_kind).order_by(Conversation.id.desc()).limit(KEEP_CONVERSATIONS)
    )
    await session.execute(delete(Conversation).where(*same_kind, Conversation.id.not_in(keep)))


class ChatRepository:
    """Per-chat preferences and recent conversation payloads."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._insert = dialect_insert(dialect.name)

    async def get(self, chat_id: int) -> Chat:
        """The chat's row, created with defaults on first use."""
        # _ensure is safe side by side (an insert that yields to a concurrent one): no lock, so
        # replies never wait for a long write elsewhere (a bulk import) on PostgreSQL.
        async with write_session(self._sessions, lock=None) as session:
            return await self._ensure(session, chat_id)

    async def find(self, chat_id: int) -> Chat | None:
        """The chat's row if it has one (a read: nothing is created)."""
        async with self._sessions() as session:
            return await session.get(Chat, chat_id)

    async def _ensure(self, session: AsyncSession, chat_id: int) -> Chat:
        chat = await session.get(Chat, chat_id)
        if chat is None:
            await session.execute(
                self._insert(Chat)
                .values(
                    id=chat_id,
                    kind="private",
                    title="",
                    length="normal",
                    timezone="UTC",
                    blocked=False,
                    silent=False,
                    created_at=utcnow(),
                    language=None,
                )
                .on_conflict_do_nothing(index_elements=["id"])
            )
            chat = await session.get(Chat, chat_id)
            assert chat is not None
        return chat

    async def update(self, chat_id: int, **fields: Any) -> Chat:
        """Set preference fields (length, timezone, language, title, kind, blocked) and return the chat."""
        async with write_session(self._sessions, lock=None) as session:
            chat = await self._ensure(session, chat_id)
            for name, value in fields.items():
                setattr(chat, name, value)
            return chat

    async def migrate(self, old_id: int, new_id: int) -> bool:
        """A group became a supergroup with a new id: carry its settings, subscriptions, digest
        records and conversations over to the new id. False when the old chat was unknown."""
        async with write_session(self._sessions) as session:
            old = await session.get(Chat, old_id)
            if old is None:
                return False
            new = await self._ensure(session, new_id)
            new.kind, new.title, new.length = "supergroup", old.title, old.length
            new.timezone, new.silent, new.blocked = old.timezone, old.silent, False
            for model in (Subscription, DigestArticle, Conversation, Thread, ThreadMessage):
                await session.execute(update(model).where(model.chat_id == old_id).values(chat_id=new_id))
            await session.delete(old)
            return True

    async def forget(self, chat_id: int) -> int:
        """Delete everything stored about a chat, in one transaction: its settings, digests and
        their records, threads, conversations and usage. How many rows went."""
        async with write_session(self._sessions) as session:
            subscriptions = select(Subscription.id).where(Subscription.chat_id == chat_id)
            threads = select(Thread.id).where(Thread.chat_id == chat_id)
            statements = [
                delete(Delivery).where(Delivery.subscription_id.in_(subscriptions)),
                delete(Subscription).where(Subscription.chat_id == chat_id),
                delete(DigestArticle).where(DigestArticle.chat_id == chat_id),
                delete(ThreadMessage).where(ThreadMessage.thread_id.in_(threads)),
                delete(ThreadMessage).where(ThreadMessage.chat_id == chat_id),
                delete(Thread).where(Thread.chat_id == chat_id),
                delete(Conversation).where(Conversation.chat_id == chat_id),
                delete(Usage).where(Usage.chat_id == chat_id),
                delete(Chat).where(Chat.id == chat_id),
            ]
            removed = 0
            for statement in statements:
                result = await session.execute(statement)
                removed += int(getattr(result, "rowcount", 0) or 0)
            return removed

    async def prune_conversations(self) -> int:
        """Keep only the newest conversation of each kind in every chat (digests add theirs
        without pruning, a whole broadcast at a time); how many were removed."""
        newer = Conversation.__table__.alias("newer")
        kept = (
            select(newer.c.id)
            .where(newer.c.chat_id == Conversation.chat_id, newer.c.kind == Conversation.kind)
            .order_by(newer.c.id.desc())
            .limit(KEEP_CONVERSATIONS)
            .correlate(Conversation)
        )
        async with write_session(self._sessions) as session:
            result = await session.execute(delete(Conversation).where(Conversation.id.not_in(kept)))
            return int(getattr(result, "rowcount", 0) or 0)

    async def count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count(Chat.id))) or 0)

    async def remember(self, chat_id: int, kind: str, payload: dict[str, Any]) -> None:
        """Keep what the chat was shown, in place of the one before of that kind."""
        async with write_session(self._sessions) as session:
            await add_conversation(session, chat_id, kind, payload)

    async def last(self, chat_id: int, kind: str) -> dict[str, Any] | None:
        """The newest payload of this kind the chat was shown, or None."""
        async with self._sessions() as session:
            stmt = (
                select(Conversation.payload)
                .where(Conversation.chat_id == chat_id, Conversation.kind == kind)
                .order_by(Conversation.id.desc())
                .limit(1)
            )
            return await session.scalar(stmt)
