"""Many chats with one digest each, all due at once: where digest tests and benchmarks start.

Rows are inserted in a few statements, not through the subscription service, so 10,000
subscribers cost a second rather than a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.digests.schedule import DAILY
from store.models import Chat, Subscription

ROWS = 500  # per INSERT, under SQLite's bound-variable limit


async def add_due_subscribers(
    engine: AsyncEngine,
    chat_ids: Sequence[int],
    *,
    slot: datetime,
    query: Callable[[int], str | None] = lambda n: None,
) -> None:
    """One private chat per id, each with a daily digest due at ``slot`` on ``query(n)`` (n counts
    the chats from 0; no topic by default)."""
    async with engine.begin() as conn:
        for start in range(0, len(chat_ids), ROWS):
            part = range(start, min(start + ROWS, len(chat_ids)))
            await conn.execute(
                insert(Chat),
                [
                    {
                        "id": chat_ids[n],
                        "kind": "private",
                        "title": "",
                        "length": "normal",
                        "timezone": "UTC",
                        "blocked": False,
                        "silent": False,
                        "created_at": slot,
                        "language": None,
                    }
                    for n in part
                ],
            )
            await conn.execute(
                insert(Subscription),
                [
                    {
                        "chat_id": chat_ids[n],
                        "at_time": slot.strftime("%H:%M"),
                        "days": DAILY,
                        "timezone": None,
                        "query": query(n),
                        "paused": False,
                        "next_run_at": slot,
                        "last_slot_at": None,
                        "created_at": slot,
                    }
                    for n in part
                ],
            )
