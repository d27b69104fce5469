"""Parsing command arguments, shared by Telegram, the console and the CLI (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from typing import Literal

from bot.periods import SINCE, Period, is_period_shaped, parse_period
from bot.schedule_words import NAMED_DAYS, NotATime, read_day, read_time
from bot.services.digests.schedule import DAILY, is_weekly, parse_time_of_day
from bot.services.digests.subscriptions import SubscribeRequest
from bot.services.zones import exact_zone, find_zone, looks_like_zone, suggest_zones
from errors import BriefbotError, DigestLimit, NoSuchDigest, QueryError, UnknownZone, UsageError
from ingest.invisible import visible
from store.search.query import QUOTES, Query, parse_query
from summarizer.languages import BY_CODE, Language, find_language
from summarizer.types import Length

MAX_TOPIC_CHARS = 200
MAX_QUESTION_CHARS = 500
_LEAD_INS = frozenset({"in", "the", "last", "past", "over", "for", "this", "of"})
_TIME_SHAPED = re.compile(r"^\d{1,2}:\d{1,2}$")

USAGE: dict[str, tuple[str, str]] = {
    "brief": (
        "/brief [topic] [period: today|yesterday|this week|last week|since monday|3d|all]",
        "/brief energy gas OR oil -coal since monday",
    ),
    "ask": ("/ask question", "/ask when will the strike end?"),
    "add": ("/add url-or-text", "/add https://example.com/news/story"),
    "settings": (
        "/settings [short|normal|long] [silent|sound] | /settings language CODE|original",
        "/settings language de",
    ),
    "timezone": ("/timezone [Area/City | city | UTC±hh:mm]", "/timezone Europe/Berlin"),
    "feeds": ("/feeds [sources | add URL | remove URL-or-id]", "/feeds add https://example.com/rss"),
    "sources": ("/sources", "/sources"),
    "subscribe": (
        "/subscribe [time] [daily|weekdays|weekends|mon-fri|fri] [zone or city] [topic]",
        "/subscribe 7pm weekdays london energy -coal",
    ),
    "unsubscribe": ("/unsubscribe [n|all]", "/unsubscribe 2"),
    "subscriptions": (
        "/subscriptions [pause|resume|remove n | time n HH:MM]",
        "/subscriptions time 1 07:00",
    ),
    "digest": ("/digest [n]", "/digest 1"),
}
GRAMMAR = (
    'Topics: words must all match; OR gives alternatives; "quotes" match a phrase; -word leaves out.',
    'e.g. energy gas OR oil -coal  (energy, and gas or oil, not coal); "north sea" -"wind farm"',
    "A word matches itself, its plural or its singular (park finds parks, not parking). When few "
    "articles match, /brief adds those saying a related word (energy: electricity, power) after them; "
    '"energy" in quotes keeps to the word.',
)


def _words(args: Sequence[str]) -> list[str]:
    """The non-empty words of ``args``, without invisible characters (controls, bidi overrides)."""
    return [word for word in map(visible, args) if word.strip()]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class BriefRequest:
    """What a /brief asked for; ``period`` None means the newest news, widening as needed."""

    topic: Query | None
    period: Period | None


def usage_error(command: str, problem: str) -> UsageError:
    usage, example = USAGE[command]
    return UsageError(problem, usage, example)


def worded(error: BriefbotError) -> BriefbotError:
    """A service's domain error as the usage error every front end shows; others unchanged."""
    if isinstance(error, UnknownZone):
        hint = f" Did you mean {' or '.join(error.suggestions)}?" if error.suggestions else ""
        return usage_error("timezone", f"I don't know the time zone {error.name!r}.{hint}")
    if isinstance(error, DigestLimit):
        return usage_error(
            "subscribe",
            f"This chat already has {error.limit} digests, the most allowed. Remove one with /unsubscribe n.",
        )
    if isinstance(error, NoSuchDigest) and error.count == 0:
        return usage_error(error.command, "This chat has no digests yet: start one with /subscribe.")
    if isinstance(error, NoSuchDigest):
        return usage_error(
            error.command,
            f"There is no digest {error.number} here: use 1 to {error.count} (see /subscriptions).",
        )
    return error


