"""What LLM briefings cost and how much latency briefbot adds, against a fixed-latency server.

An OpenAI-compatible server on loopback (tests/llm/fake_openai.py) answers every request after
a fixed delay (default 200 ms), with faithful cited replies, and counts tokens at characters / 4.
Over a generated corpus (bench/ingest_brief.py's invented events), it prints:
- LLM calls and prompt / completion tokens for a first /brief, a repeated one, and one after a
  single new article joined one story;
- the latency briefbot adds on top of the server: a cold LLM briefing minus the same briefing
  offline minus the server's own time, per call, one story at a time (p50 / p95), the wall time
  with the default concurrency, and the time to the first checked sentence;
- with ``--digests``, a digest run (``digest_run``) for 1,000 subscribers due at once in 10 groups.
With ``--real`` (or ``--base-url`` of a server already running on loopback) it measures a real
server and model instead: see ``bench.llm_real``.
Prints figures; asserts nothing. Run: `make bench-llm` (or `python -m bench.llm --runs 5`).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import text

from bench.ingest_brief import make_corpus, pct
from bench.llm_real import real_server
from bench.smoke_llm import LOOPBACK
from bench.subscribers import add_due_subscribers
from bot.services.briefing_events import SentenceAdded
from bot.services.digests.delivery import Delivered, Digest, SendOutcome
from bot.services.wiring import Services, build_services
from config import LLMSettings, Settings, StoreSettings, load_settings
from ingest.types import ParsedArticle
from store.timestamps import utcnow
from tests.llm.fake_openai import FakeOpenAI

CHAT = 1
DIGEST_TOPICS = (
    "strike",
    "election",
    "storm",
    "rates",
    "breach",
    "final",
    "union",
    "voters",
    "flooding",
    "bank",
)


@dataclass(frozen=True)
class Cost:
    """LLM calls and tokens of one step."""

    calls: int
    prompt: int
    completion: int

    def line(self, label: str) -> str:
        tokens = f"{self.prompt:8,d} prompt  {self.completion:7,d} completion tokens"
        return f"{label:34s} {self.calls:4d} calls  {tokens}"


def settings_for(folder: Path, server: FakeOpenAI | None, **llm: Any) -> Settings:
    store = StoreSettings(url=f"sqlite+aiosqlite:///{folder}/bench.db")
    if server is None:
        return load_settings(store=store)
    return load_settings(store=store, llm=LLMSettings(base_url=server.url, model="bench-model", **llm))


async def measured(services: Services, server: FakeOpenAI, step: Awaitable[object]) -> Cost:
    """Run ``step`` and return the calls and tokens it cost the chat."""
    calls = server.calls
    before = (await services.usage.for_chat(CHAT)).own
    await step
    after = (await services.usage.for_chat(CHAT)).own
    return Cost(
        server.calls - calls, after.tokens_in - before.tokens_in, after.tokens_out - before.tokens_out
    )


async def one_new_article(services: Services) -> None:
    """A new article about the top story of the chat's last briefing: its words, newly told."""
    last = await services.briefings.last(CHAT)
    assert last is not None and last.stories
    (found,) = await services.store.articles.get_many(last.stories[0].article_ids[:1])
    rng = random.Random(11)
    paragraphs = []
    for paragraph in found.article.text.split("\n\n"):
        words = paragraph.rstrip(".").split()
        rng.shuffle(words)
        paragraphs.append(" ".join(words).capitalize() + ".")
    article = ParsedArticle(
        title=f"{found.article.title} — latest",
        text="\n\n".join(paragraphs),
        url=f"{found.article.url}-latest",
        source="Outlet latest",
        published=utcnow() - timedelta(minutes=1),
    )
    report = await services.library.store_articles([article], default_source="bench")
    assert report.stored == 1, report


async def costs(folder: Path, server: FakeOpenAI) -> None:
    services = await build_services(settings_for(folder, server))
    try:
        brief = services.briefings.brief
        first = await measured(services, server, brief(chat_id=CHAT, topic=None, period=None))
        repeated = await measured(services, server, brief(chat_id=CHAT, topic=None, period=None))
        await one_new_article(services)
        after_new = await measured(services, server, brief(chat_id=CHAT, topic=None, period=None))
        last = await services.briefings.last(CHAT)
        stories = len(last.stories) if last else 0
    finally:
        await services.aclose()
    print(f"\n== cost per /brief ({stories} stories) ==")
    print(first.line("first /brief"))
    print(repeated.line("repeated /brief, nothing new"))
    print(after_new.line("after one new article in one story"))


async def clear_cache(services: Services) -> None:
    async with services.store.engine.begin() as conn:
        await conn.execute(text("DELETE FROM summaries"))


async def timed_brief(services: Services) -> tuple[float, float | None]:
    """Seconds to the finished briefing, and to its first checked sentence (None offline)."""
    started = time.perf_counter()
    first: float | None = None
    async for event in services.briefings.stream(chat_id=None, topic=None, period=None):
        if first is None and isinstance(event, SentenceAdded):
            first = time.perf_counter() - started
    return time.perf_counter() - started, first


