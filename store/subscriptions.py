"""Subscriptions: a chat's digests, each with its local time, days, zone, topic and next run instant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Chat, Subscription
from store.timestamps import utcnow

# Given a subscription row and its chat, the next run instant (computed by the digest service).
NextRun = Callable[[Subscription, Chat], datetime]


@dataclass(frozen=True)
class SubscriptionRow:
    """A subscription with the chat settings it is delivered with."""

    subscription: Subscription
    chat: Chat

    @property
    def zone(self) -> str:
        """The zone its times are in: its own, or the chat's."""
        return self.subscription.timezone or self.chat.timezone


class SubscriptionRepository:
    """Adds, lists, changes and removes subscriptions."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, chat_id: int, *, limit: int, **fields: Any) -> Subscription | None:
        """Store a new subscription unless the chat already has ``limit`` (then None)."""
        async with write_session(self._sessions) as session:
            held = await session.scalar(
                select(func.count(Subscription.id)).where(Subscription.chat_id == chat_id)
            )
            if int(held or 0) >= limit:
                return None
            row = Subscription(chat_id=chat_id, created_at=utcnow(), **fields)
            session.add(row)
            await session.flush()
            return row

    async def of_chat(self, chat_id: int) -> list[SubscriptionRow]:
        """The chat's subscriptions in the order they were made (their numbers are 1, 2, …)."""
        async with self._sessions() as session:
            stmt = (
                select(Subscription, Chat)
                .join(Chat, Chat.id == Subscription.chat_id)
                .where(Subscription.chat_id == chat_id)
                .order_by(Subscription.id)
            )
            return [SubscriptionRow(s, c) for s, c in (await session.execute(stmt)).all()]

    async def every(self) -> list[SubscriptionRow]:
        """All subscriptions of all chats, by chat then creation."""
        async with self._sessions() as session:
            stmt = (
                select(Subscription, Chat)
                .join(Chat, Chat.id == Subscription.chat_id)
                .order_by(Subscription.chat_id, Subscription.id)
            )
            return [SubscriptionRow(s, c) for s, c in (await session.execute(stmt)).all()]

    async def change(
        self, chat_id: int, subscription_id: int, next_run: NextRun | None = None, **fields: Any
    ) -> SubscriptionRow | None:
        """Set fields of one of the chat's subscriptions (recomputing its next run when given how)."""
        async with write_session(self._sessions) as session:
            row = await session.get(Subscription, subscription_id)
            chat = await session.get(Chat, chat_id)
            if row is None or chat is None or row.chat_id != chat_id:
                return None
            for name, value in fields.items():
                setattr(row, name, value)
            if next_run is not None:
                row.next_run_at = next_run(row, chat)
            return SubscriptionRow(row, chat)

    async def reschedule_chat(self, chat_id: int, next_run: NextRun, *, following_chat_zone: bool) -> int:
        """Recompute the next run of the chat's subscriptions (all, or those in the chat's zone)."""
        async with write_session(self._sessions) as session:
            chat = await session.get(Chat, chat_id)
            if chat is None:
                return 0
            stmt = select(Subscription).where(Subscription.chat_id == chat_id)
            if following_chat_zone:
                stmt = stmt.where(Subscription.timezone.is_(None))
            rows = list(await session.scalars(stmt))
            for row in rows:
                row.next_run_at = next_run(row, chat)
            return len(rows)

    async def remove(self, chat_id: int, subscription_ids: Sequence[int]) -> int:
        """Remove these subscriptions of the chat; how many were removed."""
        async with write_session(self._sessions) as session:
            result = await session.execute(
                delete(Subscription).where(
                    Subscription.chat_id == chat_id, Subscription.id.in_(list(subscription_ids))
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count(Subscription.id))) or 0)
