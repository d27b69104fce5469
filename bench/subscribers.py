"""Many chats with one digest each, all due at once: where digest tests and benchmarks start.

Rows are inserted in two statements, not through the subscription service, so 10,000
subscribers cost a second rather than a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from store.models import Chat, Subscription


async def add_due_subscribers(
    engine: AsyncEngine, *, chats: int, first_chat: int, query: Callable[[int], str], slot: datetime
) -> None:
    """``chats`` private chats from ``first_chat`` on, each with a daily digest due at ``slot``
    on ``query(n)`` (n counts the chats from 0)."""
    async with engine.begin() as conn:
        await conn.execute(
            insert(Chat),
            [
                {
                    "id": first_chat + n,
                    "kind": "private",
                    "title": "",
                    "length": "normal",
                    "timezone": "UTC",
                    "blocked": False,
                    "silent": False,
                    "created_at": slot,
                }
                for n in range(chats)
            ],
        )
        await conn.execute(
            insert(Subscription),
            [
                {
                    "chat_id": first_chat + n,
                    "at_time": slot.strftime("%H:%M"),
                    "days": 127,
                    "timezone": None,
                    "query": query(n),
                    "paused": False,
                    "next_run_at": slot,
                    "created_at": slot,
                }
                for n in range(chats)
            ],
        )