async def latency(folder: Path, server: FakeOpenAI, runs: int) -> None:
    """Each setting's services are built once, as the bot builds them, and warmed by a first run
    (SDK import, connection, the extractive briefing kept in memory); each measured run then
    finds the summary cache empty. The offline figure is the same warm briefing without an LLM."""
    offline = await build_services(settings_for(folder, None))
    try:
        await timed_brief(offline)
        offline_seconds = statistics.median([(await timed_brief(offline))[0] for _ in range(runs)])
    finally:
        await offline.aclose()
    added: list[float] = []
    walls: list[float] = []
    firsts: list[float] = []
    calls = 0
    for concurrency in (1, 2):
        services = await build_services(settings_for(folder, server, concurrency=concurrency))
        try:
            for run in range(runs + 1):
                await clear_cache(services)
                before = server.calls
                seconds, first = await timed_brief(services)
                calls = server.calls - before
                if run == 0:
                    continue
                if concurrency == 1:
                    added.append((seconds - offline_seconds - calls * server.fixed_latency) / calls * 1000)
                else:
                    walls.append(seconds)
                    firsts.append(first or 0.0)
        finally:
            await services.aclose()
    wait = server.fixed_latency * 1000
    print(
        f"\n== latency on top of a server answering in {wait:.0f} ms ({calls} calls a briefing, n={runs}) =="
    )
    print(f"offline briefing (warm)             : p50 {offline_seconds * 1000:6.1f} ms")
    per_call = f"p50 {statistics.median(added):6.1f} ms  p95 {pct(added, 0.95):6.1f} ms"
    print(f"added per call, one story at a time : {per_call}")
    print(f"whole briefing, 2 stories at a time : p50 {statistics.median(walls) * 1000:6.0f} ms")
    print(f"first checked sentence shown after  : p50 {statistics.median(firsts) * 1000:6.0f} ms")


async def digest_run(
    services: Services, server: FakeOpenAI, *, subscribers: int = 1000, groups: int = 10
) -> Cost:
    """LLM calls and tokens of one digest run for ``subscribers`` due at once in ``groups`` topic groups.

    The real digest runner claims and builds them (one shared build per group, its stories
    written by the LLM once and charged to the shared ``digests`` account), and a sender that
    only counts stands in for Telegram.
    """
    now = utcnow()
    slot = now  # due at once, and after every stored article arrived
    await add_due_subscribers(
        services.store.engine,
        range(5000, 5000 + subscribers),
        query=lambda n: DIGEST_TOPICS[n % groups],
        slot=slot,
    )
    calls = server.calls
    before = (await services.usage.for_admins()).accounts.get("digests")
    report = await services.digests.run_due(_CountingSender())
    print(f"digests sent {report.sent:,}, empty {report.empty:,}, shared builds {report.builds}")
    after = (await services.usage.for_admins()).accounts.get("digests")
    prompt = (after.tokens_in if after else 0) - (before.tokens_in if before else 0)
    completion = (after.tokens_out if after else 0) - (before.tokens_out if before else 0)
    return Cost(server.calls - calls, prompt, completion)


class _CountingSender:
    """A DigestSender that delivers nowhere: the run's LLM cost is what is measured."""

    async def send(self, digest: Digest) -> SendOutcome:
        return Delivered(1)


async def digests(folder: Path, server: FakeOpenAI) -> None:
    services = await build_services(settings_for(folder, server))
    try:
        started = time.perf_counter()
        cost = await digest_run(services, server)
        seconds = time.perf_counter() - started
    finally:
        await services.aclose()
    print("\n== digest run: 1,000 subscribers due at once in 10 groups ==")
    print(cost.line(f"digest run in {seconds:.1f} s"))


async def main_async(args: argparse.Namespace) -> None:
    server = FakeOpenAI(fixed_latency=args.latency_ms / 1000)
    await server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_corpus(folder / "corpus", args.articles)
            offline = await build_services(settings_for(folder, None))
            try:
                report = await offline.library.ingest_paths([folder / "corpus"])
            finally:
                await offline.aclose()
            print(f"{report.stored:,} articles stored; server latency {args.latency_ms:.0f} ms")
            await costs(folder, server)
            await latency(folder, server, args.runs)
            if args.digests:
                await digests(folder, server)
    finally:
        await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=200.0)
    parser.add_argument("--digests", action="store_true", help="also time a digest run (1,000 subscribers)")
    parser.add_argument(
        "--real",
        action="store_true",
        help="a real server: llama.cpp with SmolLM2 from `make smoke-llm`'s cache",
    )
    parser.add_argument("--base-url", default=None, help="with --real: a server already running on loopback")
    args = parser.parse_args()
    if args.real or args.base_url:
        if args.base_url and urlsplit(args.base_url).hostname not in LOOPBACK:
            parser.error("--base-url must be a server on this machine (127.0.0.1 or localhost)")
        asyncio.run(real_server(args.base_url, runs=args.runs if args.runs != 5 else 1))
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