def parse_brief_args(args: Sequence[str]) -> BriefRequest:
    """``[topic words…] [period]``: the longest ending that reads as a period is the period
    (``3d``, ``3 days``, ``yesterday``, ``last week``, ``since monday``, ``since 30 nov``).

    Words that only lead into it ("in the last 24h", "past week") are not part of the topic. An
    ending shaped like a period that names none ("0d", "since someday") is a usage error, not a
    topic, and "since" is never a topic word. A leading "3d" stays in the topic: "/brief 3d
    printing" asks about 3D printing.
    """
    words = _words(args)
    period = None
    for size in (3, 2, 1):
        if len(words) >= size and (period := parse_period(" ".join(words[-size:]))) is not None:
            del words[-size:]
            break
    if period is None:
        _refuse_period_shape(words)
    else:
        while words and words[-1].lower() in _LEAD_INS:
            words.pop()
    if any(free and word.lower() == SINCE for word, free in _outside_quotes(words)):
        raise usage_error("brief", _SINCE_HELP)
    return BriefRequest(parse_topic(" ".join(words), "brief"), period)


_SINCE_HELP = "Say since when: since yesterday, since monday, since 30 nov or since 2026-11-30."


def _refuse_period_shape(words: Sequence[str]) -> None:
    """A usage error when the words end in something shaped like a period that names none."""
    for size in (3, 2, 1):
        ending = " ".join(words[-size:])
        if len(words) < size or not is_period_shaped(ending):
            continue
        if words[-size].lower() == SINCE:
            raise usage_error("brief", f"“{ending[:40]}” is not a period. {_SINCE_HELP}")
        if size == 1 or (size == 2 and words[-2].isdigit()):
            raise usage_error("brief", f"“{ending[:40]}” is not a period: {_PERIODS}.")


_PERIODS = "use today, yesterday, this week, last week, since monday, 24h, 3d, 2w, 3 days or all"


def parse_topic(text: str, command: str) -> Query | None:
    """The topic query in ``text`` (None when there is none); its problems are usage errors of ``command``."""
    text = visible(text).strip()
    if not text:
        return None
    if len(text) > MAX_TOPIC_CHARS:
        raise usage_error(command, f"That topic is too long (over {MAX_TOPIC_CHARS} characters).")
    try:
        return parse_query(text)
    except QueryError as exc:
        raise usage_error(command, str(exc)) from exc


def parse_question(args: Sequence[str]) -> str:
    """The question text; empty or over-long questions are usage errors."""
    question = " ".join(_words(args)).strip()
    if not question or not any(ch.isalnum() for ch in question):
        raise usage_error("ask", "Ask a question after the command.")
    if len(question) > MAX_QUESTION_CHARS:
        raise usage_error("ask", f"That question is too long (over {MAX_QUESTION_CHARS} characters).")
    return question


ORIGINAL_LANGUAGE = "original"  # /settings language original: each article's own language
LANGUAGE_WORDS = frozenset({"language", "lang", "sprache"})


_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_QUESTION_OPENERS = _wordset(
    """what who whom whose which when where why how is are was were do does did can could will
    would should has have had may might must shall am isn't aren't wasn't weren't doesn't didn't
    won't wouldn't"""
)


def bare_url(text: str) -> str | None:
    """The link, when a message is nothing but one link (offered as /add, never a question)."""
    stripped = text.strip()
    return stripped if _URL.match(stripped) else None


def reads_as_question(text: str) -> bool:
    """True for a plain message that reads as a question: a question mark, or an opening
    wh-word or auxiliary ("and where is she from", "did they agree")."""
    stripped = text.strip()
    if not stripped or bare_url(stripped) or len(stripped) > MAX_QUESTION_CHARS:
        return False
    if "?" in stripped:
        return True
    words = [w.strip(",.!;:").lower() for w in stripped.split()[:2]]
    if words and words[0] in {"and", "but", "so", "then", "also"} and len(words) > 1:
        words = words[1:]
    return bool(words) and words[0] in _QUESTION_OPENERS


def parse_language(text: str) -> Language | None:
    """The language ``text`` names (code or name), or None for ``original``."""
    text = visible(text)
    if text.strip().casefold() in {ORIGINAL_LANGUAGE, "auto", "off", "none"}:
        return None
    language = find_language(text)
    if language is None:
        codes = ", ".join(BY_CODE)
        raise usage_error(
            "settings",
            f"I can't write briefings in “{text.strip()[:40]}”. Use one of {codes}, or {ORIGINAL_LANGUAGE}.",
        )
    return language


@dataclass(frozen=True)
class SettingsChange:
    """What ``/settings`` asked for: a length and/or digest sound, a briefing language
    (``language_given``; None means each article's own), or the list of languages."""

    length: Length | None = None
    silent: bool | None = None
    language: Language | None = None
    language_given: bool = False
    list_languages: bool = False


