"""Pure rendering of briefings, answers and reports to Telegram HTML, split under the size limit.

Everything that comes from articles is escaped here; only b, i, u, s, a href, code, pre and
blockquote are ever produced, and chunks are cut at paragraph boundaries, never inside a tag
(``html_text``: escaping, measuring and splitting).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bot.telegram.html_text import TELEGRAM_LIMIT, escape, link, split_html
from bot.wording import (
    CLOSEST_STORIES,
    EXPIRED_THREAD,
    NOT_ANSWERED,
    NOT_EXACTLY,
    briefing_header,
    empty_briefing_lines,
    notice_lines,
    stored_line,
)
from summarizer.types import Answer, Briefing, Citation, CitedSentence, ReplyKind


def _markers(numbers: Sequence[int], sources: Sequence[Citation]) -> str:
    by_number = {c.number: c for c in sources}
    parts = []
    for number in numbers:
        citation = by_number.get(number)
        parts.append(link(f"[{number}]", citation.url if citation else None))
    return "".join(parts)


def _sentence(sentence: CitedSentence, sources: Sequence[Citation]) -> str:
    markers = _markers(sentence.citations, sources)
    return f"{escape(sentence.text)} {markers}".rstrip()


def _when(published: datetime | None) -> str:
    return published.strftime("%Y-%m-%d") if published else ""


def _source_line(citation: Citation) -> str:
    details = ", ".join(part for part in (citation.source, _when(citation.published)) if part)
    suffix = f" — {escape(details)}" if details else ""
    return f"[{citation.number}] {link(citation.title or 'untitled', citation.url)}{suffix}"


WRITING = "✍ writing…"


def briefing_paragraphs(
    briefing: Briefing,
    *,
    sources: bool = True,
    heading: str | None = None,
    updates: Mapping[int, Sequence[int]] | None = None,
    note: str | None = None,
) -> list[str]:
    """The HTML paragraphs of a briefing: heading, stories, notices, then (``sources``) its sources.

    ``heading`` replaces the usual one (a digest's); stories listed in ``updates`` are marked as
    updates naming their new sources; ``note`` is an italic line under the heading.
    """
    title = escape(heading or briefing_header(briefing))
    paragraphs = [f"<b>{title}</b>" + (f"\n<i>{escape(note)}</i>" if note else "")]
    for index, story in enumerate(briefing.stories):
        body = " ".join(_sentence(s, briefing.sources) for s in story.sentences)
        if updates is not None and index in updates:
            new = _markers(updates[index], briefing.sources)
            label = f"<b>Update: {escape(story.headline)}</b>" + (f"\n<i>New:</i> {new}" if new else "")
            paragraphs.append(f"{label}\n{body}")
        else:
            paragraphs.append(f"<b>{escape(story.headline)}</b>\n{body}")
    notices = notice_lines(briefing)
    if notices:
        paragraphs.append("\n".join(f"<i>⚠ {escape(line)}</i>" for line in notices))
    if sources and briefing.sources:
        lines = "\n".join(_source_line(c) for c in briefing.sources)
        paragraphs.append(f"<i>Sources</i>\n{lines}")
    return paragraphs


def render_partial_briefing_html(
    briefing: Briefing, limit: int = TELEGRAM_LIMIT, *, stories: int, note: str | None = None
) -> list[str]:
    """A briefing still being written: the checked sentences so far, then a writing mark; the
    heading already counts the ``stories`` the finished briefing will hold."""
    heading = briefing_header(briefing, stories=stories)
    paragraphs = briefing_paragraphs(briefing, sources=False, heading=heading, note=note)
    return split_html([*paragraphs, f"<i>{WRITING}</i>"], limit)


def render_briefing_html(
    briefing: Briefing,
    limit: int = TELEGRAM_LIMIT,
    *,
    heading: str | None = None,
    updates: Mapping[int, Sequence[int]] | None = None,
    note: str | None = None,
) -> list[str]:
    """A briefing as HTML chunks: a heading, one paragraph per story, then the numbered sources."""
    if briefing.empty:
        return [render_empty_briefing_html(briefing)]
    return split_html(briefing_paragraphs(briefing, heading=heading, updates=updates, note=note), limit)


def render_empty_briefing_html(briefing: Briefing) -> str:
    """What to say when no articles are stored, or nothing matched a briefing's topic and period."""
    return "\n".join(escape(line) for line in empty_briefing_lines(briefing))


def render_answer_html(
    answer: Answer,
    limit: int = TELEGRAM_LIMIT,
    *,
    expired: bool = False,
    closest: Sequence[Citation] = (),
) -> list[str]:
    """The reply in its kind's words: an answer with its markers and sources (each with its
    source and date); the closest passages, quoted under "the articles don't say exactly"; or a
    plain statement that the articles do not say, naming the closest stories (offered as buttons).

    ``expired``: the question replied to a thread that had expired, and the reply says so.
    """
    head = [f"<i>{escape(EXPIRED_THREAD)}</i>"] if expired else []
    if answer.kind is ReplyKind.CLOSEST:
        quoted = "\n".join(
            f"• “{escape(s.text)}” {_markers(s.citations, answer.sources)}".rstrip() for s in answer.sentences
        )
        sources = "\n".join(_source_line(c) for c in answer.sources)
        paragraphs = [*head, f"<b>Q:</b> {escape(answer.question)}", escape(NOT_EXACTLY), quoted, sources]
        return split_html([p for p in paragraphs if p], limit)
    if not answer.answered:
        lines = [escape(NOT_ANSWERED)]
        if closest:
            lines.append(escape(CLOSEST_STORIES))
        return split_html([*head, *lines], limit)
    body = " ".join(_sentence(s, answer.sources) for s in answer.sentences)
    paragraphs = [*head, f"<b>Q:</b> {escape(answer.question)}", body]
    paragraphs.extend(f"<i>{escape(note)}</i>" for note in answer.notes)
    if answer.sources:
        paragraphs.append("\n".join(_source_line(c) for c in answer.sources))
    return split_html(paragraphs, limit)


def render_sources_html(sources: Sequence[Citation], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The numbered sources of a briefing, one per line."""
    if not sources:
        return ["No sources yet: ask for a /brief first."]
    return split_html(["<b>Sources</b>", *(_source_line(c) for c in sources)], limit, "\n")


def render_usage_html(problem: str, usage: str, example: str) -> str:
    """Usage text for wrong arguments, with an example."""
    return f"{escape(problem)}\nUsage: <code>{escape(usage)}</code>\nExample: <code>{escape(example)}</code>"


def render_lines_html(title: str, lines: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """A bold title and plain (escaped) lines, for lists such as feeds and sources."""
    return split_html([f"<b>{escape(title)}</b>", *(escape(line) for line in lines)], limit, "\n")


class DigestLike(Protocol):
    """What a digest offers to rendering (``bot.services.digests.delivery.Digest``)."""

    @property
    def briefing(self) -> Briefing: ...
    @property
    def updates(self) -> Mapping[int, Sequence[int]]: ...


class IngestReportLike(Protocol):
    """What an ingest report offers to rendering (``bot.services.library.IngestReport``)."""

    @property
    def stored(self) -> int: ...
    @property
    def duplicates(self) -> int: ...
    @property
    def problems(self) -> tuple[str, ...]: ...
    @property
    def titles(self) -> tuple[str, ...]: ...


def render_ingest_report_html(report: IngestReportLike, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """What /add stored, skipped as duplicates, and could not use."""
    head = stored_line(report.stored, report.duplicates)
    paragraphs = [f"<b>{escape(head)}</b>"]
    if report.titles:
        paragraphs.append("\n".join(f"• {escape(title)}" for title in report.titles))
    if report.problems:
        paragraphs.append("\n".join(f"⚠ {escape(problem)}" for problem in report.problems))
    return split_html(paragraphs, limit)


def render_digest_html(digest: DigestLike, heading: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """A digest: its heading (``08:00 digest · energy · 6 stories since …``), stories, updates marked."""
    if digest.briefing.empty:
        return [f"<b>{escape(heading)}</b>"]
    return render_briefing_html(digest.briefing, limit, heading=heading, updates=digest.updates)
