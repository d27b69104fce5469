"""The store: one engine, its sessions and the repositories, with an explicit lifecycle."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from config import StoreSettings
from store.articles import ArticleRepository
from store.chats import ChatRepository
from store.deliveries import DeliveryRepository
from store.engine import create_engine, session_factory
from store.feeds import FeedRepository
from store.heartbeats import HeartbeatRepository
from store.index_texts import PassageCutter
from store.leases import LeaseRepository
from store.migrate import upgrade_to_head
from store.passages import PassageRepository
from store.rate_buckets import RateBucketRepository
from store.retention import RetentionRepository
from store.send_rates import SendRateRepository
from store.sizes import SizeRepository
from store.subscriptions import SubscriptionRepository
from store.summaries import SummaryRepository
from store.threads import ThreadRepository
from store.updates import UpdateRepository
from store.usage import UsageRepository


@dataclass(frozen=True)
class Store:
    """Everything kept in the database, reached through repositories."""

    engine: AsyncEngine
    articles: ArticleRepository
    chats: ChatRepository
    feeds: FeedRepository
    usage: UsageRepository
    subscriptions: SubscriptionRepository
    deliveries: DeliveryRepository
    heartbeats: HeartbeatRepository
    summaries: SummaryRepository
    updates: UpdateRepository
    leases: LeaseRepository
    send_rates: SendRateRepository
    rate_buckets: RateBucketRepository
    retention: RetentionRepository
    sizes: SizeRepository
    threads: ThreadRepository

    @property
    def passages(self) -> PassageRepository:
        """The passages index, written with the articles."""
        return self.articles.passages

    async def aclose(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        """One round trip to the database; raises what the driver raised when it is unreachable."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))


async def open_store(
    settings: StoreSettings,
    *,
    migrate: bool = True,
    near_distance: int = 3,
    cached_summaries: int = 20_000,
    passages: PassageCutter | None = None,
) -> Store:
    """Open the database (migrating it to the newest schema first, unless told not to).

    ``near_distance``: how many simhash bits two stored articles may differ in and still be
    near-duplicates (ingest turns its similarity threshold into this); ``cached_summaries``: how
    many LLM summaries the cache keeps; ``passages``: how articles are cut into the passages
    questions are answered from (without it, new articles get no passages: a store opened only
    to migrate or inspect needs none).
    """
    engine = create_engine(settings)
    if migrate:
        try:
            await upgrade_to_head(engine)
        except BaseException:
            await engine.dispose()
            raise
    sessions = session_factory(engine)
    return Store(
        engine=engine,
        articles=ArticleRepository(sessions, engine.dialect, near_distance, cutter=passages),
        chats=ChatRepository(sessions, engine.dialect),
        feeds=FeedRepository(sessions),
        usage=UsageRepository(sessions),
        subscriptions=SubscriptionRepository(sessions),
        deliveries=DeliveryRepository(sessions, engine.dialect),
        heartbeats=HeartbeatRepository(sessions, engine.dialect),
        summaries=SummaryRepository(sessions, keep=cached_summaries),
        updates=UpdateRepository(sessions, engine.dialect),
        leases=LeaseRepository(sessions, engine.dialect),
        send_rates=SendRateRepository(sessions, engine.dialect),
        rate_buckets=RateBucketRepository(sessions, engine.dialect),
        retention=RetentionRepository(sessions),
        sizes=SizeRepository(sessions, engine.dialect),
        threads=ThreadRepository(sessions),
    )
