"""The SSRF guard's reading of hosts and addresses: every local form refused, public ones kept."""

from __future__ import annotations

import ipaddress

import pytest

from errors import SourceError
from ingest.addresses import is_public, literal_address, numeric_ipv4, public_addresses


class FixedResolver:
    """A resolver seam: each name resolves to the addresses given (no DNS in tests)."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int):
        self.asked.append(host)
        if host not in self.answers:
            raise SourceError(f"could not find the host {host}")
        return [ipaddress.ip_address(a) for a in self.answers[host]]


@pytest.mark.parametrize(
    ("host", "meant"),
    [
        ("2130706433", "127.0.0.1"),  # one decimal number
        ("0x7f.1", "127.0.0.1"),  # hex, two parts
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("0", "0.0.0.0"),
    ],
)
def test_numeric_hosts_are_read_as_inet_aton_reads_them(host: str, meant: str) -> None:
    assert numeric_ipv4(host) == ipaddress.IPv4Address(meant)


@pytest.mark.parametrize("host", ["news.example", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "example.123", ""])
def test_names_and_impossible_numbers_are_not_addresses(host: str) -> None:
    assert numeric_ipv4(host) is None


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.0.0.7",  # private
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # link-local: cloud metadata
        "100.64.0.1",  # CGNAT
        "100.127.255.254",
        "0.0.0.0",  # unspecified
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "::1",
        "::",
        "fc00::1",  # unique local (fc00::/7)
        "fd12:3456::1",
        "fe80::1",  # link-local
        "fec0::1",  # site-local (deprecated, yet routed inside sites; is_global says True on 3.11)
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "::127.0.0.1",  # IPv4-compatible
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "ff02::1",
    ],
)
def test_local_private_and_metadata_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",
        "0x7f.1",
        "[::ffff:127.0.0.1]",
        "[::1]",
        "0.0.0.0",
        "100.64.1.1",
        "169.254.169.254",
        "[fe80::1]",
    ],
)
async def test_the_guard_refuses_every_literal_form_of_a_local_address(host: str) -> None:
    resolver = FixedResolver({})

    with pytest.raises(SourceError, match="private or local address"):
        await public_addresses(host, 80, resolver)
    assert resolver.asked == []  # a literal is never looked up


async def test_a_name_resolving_to_loopback_is_refused() -> None:
    resolver = FixedResolver({"intranet.example": ["127.0.0.1"]})

    with pytest.raises(SourceError, match=r"refusing to fetch intranet\.example"):
        await public_addresses("intranet.example", 443, resolver)


async def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    resolver = FixedResolver({"mixed.example": ["93.184.215.14", "10.0.0.5"]})

    with pytest.raises(SourceError, match="private or local"):
        await public_addresses("mixed.example", 80, resolver)


async def test_a_public_name_gives_its_addresses() -> None:
    resolver = FixedResolver({"news.example": ["93.184.215.14"]})

    assert await public_addresses("news.example", 80, resolver) == [ipaddress.ip_address("93.184.215.14")]
    assert literal_address("[2606:4700::1111]") == ipaddress.ip_address("2606:4700::1111")
