"""Lines every front end words the same way (the console and CLI as text, Telegram as HTML).

Plain text only: each front end escapes or formats these lines itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.services.digests.delivery import Digest
from bot.services.digests.subscriptions import SubscriptionInfo
from bot.services.feeds.results import AddedFeed, FeedInfo, FeedPoll, PollRun
from bot.services.library import IngestReport, SourceInfo
from bot.services.stats import Stats
from bot.services.usage import BotUsage, ChatUsage, TokenTotals, UsageReport
from bot.services.zones import zone_info
from summarizer.languages import LANGUAGES, Language
from summarizer.types import Briefing, Notice

NO_SOURCES = "Nothing stored yet. Add articles with /add."
NO_FEEDS = "No feeds yet."
NO_SUBSCRIPTIONS = "No digests yet. Start one with /subscribe, e.g. /subscribe 08:00 energy."
GROUP_ADMINS_ONLY = "Only this group's admins can change its digests and settings."
EMPTY_STORE = "No articles are stored yet."
HOW_TO_ADD = (
    "Send /add with a link or the text of an article to store one; "
    "admins can also add a feed with /feeds add URL."
)
HOW_TO_INGEST = "Store some with `briefbot ingest PATH|URL` (files, folders or links)."
EXPIRED_THREAD = "That conversation had expired, so I searched all the stored articles."
NOT_ANSWERED = "The stored articles don't answer that."
CLOSEST_STORIES = "The closest stories I have:"
ADD_URL = "To store that page, send /add {url}"
FORGET_QUESTION = (
    "Forget this chat? This deletes everything I keep about it: its settings, digests, "
    "conversations, questions and usage. It cannot be undone."
)
FORGOTTEN = "Done: I have forgotten everything about this chat."
NOT_FORGOTTEN = "Nothing was deleted."
_PERIOD = re.compile(r"^(\d+)([hdw])$")
_UNITS = {"h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}


def count(n: int, one: str, many: str) -> str:
    """``1 story``, ``5 stories``."""
    return f"{n:,} {one if n == 1 else many}"


def period_phrase(label: str) -> str:
    """``last 3 days`` for "3d", ``last 24 hours`` for "24h"; "" for everything ("all")."""
    match = _PERIOD.match(label)
    if not match:
        return "" if label == "all" else label
    amount, (one, many) = int(match.group(1)), _UNITS[match.group(2)]
    return f"last {one}" if amount == 1 else f"last {amount} {many}"


def briefing_header(b: Briefing, *, stories: int | None = None) -> str:
    """``Briefing · latest news · 5 stories from 15 articles``, ``Briefing · energy · last 3 days · …``.

    ``stories`` counts the stories a briefing still being written will hold.
    """
    parts = ["Briefing", b.topic or "latest news", period_phrase(b.period_label)]
    total = len(b.stories) if stories is None else stories
    stories_text, articles = count(total, "story", "stories"), count(b.considered, "article", "articles")
    parts.append(f"{stories_text} from {articles}")
    return " · ".join(part for part in parts if part)


def empty_briefing_lines(b: Briefing, *, cli: bool = False) -> list[str]:
    """Why a briefing has no stories, and what to do: add articles to an empty store, or widen
    the topic or period. ``cli`` words the way forward for the command line."""
    if b.stored == 0:
        return [EMPTY_STORE, HOW_TO_INGEST if cli else HOW_TO_ADD]
    stored = count(b.stored or 0, "stored article", "stored articles")
    window = period_phrase(b.period_label)
    if b.topic:
        within = f" in the {window}" if window else ""
        line = f"Nothing matched “{b.topic}”{within} among {stored}."
    else:
        line = f"None of the {stored} is from the {window}." if window else f"Nothing matched among {stored}."
    if cli:
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


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if seconds < 0:
        seconds = -seconds
        for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
            if seconds >= size:
                return f"in {seconds / size:.0f} {unit}"
        return "in a moment"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit} ago"
    return "just now"


def feed_health(f: FeedInfo, now: datetime) -> str:
    """``ok, polled 5 min ago: 3 new; next in 25 min`` or ``FAILING (7 errors): the feed answered 500``."""
    if f.failing:
        state = f"FAILING ({count(f.errors, 'error', 'errors')} in a row, retried slowly): {f.last_error}"
    elif f.errors:
        state = f"last poll failed ({count(f.errors, 'error', 'errors')} in a row): {f.last_error}"
    elif f.last_polled is None:
        state = "not polled yet"
    else:
        state = f"ok, polled {_ago(f.last_polled, now)}: {f.last_result or 'no result'}"
    teasers = "" if f.fetch_teasers else "; teaser pages not fetched"
    return f"{state}; next {_ago(f.next_poll, now)}{teasers}"


def feed_lines(feeds: Sequence[FeedInfo], now: datetime | None = None) -> list[str]:
    """One line per feed: its id, title and URL, then its articles and health."""
    if not feeds:
        return [NO_FEEDS]
    now = now or datetime.now(UTC)
    lines = []
    for f in feeds:
        head = f"{f.id}. {f.title} <{f.url}>" if f.title != f.url else f"{f.id}. {f.url}"
        lines.append(f"{head} · {count(f.articles, 'article', 'articles')} · {feed_health(f, now)}")
    return lines


def added_feed_line(added: AddedFeed) -> str:
    f = added.feed
    name = f.title if f.title != f.url else f.url
    if not added.created:
        return f"Feed {f.id} is already there: {name}"
    found = f" (found on {added.found_on})" if added.found_on else ""
    return f"Added feed {f.id}: {name} <{f.url}>{found}. It is polled from now on."


def poll_lines(run: PollRun, *, details: bool = True, limit: int = 20) -> list[str]:
    """What a poll run did: totals, then one line per feed and (with ``details``) why entries
    were refused and why feeds had none."""
    polls = run.polls
    errors = sum(1 for p in polls if p.status == "error")
    unchanged = sum(1 for p in polls if p.status == "not modified")
    empty = [p for p in polls if p.status == "ok" and not p.entries]
    lines = [
        f"Polled {count(len(polls), 'feed', 'feeds')}: {run.total('stored'):,} new, "
        f"{run.total('seen'):,} seen, {run.total('duplicates'):,} duplicates, "
        f"{run.total('refused'):,} refused; "
        f"{unchanged} not modified, {len(empty)} without entries, {errors} failed."
    ]
    if not details:
        return lines
    for poll in polls:
        lines.append(f"{poll.feed_id}. {poll.title}: {poll.summary()}")
        lines.extend(_entry_lines(poll, limit))
    return lines


def _entry_lines(poll: FeedPoll, limit: int) -> list[str]:
    shown = [f"  - refused {r.entry!r}: {r.reason}" for r in poll.refused]
    shown += [f"  - duplicate {r.entry!r}: {r.reason}" for r in poll.duplicates]
    if len(shown) > limit:
        shown = [*shown[:limit], f"  - … and {len(shown) - limit} more"]
    return shown


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def reason_of(problem: str) -> str:
    """The kind of a refusal line, for counts: ``too short`` from
    ``a.jsonl: line 3: 'A title': too short (12 characters; …)``."""
    bare = _QUOTED.sub("", problem).split(" (", 1)[0]
    return bare.rsplit(": ", 1)[-1].strip() or problem


def import_lines(report: IngestReport, *, examples: int = 20) -> list[str]:
    """Counts (stored, duplicates, refused by reason), then some refusals and notes in full."""
    refused = len(report.problems)
    head = f"Stored {count(report.stored, 'article', 'articles')}, "
    head += f"skipped {count(report.duplicates, 'duplicate', 'duplicates')}"
    lines = [head + (f", refused {refused:,}." if refused else ".")]
    if refused:
        reasons: dict[str, int] = {}
        for problem in report.problems:
            reasons[reason_of(problem)] = reasons.get(reason_of(problem), 0) + 1
        ordered = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append("Refused: " + "; ".join(f"{reason} ({n:,})" for reason, n in ordered))
        lines += [f"  - {p}" for p in report.problems[:examples]]
        if refused > examples:
            lines.append(f"  - … and {refused - examples:,} more")
    if report.notes:
        lines.append("Notes:")
        lines += [f"  - {n}" for n in report.notes[:examples]]
        if len(report.notes) > examples:
            lines.append(f"  - … and {len(report.notes) - examples:,} more")
    return lines


def _bytes(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def stats_lines(s: Stats, *, sources: int = 10) -> list[str]:
    """The admin figures, one per line: what is served, the store's size, articles by source,
    and the feeds' health."""
    lines = [
        f"Articles: {s.articles:,}",
        f"Sources: {s.sources}",
        f"Chats: {s.chats}",
        f"Briefings served: {s.briefings}",
        f"Questions answered: {s.questions}",
    ]
    if s.size is not None:
        z = s.size
        oldest = f", oldest stored {z.oldest_stored.date().isoformat()}" if z.oldest_stored else ""
        lines.append(f"Store: {_bytes(z.database_bytes)}{oldest}")
        raw, kept = _bytes(z.raw_bytes), _bytes(z.raw_stored_bytes)
        lines.append(f"Raw sources: {z.raw_sources:,} kept, {raw} ({kept} compressed)")
        lines.append(f"Dedupe keys: {z.seen_keys:,}")
    if s.by_source:
        lines.append("Articles by source:")
        lines += [f"- {t.name} ({t.kind}): {t.articles:,}" for t in s.by_source[:sources]]
        if len(s.by_source) > sources:
            rest = sum(t.articles for t in s.by_source[sources:])
            lines.append(f"- {len(s.by_source) - sources} more sources: {rest:,}")
    if s.size is not None and s.size.feeds:
        z = s.size
        ok = z.feeds - z.failing_feeds - z.erroring_feeds - z.never_polled
        lines.append(
            f"Feeds: {z.feeds} ({ok} ok, {z.erroring_feeds} with errors, "
            f"{z.failing_feeds} failing, {z.never_polled} not polled yet)"
        )
        lines += [f"- {f.id}. {f.title}: {f.last_error}" for f in s.feeds if f.failing or f.errors]
    return lines


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


def subscribed_line(s: SubscriptionInfo, now: datetime) -> str:
    """The confirmation of a new subscription, saying when the first digest comes."""
    topic = f" on {s.topic}" if s.topic else ""
    return (
        f"Subscribed: a {s.days} digest at {s.at_time} ({s.zone}){topic}. "
        f"The first comes {local_when(s.next_run, s.zone, now)}."
    )


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
