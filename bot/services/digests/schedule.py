"""When a subscription's digests are due: local wall times and days turned into UTC instants.

DST, the rule for every zone: a wall time that does not exist that day (clocks spring forward
over it) is sent once, at the instant the gap ends; a wall time that happens twice (clocks fall
back) is sent once, at its first occurrence (fold=0). Pure functions; nothing here knows a clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAILY = 0b1111111
WEEKDAYS = 0b0011111


def weekly(day: int) -> int:
    """The days mask of a weekly digest on ``day`` (0 Monday … 6 Sunday)."""
    return 1 << day


def day_index(word: str) -> int | None:
    """0..6 for ``mon`` … ``sun`` (or the full names), any case; None for other words."""
    word = word.strip().lower()
    if word in DAY_NAMES:
        return DAY_NAMES.index(word)
    if word in FULL_DAY_NAMES:
        return FULL_DAY_NAMES.index(word)
    return None


def is_weekly(days: int) -> bool:
    return bin(days & DAILY).count("1") == 1


def days_label(days: int) -> str:
    """``daily``, ``weekdays``, ``weekly mon``, or the days listed (``mon, thu``)."""
    days &= DAILY
    if days == DAILY:
        return "daily"
    if days == WEEKDAYS:
        return "weekdays"
    chosen = [name for index, name in enumerate(DAY_NAMES) if days & (1 << index)]
    return f"weekly {chosen[0]}" if len(chosen) == 1 else ", ".join(chosen)


def _gap_end(before: datetime, after: datetime, zone: tzinfo) -> datetime:
    """The first instant of a DST gap's new offset, between two UTC instants around it."""
    target = after.astimezone(zone).utcoffset()
    low, high = before, after
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0) if high.microsecond else high


def instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The UTC instant of wall time ``at`` on ``day`` in ``zone``, by the DST rule above."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first  # exists (fold=0 is its first occurrence when it happens twice)
    # Not a wall time this day: fold=0 and fold=1 put it on either side of the gap.
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = sorted((first, second))
    return _gap_end(low, high, zone)


def next_run(at: time, days: int, zone: tzinfo, after: datetime) -> datetime:
    """The first slot strictly after ``after`` (an aware instant), as a UTC instant."""
    if not days & DAILY:
        raise ValueError("a schedule needs at least one day")
    start = after.astimezone(zone).date() - timedelta(days=1)
    for offset in range(9):
        day = start + timedelta(days=offset)
        if days & (1 << day.weekday()):
            slot = instant(day, at, zone)
            if slot > after:
                return slot
    raise AssertionError("a week always holds a chosen day")  # pragma: no cover


def parse_time_of_day(text: str) -> time | None:
    """``HH:MM`` (or ``H:MM``) from 00:00 to 23:59, else None."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(hours) > 2 or len(minutes) != 2:
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))
