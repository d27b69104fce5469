"""Time windows people ask for.

Rolling windows end now: ``24h``, ``3d``, ``2w``, ``all``, and the same spelled out (``48 hours``,
``3 days``, ``2 weeks``, ``a month`` as 30 days). Calendar windows follow the chat's time zone:
``today`` and ``this week`` start at local midnight (weeks start on Monday), ``yesterday`` and
``last week`` also end at one, and ``since monday`` / ``since 30 nov`` / ``since 2026-11-30`` start
at local midnight of that day (the latest such weekday on or before today; a day and month
without a year is the latest one not after today).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

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
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SINCE = "since"
_ANY_YEAR = 2000  # a leap year holds every day and month a "since 29 feb" may name


@dataclass(frozen=True)
class Window:
    """Published since ``since`` (None: ever) and before ``until`` (None: now)."""

    since: datetime | None
    until: datetime | None = None


@dataclass(frozen=True)
class Period:
    """A window people named. ``delta`` is a rolling window ending now (None with no ``calendar``:
    everything stored); ``calendar`` names a window of local days, and ``label`` reads back
    through ``parse_period`` to the same period."""

    label: str
    delta: timedelta | None = None
    # "today", "yesterday", "this week", "last week", "since yesterday", "weekday", "day of year", "date"
    calendar: str | None = None
    day: date | int | None = None  # the weekday index or date of a "since" period

    def since(self, now: datetime, zone: tzinfo = UTC) -> datetime | None:
        return self.window(now, zone).since

    def window(self, now: datetime, zone: tzinfo = UTC) -> Window:
        """The instants (UTC) this period covers at ``now``, local days read in ``zone``."""
        if self.calendar is None:
            return Window(None if self.delta is None else now - self.delta)
        today = now.astimezone(zone).date()
        monday = today - timedelta(days=today.weekday())
        starts = {
            "today": (today, None),
            "yesterday": (today - timedelta(days=1), today),
            "this week": (monday, None),
            "last week": (monday - timedelta(days=7), monday),
        }
        if self.calendar in starts:
            start, end = starts[self.calendar]
        elif self.calendar == "since yesterday":
            start, end = today - timedelta(days=1), None
        elif isinstance(self.day, int):
            start, end = today - timedelta(days=(today.weekday() - self.day) % 7), None
        elif self.calendar == "day of year":
            assert isinstance(self.day, date)
            start, end = _latest(self.day, today), None
        else:
            assert isinstance(self.day, date)
            start, end = self.day, None
        return Window(_midnight(start, zone), None if end is None else _midnight(end, zone))


def _latest(day: date, today: date) -> date:
    """The latest date on ``day``'s day and month that is not after ``today`` (29 Feb: a leap year)."""
    for year in range(today.year, today.year - 8, -1):
        found = _date(year, day.month, day.day)
        if found is not None and found <= today:
            return found
    return today  # pragma: no cover - a leap year comes within 8 years


def _midnight(day: date, zone: tzinfo) -> datetime:
    # fold=0: a midnight that happens twice is its first; one skipped by DST is the gap's instant.
    return datetime.combine(day, time(), zone).astimezone(UTC)


def _weekday(word: str) -> int | None:
    """0..6 for ``mon`` … ``sun`` and the full names."""
    for index, name in enumerate(DAY_NAMES):
        if word in (name.lower(), name[:3].lower()):
            return index
    return None


ALL = Period("all", None)
DAY = Period("24h", timedelta(hours=24))
# When no period is given, briefings widen through these until something is found.
WIDENING = (DAY, Period("3d", timedelta(days=3)), Period("7d", timedelta(days=7)), ALL)
_CALENDAR = ("today", "yesterday", "this week", "last week")


def parse_period(text: str) -> Period | None:
    """The period ``text`` names, or None when it is not a period."""
    value = " ".join(text.strip().lower().split())
    if value in {"all", "ever", "everything"}:
        return ALL
    if value in _CALENDAR:
        return Period(value, calendar=value)
    if value == "day":
        return DAY
    if value == "week":
        return Period("7d", timedelta(days=7))
    if value == "month":
        return Period("30d", timedelta(days=30))
    if value.startswith(SINCE + " "):
        return _since(value.removeprefix(SINCE + " "))
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


def _since(rest: str) -> Period | None:
    """``since today|yesterday|monday|30 nov|nov 30|2026-11-30``."""
    if rest in {"today", "yesterday"}:
        return (
            Period(rest, calendar="today")
            if rest == "today"
            else Period("since yesterday", calendar="since yesterday")
        )
    weekday = _weekday(rest) if " " not in rest else None
    if weekday is not None:
        return Period(f"since {DAY_NAMES[weekday]}", calendar="weekday", day=weekday)
    iso = _ISO_DATE.match(rest)
    if iso:
        found = _date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return None if found is None else Period(f"since {found.isoformat()}", calendar="date", day=found)
    words = rest.replace(",", " ").split()
    if len(words) != 2:
        return None
    day_word, month_word = words if words[0].isdigit() else reversed(words)
    month = _MONTHS.get(month_word)
    if month is None or not day_word.isdigit() or len(day_word) > 2:
        return None
    found = _date(_ANY_YEAR, month, int(day_word))
    if found is None:
        return None
    return Period(f"since {found.day} {found.strftime('%b')}", calendar="day of year", day=found)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_period_shaped(text: str) -> bool:
    """True when ``text`` is written as a period (a number and a unit, or ``since …``), whether or
    not it can be one: "0d", "99999 days" and "since someday" are shaped like periods but name none."""
    value = text.strip().lower()
    if value == SINCE or value.startswith(SINCE + " "):
        return True
    match = _PATTERN.match(value)
    return match is not None and match.group(2) in _UNITS
