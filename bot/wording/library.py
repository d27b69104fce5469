"""Lines about what is stored: feeds and their health, polls, imports, the store's statistics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.services.feeds.results import AddedFeed, FeedInfo, FeedPoll, PollRun
from bot.services.library import IngestReport
from bot.services.stats import Stats
from bot.wording.numbers import count

NO_FEEDS = "No feeds yet."


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
    due = f.next_poll is not None and f.next_poll <= now
    upcoming = "next poll due now" if due else f"next {_ago(f.next_poll, now)}"
    return f"{state}; {upcoming}{teasers}"


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


def stored_line(stored: int, duplicates: int) -> str:
    """``Stored 1 article, skipped 0 duplicates.``: what an /add or ingest kept, said alike everywhere."""
    skipped = count(duplicates, "duplicate", "duplicates")
    return f"Stored {count(stored, 'article', 'articles')}, skipped {skipped}."


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
