"""What several workers share through the database: stored updates, leases and the send pace."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from datetime import timedelta

import pytest

from store.store import open_store
from store.timestamps import utcnow

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

LEASE = timedelta(seconds=30)


def update(update_id: int) -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "text": f"/brief {update_id}"}}


@pytest.fixture
async def stores(settings):
    """Three stores on one database, as three worker processes would have."""
    opened = [await open_store(settings.store) for _ in range(3)]
    try:
        yield opened
    finally:
        for store in opened:
            await store.aclose()


async def test_an_update_is_stored_once_however_often_it_arrives(stores):
    now = utcnow()

    first = await stores[0].updates.store(7, update(7), now=now)
    copies = await asyncio.gather(*(s.updates.store(7, update(7), now=now) for s in stores))

    assert first is True
    assert copies == [False, False, False]
    assert await stores[0].updates.waiting() == 1


async def test_a_claimed_update_is_held_until_its_lease_lapses_then_taken_by_another(stores):
    a, b, _ = stores
    now = utcnow()
    await a.updates.store(1, update(1), now=now)

    (taken,) = await a.updates.claim("a", now=now, lease_until=now + LEASE, limit=10)
    held = await b.updates.claim("b", now=now + LEASE / 2, lease_until=now + LEASE, limit=10)
    later = now + LEASE + timedelta(seconds=1)
    (again,) = await b.updates.claim("b", now=later, lease_until=later + LEASE, limit=10)

    assert (taken.update_id, taken.payload, taken.attempts) == (1, update(1), 1)
    assert held == []
    assert (again.update_id, again.attempts) == (1, 2)
    assert await a.updates.finish("a", 1, now=later) is False  # a lost it: b finishes it
    assert await b.updates.finish("b", 1, now=later) is True
    assert await b.updates.claim("b", now=later, lease_until=later + LEASE, limit=10) == []
    assert await a.updates.store(1, update(1), now=later) is False  # a late copy is still ignored
    assert await a.updates.waiting() == 0


async def test_a_renewed_lease_keeps_the_update_and_a_released_one_goes_back_at_once(stores):
    a, b, _ = stores
    now = utcnow()
    for update_id in (1, 2):
        await a.updates.store(update_id, update(update_id), now=now)
    await a.updates.claim("a", now=now, lease_until=now + LEASE, limit=10)

    await a.updates.renew("a", [1], now + 3 * LEASE)
    await a.updates.release("a", [2])
    later = now + 2 * LEASE
    taken = await b.updates.claim("b", now=later, lease_until=later + LEASE, limit=10)

    assert [(t.update_id, t.attempts) for t in taken] == [(2, 1)]


async def test_workers_claiming_updates_together_take_each_once(stores):
    now = utcnow()
    for update_id in range(1, 121):
        await stores[0].updates.store(update_id, update(update_id), now=now)

    async def drain(store, owner):
        got = []
        while taken := await store.updates.claim(owner, now=now, lease_until=now + LEASE, limit=7):
            got += [t.update_id for t in taken]
        return got

    taken = await asyncio.gather(*(drain(s, f"w{n}") for n, s in enumerate(stores)))

    counts = Counter(i for part in taken for i in part)
    assert sorted(counts) == list(range(1, 121))
    assert set(counts.values()) == {1}


async def test_handled_updates_are_forgotten_after_a_while_but_waiting_ones_never(stores):
    store = stores[0]
    now = utcnow()
    for update_id in (1, 2):
        await store.updates.store(update_id, update(update_id), now=now)
    await store.updates.claim("a", now=now, lease_until=now + LEASE, limit=1)
    await store.updates.finish("a", 1, now=now)

    removed = await store.updates.prune(now + timedelta(days=2))

    assert removed == 1
    assert await store.updates.waiting() == 1
    assert await store.updates.store(1, update(1), now=now) is True  # forgotten: stored anew


async def test_a_lease_has_one_holder_until_it_lapses_or_is_released(stores):
    a, b, _ = stores
    now = utcnow()

    first = await a.leases.take("polling:1", "a", now=now, until=now + LEASE)
    refused = await b.leases.take("polling:1", "b", now=now, until=now + LEASE)
    renewed = await a.leases.take("polling:1", "a", now=now + LEASE / 2, until=now + 2 * LEASE)
    still = await b.leases.take("polling:1", "b", now=now + LEASE, until=now + 3 * LEASE)
    lapsed = now + 2 * LEASE + timedelta(seconds=1)
    taken = await b.leases.take("polling:1", "b", now=lapsed, until=lapsed + LEASE)

    assert (first.owner, refused.owner, renewed.owner, still.owner, taken.owner) == ("a", "a", "a", "a", "b")
    assert (await a.leases.holder("polling:1", now=lapsed)).owner == "b"
    await a.leases.release("polling:1", "a")  # not a's any more: nothing happens
    assert (await a.leases.holder("polling:1", now=lapsed)).owner == "b"
    await b.leases.release("polling:1", "b")
    assert await a.leases.holder("polling:1", now=lapsed) is None


async def test_a_dead_holders_lease_can_be_handed_over_only_from_that_holder(stores):
    a, b, _ = stores
    now = utcnow()
    await a.leases.take("polling:1", "dead", now=now, until=now + LEASE)

    wrong = await b.leases.hand_over("polling:1", old="someone", new="b", now=now, until=now + LEASE)
    right = await b.leases.hand_over("polling:1", old="dead", new="b", now=now, until=now + LEASE)

    assert (wrong, right) == (False, True)
    assert (await a.leases.holder("polling:1", now=now)).owner == "b"


async def test_spans_of_a_shared_pace_never_overlap_across_workers(stores):
    span = 0.1

    async def start(store):
        wait = await store.send_rates.reserve("telegram:1", span)
        return time.monotonic() + wait  # when this worker's span begins

    starts = sorted(await asyncio.gather(*(start(s) for s in stores for _ in range(4))))

    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert min(gaps) >= span * 0.8  # a little slack for the time between the database and us
    assert starts[-1] - starts[0] >= span * 11 * 0.8


async def test_holding_a_pace_makes_the_next_span_wait(stores):
    await stores[0].send_rates.hold("telegram:1", 5.0)

    wait = await stores[1].send_rates.reserve("telegram:1", 0.1)

    assert 4.0 < wait <= 5.0


async def test_workers_meeting_a_new_chat_at_once_make_one_row_without_an_error(stores):
    chats = await asyncio.gather(*(s.chats.get(4242) for s in stores for _ in range(3)))

    assert {chat.id for chat in chats} == {4242}
    assert await stores[0].chats.count() == 1
