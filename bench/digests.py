"""A broadcast of 10,000 digests due at once, sent to the loopback Bot API by the real sender.

10,000 chats subscribe to 100 topics (100 chats each) on a store of 100 articles. The digest
runner claims, builds (one briefing per topic), filters, sends through ``TelegramDigestSender``
and records every digest. The sender's ceiling is raised (``--rate``) so the figures show our
own cost; the Bot API server runs in a process of its own, so its work is not counted.
Prints our send rate, CPU seconds per 1,000 digests, the total time, and the time the same
broadcast takes at Telegram's 30 messages/s (its floor for 10,000 messages is 334 s).
Run: `make bench-digests` (or `python -m bench.digests --chats 2000`). Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.subscribers import add_due_subscribers
from bot.services.digests.tuning import DigestTuning
from bot.services.wiring import build_services
from bot.telegram.sender import TelegramDigestSender
from config import DigestSettings, StoreSettings, TelegramSettings, load_settings
from ingest.fingerprints import content_hash, simhash
from store.articles import NewArticle
from store.timestamps import UTCDateTime

TELEGRAM_RATE = 30.0
TOKEN = "123:BENCH"
SERVER = (
    "import asyncio, sys\n"
    "from tests.telegram.fake_bot_api import FakeBotAPI\n"
    "async def main():\n"
    f"    api = FakeBotAPI(token={TOKEN!r})\n"
    "    await api.start()\n"
    "    print(api.port, flush=True)\n"
    "    await asyncio.Event().wait()\n"
    "asyncio.run(main())\n"
)


def invented_article(seed: int) -> NewArticle:
    """An article of made-up words on topic ``seed`` (never a near-duplicate of another)."""
    spread = random.Random(seed)
    words = [
        "".join(spread.choice("bcdfghklmnprstvz") + spread.choice("aeiou") for _ in range(3))
        for _ in range(80)
    ]
    body = " ".join(f"Topic{seed} {' '.join(words[i : i + 10])}." for i in range(0, 80, 10))
    title = f"Topic{seed} {words[0]} {words[1]}"
    return NewArticle(
        title=title, text=body, content_hash=content_hash(title, body), simhash=simhash(f"{title}\n{body}")
    )


async def prepare(services, chats: int, topics: int, slot: datetime) -> None:
    await services.store.articles.add_many([invented_article(n) for n in range(topics)], source="Wire")
    engine = services.store.engine
    async with engine.begin() as conn:
        earlier = UTCDateTime().process_bind_param(slot - timedelta(hours=1), engine.dialect)
        await conn.execute(text("UPDATE articles SET ingested_at = :at"), {"at": earlier})
    await add_due_subscribers(
        engine, range(10_000, 10_000 + chats), query=lambda c: f"topic{c % topics}", slot=slot
    )


async def bench(chats: int, topics: int, rate: float, concurrency: int, port: int, folder: Path) -> None:
    tuning = DigestTuning(send_concurrency=concurrency, chat_interval_seconds=0, claim_batch=500)
    settings = load_settings(
        store=StoreSettings(url=f"sqlite+aiosqlite:///{folder}/bench.db"),
        telegram=TelegramSettings(token=TOKEN, api_base_url=f"http://127.0.0.1:{port}/bot"),
        digest=DigestSettings(send_rate=rate),
    )
    services = await build_services(settings, digest_tuning=tuning)
    sender = TelegramDigestSender(settings, digest_tuning=tuning)
    try:
        slot = datetime.now(UTC).replace(microsecond=0)
        await prepare(services, chats, topics, slot)
        builds = services.briefings.builds
        cpu, wall = time.process_time(), time.perf_counter()
        report = await services.digests.run_due(sender)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        await sender.aclose()
        await services.aclose()
    sent = report.sent + report.empty
    telegram = max(wall, math.ceil(sent / TELEGRAM_RATE))
    print(f"digests due: {chats:,} in {topics} topics; sent {sent:,} ({report.failed} failed)")
    print(f"briefings built: {services.briefings.builds - builds} (runner: {report.builds})")
    print(
        f"our send rate: {sent / wall:,.0f} msg/s (ceiling raised to {rate:,.0f}/s, {concurrency} in flight)"
    )
    print(f"CPU: {cpu:.2f} s in all, {1000 * cpu / sent:.2f} s per 1,000 digests")
    print(f"total time: {wall:.1f} s")
    print(
        f"at Telegram's {TELEGRAM_RATE:.0f} msg/s: {telegram:,.0f} s (its floor for {sent:,} messages),"
        f" our CPU busy {100 * cpu / telegram:.1f}% of that time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--rate", type=float, default=100_000.0, help="the sender's ceiling, msg/s")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(bench(args.chats, args.topics, args.rate, args.concurrency, port, Path(folder)))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
