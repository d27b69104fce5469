"""A guarded page fetcher for /add and `ingest URL`: size, time, scheme and address limits."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from config.settings import IngestSettings
from errors import SourceError
from ingest.html import html_charset, parse_html
from ingest.limits import apply_limits, drop_future_date
from ingest.plaintext import parse_plain_text
from ingest.text import decode_bytes
from ingest.types import ParsedArticle, RawSource
from ingest.urls import canonical_url

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_HEADERS = {
    "User-Agent": "briefbot/0.1 (news briefing bot)",
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class _Page:
    url: str
    media_type: str
    charset: str | None
    data: bytes


def _is_public(address: IPAddress) -> bool:
    """Say whether an address is on the public internet (not loopback, private, link-local…)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_link_local)


async def _addresses(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"could not find the host {host}") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


async def _check_target(url: str, settings: IngestSettings) -> None:
    """Refuse non-http(s) links and, unless allowed, hosts that resolve to non-public addresses."""
    canonical_url(url)  # raises SourceError for anything but http(s) with a host
    parts = urlsplit(url)
    host = parts.hostname or ""
    if settings.allow_private_networks:
        return
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    for address in await _addresses(host, port):
        if not _is_public(address):
            logger.warning("refused fetch host=%s address=%s", host, address)
            raise SourceError(f"refusing to fetch {host}: it is a private or local address")


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise SourceError(f"the page is too large (over {limit // 1_000_000 or 1} MB)")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise SourceError(f"the page is too large (over {limit // 1_000_000 or 1} MB)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _download(client: httpx.AsyncClient, url: str, settings: IngestSettings) -> _Page:
    """GET a page, following at most MAX_REDIRECTS redirects and re-checking each hop."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        await _check_target(current, settings)
        async with client.stream("GET", current) as response:
            status = response.status_code
            if status in _REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise SourceError("the page redirected without saying where to")
                current = urljoin(current, location)
                continue
            if status >= 400:
                raise SourceError(f"the page answered {status} {response.reason_phrase}".strip())
            content_type = response.headers.get("content-type", "")
            media_type = content_type.split(";")[0].strip().lower()
            if media_type and media_type not in _HTML_TYPES | _TEXT_TYPES:
                raise SourceError(f"not a web page ({media_type})")
            data = await _read_limited(response, settings.max_file_bytes)
            return _Page(current, media_type, response.charset_encoding, data)
    raise SourceError(f"too many redirects (more than {MAX_REDIRECTS})")


def _parse_page(page: _Page) -> ParsedArticle:
    """Decode and extract one downloaded page (CPU work, run in a thread)."""
    if not page.data.strip():
        raise SourceError("the page is empty")
    host = urlsplit(page.url).hostname or ""
    is_html = page.media_type in _HTML_TYPES or (not page.media_type and page.data.lstrip()[:1] == b"<")
    if is_html:
        text = decode_bytes(page.data, declared=page.charset or html_charset(page.data))
        return parse_html(text, url=page.url, source=host, raw=RawSource("text/html", page.data))
    raw = RawSource("text/plain", page.data)
    article = parse_plain_text(decode_bytes(page.data, declared=page.charset), source=host, raw=raw)
    return replace(article, url=canonical_url(page.url), source=host)


async def fetch_article(
    url: str, settings: IngestSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> ParsedArticle:
    """Fetch one page and extract its article; every failure is a SourceError saying why."""
    timeout = settings.fetch_timeout_seconds
    try:
        async with httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers=_HEADERS,
        ) as client:
            page = await _download(client, url.strip(), settings)
    except httpx.TimeoutException as exc:
        raise SourceError(f"the page did not answer within {timeout:g} seconds") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise SourceError(f"could not fetch the page ({type(exc).__name__})") from exc
    logger.info("fetched url=%s bytes=%d type=%s", page.url, len(page.data), page.media_type)
    article = await asyncio.to_thread(_parse_page, page)
    dated, note = drop_future_date(apply_limits(article, settings), settings, now=datetime.now(UTC))
    if note:
        logger.info("ignored page date url=%s note=%s", page.url, note)
    return dated
