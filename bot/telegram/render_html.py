"""Pure rendering of briefings, answers and reports to Telegram HTML, split under the size limit.

Everything that comes from articles is escaped here; only b, i, u, s, a href, code, pre and
blockquote are ever produced, and chunks are cut at paragraph boundaries, never inside a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bot.wording import (
    CLOSEST_STORIES,
    EXPIRED_THREAD,
    NOT_ANSWERED,
    briefing_header,
    empty_briefing_lines,
    notice_lines,
)
from summarizer.types import Answer, Briefing, Citation, CitedSentence

TELEGRAM_LIMIT = 4096
# Telegram formats only the first 100 entities (tags) of a message, and refuses one whose
# entities add up past about 9,500 characters ("Entities_too_long"): chunks stay under both.
MAX_ENTITIES = 100
MAX_HTML_CHARS = 8000
ALLOWED_TAGS = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote"})

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z0-9-]+)[^>]*>")
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*$")


def escape(text: str) -> str:
    """Escape text for Telegram HTML (``& < > "``)."""
    return html.escape(text, quote=True).replace("&#x27;", "'")


def visible_text(text: str) -> str:
    """The text Telegram shows for ``text``: tags dropped, entities resolved."""
    return html.unescape(_TAG.sub("", text))


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text left after parsing the HTML."""
    return len(visible_text(text).encode("utf-16-le")) // 2


def link(text: str, url: str | None) -> str:
    """An ``<a href>`` for http(s) URLs; plain escaped text for anything else."""
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}">{escape(text)}</a>'
    return escape(text)


def _fits(text: str, limit: int) -> bool:
    """True when one message of ``text`` is within ``limit`` and Telegram's markup budgets."""
    entities = sum(1 for m in _TAG.finditer(text) if not m.group(1))
    return telegram_length(text) <= limit and len(text) <= MAX_HTML_CHARS and entities <= MAX_ENTITIES


def split_html(paragraphs: Iterable[str], limit: int = TELEGRAM_LIMIT, separator: str = "\n\n") -> list[str]:
    """Pack HTML paragraphs into chunks under ``limit``, splitting only between paragraphs.

    A single paragraph too big for one message is cut at a line, sentence or word boundary;
    tags open at the cut are closed at the end of one chunk and reopened at the start of the
    next. No chunk is without visible text, since Telegram refuses an empty message.
    """
    chunks: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in paragraphs):
        if not visible_text(paragraph).strip():
            continue
        if not _fits(paragraph, limit):
            if current:
                chunks.append(current)
                current = ""
            chunks.extend(_hard_split(paragraph, limit))
            continue
        candidate = f"{current}{separator}{paragraph}" if current else paragraph
        if not _fits(candidate, limit):
            chunks.append(current)
            current = paragraph
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _tokens(paragraph: str, piece: int) -> list[str]:
    """Tags, entities, whitespace runs and words; words longer than ``piece`` are cut."""
    out: list[str] = []
    for token in _TOKEN.findall(paragraph):
        if len(token) > piece and not token.startswith("<"):
            out.extend(token[i : i + piece] for i in range(0, len(token), piece))
        else:
            out.append(token)
    return out


def _push_or_pop(stack: tuple[tuple[str, str], ...], token: str) -> tuple[tuple[str, str], ...]:
    match = _TAG.fullmatch(token)
    if not match:
        return stack
    closing, name = match.group(1), match.group(2).lower()
    if not closing:
        return (*stack, (name, token))
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] == name:
            return stack[:index] + stack[index + 1 :]
    return stack


def _closers(stack: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


Cut = tuple[int, str, tuple[tuple[str, str], ...], int]  # next token, body, open tags, visible size


def _measure(token: str) -> tuple[int, int]:
    """``(visible length, entities opened)`` of one token."""
    tag = _TAG.fullmatch(token)
    if tag:
        return 0, 0 if tag.group(1) else 1
    return telegram_length(token), 0


def _hard_split(paragraph: str, limit: int) -> list[str]:
    """Cut one over-long paragraph into balanced chunks at line, else sentence, else word, boundaries."""
    tokens = _tokens(paragraph, max(1, limit // 4))
    chunks: list[str] = []
    stack: tuple[tuple[str, str], ...] = ()
    i = 0
    while i < len(tokens):
        while i < len(tokens) and tokens[i].isspace():
            i += 1
        if i == len(tokens):
            break
        body = "".join(opening for _, opening in stack)
        local, size, entities = stack, 0, len(stack)
        line_cut: Cut | None = None
        sentence_cut: Cut | None = None
        word_cut: Cut | None = None
        last_text = ""
        j = i
        while j < len(tokens):
            token = tokens[j]
            after = _push_or_pop(local, token)
            visible, opened = _measure(token)
            too_big = (
                size + visible > limit
                or len(body) + len(token) + len(_closers(after)) > MAX_HTML_CHARS
                or entities + opened > MAX_ENTITIES
            )
            if j > i and too_big:
                break
            if token.isspace() and j > i:
                word_cut = (j, body, local, size)
                if _SENTENCE_END.search(last_text):
                    sentence_cut = (j, body, local, size)
                if "\n" in token:
                    line_cut = (j, body, local, size)
            elif not token.startswith("<"):
                last_text = token
            body += token
            local, size, entities = after, size + visible, entities + opened
            j += 1
        if j == len(tokens):
            chunks.append(body + _closers(local))
            break
        cut: Cut = (j, body, local, size)
        # A list (sources, titles) is best cut between its lines, prose between sentences,
        # as long as that keeps at least half of what would fit.
        if line_cut and line_cut[3] >= size // 2:
            cut = line_cut
        elif sentence_cut and sentence_cut[3] >= size // 2:
            cut = sentence_cut
        elif word_cut:
            cut = word_cut
        chunks.append(cut[1].rstrip() + _closers(cut[2]))
        i, stack = cut[0], cut[2]
    # A cut just before closing tags or trailing spaces leaves chunks of bare tags: drop them.
    return [chunk for chunk in chunks if visible_text(chunk).strip()]


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
    """An answer with its markers and sources (each with its source and date), or a plain
    statement that the articles do not say, naming the closest stories (offered as buttons).

    ``expired``: the question replied to a thread that had expired, and the reply says so.
    """
    head = [f"<i>{escape(EXPIRED_THREAD)}</i>"] if expired else []
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
    head = f"Stored {report.stored} article(s); {report.duplicates} duplicate(s) skipped."
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
