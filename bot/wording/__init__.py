"""Lines every front end words the same way (the console and CLI as text, Telegram as HTML).

Plain text only: each front end escapes or formats these lines itself. Briefings, notices and
languages are worded here; ``library`` (feeds, imports, statistics), ``digests`` and ``usage``
hold the rest, and are re-exported, so ``from bot.wording import …`` reaches every line.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.library import SourceInfo
from bot.wording.digests import (
    NO_SUBSCRIPTIONS,
    broadened_line,
    digest_heading,
    local_when,
    subscribed_line,
    subscription_line,
    subscription_lines,
    unsubscribed_line,
)
from bot.wording.library import (
    NO_FEEDS,
    added_feed_line,
    feed_health,
    feed_lines,
    import_lines,
    poll_lines,
    reason_of,
    stats_lines,
    stored_line,
)
from bot.wording.numbers import count, is_rolling, period_phrase
from bot.wording.usage import bot_usage_lines, chat_usage_lines, usage_lines
from summarizer.languages import LANGUAGES, Language
from summarizer.types import Briefing, Notice

NO_SOURCES = "Nothing stored yet. Add articles with /add."
GROUP_ADMINS_ONLY = "Only this group's admins can change its digests and settings."
EMPTY_STORE = "No articles are stored yet."
HOW_TO_ADD = (
    "Send /add with a link or the text of an article to store one; "
    "admins can also add a feed with /feeds add URL."
)
HOW_TO_INGEST = "Store some with `briefbot ingest PATH|URL` (files, folders or links)."
EXPIRED_THREAD = "That conversation had expired, so I searched all the stored articles."
NOT_ANSWERED = "The stored articles don't answer that."
NOT_EXACTLY = "The articles don't say exactly. Closest:"
CLOSEST_STORIES = "The closest stories I have:"
ADD_URL = "To store that page, send /add {url}"
FORGET_QUESTION = (
    "Forget this chat? This deletes everything I keep about it: its settings, digests, "
    "conversations, questions and usage. It cannot be undone."
)
FORGOTTEN = "Done: I have forgotten everything about this chat."
HINT = "Send /brief for a briefing, /ask with a question, or /help for everything I can do."
_THANKS = frozenset({"thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you very much"})
_GREETINGS = frozenset({"hi", "hello", "hey", "good morning", "good evening"})


def small_talk_line(text: str) -> str:
    """The short, friendly reply to a message that is neither a command nor a question
    ("thanks", "ok", a bare "yes"): what it could send instead."""
    said = " ".join(text.lower().strip(" .!?,").split())
    if said in _THANKS:
        return f"You're welcome! {HINT}"
    if said in _GREETINGS:
        return f"Hello! {HINT}"
    if said in {"yes", "y", "yes please"}:
        return f"Yes to what? Commands that need a yes say so (for example /forget yes). {HINT}"
    return HINT


NOT_FORGOTTEN = "Nothing was deleted."


def briefing_header(b: Briefing, *, stories: int | None = None) -> str:
    """``Briefing · latest news · 5 stories from 15 matching articles``, ``Briefing · energy · 3d · …``.

    ``stories`` counts the stories a briefing still being written will hold.
    """
    parts = ["Briefing", b.topic or "latest news", period_phrase(b.period_label)]
    total = len(b.stories) if stories is None else stories
    # "matching": the articles searched, not the sources listed (a briefing cites only some).
    stories_text = count(total, "story", "stories")
    articles = count(b.considered, "matching article", "matching articles")
    parts.append(f"{stories_text} from {articles}")
    return " · ".join(part for part in parts if part)


def related_line(topic: str | None, related: Sequence[str]) -> str:
    """Said above a /brief that took in articles saying a related word of its topic."""
    said = related[0] if len(related) == 1 else ", ".join(related[:-1]) + f" or {related[-1]}"
    return (
        f"Few articles match “{topic}”, so articles that say {said} instead are added after them. "
        "Quote a word to match only it."
    )


def topic_line(b: Briefing) -> str | None:
    """The line that says a /brief went beyond its topic as typed, or None when it did not."""
    if b.broadened:
        return broadened_line(b.topic)
    if b.related:
        return related_line(b.topic, b.related)
    return None


def empty_briefing_lines(b: Briefing, *, cli: bool = False) -> list[str]:
    """Why a briefing has no stories, and what to do: add articles to an empty store, or widen
    the topic or period. ``cli`` words the way forward for the command line."""
    if b.stored == 0:
        return [EMPTY_STORE, HOW_TO_INGEST if cli else HOW_TO_ADD]
    stored = count(b.stored or 0, "stored article", "stored articles")
    window = period_phrase(b.period_label)
    rolling = is_rolling(b.period_label)
    if b.topic:
        within = f" in the {window}" if rolling else f" {window}" if window else ""
        line = f"Nothing matched “{b.topic}”{within} among {stored}."
    elif not window:
        line = f"Nothing matched among {stored}."
    else:
        line = (
            f"None of the {stored} is from the {window}."
            if rolling
            else f"None of the {stored} was published {window}."
        )
    if not window:  # everything stored was searched: no longer period to offer
        hint = "Try another topic." if cli else "Try another topic, or /brief for the latest news."
    elif cli:
        hint = "Try another topic or a longer period (--since all)."
    elif b.topic:
        hint = f"Try another topic or a longer period, for example /brief {b.topic} all."
    else:
        hint = "Try a longer period, for example /brief all."
    return [line, hint]


def source_lines(sources: Sequence[SourceInfo]) -> list[str]:
    """One line per source: its name, how many articles, and the newest one's date."""
    if not sources:
        return [NO_SOURCES]
    lines = []
    for s in sources:
        latest = f", newest {s.latest.date().isoformat()}" if s.latest else ""
        lines.append(f"- {s.name}: {count(s.articles, 'article', 'articles')}{latest}")
    return lines