def parse_settings_args(args: Sequence[str]) -> SettingsChange:
    """``short|normal|long`` and/or ``silent|sound`` (``/settings short sound``); ``language
    CODE|original`` the language briefings are written in; ``language`` alone lists them."""
    words = [w.strip() for w in _words(args)]
    if words and words[0].lower() in LANGUAGE_WORDS:
        if len(words) == 1:
            return SettingsChange(list_languages=True)
        if len(words) != 2:
            raise usage_error("settings", "Name one language after /settings language.")
        return SettingsChange(language=parse_language(words[1]), language_given=True)
    length: Length | None = None
    silent: bool | None = None
    for word in (w.lower() for w in words):
        if word in {m.value for m in Length} and length is None:
            length = Length(word)
        elif word in {"silent", "sound"} and silent is None:
            silent = word == "silent"
        else:
            raise usage_error(
                "settings",
                "Choose a briefing length (short, normal, long) and/or digests silent or with sound,"
                " or a language with /settings language CODE.",
            )
    if length is None and silent is None:
        raise usage_error("settings", "Choose a briefing length (short, normal, long) or silent / sound.")
    return SettingsChange(length=length, silent=silent)


def _outside_quotes(args: Sequence[str]) -> list[tuple[str, bool]]:
    """Each word with whether it stands outside any quoted phrase (only those can be options)."""
    marked: list[tuple[str, bool]] = []
    inside = False
    for word in args:
        quotes = sum(1 for ch in word if ch in QUOTES)
        marked.append((word, not inside and quotes == 0))
        if quotes % 2:
            inside = not inside
    return marked


def _zone_word(word: str) -> str:
    zone = exact_zone(word)
    if zone is None:
        close = suggest_zones(word)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise usage_error("subscribe", f"I don't know the time zone {word[:60]!r}.{hint}")
    return zone


_LEAD_INS_SCHEDULE = frozenset({"at", "on", "every", "in"})
_HALVES = frozenset({"am", "pm", "a.m.", "p.m."})
_WEEKLY_HELP = "Say which day a weekly digest comes: weekly mon … weekly sun."
_DAYS_HELP = "Choose one of daily, weekdays, weekends, or days such as mon-fri."


def _city(words: Sequence[tuple[str, bool]], i: int) -> tuple[str, int] | None:
    """The zone of a city named at ``words[i]`` (one word, or two: "new york"), and its word count."""
    for size in (2, 1):
        part = words[i : i + size]
        if len(part) == size and all(free for _, free in part) and "/" not in part[0][0]:
            zone = find_zone(" ".join(w for w, _ in part))
            if zone is not None and "/" in zone:
                return zone, size
    return None


def _schedule_word(word: str) -> bool:
    try:
        return read_time(word) is not None or word.lower() in NAMED_DAYS or read_day(word) is not None
    except NotATime:
        return True


def parse_subscribe_args(args: Sequence[str]) -> SubscribeRequest:
    """``[time] [days] [zone] [topic query]``.

    Time: ``19:00``, ``7pm``, ``7.30pm``, ``noon``. Days: ``daily``, ``weekdays``, ``weekends``,
    ``fri``, ``mon-fri``, ``mon,wed``, ``weekly fri``. Zone: an IANA name, ``UTC±hh:mm``, or a city
    (``london``, ``new york``) when it follows the time or days. A time or day word is never a topic
    word (quote it to search for it); a word written as a time that names none ("25:61") is an
    error that names it. Every other word is the topic, so ``paris attacks`` is a topic and
    ``7pm paris attacks`` a digest at 19:00 in Paris's zone on "attacks".
    """
    words = _outside_quotes(_words(args))
    at: time | None = None
    days: int | None = None
    named = False
    zone: str | None = None
    topic: list[str] = []
    i = 0
    while i < len(words):
        word, free = words[i]
        lower = word.lower()
        following = words[i + 1] if i + 1 < len(words) else None
        i += 1
        if not free:
            topic.append(word)
            continue
        if word.isdigit() and following and following[1] and following[0].lower() in _HALVES:
            word, i = word + following[0], i + 1  # "7 pm"
        try:
            found_time = read_time(word)
        except NotATime:
            raise usage_error(
                "subscribe", f"“{word[:20]}” is not a time of day: use 19:00, 7pm, 7.30pm or noon."
            ) from None
        if found_time is not None:
            if at is not None:
                raise usage_error("subscribe", "Give one time of day, such as 19:00 or 7pm.")
            at = found_time
            continue
        mask = NAMED_DAYS.get(lower) or read_day(word)
        if lower == "weekly":
            mask = read_day(following[0]) if following and following[1] else None
            if mask is None or not is_weekly(mask):
                raise usage_error(
                    "subscribe", "Say which day a weekly digest comes: weekly mon … weekly sun."
                )
            i += 1
        if mask is not None:
            if days is not None and (named or lower in NAMED_DAYS):
                raise usage_error(
                    "subscribe", "Choose one of daily, weekdays, weekends, or days such as mon-fri."
                )
            days, named = (days or 0) | mask, lower in NAMED_DAYS
            continue
        if looks_like_zone(word):
            if zone is not None:
                raise usage_error("subscribe", "Give one time zone.")
            zone = _zone_word(word)
            continue
        schedule_given = at is not None or days is not None
        if (
            not topic
            and lower in _LEAD_INS_SCHEDULE
            and following
            and following[1]
            and (_schedule_word(following[0]) or (schedule_given and _city(words, i)))
        ):
            continue  # "at 7pm", "on weekdays", "in london"
        city = _city(words, i - 1) if schedule_given and not topic and zone is None else None
        if city is not None:
            zone, i = city[0], i - 1 + city[1]
            continue
        topic.append(word)
    return SubscribeRequest(
        at, DAILY if days is None else days, zone, parse_topic(" ".join(topic), "subscribe")
    )


