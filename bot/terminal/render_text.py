"""Plain-text rendering for the console and the CLI (pure functions)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.services.briefing_codec import citation_to_dict
from bot.services.digests.delivery import Digest
from bot.services.feeds.results import FeedInfo
from bot.services.library import IngestReport, SourceInfo
from bot.services.stats import Stats
from bot.wording import (
    CLOSEST_STORIES,
    EXPIRED_THREAD,
    NOT_ANSWERED,
    NOT_EXACTLY,
    briefing_header,
    digest_heading,
    empty_briefing_lines,
    feed_lines,
    notice_lines,
    source_lines,
    stats_lines,
    stored_line,
    topic_line,
)
from summarizer.types import Answer, Briefing, Citation, CitedSentence, ReplyKind

NO_ANSWER = NOT_ANSWERED
CHAT_HINT = "Try /brief to see what is stored, or /add an article."
CLI_HINT = "Try `briefbot brief --since all` to see what is stored, or `briefbot ingest` more articles."


def _markers(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _sentence(s: CitedSentence) -> str:
    return f"{s.text} {_markers(s.citations)}".rstrip()


def render_sources(sources: Sequence[Citation]) -> str:
    lines = ["Sources"]
    for c in sources:
        meta = ", ".join(x for x in (c.source, c.published.date().isoformat() if c.published else "") if x)
        lines.append(f"[{c.number}] {c.title}" + (f" — {meta}" if meta else ""))
        if c.url:
            lines.append(f"    {c.url}")
    return "\n".join(lines)


def render_briefing(
    b: Briefing,
    *,
    cli: bool = False,
    heading: str | None = None,
    updates: Mapping[int, Sequence[int]] | None = None,
) -> str:
    """The header, one numbered paragraph per story with its ``[n]`` markers, then the sources;
    an empty briefing says why (``cli`` words the way forward for the command line).

    ``heading`` replaces the usual header (a digest's); ``updates`` marks stories as updates.
    """
    if b.empty:
        return "\n".join(empty_briefing_lines(b, cli=cli))
    parts = [heading or briefing_header(b)]
    note = topic_line(b)
    if note:
        parts[0] += "\n" + note
    for i, story in enumerate(b.stories, 1):
        body = " ".join(_sentence(s) for s in story.sentences)
        if updates is not None and i - 1 in updates:
            new = _markers(updates[i - 1])
            parts.append(
                f"{i}. Update: {story.headline}" + (f" (new: {new})" if new else "") + f"\n   {body}"
            )
        else:
            parts.append(f"{i}. {story.headline}\n   {body}")
    notices = notice_lines(b)
    if notices:
        parts.append("\n".join(f"⚠ {line}" for line in notices))
    parts.append(render_sources(b.sources))
    return "\n\n".join(parts)


def render_digest(d: Digest, now: datetime) -> str:
    """A digest (or a preview of one) as text."""
    heading = digest_heading(d, now)
    if d.empty:
        return heading
    return render_briefing(d.briefing, heading=heading, updates=d.updates)


def render_answer(
    a: Answer, *, hint: str = CHAT_HINT, expired: bool = False, closest: Sequence[Citation] = ()
) -> str:
    """The reply in its kind's words: an answer with its sources; the closest passages, said to
    be no exact answer; or a plain no naming the closest stories, with ``hint`` (chat commands or
    the CLI's). ``expired`` says the thread replied to had expired."""
    head = [EXPIRED_THREAD] if expired else []
    if a.kind is ReplyKind.CLOSEST:
        passages = "\n".join(f"- “{s.text}” {_markers(s.citations)}".rstrip() for s in a.sentences)
        return "\n\n".join([*head, NOT_EXACTLY, passages, render_sources(a.sources)])
    if not a.answered:
        lines = [*head, f"{NO_ANSWER} {hint}"]
        if closest:
            lines.append(CLOSEST_STORIES)
            lines.extend(f"- {c.title}" + (f" ({_meta(c)})" if _meta(c) else "") for c in closest)
        return "\n".join(lines)
    parts = [*head, " ".join(_sentence(s) for s in a.sentences), *a.notes, render_sources(a.sources)]
    return "\n\n".join(parts)


def reply_json(a: Answer, closest: Sequence[Citation] = ()) -> str:
    """The reply for scripts: its kind, sentences with their citations, sources, the closest
    stories (a decline's) and the signals behind the decision."""
    return json.dumps(
        {
            "question": a.question,
            "kind": a.kind.value,
            "sentences": [{"text": s.text, "citations": list(s.citations)} for s in a.sentences],
            "sources": [citation_to_dict(c) for c in a.sources],
            "closest_stories": [citation_to_dict(c) for c in closest],
            "notes": list(a.notes),
            "signals": [{"name": s.name, "passed": s.passed, "detail": s.detail} for s in a.signals],
            "generated_by": a.generated_by,
        },
        ensure_ascii=False,
        indent=2,
    )


def _meta(c: Citation) -> str:
    return ", ".join(x for x in (c.source, c.published.date().isoformat() if c.published else "") if x)


def render_report(r: IngestReport) -> str:
    """Counts first, then why each refused item was refused, then what was left out of stored ones."""
    line = stored_line(r.stored, r.duplicates)
    lines = [line.removesuffix(".") + (f", {len(r.problems)} refused:" if r.problems else ".")]
    lines += [f"  - {p}" for p in r.problems]
    if r.notes:
        lines += ["Notes:", *(f"  - {n}" for n in r.notes)]
    return "\n".join(lines)


def render_source_list(sources: Sequence[SourceInfo]) -> str:
    return "\n".join(source_lines(sources))


def render_feeds(feeds: Sequence[FeedInfo]) -> str:
    return "\n".join(feed_lines(feeds))


def render_stats(s: Stats) -> str:
    return "\n".join(stats_lines(s))
