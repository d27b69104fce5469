"""Counting and time spans, worded alike everywhere: ``5 stories``, ``last 3 days``."""

from __future__ import annotations

import re

_PERIOD = re.compile(r"^(\d+)([hdw])$")
_UNITS = {"h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}


def count(n: int, one: str, many: str) -> str:
    """``1 story``, ``5 stories``."""
    return f"{n:,} {one if n == 1 else many}"


def period_phrase(label: str) -> str:
    """``last 3 days`` for "3d", ``last 24 hours`` for "24h"; "" for everything ("all")."""
    match = _PERIOD.match(label)
    if not match:
        return "" if label == "all" else label
    amount, (one, many) = int(match.group(1)), _UNITS[match.group(2)]
    return f"last {one}" if amount == 1 else f"last {amount} {many}"
