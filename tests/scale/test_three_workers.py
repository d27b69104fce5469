"""Three `briefbot run` worker processes on one PostgreSQL, behind one (loopback) webhook.

Digests: 1,000 due at once are sent once each; with a worker killed by SIGKILL mid-run none is
lost and none doubled beyond what that worker had in flight; together the workers stay under
Telegram's 30 messages/s. Updates: a copy Telegram sends again, even to another worker, is
answered once; an update whose worker is killed half-way is answered by another.
"""

from __future__ import annotations

import asyncio
import bisect
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from bench.subscribers import add_due_subscribers
from bot.services.wiring import build_services
from config import StoreSettings, load_settings
from store.timestamps import utcnow
from tests.scale.workers import SECRET, WorkerProcess, messages_per_chat, owner_pid, start_workers
from tests.telegram.updates import message_update

WORKERS = 3
CONCURRENCY = 4  # digests in flight per worker: the most a kill may repeat


@pytest.fixture
async def database(postgres_url: str) -> str:
    """A PostgreSQL database with the demo corpus stored, for digests with something in them."""
    services = await build_services(load_settings(store=StoreSettings(url=postgres_url)), seed_demo=True)
    await services.aclose()
    return postgres_url


StartWorkers = Callable[..., Awaitable[list[WorkerProcess]]]


@pytest.fixture
async def workers(api, database, tmp_path) -> AsyncIterator[StartWorkers]:
    """Start the three workers with these settings (``DIGEST__SEND_RATE="400"``) and digests in
    flight per worker; stopped after."""
    running: list[WorkerProcess] = []

    async def start(send_concurrency: int | None = None, **settings: str) -> list[WorkerProcess]:
        started = await start_workers(
            api, database, WORKERS, tmp_path, send_concurrency=send_concurrency, **settings
        )
        running.extend(started)
        return started

    yield start
    await asyncio.gather(*(w.stop() for w in running), return_exceptions=True)


async def _due(url: str, chats: range) -> None:
    services = await build_services(load_settings(store=StoreSettings(url=url)))
    try:
        await add_due_subscribers(services.store.engine, chats, slot=utcnow() - timedelta(seconds=1))
    finally:
        await services.aclose()


async def _claims_of(url: str, pid: int) -> int:
    services = await build_services(load_settings(store=StoreSettings(url=url)))
    try:
        async with services.store.engine.connect() as conn:
            found = await conn.execute(text("SELECT owner FROM deliveries WHERE status = 'sending'"))
            return sum(1 for (owner,) in found if owner and owner_pid(owner) == pid)
    finally:
        await services.aclose()


async def test_a_thousand_digests_due_at_once_are_sent_once_each_by_three_workers(api, database, workers):
    chats = range(100_001, 101_001)
    await _due(database, chats)

    await workers(DIGEST__SEND_RATE="400", send_concurrency=CONCURRENCY)
    await api.wait_for(lambda a: len(messages_per_chat(a, chats)) == len(chats))
    await asyncio.sleep(1.0)  # a few more ticks: nothing more may come

    received = messages_per_chat(api, chats)
    assert set(received) == set(chats)
    assert set(received.values()) == {1}


async def test_a_worker_killed_mid_run_loses_no_digest_and_repeats_at_most_its_sends_in_flight(
    api, database, workers
):
    chats = range(200_001, 200_601)
    await _due(database, chats)
    started = await workers(DIGEST__SEND_RATE="150", send_concurrency=CONCURRENCY)
    victim = started[0]

    async def mid_run() -> bool:
        return len(messages_per_chat(api, chats)) >= 150 and await _claims_of(database, victim.pid) > 0

    deadline = asyncio.get_running_loop().time() + 60
    while not await mid_run():
        assert asyncio.get_running_loop().time() < deadline, "the victim never held claims mid-run"
        await asyncio.sleep(0.05)
    victim.kill()
    await victim.process.wait()
    at_kill = len(messages_per_chat(api, chats))
    await api.wait_for(lambda a: len(messages_per_chat(a, chats)) == len(chats))
    await asyncio.sleep(1.0)

    received = messages_per_chat(api, chats)
    assert at_kill < len(chats)  # killed mid-run
    assert set(received) == set(chats)  # none lost
    assert sum(n - 1 for n in received.values()) <= CONCURRENCY  # only its sends in flight repeat


async def test_three_workers_together_stay_under_thirty_messages_a_second(api, database, workers):
    chats = range(300_001, 300_151)
    await _due(database, chats)

    await workers()  # the default pace: 25 messages/s for the whole bot
    await api.wait_for(lambda a: len(messages_per_chat(a, chats)) == len(chats))

    moments = sorted(
        t
        for (name, params), t in zip(api.calls, api.call_times, strict=True)
        if name == "sendMessage" and int(params["chat_id"]) in chats
    )
    busiest = max(bisect.bisect_left(moments, t + 1.0) - i for i, t in enumerate(moments))
    assert busiest <= 30
    assert moments[-1] - moments[0] >= (len(chats) - 30) / 30  # shared: not three times 25/s


async def _post(worker: WorkerProcess, update: dict) -> int:
    async with httpx.AsyncClient(base_url=worker.url, timeout=10) as client:
        response = await client.post(
            "/hook",
            content=json.dumps(update),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    return response.status_code


async def test_an_update_sent_again_to_other_workers_is_answered_once(api, workers):
    started = await workers()
    update = {"update_id": 7001, **message_update("/help", chat_id=7001)}

    codes = await asyncio.gather(*(_post(w, update) for w in started))
    await api.wait_for(lambda a: a.sent_to(7001))
    await asyncio.sleep(1.0)
    late_copy = await _post(started[1], update)
    await asyncio.sleep(1.0)

    assert codes == [200, 200, 200]
    assert late_copy == 200
    assert len(api.sent_to(7001)) == 1


async def test_an_update_whose_worker_is_killed_half_way_is_answered_by_another(api, database, workers):
    started = await workers()
    api.hold_first(7002)  # the first answer never arrives: its worker is busy with it
    update = {"update_id": 7002, **message_update("/help", chat_id=7002)}

    assert await _post(started[0], update) == 200
    await api.wait_for(lambda a: 7002 in a.held)
    services = await build_services(load_settings(store=StoreSettings(url=database)))
    try:
        async with services.store.engine.connect() as conn:
            owner = (await conn.execute(text("SELECT owner FROM updates WHERE update_id = 7002"))).scalar()
    finally:
        await services.aclose()
    (victim,) = [w for w in started if w.pid == owner_pid(owner)]
    victim.kill()
    await victim.process.wait()

    await api.wait_for(lambda a: a.sent_to(7002))

    assert len(api.sent_to(7002)) == 1
