"""Parsing command arguments, shared by Telegram, the console and the CLI (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.periods import Period, parse_period
from errors import UsageError
from summarizer.languages import BY_CODE, Language, find_language
from summarizer.types import Length

MAX_TOPIC_CHARS = 200
MAX_QUESTION_CHARS = 500
_PERIOD_SHAPED = re.compile(r"^\d+\s*[hdw]$", re.IGNORECASE)
_LEAD_INS = frozenset({"in", "the", "last", "past", "over", "for", "this", "of"})

USAGE: dict[str, tuple[str, str]] = {
    "brief": ("/brief [topic] [period: 24h|3d|7d|all]", "/brief transit strike 3d"),
    "ask": ("/ask question", "/ask when will the strike end?"),
    "add": ("/add url-or-text", "/add https://example.com/news/story"),
    "settings": ("/settings [short|normal|long] | /settings language CODE|original", "/settings language de"),
    "timezone": ("/timezone Area/City", "/timezone Europe/Berlin"),
    "feeds": ("/feeds [sources | add URL | remove URL-or-id]", "/feeds add https://example.com/rss"),
    "sources": ("/sources", "/sources"),
    "subscribe": ("/subscribe [HH:MM] [timezone] [topic]", "/subscribe 08:00 Europe/Berlin"),
}


@dataclass(frozen=True)
class BriefRequest:
    """What a /brief asked for; ``period`` None means the newest news, widening as needed."""

    topic: str | None
    period: Period | None


def usage_error(command: str, problem: str) -> UsageError:
    usage, example = USAGE[command]
    return UsageError(problem, usage, example)


def parse_brief_args(args: Sequence[str]) -> BriefRequest:
    """``[topic words…] [period]``: a last word that reads as a period is the period.

    Words that only lead into it ("in the last 24h", "past week") are not part of the topic, and
    a last word shaped like a period that names none ("0d") is a usage error, not a topic. A
    leading "3d" stays in the topic: "/brief 3d printing" asks about 3D printing.
    """
    words = [w for w in args if w.strip()]
    period = _period_word(words[-1]) if words else None
    if period is not None:
        words.pop()
        while words and words[-1].lower() in _LEAD_INS:
            words.pop()
    topic = " ".join(words).strip() or None
    if topic is not None and len(topic) > MAX_TOPIC_CHARS:
        raise usage_error("brief", f"That topic is too long (over {MAX_TOPIC_CHARS} characters).")
    if topic is not None and not any(ch.isalnum() for ch in topic):
        raise usage_error("brief", "A topic needs at least one word.")
    return BriefRequest(topic, period)


def _period_word(word: str) -> Period | None:
    found = parse_period(word)
    if found is None and _PERIOD_SHAPED.match(word.strip()):
        raise usage_error("brief", f"“{word}” is not a period: use 24h, 3d, 2w or all.")
    return found


def parse_question(args: Sequence[str]) -> str:
    """The question text; empty or over-long questions are usage errors."""
    question = " ".join(a for a in args if a.strip()).strip()
    if not question or not any(ch.isalnum() for ch in question):
        raise usage_error("ask", "Ask a question after the command.")
    if len(question) > MAX_QUESTION_CHARS:
        raise usage_error("ask", f"That question is too long (over {MAX_QUESTION_CHARS} characters).")
    return question


ORIGINAL_LANGUAGE = "original"  # /settings language original: each article's own language
LANGUAGE_WORDS = frozenset({"language", "lang", "sprache"})


def parse_length(args: Sequence[str]) -> Length:
    """``short``, ``normal`` or ``long``."""
    words = [a.strip().lower() for a in args if a.strip()]
    if len(words) != 1 or words[0] not in {m.value for m in Length}:
        raise usage_error("settings", "Choose a briefing length: short, normal or long.")
    return Length(words[0])


def parse_language(text: str) -> Language | None:
    """The language ``text`` names (code or name), or None for ``original``."""
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


SettingsChange = (
    tuple[Literal["length"], Length]
    | tuple[Literal["language"], Language | None]
    | tuple[Literal["languages"], None]
)


def parse_settings_args(args: Sequence[str]) -> SettingsChange:
    """``short|normal|long`` sets the briefing length; ``language CODE|original`` the language
    briefings are written in; ``language`` alone asks which languages there are."""
    words = [a.strip() for a in args if a.strip()]
    if words and words[0].lower() in LANGUAGE_WORDS:
        if len(words) == 1:
            return "languages", None
        if len(words) != 2:
            raise usage_error("settings", "Name one language after /settings language.")
        return "language", parse_language(words[1])
    return "length", parse_length(words)


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
    words = [a for a in args if a.strip()]
    if not words:
        return "list", ""
    verb = words[0].lower()
    if verb == "sources" and len(words) == 1:
        return "sources", ""
    if verb in {"add", "remove"} and len(words) == 2:
        return ("add" if verb == "add" else "remove"), words[1]
    raise usage_error("feeds", "Use /feeds alone, /feeds sources, /feeds add URL or /feeds remove URL-or-id.")
