"""Fetching web pages for /add, `ingest URL` and feed teasers: a guarded download, then the main
text extracted in a worker process under a time limit."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx

from config.settings import IngestSettings
from ingest.addresses import Network, SystemResolver
from ingest.extraction import ExtractionPool
from ingest.http import HttpClient, Limits
from ingest.limits import apply_limits, drop_future_date
from ingest.page_parsing import HTML_TYPES, TEXT_TYPES, Page
from ingest.types import ParsedArticle

logger = logging.getLogger(__name__)

PAGE_TYPES = HTML_TYPES | TEXT_TYPES
ACCEPT_PAGES = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"


class PageReader:
    """Fetches pages and extracts their articles; owns its HTTP client and extraction workers."""

    def __init__(self, settings: IngestSettings, network: Network | None = None) -> None:
        network = network or Network()
        transport = network.transport
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError("Network.transport must be an httpx.AsyncBaseTransport")
        self.settings = settings
        self.http = HttpClient(settings, network.resolver or SystemResolver(), transport)
        self.pool = ExtractionPool(settings.extract_workers, settings.extract_timeout_seconds)

    def page_limits(self) -> Limits:
        return Limits(self.settings.max_file_bytes, PAGE_TYPES, ACCEPT_PAGES, "web page")

    async def read(self, url: str) -> ParsedArticle:
        """Fetch ``url`` and extract its article; every failure is a SourceError saying why."""
        download = await self.http.get(url, self.page_limits())
        page = Page(
            download.url,
            download.media_type,
            download.charset,
            download.data,
            max_bytes=self.settings.max_extract_bytes,
            raw_max_bytes=self.settings.max_source_bytes,
        )
        article = await self.pool.extract(page)
        dated, note = drop_future_date(apply_limits(article, self.settings), now=datetime.now(UTC))
        if note:
            logger.info("ignored page date url=%s note=%s", download.url, note)
        return dated

    async def aclose(self) -> None:
        try:
            await self.http.aclose()
        finally:
            await self.pool.aclose()


async def fetch_article(
    url: str,
    settings: IngestSettings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    network: Network | None = None,
) -> ParsedArticle:
    """Fetch one page and extract its article with a reader of its own (closed after)."""
    reader = PageReader(settings, network or Network(transport=transport))
    try:
        return await reader.read(url)
    finally:
        await reader.aclose()
