"""A broadcast that outlasts its lease: renewed while it runs, never sent once the lease is lost,
and counted for the operator."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bench.subscribers import add_due_subscribers
from bot.services.digests.delivery import Delivered, Digest, SendOutcome
from bot.services.digests.runner import DigestRunner
from bot.services.digests.tuning import DigestTuning
from bot.telegram.metrics import PrometheusMeter
from config import DigestSettings
from store.store import open_store
from store.timestamps import utcnow

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

CHATS = range(8001, 8007)
LEASE = 1.0  # seconds; the broadcast below takes about twice that


@dataclass
class SlowSender:
    """Takes ``seconds`` per digest, like a broadcast at Telegram's pace."""

    seconds: float
    sent: list[int] = field(default_factory=list)
    sending: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, digest: Digest) -> SendOutcome:
        self.sending.set()
        await asyncio.sleep(self.seconds)
        self.sent.append(digest.chat_id)
        return Delivered(1)


def runner_of(services, owner: str, meter=None) -> DigestRunner:
    settings = DigestSettings(send_when_empty=True)
    tuning = DigestTuning(lease_seconds=LEASE, send_concurrency=1)
    return DigestRunner(services.store, services.briefings, settings, tuning=tuning, owner=owner, meter=meter)


async def test_a_broadcast_longer_than_its_lease_keeps_its_claims_and_counts_its_digests(services, settings):
    await add_due_subscribers(services.store.engine, CHATS, slot=utcnow() - timedelta(seconds=1))
    meter = PrometheusMeter()
    sender = SlowSender(seconds=LEASE / 3)
    other = await open_store(settings.store)  # a second worker, looking for work all along
    try:
        run = asyncio.create_task(runner_of(services, "long", meter).run_due(sender))
        await sender.sending.wait()  # it has claimed them all and is sending
        stolen = []
        while not run.done():
            now = utcnow()
            stolen += await other.deliveries.claim_due("other", now=now, lease_until=now, limit=10)
            await asyncio.sleep(0.1)
        report = await run
    finally:
        await other.aclose()

    assert stolen == []
    assert sorted(sender.sent) == list(CHATS)
    assert report.sent + report.empty == len(CHATS)
    rendered = meter.render().decode()
    assert f'briefbot_digests_total{{outcome="empty"}} {float(report.empty)}' in rendered
    assert f'briefbot_digests_total{{outcome="sent"}} {float(report.sent)}' in rendered


async def test_claims_whose_lease_could_not_be_renewed_are_left_to_another_worker(services, monkeypatch):
    await add_due_subscribers(services.store.engine, CHATS, slot=utcnow() - timedelta(seconds=1))

    async def cut_off(*_args, **_kwargs):
        raise OSError("the database is unreachable")

    monkeypatch.setattr(services.store.deliveries, "renew", cut_off)
    sender = SlowSender(seconds=LEASE / 3)
    report = await runner_of(services, "cut-off").run_due(sender)
    monkeypatch.undo()
    await asyncio.sleep(LEASE)  # the lease of what it left has lapsed too

    rescued = SlowSender(seconds=0)
    await runner_of(services, "rescuer").run_due(rescued)

    assert 0 < len(sender.sent) < len(CHATS)  # it stopped sending once its lease ran out
    assert report.handled == len(sender.sent)
    assert sorted(sender.sent + rescued.sent) == list(CHATS)  # the rest went once, by the other
