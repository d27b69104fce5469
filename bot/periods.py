"""Time windows people ask for: ``24h``, ``3d``, ``2w``, ``today``, ``all``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_PATTERN = re.compile(r"^(\d{1,4})\s*(h|d|w)$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
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
    match = _PATTERN.match(value)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    if amount == 0:
        return None
    delta = timedelta(**{_UNITS[unit]: amount})
    if delta > MAX_PERIOD:
        return ALL
    return Period(f"{amount}{unit}", delta)
