"""Several workers claiming due digests at the same moment: each slot goes to exactly one of them."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from bench.subscribers import add_due_subscribers
from store.store import open_store
from store.timestamps import utcnow

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

WORKERS = 4
DUE = 240
LEASE = timedelta(seconds=120)


async def _claim_all(store, owner, now, *, limit=20):
    taken = []
    while claims := await store.deliveries.claim_due(owner, now=now, lease_until=now + LEASE, limit=limit):
        taken += claims
    return taken


@pytest.fixture
async def workers(settings):
    """One store (engine and pool) per worker, as separate processes would have, on one database."""
    stores = [await open_store(settings.store) for _ in range(WORKERS)]
    try:
        yield stores
    finally:
        for store in stores:
            await store.aclose()


async def test_workers_claiming_together_take_every_due_slot_once(workers, store_kind):
    now = utcnow()
    await add_due_subscribers(workers[0].engine, range(5001, 5001 + DUE), slot=now - timedelta(minutes=1))

    taken = await asyncio.gather(*(_claim_all(store, f"w{n}", now) for n, store in enumerate(workers)))

    per_subscription = Counter(c.row.subscription.id for claims in taken for c in claims)
    assert len(per_subscription) == DUE
    assert set(per_subscription.values()) == {1}
    if store_kind == "postgresql":  # SKIP LOCKED: they claim side by side (SQLite takes turns)
        assert sum(1 for claims in taken if claims) >= 2


async def test_a_dead_workers_lapsed_claims_go_to_exactly_one_other(workers):
    now = utcnow()
    await add_due_subscribers(workers[0].engine, range(6001, 6001 + 60), slot=now - timedelta(minutes=1))
    dead = await _claim_all(workers[0], "dead", now, limit=100)
    assert len(dead) == 60
    assert await workers[1].deliveries.claim_due("w1", now=now, lease_until=now + LEASE, limit=100) == []

    later = now + LEASE + timedelta(seconds=1)
    taken = await asyncio.gather(*(_claim_all(store, f"w{n}", later) for n, store in enumerate(workers)))

    claims = [c for part in taken for c in part]
    assert sorted(c.delivery_id for c in claims) == sorted(c.delivery_id for c in dead)
    assert {c.attempts for c in claims} == {2}
