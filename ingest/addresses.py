"""Which addresses a fetch may reach: hosts read as the network stack would read them, resolved
once, and only public addresses accepted.

Numeric hosts are read the way ``inet_aton`` reads them (``2130706433``, ``0x7f.1``, ``0177.0.0.1``
and ``127.1`` are all 127.0.0.1), so a URL cannot hide a local address in an odd spelling.
IPv6 forms that carry an IPv4 address (mapped ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``,
NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) are judged by the address they carry.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Protocol

from errors import SourceError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NUMERIC_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)$")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")


class Resolver(Protocol):
    """Turns a host name into the addresses to connect to (the seam tests replace)."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]: ...


@dataclass(frozen=True)
class Network:
    """The seams of every fetch: the resolver, and the httpx transport (the network itself;
    tests give a mock or leave it out for real loopback connections). None: the real ones."""

    resolver: Resolver | None = None
    transport: object | None = None  # an httpx.AsyncBaseTransport (httpx is imported lazily)


class SystemResolver:
    """The operating system's resolver (getaddrinfo), without blocking the event loop."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise SourceError(f"could not find the host {host}") from exc
        return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _numeric_part(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        if not set(part) <= set("01234567"):
            raise ValueError(part)
        return int(part, 8)
    return int(part)


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a numeric host means in ``inet_aton``'s reading, or None for a name."""
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_PART.match(p) for p in parts):
        return None
    try:
        values = [_numeric_part(p) for p in parts]
    except ValueError:
        return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for value in head:
        number = number * 256 + value
    number = number * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The address a host names directly (IPv6 in brackets, IPv4 in any numeric form), if any."""
    bare = host.strip("[]").split("%")[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return numeric_ipv4(bare)


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64 or address in _SIX_TO_FOUR:
        packed = address.packed
        return ipaddress.IPv4Address(packed[12:] if address in _NAT64 else packed[2:6])
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d, IPv4-compatible (deprecated)
        return ipaddress.IPv4Address(int(address))
    return None


def is_public(address: IPAddress) -> bool:
    """True for an address on the public internet, as the standard library's ``is_global`` sees
    it, and none of: multicast, reserved, link-local (cloud metadata), IPv6 site-local (which
    ``is_global`` of Python 3.11 takes for public), unspecified, CGNAT, or a local one inside an
    IPv6 form."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = _carried_ipv4(address)
        if carried is not None:
            return is_public(carried)
        if address in _NAT64_LOCAL or address.is_site_local:
            return False
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_link_local or address.is_unspecified
    )


async def public_addresses(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    """The addresses to connect to for ``host``, all checked to be public.

    Raises SourceError when the host does not resolve or any address it resolves to is not
    public (a name with one private address among public ones is refused: the resolver could
    hand out the private one on the next lookup).
    """
    literal = literal_address(host)
    addresses = [literal] if literal is not None else await resolver.resolve(host, port)
    if not addresses:
        raise SourceError(f"could not find the host {host}")
    for address in addresses:
        if not is_public(address):
            raise SourceError(f"refusing to fetch {host}: it is a private or local address")
    return addresses
