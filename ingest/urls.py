"""Canonical URLs, so the same article reached by different links is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from errors import SourceError

_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def has_http_scheme(text: str) -> bool:
    """Say whether the text starts with an http(s) scheme, in any case (``HTTP://`` is one too)."""
    return text.strip()[:8].lower().startswith(("http://", "https://"))


def is_http_url(text: str) -> bool:
    """Say whether the text is a single http(s) link (for telling a URL from pasted text)."""
    candidate = text.strip()
    if not candidate or any(ch.isspace() for ch in candidate):
        return False
    try:
        canonical_url(candidate)
    except SourceError:
        return False
    return True


def _host(hostname: str) -> str:
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return hostname


def canonical_url(url: str) -> str:
    """Normalise a link: lower-case scheme and host, no default port, fragment or tracking params.

    Remaining query parameters are sorted and a trailing slash is dropped (except the root).
    Raises SourceError for anything that is not an http(s) URL with a host.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise SourceError(f"not a valid link: {url[:200]}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise SourceError(f"only http and https links are supported: {url[:200]}")
    hostname = parts.hostname
    if not hostname:
        raise SourceError(f"link has no host: {url[:200]}")
    host = _host(hostname.rstrip("."))
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    params = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    ]
    query = urlencode(sorted(params))
    return urlunsplit((scheme, host, path, query, ""))
