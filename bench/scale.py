"""Scaling out on PostgreSQL: digests with 1, 2 and 3 workers, and /brief on PostgreSQL and SQLite.

Digests: N subscriptions (default 1,000, in 10 topics, on invented articles) fall due at once in
a fresh PostgreSQL database while 1, 2 or 3 `briefbot run` webhook worker processes run; the
send ceiling is raised (``--rate``) so the figures show our own cost. Printed per run: digests
sent, wall time, CPU seconds of the workers per 1,000 digests, and of the PostgreSQL backends
serving them. This machine has 2 cores shared by workers, database and the loopback Bot API (a
process of its own, not counted), so expect the CPU cost per digest to stay flat, not the wall
time to fall in proportion.

/brief: the same 50,000 generated articles (bench/ingest_brief.py's invented events) are stored
in SQLite and in PostgreSQL, then briefings with and without topics are timed side by side,
alternating between the databases, each with a fresh briefing service (no warm caches).

Needs a PostgreSQL: BRIEFBOT_TEST_POSTGRES_URL (`make bench-scale` starts a throwaway one).
Run: `make bench-scale` (or `python -m bench.scale --digests 500 --articles 5000`). Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.digests import SERVER, TOKEN, prepare
from bench.ingest_brief import make_corpus, pct
from bot.periods import parse_period
from bot.services.briefings import BriefingService
from bot.services.wiring import build_services
from config import StoreSettings, load_settings
from store.search.query import parse_query
from store.timestamps import UTCDateTime
from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning
from tests.postgres import POSTGRES_ENV, PostgresServer
from tests.scale.workers import start_workers

TICKS = os.sysconf("SC_CLK_TCK")
QUERIES = [(None, None), (None, "24h"), ("strike", None), ("storm", "3d"), ("rates inflation", "7d")]


@dataclass(frozen=True)
class Endpoint:
    """The loopback Bot API the workers talk to."""

    token: str
    base_url: str


def cpu_seconds(pid: int) -> float:
    """User and system CPU a live process of this host has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


async def backend_pids(services, database: str) -> list[int]:
    async with services.store.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()"),
            {"db": database},
        )
        return [int(pid) for (pid,) in rows]


async def sent_count(services) -> int:
    async with services.store.engine.connect() as conn:
        return int(
            (await conn.execute(text("SELECT count(*) FROM deliveries WHERE status = 'sent'"))).scalar()
        )


async def digests_with(workers: int, server: PostgresServer, api: Endpoint, count: int, rate: float) -> None:
    name = server.create()
    url = server.url_of(name)
    services = await build_services(load_settings(store=StoreSettings(url=url)))
    folder = Path(tempfile.mkdtemp())
    started = []
    try:
        later = datetime.now(UTC) + timedelta(days=1)
        await prepare(services, count, 10, later)  # due tomorrow: nothing is sent yet
        dialect = services.store.engine.dialect
        async with services.store.engine.begin() as conn:  # the articles arrived an hour ago
            earlier = UTCDateTime().process_bind_param(datetime.now(UTC) - timedelta(hours=1), dialect)
            await conn.execute(text("UPDATE articles SET ingested_at = :at"), {"at": earlier})
        started = await start_workers(
            api, url, workers, folder, send_concurrency=8, DIGEST__SEND_RATE=str(rate)
        )
        backends = await backend_pids(services, name)
        before = {pid: cpu_seconds(pid) for pid in [w.pid for w in started] + backends}
        now = UTCDateTime().process_bind_param(datetime.now(UTC), services.store.engine.dialect)
        wall = time.perf_counter()
        async with services.store.engine.begin() as conn:
            await conn.execute(text("UPDATE subscriptions SET next_run_at = :now"), {"now": now})
        sent = 0
        while sent < count:  # the database is where the workers meet: watch it
            await asyncio.sleep(0.05)
            sent = await sent_count(services)
        wall = time.perf_counter() - wall
        backends = await backend_pids(services, name)
        worker_cpu = sum(cpu_seconds(w.pid) - before.get(w.pid, 0.0) for w in started)
        db_cpu = sum(cpu_seconds(pid) - before.get(pid, 0.0) for pid in backends)
        per = 1000 / sent
        print(
            f"{workers} worker{'s' if workers > 1 else ' '}: {sent:,} digests in {wall:5.1f} s "
            f"= {sent / wall:6.0f}/s   CPU per 1,000 digests: workers {worker_cpu * per:5.2f} s, "
            f"PostgreSQL {db_cpu * per:5.2f} s"
        )
    finally:
        await asyncio.gather(*(w.stop() for w in started), return_exceptions=True)
        await services.aclose()
        server.drop(name)


