"""Counting and time spans, worded alike everywhere: ``5 stories``, ``last 3 days``."""

from __future__ import annotations

import re
from datetime import date

_PERIOD = re.compile(r"^(\d+)([hdw])$")
_ISO_SINCE = re.compile(r"^since (\d{4}-\d{2}-\d{2})$")
_UNITS = {"h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}


def is_rolling(label: str) -> bool:
    """True for a window ending now ("3d"), which reads "in the last 3 days"; False for calendar
    periods ("yesterday", "since Monday"), which read on their own."""
    return _PERIOD.match(label) is not None


def count(n: int, one: str, many: str) -> str:
    """``1 story``, ``5 stories``."""
    return f"{n:,} {one if n == 1 else many}"


def period_phrase(label: str) -> str:
    """``last 3 days`` for "3d", ``last 24 hours`` for "24h"; "" for everything ("all"); calendar
    periods as they read (``yesterday``, ``last week``, ``since Monday``, ``since 30 Nov 2026``)."""
    match = _PERIOD.match(label)
    if not match:
        iso = _ISO_SINCE.match(label)
        if iso:
            return f"since {date.fromisoformat(iso.group(1)).strftime('%-d %b %Y')}"
        return "" if label == "all" else label
    amount, (one, many) = int(match.group(1)), _UNITS[match.group(2)]
    return f"last {one}" if amount == 1 else f"last {amount} {many}"
