"""Figures for admins: how much is stored and served."""

from __future__ import annotations

from dataclasses import dataclass

from store.store import Store


@dataclass(frozen=True)
class Stats:
    """Counts across the whole bot."""

    articles: int
    sources: int
    chats: int
    briefings: int
    questions: int


class StatsService:
    """Reads counts from the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def stats(self) -> Stats:
        return Stats(
            articles=await self._store.articles.count(),
            sources=len(await self._store.articles.sources()),
            chats=await self._store.chats.count(),
            briefings=await self._store.usage.count("brief"),
            questions=await self._store.usage.count("ask"),
        )
