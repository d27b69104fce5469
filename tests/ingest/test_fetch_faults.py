"""Hostile servers on loopback: a gzip bomb, a silent server, a dripping one, a wrong content type,
and a page that takes too long to extract (its worker is killed, and a new one serves the next)."""

from __future__ import annotations

import asyncio
import gzip
import os
import tracemalloc
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from config.settings import IngestSettings
from errors import SourceError
from ingest.fetch import PageReader, fetch_article
from tests.ingest.conftest import PAGE

BOMB = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # 200 MB of zeros in about 200 kB
_PARAGRAPH = (
    "<p>" + " ".join(["The council met again on Tuesday to discuss the harbour budget."] * 4) + "</p>\n"
)
SLOW_PAGE = (
    "<html><head><title>Council</title></head><body><article><h1>Council budget</h1>"
    + "<div><section>" * 50
    + _PARAGRAPH * 6000
    + "</section></div>" * 50
    + "</article></body></html>"
).encode()
# Several seconds of extraction, far past the limit of the timeout test, however loaded the machine.
SLOWER_PAGE = SLOW_PAGE.replace(_PARAGRAPH.encode() * 6000, _PARAGRAPH.encode() * 20000)


def _app() -> web.Application:
    async def bomb(request: web.Request) -> web.Response:
        return web.Response(body=BOMB, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})

    async def silent(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        await asyncio.sleep(30)
        return response

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(300):
            await response.write(b"<p>a</p>")
            await asyncio.sleep(0.05)
        return response

    async def pdf(request: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.7 ...", content_type="application/pdf")

    async def slow(request: web.Request) -> web.Response:
        return web.Response(body=SLOW_PAGE, content_type="text/html")

    async def slower(request: web.Request) -> web.Response:
        return web.Response(body=SLOWER_PAGE, content_type="text/html")

    async def ok(request: web.Request) -> web.Response:
        return web.Response(body=PAGE, content_type="text/html", charset="utf-8")

    app = web.Application()
    for path, handler in (("/bomb", bomb), ("/silent", silent), ("/drip", drip), ("/pdf", pdf)):
        app.router.add_get(path, handler)
    app.router.add_get("/slow", slow)
    app.router.add_get("/slower", slower)
    app.router.add_get("/ok", ok)
    return app


@pytest.fixture
async def hostile() -> AsyncIterator[TestServer]:
    server = TestServer(_app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


async def test_a_gzip_bomb_is_refused_once_its_decompressed_size_passes_the_cap(hostile: TestServer) -> None:
    settings = IngestSettings(allow_private_networks=True, max_file_bytes=1_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="too large"):
            await fetch_article(str(hostile.make_url("/bomb")), settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # never anywhere near the 200 MB it unpacks to


async def test_a_server_that_sends_nothing_meets_the_read_timeout(hostile: TestServer) -> None:
    settings = IngestSettings(allow_private_networks=True, read_timeout_seconds=0.3)

    with pytest.raises(SourceError, match=r"did not answer within 0.3 seconds"):
        await fetch_article(str(hostile.make_url("/silent")), settings)


async def test_a_server_dripping_bytes_meets_the_overall_limit(hostile: TestServer) -> None:
    settings = IngestSettings(allow_private_networks=True, read_timeout_seconds=1, fetch_timeout_seconds=0.5)

    with pytest.raises(SourceError, match=r"did not arrive within 0.5 seconds"):
        await fetch_article(str(hostile.make_url("/drip")), settings)


async def test_a_wrong_content_type_is_refused_with_the_type_it_was(hostile: TestServer) -> None:
    with pytest.raises(SourceError, match=r"not a web page \(application/pdf\)"):
        await fetch_article(str(hostile.make_url("/pdf")), IngestSettings(allow_private_networks=True))


async def test_a_page_too_slow_to_extract_is_refused_and_its_worker_killed(hostile: TestServer) -> None:
    settings = IngestSettings(
        allow_private_networks=True, max_extract_bytes=10_000_000, extract_timeout_seconds=1.0
    )
    reader = PageReader(settings)
    try:
        await reader.read(str(hostile.make_url("/ok")))  # starts the worker
        (busy,) = reader.pool.worker_pids()

        with pytest.raises(SourceError, match=r"took too long to read \(over 1 s\)"):
            await reader.read(str(hostile.make_url("/slower")))

        with pytest.raises(ProcessLookupError):  # killed and reaped: its CPU is free
            os.kill(busy, 0)
        assert not await asyncio.to_thread(os.path.exists, f"/proc/{busy}")
        (fresh,) = reader.pool.worker_pids()
        assert fresh != busy
        article = await reader.read(str(hostile.make_url("/ok")))  # the new worker serves the next page
        assert article.title == "Night market returns to the old tram depot"
    finally:
        await reader.aclose()


async def test_a_long_page_is_cut_to_the_extraction_cap_before_it_is_read(hostile: TestServer) -> None:
    settings = IngestSettings(
        allow_private_networks=True, max_extract_bytes=200_000, extract_timeout_seconds=30
    )

    article = await fetch_article(str(hostile.make_url("/slow")), settings)

    assert article.title == "Council budget"
    assert len(article.text) < 200_000
    assert article.raw is not None and article.raw.data == SLOW_PAGE  # the whole page is kept
