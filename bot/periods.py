"""Time windows people ask for: ``24h``, ``3d``, ``2w``, ``today``, ``all``, and the same spelled
out (``48 hours``, ``3 days``, ``2 weeks``, ``a month`` as 30 days)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_PATTERN = re.compile(r"^(\d+)\s*([a-z]+)$")  # a number and a unit: "3d", "48 hours"
_MAX_DIGITS = 4
# Each unit people write, as the letter of the label and the number of that letter's units.
_UNITS = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), ("h", 1)),
    **dict.fromkeys(("d", "day", "days"), ("d", 1)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), ("w", 1)),
    **dict.fromkeys(("month", "months"), ("d", 30)),
}
_DELTAS = {"h": "hours", "d": "days", "w": "weeks"}
MAX_PERIOD = timedelta(days=3650)


@dataclass(frozen=True)
class Period:
    """A window ending now; ``delta`` None means everything stored."""

    label: str
    delta: timedelta | None

    def since(self, now: datetime) -> datetime | None:
        return None if self.delta is None else now - self.delta


ALL = Period("all", None)
DAY = Period("24h", timedelta(hours=24))
# When no period is given, briefings widen through these until something is found.
WIDENING = (DAY, Period("3d", timedelta(days=3)), Period("7d", timedelta(days=7)), ALL)


def parse_period(text: str) -> Period | None:
    """The period ``text`` names, or None when it is not a period."""
    value = text.strip().lower()
    if value in {"all", "ever", "everything"}:
        return ALL
    if value in {"today", "day"}:
        return DAY
    if value == "week":
        return Period("7d", timedelta(days=7))
    if value == "month":
        return Period("30d", timedelta(days=30))
    match = _PATTERN.match(value)
    if not match or match.group(2) not in _UNITS or len(match.group(1)) > _MAX_DIGITS:
        return None
    letter, each = _UNITS[match.group(2)]
    amount = int(match.group(1)) * each
    if amount == 0:
        return None
    delta = timedelta(**{_DELTAS[letter]: amount})
    if delta > MAX_PERIOD:
        return ALL
    return Period(f"{amount}{letter}", delta)


def is_period_shaped(text: str) -> bool:
    """True when ``text`` is written as a period (a number and a unit), whether or not it can be
    one: "0d" and "99999 days" are shaped like periods but name none."""
    match = _PATTERN.match(text.strip().lower())
    return match is not None and match.group(2) in _UNITS
