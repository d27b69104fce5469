"""`briefbot run` killed with SIGKILL in the middle of a broadcast, then started again."""

from __future__ import annotations

import asyncio
import collections
import signal
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from bot.arguments import SubscribeRequest
from bot.services.digests.tuning import DigestTuning
from bot.services.wiring import build_services
from config import StoreSettings, load_settings
from store.timestamps import UTCDateTime, utcnow
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.processes import RUN, SEND_DUE, bot_env, tuned

CHATS = range(2001, 2061)
CONCURRENCY = 4
# Quick ticks and short leases, so a restart takes the dead process's claims over within the test.
QUICK = DigestTuning(
    send_concurrency=CONCURRENCY, tick_seconds=0.2, lease_seconds=2.0, chat_interval_seconds=0.0
)


async def _prepare(url: str) -> None:
    """60 chats subscribed, their digests due now, on the demo corpus."""
    settings = load_settings(store=StoreSettings(url=url))
    services = await build_services(settings, seed_demo=True)
    try:
        for chat in CHATS:
            await services.subscriptions.subscribe(chat, SubscribeRequest())
        now = UTCDateTime().process_bind_param(utcnow() + timedelta(seconds=1), services.store.engine.dialect)
        async with services.store.engine.begin() as conn:
            await conn.execute(text("UPDATE subscriptions SET next_run_at = :at"), {"at": now})
    finally:
        await services.aclose()


async def _spawn(
    api: FakeBotAPI, url: str, cwd: Path, tuning: DigestTuning = QUICK
) -> asyncio.subprocess.Process:
    env = bot_env(api, url, BRIEFBOT_DIGEST__SEND_RATE="15")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUN, tuned(digest=tuning), cwd=cwd, env=env, stderr=asyncio.subprocess.DEVNULL
    )


async def _send_due(env: dict[str, str], cwd: Path, tuning: DigestTuning) -> tuple[int, str]:
    """`briefbot digest send-due` run to its end, as cron would: its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SEND_DUE,
        tuned(digest=tuning),
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode()


def _digests(api: FakeBotAPI) -> collections.Counter[int]:
    return collections.Counter(int(p["chat_id"]) for p, _ in api.delivered if int(p["chat_id"]) in CHATS)


async def test_a_bot_killed_mid_broadcast_delivers_every_digest_after_restart_none_twice_bar_in_flight(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/run.db"
    await _prepare(url)

    first = await _spawn(api, url, tmp_path)
    await api.wait_for(lambda a: sum(_digests(a).values()) >= 20)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    at_kill = _digests(api)
    assert 20 <= sum(at_kill.values()) < len(CHATS)  # killed mid-broadcast

    second = await _spawn(api, url, tmp_path)
    try:
        await api.wait_for(lambda a: set(_digests(a)) == set(CHATS))
        await asyncio.sleep(1.0)  # a few more ticks: nothing more may come
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), 20)

    received = _digests(api)
    assert set(received) == set(CHATS)
    repeated = sum(count - 1 for count in received.values())
    assert repeated <= CONCURRENCY  # only sends in flight at the kill may come twice
    assert second.returncode == 0


async def test_send_due_from_cron_sends_what_is_due_once_and_exits(api: FakeBotAPI, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/cron.db"
    await _prepare(url)
    env = bot_env(api, url, BRIEFBOT_DIGEST__SEND_RATE="1000")
    tuning = DigestTuning(chat_interval_seconds=0.0)
    await asyncio.sleep(1.1)  # the prepared slots fall due

    first = await _send_due(env, tmp_path, tuning)
    second = await _send_due(env, tmp_path, tuning)

    assert first == (0, "Sent 60 digests, 0 with nothing new; skipped 0, failed 0, blocked 0.\n")
    assert second[1].startswith("Sent 0 digests")
    assert _digests(api) == collections.Counter({chat: 1 for chat in CHATS})


async def test_send_due_beside_a_running_bot_sends_each_digest_once_on_the_shared_pace(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/beside.db"
    await _prepare(url)
    small_batches = replace(QUICK, claim_batch=5)  # so both get a share
    bot = await _spawn(api, url, tmp_path, small_batches)
    env = bot_env(api, url, BRIEFBOT_DIGEST__SEND_RATE="15")
    await asyncio.sleep(1.1)  # the prepared slots fall due
    try:
        code, out = await _send_due(env, tmp_path, DigestTuning(claim_batch=5, chat_interval_seconds=0.0))
        assert code == 0
        await api.wait_for(lambda a: set(_digests(a)) == set(CHATS))
        await asyncio.sleep(0.5)
    finally:
        bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(bot.wait(), 20)

    assert _digests(api) == collections.Counter({chat: 1 for chat in CHATS})
    by_cron = int(out.split()[1])  # "Sent N digests, ..."
    assert 0 < by_cron < len(CHATS)  # both sent a share
    sends = sorted(t for (name, _), t in zip(api.calls, api.call_times, strict=True) if name == "sendMessage")
    assert sends[-1] - sends[0] >= (len(CHATS) - 16) / 15  # one pace of 15/s for both, not 15/s each
