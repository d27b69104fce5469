"""Lines about digests: subscriptions, their next runs in the chat's zone, digest headings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.services.digests.delivery import Digest
from bot.services.digests.subscriptions import SubscriptionInfo
from bot.services.zones import zone_info
from bot.wording.numbers import count

NO_SUBSCRIPTIONS = "No digests yet. Start one with /subscribe, e.g. /subscribe 08:00 energy."


def local_when(moment: datetime, zone: str, now: datetime, *, with_zone: bool = True) -> str:
    """``tomorrow 08:00 CET``, ``today 18:30``, ``Fri 08:00``, ``2026-12-01 08:00``: a moment in the
    chat's zone, said relative to ``now``."""
    tz = zone_info(zone)
    local = moment.astimezone(tz)
    today = now.astimezone(tz).date()
    ahead = (local.date() - today).days
    if ahead == 0:
        day = "today"
    elif ahead == 1:
        day = "tomorrow"
    elif ahead == -1:
        day = "yesterday"
    elif 1 < ahead < 7:
        day = local.strftime("%a")
    else:
        day = local.date().isoformat()
    text = f"{day} {local.strftime('%H:%M')}"
    return f"{text} {local.tzname() or zone}" if with_zone else text


def subscription_line(s: SubscriptionInfo, now: datetime) -> str:
    """``1. 08:00 daily · Europe/Berlin · energy -coal · next tomorrow 08:00 CET``."""
    topic = s.topic or "all news"
    if s.paused:
        state = "paused"
    elif s.blocked:
        state = "waiting: the bot cannot write to this chat"
    else:
        state = f"next {local_when(s.next_run, s.zone, now)}"
    return f"{s.number}. {s.at_time} {s.days} · {s.zone} · {topic} · {state}"


def subscription_lines(found: Sequence[SubscriptionInfo], now: datetime) -> list[str]:
    if not found:
        return [NO_SUBSCRIPTIONS]
    return [subscription_line(s, now) for s in found]


def unsubscribed_line(removed: Sequence[SubscriptionInfo], which: int | None) -> str:
    """What ``/unsubscribe n`` (``which``) or ``/unsubscribe all`` (None) stopped."""
    if not removed:
        return "There are no digests to stop."
    if which is None:
        return f"Stopped all {len(removed)} digests." if len(removed) > 1 else "Stopped the digest."
    return f"Stopped digest {removed[0].number} ({removed[0].at_time} {removed[0].days})."


_FULL_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def days_phrase(label: str) -> str:
    """How a digest's days read before "digest": ``daily``, ``weekday``, ``weekend``, ``Friday``,
    ``Mon, Wed``."""
    if label.startswith("weekly "):
        return _FULL_DAYS.get(label.removeprefix("weekly "), label)
    named = {"weekdays": "weekday", "sat, sun": "weekend"}
    if label in named:
        return named[label]
    return ", ".join(day.capitalize() for day in label.split(", ")) if label != "daily" else label


def subscribed_line(s: SubscriptionInfo, now: datetime) -> str:
    """The confirmation of a new subscription, saying when the first digest comes, and warning
    when nothing published in the last day matches its topic."""
    topic = f" on {s.topic}" if s.topic else ""
    line = (
        f"Subscribed: a {days_phrase(s.days)} digest at {s.at_time} ({s.zone}){topic}. "
        f"The first comes {local_when(s.next_run, s.zone, now)}."
    )
    if s.quiet:
        line += f" Nothing from the last day matches “{s.topic}”, so it may have little to send."
    return line


def digest_heading(d: Digest, now: datetime) -> str:
    """``08:00 digest · energy · 6 stories since yesterday 08:00`` (or that nothing is new)."""
    since = local_when(d.since, d.zone, now, with_zone=False)
    parts = [f"{d.at_time} digest"] + ([d.topic] if d.topic else [])
    head = ("Preview: " if d.preview else "") + " · ".join(parts)
    if d.empty:
        return f"{head}: nothing new since {since}."
    return f"{head} · {count(len(d.briefing.stories), 'story', 'stories')} since {since}"


def broadened_line(topic: str | None) -> str:
    """Said above a /brief that fell back to any word of its topic."""
    return f"Nothing matched all of “{topic}”; these match any of its words."