def _number(word: str, command: str) -> int:
    if not word.isdigit() or int(word) < 1:
        raise usage_error(command, f"“{word[:20]}” is not a digest number: see /subscriptions.")
    return int(word)


def parse_unsubscribe_args(args: Sequence[str]) -> int | None:
    """A digest number, or None for ``all``."""
    words = [w.strip().lower() for w in _words(args)]
    if len(words) != 1:
        raise usage_error("unsubscribe", "Say which digest to stop (its number in /subscriptions), or all.")
    return None if words[0] == "all" else _number(words[0], "unsubscribe")


def parse_digest_args(args: Sequence[str]) -> int | None:
    """The digest number to preview (None: the first)."""
    words = [w.strip() for w in _words(args)]
    if len(words) > 1:
        raise usage_error("digest", "Give one digest number (see /subscriptions).")
    return _number(words[0], "digest") if words else None


SubscriptionAction = tuple[Literal["list", "pause", "resume", "remove", "time"], int, time | None]


def parse_subscriptions_args(args: Sequence[str]) -> SubscriptionAction:
    """``[]`` lists; ``pause n``, ``resume n``, ``remove n``, ``time n HH:MM`` change digest n."""
    words = [w.strip() for w in _words(args)]
    if not words:
        return "list", 0, None
    verb = words[0].lower()
    if verb in {"pause", "resume", "remove"} and len(words) == 2:
        return verb, _number(words[1], "subscriptions"), None  # type: ignore[return-value]
    if verb == "time" and len(words) == 3:
        at = parse_time_of_day(words[2])
        if at is None:
            raise usage_error("subscriptions", f"“{words[2][:20]}” is not a time of day: use HH:MM.")
        return "time", _number(words[1], "subscriptions"), at
    raise usage_error(
        "subscriptions", "Use /subscriptions alone, or pause, resume, remove n, or time n HH:MM."
    )


def parse_add(message_text: str) -> tuple[bool, str]:
    """``(is_url, payload)`` from ``/add …``; pasted text keeps its line breaks."""
    parts = message_text.split(maxsplit=1)
    payload = parts[1].strip() if len(parts) > 1 else ""
    if not payload:
        raise usage_error("add", "Give a link or paste the article text after /add.")
    is_url = len(payload.split()) == 1 and payload.lower().startswith(("http://", "https://"))
    return is_url, payload


FeedAction = tuple[Literal["list", "sources", "add", "remove"], str]


def parse_feeds_args(args: Sequence[str]) -> FeedAction:
    """``[]`` lists feeds, ``sources`` lists where stored articles came from; ``add URL`` and
    ``remove URL-or-id`` change the feeds."""
    words = _words(args)
    if not words:
        return "list", ""
    verb = words[0].lower()
    if verb == "sources" and len(words) == 1:
        return "sources", ""
    if verb in {"add", "remove"} and len(words) == 2:
        return ("add" if verb == "add" else "remove"), words[1]
    raise usage_error("feeds", "Use /feeds alone, /feeds sources, /feeds add URL or /feeds remove URL-or-id.")
