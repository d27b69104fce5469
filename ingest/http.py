"""Guarded HTTP for pages and feeds: the address checked is the address connected to.

``GuardedTransport`` resolves each request's host once (through a ``Resolver``, the seam tests
replace), refuses it unless every address is public, and sends the request to that IP with the
original ``Host`` header and TLS server name, so DNS rebinding cannot slip a private address in
between the check and the connection. ``download`` follows redirects itself, each hop through
the same transport, with connect, read and overall time limits, a cap on decompressed bytes and
a content-type check. Every failure is a SourceError saying why.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
from collections.abc import AsyncIterator, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx

from config.settings import IngestSettings
from errors import SourceError
from ingest.addresses import Resolver, SystemResolver, public_addresses
from ingest.decoding import ACCEPTED, TooLarge, read_capped
from ingest.urls import canonical_url

logger = logging.getLogger(__name__)

USER_AGENT = "briefbot/0.1 (news briefing bot)"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class GuardedTransport(httpx.AsyncBaseTransport):
    """Sends each request to a checked public address of its host (see the module docstring)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, resolver: Resolver) -> None:
        self._inner = inner
        self._resolver = resolver

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        addresses = await public_addresses(host, port, self._resolver)
        address = str(addresses[0])
        logger.debug("connecting host=%s address=%s", host, address)
        pinned = httpx.Request(
            request.method,
            request.url.copy_with(host=address),
            headers=request.headers,  # Host: still the name asked for
            stream=request.stream,
            extensions={**request.extensions, "sni_hostname": host},
        )
        return await self._inner.handle_async_request(pinned)

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass(frozen=True)
class Download:
    """What a GET brought: the final URL (after redirects), status, headers and the body."""

    url: str
    status: int
    headers: Mapping[str, str]
    media_type: str
    charset: str | None
    data: bytes = b""


@dataclass(frozen=True)
class Limits:
    """What one kind of download accepts."""

    max_bytes: int
    media_types: Collection[str]  # empty: any
    accept: str = "*/*"
    what: str = "page"  # said in errors: "the page is too large"


@dataclass
class HttpClient:
    """One httpx client with the guard (unless private networks are allowed) and our limits."""

    settings: IngestSettings
    resolver: Resolver = field(default_factory=SystemResolver)
    transport: httpx.AsyncBaseTransport | None = None  # the network; tests give a mock
    _client: httpx.AsyncClient | None = None

    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            s = self.settings
            inner = self.transport or httpx.AsyncHTTPTransport(retries=0)
            transport = inner if s.allow_private_networks else GuardedTransport(inner, self.resolver)
            self._client = httpx.AsyncClient(
                transport=transport,
                timeout=httpx.Timeout(
                    s.read_timeout_seconds, connect=s.connect_timeout_seconds, pool=s.connect_timeout_seconds
                ),
                follow_redirects=False,
                trust_env=False,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPTED},
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(self, url: str, limits: Limits, headers: Mapping[str, str] | None = None) -> Download:
        """GET ``url`` under the limits; 304 comes back as is (with no body), other 4xx/5xx raise
        a ``HttpStatusError`` (a SourceError) carrying the status and Retry-After."""
        total = self.settings.fetch_timeout_seconds
        try:
            async with asyncio.timeout(total):
                return await self._follow(url.strip(), limits, dict(headers or {}))
        except TimeoutError as exc:
            raise SourceError(f"the {limits.what} did not arrive within {total:g} seconds") from exc
        except httpx.TimeoutException as exc:
            kind = "connect" if isinstance(exc, httpx.ConnectTimeout) else "answer"
            wait = (
                self.settings.connect_timeout_seconds
                if kind == "connect"
                else self.settings.read_timeout_seconds
            )
            raise SourceError(f"the server did not {kind} within {wait:g} seconds") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise SourceError(f"could not fetch the {limits.what} ({type(exc).__name__})") from exc

    async def _follow(self, url: str, limits: Limits, headers: dict[str, str]) -> Download:
        current = url
        headers.setdefault("Accept", limits.accept)
        for _ in range(self.settings.max_redirects + 1):
            canonical_url(current)  # only http(s) with a host, on every hop
            request = self.client().build_request("GET", current, headers=headers)
            response = await self.client().send(request, stream=True)
            try:
                if response.status_code in _REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise SourceError(f"the {limits.what} redirected without saying where to")
                    current = urljoin(current, location)
                    continue
                return await self._body(current, response, limits)
            finally:
                await response.aclose()
        raise SourceError(f"too many redirects (more than {self.settings.max_redirects})")

    async def _body(self, url: str, response: httpx.Response, limits: Limits) -> Download:
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        media_type = content_type.split(";")[0].strip().lower()
        found = Download(url, status, response.headers, media_type, response.charset_encoding)
        if status == 304:
            return found
        if status >= 400:
            raise HttpStatusError(status, response.reason_phrase, retry_after(response.headers), limits.what)
        if limits.media_types and media_type and media_type not in limits.media_types:
            raise SourceError(f"not a {limits.what} ({media_type})")
        declared = response.headers.get("content-length", "")
        encoded = response.headers.get("content-encoding", "")
        too_large = f"the {limits.what} is too large (over {_size(limits.max_bytes)})"
        if declared.isdigit() and not encoded and int(declared) > limits.max_bytes:
            raise SourceError(too_large)
        chunks = response.aiter_raw()
        if response.is_stream_consumed:  # a transport that read the body already (httpx's mock)
            chunks, encoded = _already_read(response.content), ""
        try:
            data = await read_capped(chunks, encoded, limits.max_bytes)
        except TooLarge as exc:
            raise SourceError(too_large) from exc
        logger.info("fetched url=%s status=%d bytes=%d type=%s", url, status, len(data), media_type)
        return Download(url, status, response.headers, media_type, response.charset_encoding, data)


class HttpStatusError(SourceError):
    """The server answered with an error status (4xx/5xx)."""

    def __init__(self, status: int, reason: str, retry_after_seconds: float | None, what: str) -> None:
        super().__init__(f"the {what} answered {status} {reason}".strip())
        self.status = status
        self.retry_after = retry_after_seconds


async def _already_read(content: bytes) -> AsyncIterator[bytes]:
    yield content


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} kB"


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (given in seconds or as an HTTP date)."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def max_age(headers: Mapping[str, str]) -> float | None:
    """Seconds of Cache-Control's max-age (s-maxage preferred), if given."""
    found: dict[str, float] = {}
    for directive in (headers.get("cache-control") or "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() in ("max-age", "s-maxage") and value.strip().strip('"').isdigit():
            found[name.lower()] = float(value.strip().strip('"'))
    return found.get("s-maxage", found.get("max-age"))
