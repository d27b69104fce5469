"""The SSRF guard at the connection: the address checked is the address connected to, on every hop.

The network is an httpx MockTransport standing for the internet (it never leaves the process),
and names resolve through a resolver seam: there is no DNS in the tests.
"""

from __future__ import annotations

import httpx
import pytest

from config.settings import IngestSettings
from errors import SourceError
from ingest.addresses import Network
from ingest.fetch import fetch_article
from tests.ingest.conftest import PAGE
from tests.ingest.test_addresses import FixedResolver

PUBLIC = "93.184.215.14"


class Rebinding(FixedResolver):
    """Answers a public address the first time, then loopback: DNS rebinding."""

    async def resolve(self, host: str, port: int):
        self.asked.append(host)
        import ipaddress

        return [ipaddress.ip_address(PUBLIC if len(self.asked) == 1 else "127.0.0.1")]


def internet(handler):
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return httpx.MockTransport(record), seen


def page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})


async def test_the_connection_goes_to_the_checked_address_with_the_original_host_and_server_name() -> None:
    transport, seen = internet(page)
    network = Network(FixedResolver({"news.example": [PUBLIC]}), transport)

    article = await fetch_article("https://news.example/story", IngestSettings(), network=network)

    assert article.title == "Night market returns to the old tram depot"
    (request,) = seen
    assert request.url.host == PUBLIC and request.url.scheme == "https"
    assert request.headers["host"] == "news.example"
    assert request.extensions["sni_hostname"] == "news.example"


async def test_dns_rebinding_between_hops_is_caught_at_the_second_connection() -> None:
    def hop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/next"})

    transport, seen = internet(hop)
    resolver = Rebinding({})

    with pytest.raises(SourceError, match="private or local address"):
        await fetch_article(
            "http://news.example/story", IngestSettings(), network=Network(resolver, transport)
        )
    assert [r.url.host for r in seen] == [PUBLIC]  # nothing ever went to the rebound address


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/admin",
        "http://intranet.example/",  # a name that resolves to 127.0.0.1
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
    ],
)
async def test_a_redirect_to_a_local_address_is_refused(location: str) -> None:
    transport, seen = internet(lambda request: httpx.Response(302, headers={"Location": location}))
    resolver = FixedResolver({"news.example": [PUBLIC], "intranet.example": ["127.0.0.1"]})

    with pytest.raises(SourceError, match="private or local address"):
        await fetch_article(
            "http://news.example/story", IngestSettings(), network=Network(resolver, transport)
        )
    assert len(seen) == 1


async def test_a_name_that_resolves_to_loopback_is_refused_before_any_connection() -> None:
    transport, seen = internet(page)
    resolver = FixedResolver({"intranet.example": ["127.0.0.1"]})

    with pytest.raises(SourceError, match=r"refusing to fetch intranet\.example"):
        await fetch_article(
            "http://intranet.example/", IngestSettings(), network=Network(resolver, transport)
        )
    assert seen == []


@pytest.mark.parametrize(
    "url", ["http://2130706433/", "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.9/"]
)
async def test_numeric_local_hosts_are_refused_before_any_connection(url: str) -> None:
    transport, seen = internet(page)

    with pytest.raises(SourceError, match="private or local address"):
        await fetch_article(url, IngestSettings(), network=Network(FixedResolver({}), transport))
    assert seen == []


async def test_allowing_private_networks_turns_the_guard_off() -> None:
    transport, seen = internet(page)
    settings = IngestSettings(allow_private_networks=True)

    article = await fetch_article(
        "http://127.0.0.1/story", settings, network=Network(FixedResolver({}), transport)
    )

    assert article.title and seen[0].url.host == "127.0.0.1"
