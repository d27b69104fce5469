"""Times and days of a digest as people write them (pure functions).

Times: ``19:00``, ``7pm``, ``7 pm``, ``7.30pm``, ``7:30am``, ``noon``, ``midnight``. Days: ``daily``,
``weekdays``, ``weekends``, a day (``fri``, ``friday``, ``fridays``), a range (``mon-fri``), a list
(``mon,wed``), ``weekly fri``.
"""

from __future__ import annotations

import re
from datetime import time

from bot.services.digests.schedule import DAILY, WEEKDAYS, day_index, parse_time_of_day, weekly

WEEKENDS = weekly(5) | weekly(6)
NAMED_DAYS = {"daily": DAILY, "everyday": DAILY, "weekdays": WEEKDAYS, "weekends": WEEKENDS}
# A word meant as a time: digits with ":" or "." and/or am/pm ("7pm", "19:00", "7.30pm", "25:61").
_TIME_SHAPED = re.compile(r"^(\d{1,2})(?:[:.](\d{1,2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_WORD_TIMES = {"noon": time(12), "midday": time(12), "midnight": time(0)}


class NotATime(ValueError):
    """A word shaped like a time of day that names none (``25:61``, ``13pm``)."""


def is_time_shaped(word: str) -> bool:
    """True for a word written as a time: it has ":" or "." between digits, or am/pm."""
    found = _TIME_SHAPED.match(word.strip())
    return found is not None and (found.group(2) is not None or found.group(3) is not None)


def read_time(word: str) -> time | None:
    """The time ``word`` names, None when it is not written as a time; ``NotATime`` when it is
    written as one but names none."""
    lower = word.strip().lower()
    if lower in _WORD_TIMES:
        return _WORD_TIMES[lower]
    if not is_time_shaped(lower):
        return None
    found = _TIME_SHAPED.match(lower)
    assert found is not None
    hours, minutes, half = int(found.group(1)), found.group(2), found.group(3)
    if minutes is not None and len(minutes) != 2:
        raise NotATime(word)
    if half is None:
        at = parse_time_of_day(f"{hours}:{minutes}")
        if at is None:
            raise NotATime(word)
        return at
    if not 1 <= hours <= 12 or int(minutes or 0) > 59:
        raise NotATime(word)
    hours = hours % 12 + (12 if half.startswith("p") else 0)
    return time(hours, int(minutes or 0))


def read_day(word: str) -> int | None:
    """The days mask of one day word (``fri``, ``friday``, ``fridays``), a range (``mon-fri``) or a
    list (``mon,wed``); None for other words."""
    lower = word.strip().lower()
    if "," in lower:
        masks = [read_day(part) for part in lower.split(",") if part]
        if not masks or any(m is None for m in masks):
            return None
        total = 0
        for mask in masks:
            total |= mask or 0
        return total
    first, dash, last = lower.partition("-")
    if dash:
        start, end = _one_day(first), _one_day(last)
        if start is None or end is None:
            return None
        mask, day = 0, start
        while True:
            mask |= weekly(day)
            if day == end:
                return mask
            day = (day + 1) % 7
    one = _one_day(lower)
    return None if one is None else weekly(one)


def _one_day(word: str) -> int | None:
    found = day_index(word)
    if found is None and word.endswith("s"):
        found = day_index(word[:-1])
    return found
