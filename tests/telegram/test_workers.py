"""Workers in one process against the loopback Bot API: webhook workers sharing stored updates,
the polling lease, /healthz and /metrics. (tests/scale/ runs them as real processes.)"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.services.digests.tuning import DigestTuning
from bot.services.wiring import Services, build_services
from bot.telegram.app import build_application
from bot.telegram.metrics import PrometheusMeter
from bot.telegram.update_worker import UpdateTuning
from bot.telegram.webserver import SECRET_HEADER
from bot.telegram.worker import Worker, webhook_secret
from config import Settings, StoreSettings, TelegramSettings, load_settings
from errors import WorkerRefused
from store.store import open_store
from store.timestamps import utcnow
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.processes import free_port
from tests.telegram.updates import message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


@dataclass
class RunningWorker:
    worker: Worker
    services: Services
    meter: PrometheusMeter
    task: asyncio.Task[None]
    port: int | None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if not self.task.done():
            self.worker.stop()
        await asyncio.wait_for(asyncio.shield(self.task), 20)


StartWorker = Callable[..., Awaitable[RunningWorker]]


@pytest.fixture
async def start_worker(
    api: FakeBotAPI, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StartWorker]:
    """Start a worker as `briefbot run` does (without its signal handlers), on the test database."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    running: list[RunningWorker] = []

    async def start(
        *, webhook: bool = True, seed_demo: bool = False, updates: UpdateTuning | None = None, **telegram: Any
    ) -> RunningWorker:
        port = free_port()
        options: dict[str, Any] = {"token": api.token, "api_base_url": api.base_url}
        if webhook:
            options.update(webhook_url=f"http://127.0.0.1:{port}/hook", webhook_port=port)
        options.update(telegram)
        settings = load_settings(store=StoreSettings(url=store_url), telegram=TelegramSettings(**options))
        meter = PrometheusMeter()
        services = await build_services(
            settings, seed_demo=seed_demo, meter=meter, digest_tuning=DigestTuning(heartbeat_seconds=1.0)
        )
        # In one process every worker has the same pid: never take another's lease for a dead one's.
        app = build_application(settings, services)
        worker = Worker(app, services, settings, meter, holder_gone=lambda _owner: False, updates=updates)
        task = asyncio.create_task(worker.run(handle_signals=False))
        started = asyncio.create_task(worker.running.wait())
        await asyncio.wait({task, started}, timeout=20, return_when=asyncio.FIRST_COMPLETED)
        started.cancel()
        if task.done():
            task.result()  # raises what stopped it (a refusal)
        served = port if webhook else telegram.get("metrics_port")
        handle = RunningWorker(worker, services, meter, task, served)
        running.append(handle)
        return handle

    yield start
    for handle in running:
        await handle.stop()


def settings_of(api: FakeBotAPI) -> Settings:
    return load_settings(telegram=TelegramSettings(token=api.token, api_base_url=api.base_url))


async def post(worker: RunningWorker, update: dict[str, Any], secret: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=worker.url) as client:
        return await client.post(
            "/hook",
            content=json.dumps(update),
            headers={"Content-Type": "application/json", SECRET_HEADER: secret},
        )


async def test_the_same_update_posted_to_two_workers_is_answered_once(api, start_worker):
    first, second = await start_worker(), await start_worker()
    secret = webhook_secret(settings_of(api))
    update = {"update_id": 501, **message_update("/help", chat_id=77)}

    answers = [await post(first, update, secret), await post(second, update, secret)]
    await api.wait_for(lambda a: a.sent_to(77))
    await asyncio.sleep(0.5)  # time enough for a second answer, were one coming

    assert [a.status_code for a in answers] == [200, 200]
    assert len(api.sent_to(77)) == 1
    assert api.sent("setWebhook")[0]["secret_token"] == secret
    assert await first.services.store.updates.waiting() == 0


async def test_an_update_left_by_a_dead_worker_is_answered_by_another_once_its_lease_lapses(
    api, start_worker
):
    live = await start_worker(updates=UpdateTuning(lease_seconds=1.0, poll_seconds=0.1))
    store = live.services.store
    now = utcnow()
    update = {"update_id": 900, **message_update("/help", chat_id=78)}
    await store.updates.store(900, update, now=now)
    # Claimed by a worker that died at once: its lease runs a second more.
    await store.updates.claim("dead-host:1:aa", now=now, lease_until=now + timedelta(seconds=1), limit=5)

    await api.wait_for(lambda a: a.sent_to(78))

    assert len(api.sent_to(78)) == 1


async def test_a_webhook_refuses_a_wrong_secret_and_drops_what_can_never_be_stored(
    api, start_worker, caplog: pytest.LogCaptureFixture
):
    worker = await start_worker(webhook_secret="the-right-one")
    update = {"update_id": 7, **message_update("/help", chat_id=79)}
    deep = b'{"update_id": 8, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    huge_id = json.dumps({"update_id": 2**64, **message_update("/help", chat_id=79)}).encode()
    # Telegram sends again whatever it did not get a 2xx for: these would come back for ever.
    never = {"garbage": b"{not json", "no_id": b'{"message": {}}', "deep": deep, "huge_id": huge_id}

    forged = await post(worker, update, "not-it")
    async with httpx.AsyncClient(base_url=worker.url) as client:
        missing = await client.post("/hook", content=json.dumps(update))
        dropped = {
            name: await client.post("/hook", content=body, headers={SECRET_HEADER: "the-right-one"})
            for name, body in never.items()
        }
    await asyncio.sleep(0.3)

    assert [r.status_code for r in (forged, missing)] == [403, 403]
    assert {name: r.status_code for name, r in dropped.items()} == dict.fromkeys(never, 200)
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.webserver"]
    assert [w for w in warnings if w.startswith("webhook body dropped")] == [
        "webhook body dropped: not valid JSON (Expecting property name enclosed in double quotes)",
        "webhook body dropped: not a Telegram update (no update_id)",
        "webhook body dropped: nested deeper than 64 levels",
        "webhook body dropped: update_id does not fit in 64 bits",
    ]
    assert not any(r.exc_info for r in caplog.records)
    assert api.sent_to(79) == []
    assert await worker.services.store.updates.waiting() == 0


