"""Telegram HTML itself: escaping, links, the length Telegram counts, and splitting paragraphs into
messages under the limits (4,096 visible characters, 100 entities), never inside a tag."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ingest.urls import has_http_scheme

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
    if url and has_http_scheme(url):
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
