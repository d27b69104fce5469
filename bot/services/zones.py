"""Time zones people type: IANA names, their city part (``berlin``, ``new york``) and ``UTC±hh[:mm]``.

Pure functions over the zone database that ``zoneinfo`` reads; a stored zone is either an IANA
name or a fixed offset written ``UTC+05:30``.
"""

from __future__ import annotations

import difflib
import functools
import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_FIXED = re.compile(r"^(?:UTC|GMT)(?:\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$", re.IGNORECASE)
# Areas of real places; legacy aliases (US/Eastern, Etc/GMT+5) are accepted by name, not by city.
_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
MAX_OFFSET = timedelta(hours=14)


def fixed_offset(text: str) -> str | None:
    """``UTC``, ``UTC+5``, ``utc-03:30``, ``GMT+1`` as a canonical ``UTC±hh:mm`` (or ``UTC``), else None."""
    found = _FIXED.match(text.strip())
    if not found:
        return None
    sign, hours, minutes = found.groups()
    if sign is None:
        return "UTC"
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset > MAX_OFFSET or int(minutes or 0) > 59:
        return None
    if not offset:
        return "UTC"
    total = int(offset.total_seconds()) // 60
    return f"UTC{sign}{total // 60:02d}:{total % 60:02d}"


def looks_like_zone(word: str) -> bool:
    """True for words /subscribe reads as a zone: an IANA-shaped name (with a "/") or ``UTC±…``."""
    return "/" in word or _FIXED.match(word.strip()) is not None


def zone_info(name: str) -> tzinfo:
    """The tzinfo of a stored zone name (an IANA name or ``UTC±hh:mm``)."""
    if name == "UTC":
        return UTC
    found = _FIXED.match(name)
    if found and found.group(1):
        sign = -1 if found.group(1) == "-" else 1
        offset = timedelta(hours=int(found.group(2)), minutes=int(found.group(3) or 0))
        return timezone(sign * offset, name)
    return ZoneInfo(name)


@functools.cache
def _zones() -> dict[str, str]:
    """Every IANA name, by its lower-case form."""
    return {name.lower(): name for name in available_timezones()}


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.lower())


@functools.cache
def _cities() -> dict[str, str]:
    """City parts of real places' zones (``newyork`` → America/New_York); shortest name wins."""
    cities: dict[str, str] = {}
    for name in sorted(available_timezones(), key=lambda n: (n.count("/"), n)):
        area, _, rest = name.partition("/")
        if area in _AREAS and rest:
            cities.setdefault(_squash(rest.rsplit("/", 1)[-1]), name)
    return cities


def exact_zone(text: str) -> str | None:
    """The zone ``text`` names exactly (an IANA name in any case, or a UTC offset), else None."""
    text = text.strip()
    if not text or "." in text or text.startswith("/") or len(text) > 64:
        return None
    fixed = fixed_offset(text)
    if fixed is not None:
        return fixed
    name = _zones().get(text.lower())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def find_zone(text: str) -> str | None:
    """The zone ``text`` means: an exact name, an offset, or a city part (``berlin``, ``new york``)."""
    exact = exact_zone(text)
    if exact is not None or "/" in text:
        return exact
    return _cities().get(_squash(text))


def suggest_zones(text: str, limit: int = 3) -> list[str]:
    """The zone names closest to ``text``, best first, for a line saying what was probably meant."""
    wanted = _squash(text)
    if "/" in text:
        names = _zones()
        close = difflib.get_close_matches(text.strip().lower(), list(names), n=limit, cutoff=0.6)
        found = [names[c] for c in close]
        wanted = _squash(text.rsplit("/", 1)[-1])
    else:
        found = []
    cities = _cities()
    for city in difflib.get_close_matches(wanted, list(cities), n=limit, cutoff=0.6):
        if cities[city] not in found:
            found.append(cities[city])
    return found[:limit]
