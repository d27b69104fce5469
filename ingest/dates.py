"""Tolerant reading of publication dates into timezone-aware datetimes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_MS_EPOCH_FLOOR = 100_000_000_000  # numbers above this are epoch milliseconds
_LAYOUTS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _aware(value: datetime) -> datetime | None:
    """The value with UTC assumed when it has no zone; None if it cannot be expressed in UTC."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    try:
        value.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        return None
    return value


def _from_epoch(number: float) -> datetime | None:
    seconds = number / 1000 if number > _MS_EPOCH_FLOOR else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _slashed(text: str) -> datetime | None:
    """``dd/mm/yyyy`` or ``mm/dd/yyyy`` when one part cannot be a month; None when ambiguous."""
    match = _SLASHED.fullmatch(text)
    if match is None:
        return None
    first, second, year = (int(part) for part in match.groups())
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def parse_published(value: object) -> datetime | None:
    """Read an ISO date or datetime, an RFC 2822 date, a few written layouts or epoch seconds
    (or milliseconds, also as a string); None if not understood.

    A value without a zone is taken as UTC; a bare date is midnight UTC.
    """
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isdigit() and len(text) >= 9:  # epoch seconds or milliseconds, not a year
        return _from_epoch(int(text))
    try:
        return _aware(datetime.fromisoformat(text.replace(" UTC", "+00:00")))
    except ValueError:
        pass
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    for layout in _LAYOUTS:
        try:
            return datetime.strptime(text, layout).replace(tzinfo=UTC)
        except ValueError:
            continue
    return _slashed(text)
