"""Start, watch and kill `briefbot run` worker processes (webhook mode) for the scale tests and bench."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from bot.services.digests.tuning import DigestTuning
from bot.telegram.update_worker import UpdateTuning
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.processes import RUN, bot_env, free_port, tuned

SECRET = "scale-test-secret"
# Short leases and quick looks, so a killed worker's updates and claims are taken over in time.
UPDATES = UpdateTuning(lease_seconds=2.0, poll_seconds=0.2)
DIGESTS = DigestTuning(tick_seconds=0.2, lease_seconds=2.0, heartbeat_seconds=1.0, chat_interval_seconds=0.0)


@dataclass
class WorkerProcess:
    process: asyncio.subprocess.Process
    port: int

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 30)


def worker_env(api: FakeBotAPI, url: str, port: int, **settings: str) -> dict[str, str]:
    return bot_env(
        api,
        url,
        BRIEFBOT_TELEGRAM__WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        BRIEFBOT_TELEGRAM__WEBHOOK_PORT=str(port),
        BRIEFBOT_TELEGRAM__WEBHOOK_SECRET=SECRET,
        BRIEFBOT_LOG_LEVEL="WARNING",
        **{f"BRIEFBOT_{key.upper()}": value for key, value in settings.items()},
    )


async def start_workers(
    api: FakeBotAPI, url: str, count: int, cwd: Path, *, send_concurrency: int | None = None, **settings: str
) -> list[WorkerProcess]:
    """``count`` webhook workers on database ``url``, each answering /healthz when this returns;
    ``settings`` as ``DIGEST__SEND_RATE="400"``, and ``send_concurrency`` instead of the default's."""
    digests = DIGESTS if send_concurrency is None else replace(DIGESTS, send_concurrency=send_concurrency)
    workers = []
    for _ in range(count):
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            RUN,
            tuned(digest=digests, updates=UPDATES),
            cwd=cwd,
            env=worker_env(api, url, port, **settings),
            stderr=asyncio.subprocess.DEVNULL,
        )
        workers.append(WorkerProcess(process, port))
    await asyncio.gather(*(healthy(w) for w in workers))
    return workers


async def healthy(worker: WorkerProcess, within: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    async with httpx.AsyncClient(base_url=worker.url, timeout=2) as client:
        while True:
            if worker.process.returncode is not None:
                raise AssertionError(f"worker {worker.pid} exited with {worker.process.returncode}")
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"worker {worker.pid} never became healthy")
            await asyncio.sleep(0.1)


def messages_per_chat(api: FakeBotAPI, chats: range) -> Counter[int]:
    """Messages delivered to each of ``chats`` (a digest of the demo corpus is one message)."""
    return Counter(int(p["chat_id"]) for p, _ in api.delivered if int(p["chat_id"]) in chats)


def owner_pid(owner: str) -> int:
    """The process id in an owner name (``host:pid:nonce``)."""
    return int(owner.split(":")[1])