async def test_healthz_and_metrics_are_served_beside_the_webhook(api, start_worker):
    worker = await start_worker(webhook_secret="s3cret")
    update = {"update_id": 31, **message_update("/help", chat_id=80)}
    await post(worker, update, "s3cret")
    await post(worker, update, "s3cret")
    await api.wait_for(lambda a: a.sent_to(80))

    async with httpx.AsyncClient(base_url=worker.url) as client:
        health = await client.get("/healthz")
        metrics = await client.get("/metrics")

    assert (health.status_code, health.json()) == (200, {"status": "ok", "database": "ok"})
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'briefbot_webhook_requests_total{result="stored"} 1.0' in text
    assert 'briefbot_webhook_requests_total{result="duplicate"} 1.0' in text
    assert "briefbot_updates_handled_total 1.0" in text
    for name in ("briefbot_digests_total", "briefbot_llm_calls_total", "briefbot_llm_tokens_total"):
        assert name in text
    for name in ("briefbot_feed_polls_total", "briefbot_feed_errors_total", "briefbot_send_seconds_bucket"):
        assert name in text


async def test_a_second_polling_worker_is_refused_in_one_line(api, start_worker):
    await start_worker(webhook=False)

    with pytest.raises(WorkerRefused) as refused:
        await start_worker(webhook=False)

    line = str(refused.value)
    assert "\n" not in line
    assert line.startswith("another worker already polls this bot (")
    assert "BRIEFBOT_TELEGRAM__WEBHOOK_URL" in line
    assert len(api.sent("deleteWebhook")) == 1  # the second never touched Telegram


async def test_a_poller_is_refused_beside_webhook_workers_and_a_webhook_worker_beside_a_poller(
    api, start_worker
):
    webhook_worker = await start_worker()
    await webhook_worker.services.digests.beat("webhook")  # its first heartbeat, as the tick does

    with pytest.raises(WorkerRefused) as poller:
        await start_worker(webhook=False)
    await webhook_worker.stop()
    await start_worker(webhook=False)
    with pytest.raises(WorkerRefused) as second_webhook:
        await start_worker()

    assert "webhook workers are running for this bot" in str(poller.value)
    assert str(second_webhook.value).startswith("a worker polls this bot (")


async def test_a_polling_worker_serves_healthz_and_metrics_on_the_metrics_port(api, start_worker):
    port = free_port()
    worker = await start_worker(webhook=False, metrics_port=port)
    api.push(message_update("/help", chat_id=81))
    await api.wait_for(lambda a: a.sent_to(81))

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        health = await client.get("/healthz")
        metrics = await client.get("/metrics")
        hook = await client.post("/hook", content=b"{}")

    assert health.status_code == 200
    assert "briefbot_updates_handled_total 1.0" in metrics.text
    assert hook.status_code in (404, 405)  # no webhook in polling mode
    assert worker.port == port


async def test_a_polling_worker_stopped_cleanly_gives_its_lease_back(api, start_worker):
    first = await start_worker(webhook=False)
    await first.stop()

    second = await start_worker(webhook=False)

    assert not second.task.done()


async def test_an_update_that_never_finished_after_its_attempts_is_given_up_not_answered(
    api, start_worker, store_url
):
    before = await open_store(StoreSettings(url=store_url))  # all before a worker could take it
    now = utcnow()
    try:
        update = {"update_id": 950, **message_update("/help", chat_id=82)}
        await before.updates.store(950, update, now=now)
        for n in range(3):  # three workers took it and died before finishing it
            await before.updates.claim(
                f"dead:{n}:aa", now=now, lease_until=now - timedelta(seconds=1), limit=5
            )
    finally:
        await before.aclose()

    worker = await start_worker(updates=UpdateTuning(poll_seconds=0.1))
    store = worker.services.store
    await api.wait_for(lambda _: "briefbot_updates_given_up_total 1.0" in worker.meter.render().decode())

    assert api.sent_to(82) == []
    assert await store.updates.waiting() == 0


async def test_a_worker_whose_database_is_down_answers_503_so_telegram_sends_again():
    from sqlalchemy.ext.asyncio import create_async_engine

    from bot.telegram.webserver import Webhook, WebServer
    from store.engine import session_factory
    from store.updates import UpdateRepository

    engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none", connect_args={"timeout": 1})
    updates = UpdateRepository(session_factory(engine), engine.dialect)

    async def ping() -> None:
        async with engine.connect():
            pass

    port = free_port()
    server = WebServer(
        listen="127.0.0.1",
        port=port,
        meter=PrometheusMeter(),
        health=ping,
        webhook=Webhook("/hook", "s3cret", updates, lambda: None),
    )
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            stored = await client.post(
                "/hook",
                content=json.dumps({"update_id": 1, **message_update("/help")}),
                headers={SECRET_HEADER: "s3cret"},
            )
            health = await client.get("/healthz")
    finally:
        await server.stop()
        await engine.dispose()

    assert stored.status_code == 503
    assert (health.status_code, health.json()["status"]) == (503, "unavailable")
