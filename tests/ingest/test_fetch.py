"""fetch_article against a real loopback server, and the private-address guard."""

from __future__ import annotations

import httpx
import pytest
from aiohttp.test_utils import TestServer

from blocks import Block, Role, body_text
from config.settings import IngestSettings
from errors import SourceError
from ingest.fetch import fetch_article
from tests.ingest.conftest import PAGE

LOOPBACK_OK = IngestSettings(allow_private_networks=True)


async def test_fetch_ok_page_extracts_title_text_date_and_canonical_url(site: TestServer) -> None:
    article = await fetch_article(str(site.make_url("/ok")), LOOPBACK_OK)

    assert article.title == "Night market returns to the old tram depot"
    assert "eighty stalls" in article.text
    assert "Most read" not in article.text and "cookies" not in article.text
    assert article.url == "https://riverside.example/news/night-market"
    assert article.published is not None and article.published.isoformat().startswith("2026-11-21")
    assert article.source == "Riverside Gazette"


async def test_a_fetched_page_keeps_its_structure_and_its_raw_bytes(site: TestServer) -> None:
    article = await fetch_article(str(site.make_url("/ok")), LOOPBACK_OK)

    assert article.raw is not None and article.raw.media_type == "text/html" and article.raw.data == PAGE
    assert article.blocks[0] == Block(Role.TITLE, "Night market returns to the old tram depot")
    assert article.text == body_text(article.blocks)


async def test_fetch_decodes_by_charset_header(site: TestServer) -> None:
    article = await fetch_article(str(site.make_url("/latin")), LOOPBACK_OK)

    assert "crêpes" in article.text


async def test_fetch_plain_text_page_uses_the_text_rules(site: TestServer) -> None:
    url = str(site.make_url("/plain"))

    article = await fetch_article(url, LOOPBACK_OK)

    assert article.title == "Tram line 4 extended"
    assert "new hospital" in article.text
    assert article.url == url


async def test_fetch_404_says_what_the_page_answered(site: TestServer) -> None:
    with pytest.raises(SourceError, match="404"):
        await fetch_article(str(site.make_url("/missing")), LOOPBACK_OK)


async def test_fetch_refuses_a_page_bigger_than_the_limit(site: TestServer) -> None:
    settings = IngestSettings(allow_private_networks=True, max_file_bytes=1_000_000)

    with pytest.raises(SourceError, match="too large"):
        await fetch_article(str(site.make_url("/big")), settings)


async def test_fetch_refuses_non_html_content(site: TestServer) -> None:
    with pytest.raises(SourceError, match=r"not a web page \(image/png\)"):
        await fetch_article(str(site.make_url("/image")), LOOPBACK_OK)


async def test_fetch_follows_a_redirect(site: TestServer) -> None:
    article = await fetch_article(str(site.make_url("/redirect")), LOOPBACK_OK)

    assert article.title == "Night market returns to the old tram depot"


async def test_fetch_gives_up_after_five_redirects(site: TestServer) -> None:
    with pytest.raises(SourceError, match="too many redirects"):
        await fetch_article(str(site.make_url("/loop")), LOOPBACK_OK)


async def test_fetch_by_default_refuses_loopback(site: TestServer) -> None:
    with pytest.raises(SourceError, match="private or local address"):
        await fetch_article(str(site.make_url("/ok")), IngestSettings())


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.7/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://localhost/",
    ],
)
async def test_fetch_by_default_refuses_private_and_local_addresses(url: str) -> None:
    with pytest.raises(SourceError, match="private or local address"):
        await fetch_article(url, IngestSettings())


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "javascript:x"])
async def test_fetch_refuses_non_http_schemes(url: str) -> None:
    with pytest.raises(SourceError, match="only http and https"):
        await fetch_article(url, IngestSettings())


async def test_fetch_refuses_a_redirect_to_a_private_address(site: TestServer) -> None:
    # A public literal address needs no DNS; the mock transport plays that server and never
    # touches the network. Its redirect points at the loopback site, which must be refused.
    target = str(site.make_url("/ok"))
    calls: list[str] = []

    def public_server(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(302, headers={"Location": target})

    transport = httpx.MockTransport(public_server)

    with pytest.raises(SourceError, match="private or local address"):
        await fetch_article("http://93.184.215.14/story", IngestSettings(), transport=transport)
    assert calls == ["http://93.184.215.14/story"]


async def test_fetch_timeout_becomes_a_source_error() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    settings = IngestSettings(allow_private_networks=True, read_timeout_seconds=2)

    with pytest.raises(SourceError, match="did not answer within 2 seconds"):
        await fetch_article("http://127.0.0.1:9/x", settings, transport=httpx.MockTransport(slow))


async def test_fetch_connection_refused_becomes_a_source_error(unused_tcp_port: int) -> None:
    with pytest.raises(SourceError, match="could not fetch the web page"):
        await fetch_article(f"http://127.0.0.1:{unused_tcp_port}/", LOOPBACK_OK)
