"""feedparser's own test corpus (../shared/data/feeds/feedparser-tests) as feeds: served from
127.0.0.1, every file added as a feed, all polled with teaser fetching off.

Shared by the corpus test (tests/feeds/test_corpus.py) and the benchmark (bench/feeds.py): it
returns what every poll did, so the test can check that each entry was stored or reported with
its own reason, and the benchmark can print the counts and rates.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.services.feeds.results import PollRun
from bot.services.feeds.schedule import FeedTuning
from bot.services.wiring import build_services
from config import FeedSettings, IngestSettings, StoreSettings, load_settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "feeds" / "feedparser-tests"


@dataclass(frozen=True)
class CorpusRun:
    files: int
    run: PollRun
    poll_seconds: float
    add_seconds: float


def corpus_files(root: Path = CORPUS) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".xml", ".json"))


async def poll_corpus(database: Path, root: Path = CORPUS, *, concurrency: int = 16) -> CorpusRun:
    """Serve the corpus on loopback, add each file as a feed, poll them all once."""
    files = corpus_files(root)
    app = web.Application()
    app.router.add_static("/", root, show_index=False)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    settings = load_settings(
        store=StoreSettings(url=f"sqlite+aiosqlite:///{database}"),
        ingest=IngestSettings(allow_private_networks=True),
        feeds=FeedSettings(fetch_teasers=False, concurrency=concurrency),
    )
    services = await build_services(settings, feed_tuning=FeedTuning(claim_batch=500, jitter=0))
    try:
        started = time.perf_counter()
        for path in files:
            await services.feeds.add_unchecked(str(server.make_url("/" + path.relative_to(root).as_posix())))
        added = time.perf_counter()
        run = await services.feeds.poller.run_due()
        polled = time.perf_counter()
    finally:
        await services.aclose()
        await server.close()
    return CorpusRun(len(files), run, polled - added, added - started)