_STORY_NOTICES = {
    Notice.OFFLINE_STORIES: "written offline: the AI draft did not match its sources.",
    Notice.LLM_UNAVAILABLE: "written offline: the AI writer is not answering.",
    Notice.LLM_PAUSED: "written offline: the AI writer is paused after errors.",
    Notice.LLM_INTERRUPTED: "written offline: the AI server broke off its reply.",
}
_NOTICES = {
    Notice.CHAT_BUDGET: "This chat's AI budget for today is used up: offline briefings until 00:00 UTC.",
    Notice.DAILY_BUDGET: "The bot's AI budget for today is used up: offline briefings until 00:00 UTC.",
    Notice.LLM_CUT: "An AI reply stopped at its length limit: its checked part is shown.",
    Notice.ORIGINAL_LANGUAGE: "Stories written offline keep their articles' language.",
}


def notice_lines(briefing: Briefing) -> list[str]:
    """One short line per thing a briefing's reader should know about how it was written."""
    lines = []
    for notice in briefing.notices:
        if notice in _STORY_NOTICES:
            stories = sum(1 for story in briefing.stories if story.offline_reason is notice)
            if stories:
                lines.append(f"{count(stories, 'story', 'stories')} {_STORY_NOTICES[notice]}")
        else:
            lines.append(_NOTICES[notice])
    return lines


def language_label(language: Language | None) -> str:
    """``Deutsch (de)``, or the words for the articles' own language."""
    return f"{language.native} ({language.code})" if language else "the language of each article"


def language_lines() -> list[str]:
    """The languages briefings can be written in, one per line."""
    return [f"{language.code} — {language.native}" for language in LANGUAGES] + [
        "original — each article's own language"
    ]


# The lines worded in the modules beside this one, re-exported.
__all__ = [
    "NO_FEEDS",
    "NO_SUBSCRIPTIONS",
    "added_feed_line",
    "bot_usage_lines",
    "broadened_line",
    "chat_usage_lines",
    "count",
    "digest_heading",
    "feed_health",
    "feed_lines",
    "import_lines",
    "local_when",
    "period_phrase",
    "poll_lines",
    "reason_of",
    "small_talk_line",
    "stats_lines",
    "stored_line",
    "subscribed_line",
    "subscription_line",
    "subscription_lines",
    "unsubscribed_line",
    "usage_lines",
]
