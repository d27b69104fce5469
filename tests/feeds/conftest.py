"""A feed site on loopback whose answers each test sets, and services allowed to reach it."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.services.feeds.schedule import FeedTuning
from bot.services.wiring import Services, build_services
from config import IngestSettings, Settings, load_settings

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
WORDS = (
    "The harbour authority said on Monday that the new ferry terminal would open in spring after "
    "two years of building work, and that tickets for the first crossings would go on sale next week. "
    "Officials added that the old pier would stay open for fishing boats while the council decides "
    "what to do with the warehouses behind it, a question residents have raised at every meeting."
)


def body_text(n: int, words: int = 120) -> str:
    """An invented article body of about ``words`` words, distinct (not near-duplicate) for each ``n``."""
    rng = random.Random(n)
    base = WORDS.split()
    names = ["".join(rng.sample("aeioulmnrstvk", 5)).capitalize() for _ in range(12)]
    chosen = [rng.choice(names) if rng.random() < 0.3 else rng.choice(base) for _ in range(words)]
    return f"Story {n} of the harbour series. " + " ".join(chosen) + f" Figure {n * 37}."


def rss(items: list[dict[str, str]], title: str = "Harbour News") -> bytes:
    """An RSS 2.0 feed of items with guid, title, link and description keys."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://harbour.example/</link>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("guid", "title", "link", "description"):
            if key in item:
                parts.append(f"<{key}>{escape(item[key])}</{key}>")
        when = item.get("date") or format_datetime(datetime.now(UTC) - timedelta(hours=1))
        parts.append(f"<pubDate>{when}</pubDate></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def item(n: int, *, words: int = 120, link: str | None = None, guid: str | None = None) -> dict[str, str]:
    return {
        "guid": guid or f"urn:harbour:{n}",
        "title": f"Harbour story {n}",
        "link": link or f"https://harbour.example/story/{n}",
        "description": body_text(n, words),
    }


@dataclass
class Site:
    """The loopback site: ``routes`` maps a path to a handler; ``requests`` records what came."""

    server: TestServer
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def serve(
        self, path: str, body: bytes, content_type: str = "application/rss+xml", **headers: str
    ) -> None:
        async def answer(request: web.Request) -> web.Response:
            return web.Response(body=body, headers={"Content-Type": content_type, **headers})

        self.routes[path] = answer

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    holder: list[Site] = []

    async def dispatch(request: web.Request) -> web.StreamResponse:
        current = holder[0]
        current.requests.append((request.path, dict(request.headers)))
        handler = current.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="not here")
        return await handler(request)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", dispatch)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    holder.append(Site(server))
    try:
        yield holder[0]
    finally:
        await server.close()


# No jitter, so next polls are exact.
EXACT = FeedTuning(jitter=0)


@pytest.fixture
def feed_settings(tmp_path: Path, settings: Settings) -> Settings:
    """Loopback allowed (the site is on 127.0.0.1)."""
    return load_settings(store=settings.store, ingest=IngestSettings(allow_private_networks=True))


@pytest.fixture
async def feed_services(feed_settings: Settings) -> AsyncIterator[Services]:
    built = await build_services(feed_settings, feed_tuning=EXACT)
    try:
        yield built
    finally:
        await built.aclose()
