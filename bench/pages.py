"""Page extraction rate: the repository's invented web pages served from 127.0.0.1, fetched and
extracted through the guarded client and the extraction workers (as `/add URL` does), and the
cost of the worker process (its round trip) against extraction in the same process.
Run: `make bench-pages`. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from config.settings import IngestSettings
from ingest.fetch import PageReader
from ingest.page_parsing import Page, parse_page

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def pages() -> list[Path]:
    return sorted([*(FIXTURES / "web_articles").glob("*.html"), FIXTURES / "page.html"])


async def measure(rounds: int, workers: int) -> None:
    files = pages()
    app = web.Application()
    for n, path in enumerate(files):
        body = path.read_bytes()

        async def serve(request: web.Request, body: bytes = body) -> web.Response:
            return web.Response(body=body, content_type="text/html", charset="utf-8")

        app.router.add_get(f"/p/{n}", serve)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    settings = IngestSettings(allow_private_networks=True, extract_workers=workers)
    reader = PageReader(settings)
    try:
        await reader.read(str(server.make_url("/p/0")))  # start the workers
        urls = [str(server.make_url(f"/p/{n}")) for n in range(len(files))] * rounds
        started = time.perf_counter()
        gate = asyncio.Semaphore(workers * 2)

        async def one(url: str) -> None:
            async with gate:
                await reader.read(url)

        await asyncio.gather(*(one(u) for u in urls))
        elapsed = time.perf_counter() - started
    finally:
        await reader.aclose()
        await server.close()
    size = sum(p.stat().st_size for p in files) * rounds / len(urls)
    print(
        f"fetched and extracted {len(urls)} pages (avg {size / 1000:.1f} kB) with {workers} worker(s) "
        f"in {elapsed:.2f} s = {len(urls) / elapsed:.1f} pages/s"
    )


def in_process(rounds: int) -> None:
    files = pages()
    data = [p.read_bytes() for p in files]
    parse_page(Page("https://bench.example/0", "text/html", "utf-8", data[0]))  # import and warm
    started = time.perf_counter()
    for _ in range(rounds):
        for n, body in enumerate(data):
            parse_page(Page(f"https://bench.example/{n}", "text/html", "utf-8", body))
    elapsed = time.perf_counter() - started
    count = rounds * len(data)
    print(f"extracted {count} pages in this process in {elapsed:.2f} s = {count / elapsed:.1f} pages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    in_process(args.rounds)
    for workers in (1, 2):
        asyncio.run(measure(args.rounds, workers))


if __name__ == "__main__":
    main()
