"""Shared fixtures for the ingest tests: sample files and a loopback web server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from config.settings import IngestSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

PAGE = (FIXTURES / "page.html").read_bytes()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def settings() -> IngestSettings:
    return IngestSettings()


def _site() -> web.Application:
    """A tiny site with the pages the fetch tests need."""

    async def ok(request: web.Request) -> web.Response:
        return web.Response(body=PAGE, content_type="text/html", charset="utf-8")

    async def latin(request: web.Request) -> web.Response:
        html = PAGE.decode("utf-8").replace('<meta charset="utf-8">', "")
        html = html.replace("secondhand books", "crêpes and secondhand books")
        body = html.replace("©", "(c)").encode("cp1252")
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=windows-1252"})

    async def plain(request: web.Request) -> web.Response:
        text = "Tram line 4 extended\n\nThe tram line now reaches the new hospital, adding three stops."
        return web.Response(text=text, content_type="text/plain")

    async def missing(request: web.Request) -> web.Response:
        return web.Response(status=404, text="not here")

    async def big(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(40):
            await response.write(b"<p>" + b"x" * 65_536 + b"</p>")
        await response.write_eof()
        return response

    async def image(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("/ok")

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    app = web.Application()
    app.router.add_get("/ok", ok)
    app.router.add_get("/latin", latin)
    app.router.add_get("/plain", plain)
    app.router.add_get("/missing", missing)
    app.router.add_get("/big", big)
    app.router.add_get("/image", image)
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/loop", loop)
    return app


@pytest.fixture
async def site() -> AsyncIterator[TestServer]:
    server = TestServer(_site(), host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()
