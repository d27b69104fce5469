"""Figures for admins and `briefbot stats`: how much is stored and served, and feeds' health."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.feeds.results import FeedInfo
from bot.services.feeds.service import FeedService
from store.sizes import StoreSize
from store.store import Store


@dataclass(frozen=True)
class SourceTotal:
    """A source and how many articles it holds."""

    name: str
    kind: str
    articles: int


@dataclass(frozen=True)
class Stats:
    """Counts across the whole bot."""

    articles: int
    sources: int
    chats: int
    briefings: int
    questions: int
    size: StoreSize | None = None
    by_source: tuple[SourceTotal, ...] = ()
    feeds: tuple[FeedInfo, ...] = ()


class StatsService:
    """Reads counts from the store."""

    def __init__(self, store: Store, feeds: FeedService | None = None) -> None:
        self._store = store
        self._feeds = feeds

    async def stats(self) -> Stats:
        sources = await self._store.articles.sources()
        return Stats(
            articles=await self._store.articles.count(),
            sources=len(sources),
            chats=await self._store.chats.count(),
            briefings=await self._store.usage.count("brief"),
            questions=await self._store.usage.count("ask"),
            size=await self._store.sizes.size(),
            by_source=tuple(SourceTotal(s.name, s.kind, s.articles) for s in sources),
            feeds=tuple(await self._feeds.list()) if self._feeds is not None else (),
        )
