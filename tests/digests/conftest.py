"""Digest services on a temporary database with a clock the test moves, and a recording sender."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.services.digests.delivery import Delivered, Digest, SendOutcome
from bot.services.digests.runner import DigestRunner
from bot.services.digests.subscriptions import SubscriptionService
from bot.services.wiring import Services, build_services
from config import Settings
from ingest.fingerprints import content_hash, simhash
from store.articles import NewArticle
from store.timestamps import UTCDateTime


@dataclass
class Clock:
    """A clock tests move by hand."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class RecordingSender:
    """A DigestSender that keeps what it was given; ``outcomes`` answer for chosen chats."""

    sent: list[Digest] = field(default_factory=list)
    outcomes: dict[int, SendOutcome] = field(default_factory=dict)

    async def send(self, digest: Digest) -> SendOutcome:
        outcome = self.outcomes.get(digest.chat_id)
        if outcome is not None:
            return outcome
        self.sent.append(digest)
        return Delivered(1)

    def to(self, chat_id: int) -> list[Digest]:
        return [d for d in self.sent if d.chat_id == chat_id]


@dataclass
class Digests:
    """The real services, and a subscription service and runner on the test's clock."""

    services: Services
    clock: Clock
    subscriptions: SubscriptionService
    runner: DigestRunner
    sender: RecordingSender

    async def store(
        self, title: str, body: str, *, ingested: datetime, published: datetime | None = None
    ) -> int:
        """Store one article as if it arrived at ``ingested``."""
        item = NewArticle(
            title=title,
            text=body,
            content_hash=content_hash(title, body),
            simhash=simhash(f"{title}\n{body}"),
            published_at=published or ingested,
        )
        (article_id,) = (await self.services.store.articles.add_many([item], source="Wire")).stored_ids
        async with self.services.store.engine.begin() as conn:
            await conn.execute(
                text("UPDATE articles SET ingested_at = :at WHERE id = :id").bindparams(
                    at=UTCDateTime().process_bind_param(ingested, conn.dialect), id=article_id
                )
            )
        return article_id

    async def run(self):
        return await self.runner.run_due(self.sender)

    async def subscription(self, chat_id: int, number: int = 1):
        return (await self.subscriptions.of_chat(chat_id))[number - 1]


def digests_on(services: Services, clock: Clock, settings: Settings, **runner: object) -> Digests:
    store, briefings = services.store, services.briefings
    return Digests(
        services=services,
        clock=clock,
        subscriptions=SubscriptionService(store, briefings, settings.digest, clock=clock),
        runner=DigestRunner(store, briefings, settings.digest, clock=clock, **runner),  # type: ignore[arg-type]
        sender=RecordingSender(),
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
async def digests(settings: Settings, clock: Clock) -> AsyncIterator[Digests]:
    services = await build_services(settings)
    try:
        yield digests_on(services, clock, settings)
    finally:
        await services.aclose()
