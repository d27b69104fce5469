"""canonical_url, table-driven."""

from __future__ import annotations

import pytest

from errors import SourceError
from ingest.urls import canonical_url, has_http_scheme, is_http_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTPS://Example.ORG/News/A", "https://example.org/News/A"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org/a/", "https://example.org/a"),
        ("https://example.org/", "https://example.org/"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a?utm_source=x&utm_medium=email&id=7", "https://example.org/a?id=7"),
        ("https://example.org/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=home", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1&UTM_Campaign=z", "https://example.org/a?a=1&b=2"),
        ("https://example.org/a?q=hello+world", "https://example.org/a?q=hello+world"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("HTTP://Example.org:80/a/?z=1&utm_source=x&a=2#f")

    assert canonical_url(once) == once


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "mailto:a@b.c", "example.org/a", "https://", "http://x:99999/"]
)
def test_canonical_url_rejects_what_is_not_http(url: str) -> None:
    with pytest.raises(SourceError):
        canonical_url(url)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/a", True),
        (" http://example.org ", True),
        ("Read https://example.org/a please", False),
        ("The council met on Tuesday.", False),
        ("", False),
    ],
)
def test_is_http_url_tells_a_link_from_pasted_text(text: str, expected: bool) -> None:
    assert is_http_url(text) is expected


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("HTTP://NEWS.EXAMPLE/a", True),
        ("Https://news.example", True),
        ("  https://news.example  ", True),
        ("http:/news.example", False),
        ("ftp://news.example", False),
        ("./http://x", False),
        ("notes/HTTP.txt", False),
    ],
)
def test_an_http_scheme_is_recognised_in_any_case(text: str, scheme: bool) -> None:
    assert has_http_scheme(text) is scheme
