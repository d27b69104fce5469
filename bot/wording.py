"""Lines every front end words the same way (the console and CLI as text, Telegram as HTML).

Plain text only: each front end escapes or formats these lines itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.library import FeedInfo, SourceInfo
from bot.services.stats import Stats
from bot.services.usage import BotUsage, ChatUsage, TokenTotals, UsageReport
from summarizer.languages import LANGUAGES, Language
from summarizer.types import Briefing, Notice

NO_SOURCES = "Nothing stored yet. Add articles with /add."
NO_FEEDS = "No feeds yet."


def count(n: int, one: str, many: str) -> str:
    """``1 story``, ``5 stories``."""
    return f"{n:,} {one if n == 1 else many}"


def source_lines(sources: Sequence[SourceInfo]) -> list[str]:
    """One line per source: its name, how many articles, and the newest one's date."""
    if not sources:
        return [NO_SOURCES]
    lines = []
    for s in sources:
        latest = f", newest {s.latest.date().isoformat()}" if s.latest else ""
        lines.append(f"- {s.name}: {count(s.articles, 'article', 'articles')}{latest}")
    return lines


def feed_lines(feeds: Sequence[FeedInfo]) -> list[str]:
    """One line per feed: its id, title and URL."""
    if not feeds:
        return [NO_FEEDS]
    return [f"{f.id}. {f.title} <{f.url}>" if f.title != f.url else f"{f.id}. {f.url}" for f in feeds]


def stats_lines(s: Stats) -> list[str]:
    """The admin figures, one per line."""
    return [
        f"Articles: {s.articles}",
        f"Sources: {s.sources}",
        f"Chats: {s.chats}",
        f"Briefings served: {s.briefings}",
        f"Questions answered: {s.questions}",
    ]


_STORY_NOTICES = {
    Notice.OFFLINE_STORIES: "written offline: the AI draft did not match its sources.",
    Notice.LLM_UNAVAILABLE: "written offline: the AI writer is not answering.",
    Notice.LLM_PAUSED: "written offline: the AI writer is paused after errors.",
}
_NOTICES = {
    Notice.CHAT_BUDGET: "This chat's AI budget for today is used up: offline briefings until 00:00 UTC.",
    Notice.DAILY_BUDGET: "The bot's AI budget for today is used up: offline briefings until 00:00 UTC.",
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
    return f"{language.native} ({language.code})" if language else "each article's own"


def language_lines() -> list[str]:
    """The languages briefings can be written in, one per line."""
    return [f"{language.code} — {language.native}" for language in LANGUAGES] + [
        "original — each article's own language"
    ]


def _tokens(totals: TokenTotals) -> str:
    estimated = f", {totals.estimated_calls} estimated" if totals.estimated_calls else ""
    calls = count(totals.calls, "call", "calls")
    return (
        f"{totals.tokens:,} tokens ({totals.tokens_in:,} in, {totals.tokens_out:,} out; {calls}{estimated})"
    )


def _budget(left: int | None, budget: int) -> str:
    return "no limit" if left is None else f"{left:,} of {budget:,} left"


def chat_usage_lines(own: ChatUsage) -> list[str]:
    """A chat's own AI usage today."""
    if not own.llm_enabled:
        return ["The AI writer is off on this bot: briefings are written offline, at no token cost."]
    return [
        f"Today ({own.day}, UTC) this chat used {_tokens(own.own)}.",
        f"Daily budget: {_budget(own.left, own.budget)}.",
    ]


def bot_usage_lines(bot: BotUsage) -> list[str]:
    """The admins' view: everyone's tokens today, by account, and the top chats."""
    lines = [f"All chats and digests: {_tokens(bot.total)}; budget {_budget(bot.left, bot.budget)}."]
    for account, totals in sorted(bot.accounts.items()):
        name = {"chat": "chats", "digests": "digests (shared)", "local": "command line"}.get(account, account)
        lines.append(f"- {name}: {_tokens(totals)}")
    if bot.top_chats:
        lines.append("Top chats:")
        lines.extend(f"- {top.chat_id}: {_tokens(top.totals)}" for top in bot.top_chats)
    return lines


def usage_lines(report: UsageReport) -> list[str]:
    """``/usage``: the chat's own figures, then the admins' totals when they asked."""
    lines = chat_usage_lines(report.chat)
    if report.bot is not None and report.chat.llm_enabled:
        lines += ["", *bot_usage_lines(report.bot)]
    return lines
