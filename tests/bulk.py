"""Many chats with a digest each, due at one instant, written in a few statements (tests and bench)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.digests.schedule import DAILY
from store.models import Chat, Subscription

ROWS = 500  # per INSERT, under SQLite's bound-variable limit


async def due_subscriptions(engine: AsyncEngine, chat_ids: Sequence[int], due: datetime) -> None:
    """One private chat per id, each with a daily digest (no topic) whose next run is ``due``."""
    at_time = due.strftime("%H:%M")
    async with engine.begin() as conn:
        for start in range(0, len(chat_ids), ROWS):
            part = chat_ids[start : start + ROWS]
            await conn.execute(
                insert(Chat),
                [
                    {
                        "id": chat_id,
                        "kind": "private",
                        "title": "",
                        "length": "normal",
                        "timezone": "UTC",
                        "blocked": False,
                        "silent": False,
                        "created_at": due,
                        "language": None,
                    }
                    for chat_id in part
                ],
            )
            await conn.execute(
                insert(Subscription),
                [
                    {
                        "chat_id": chat_id,
                        "at_time": at_time,
                        "days": DAILY,
                        "timezone": None,
                        "query": None,
                        "paused": False,
                        "next_run_at": due,
                        "last_slot_at": None,
                        "created_at": due,
                    }
                    for chat_id in part
                ],
            )