async def ingest(url: str, corpus: Path, label: str):
    services = await build_services(load_settings(store=StoreSettings(url=url)))
    started = time.perf_counter()
    report = await services.library.ingest_paths([corpus])
    elapsed = time.perf_counter() - started
    rate = report.stored / elapsed
    print(f"{label:10s}: stored {report.stored:,} articles in {elapsed:5.1f} s = {rate:,.0f}/s")
    return services


async def brief_side_by_side(server: PostgresServer, articles: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, articles)
        name = server.create()
        stores = {
            "SQLite": await ingest(f"sqlite+aiosqlite:///{tmp}/bench.db", corpus, "SQLite"),
            "PostgreSQL": await ingest(server.url_of(name), corpus, "PostgreSQL"),
        }
        try:
            times: dict[str, dict[str, list[float]]] = {db: {"all": [], "topic": []} for db in stores}
            for i in range(runs):
                topic, period = QUERIES[i % len(QUERIES)]
                for label, services in stores.items():
                    settings = SummaryTuning()
                    cold = BriefingService(services.store, ExtractiveSummarizer(settings), settings)
                    t0 = time.perf_counter()
                    await cold.brief(
                        chat_id=None,
                        topic=parse_query(topic) if topic else None,
                        period=parse_period(period) if period else None,
                    )
                    times[label]["topic" if topic else "all"].append((time.perf_counter() - t0) * 1000)
            for label, kinds in times.items():
                every = kinds["all"] + kinds["topic"]
                p50, p95 = statistics.median(every), pct(every, 0.95)
                print(
                    f"/brief on {label:10s}: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
                    f"   (topics: p50 {statistics.median(kinds['topic']):6.1f} ms;"
                    f" newest news: p50 {statistics.median(kinds['all']):6.1f} ms; n={len(every)})"
                )
        finally:
            for services in stores.values():
                await services.aclose()
            server.drop(name)


async def main_async(args: argparse.Namespace, api: Endpoint) -> None:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    server = PostgresServer(url)
    server.prepare_template()
    try:
        if args.digests:
            print(f"== {args.digests:,} digests due at once; send ceiling {args.rate:,.0f}/s ==")
            for workers in (1, 2, 3):
                await digests_with(workers, server, api, args.digests, args.rate)
        if args.articles:
            print(f"\n== /brief over {args.articles:,} articles, SQLite and PostgreSQL side by side ==")
            await brief_side_by_side(server, args.articles, args.runs)
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digests", type=int, default=1000, help="digests due at once (0: skip)")
    parser.add_argument("--rate", type=float, default=100_000.0, help="the send ceiling, msg/s")
    parser.add_argument("--articles", type=int, default=50_000, help="stored articles for /brief (0: skip)")
    parser.add_argument("--runs", type=int, default=60, help="briefings timed on each database")
    args = parser.parse_args()
    if not os.environ.get(POSTGRES_ENV, "").strip():
        sys.exit(f"{POSTGRES_ENV} is not set: run `make bench-scale`, which starts a PostgreSQL")
    root = Path(__file__).parent.parent
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        asyncio.run(main_async(args, Endpoint(TOKEN, f"http://127.0.0.1:{port}/bot")))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
