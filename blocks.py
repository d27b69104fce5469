"""An article's structure: a sequence of blocks, each with a role, shared by every room.

``ingest`` reads the roles (from HTML tags, Markdown syntax or plain-text layout), ``store`` keeps
them, and the summarizer, question passages and LLM prompts all take their sentences from the
same blocks, through ``summary_blocks``: only paragraphs and quotes are ever summary sentences.
Headings, captions, bylines, lists and page furniture are structure; a heading still says what
the paragraphs under it are about.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple


class Role(StrEnum):
    """What a block is on the page."""

    TITLE = "title"
    STANDFIRST = "standfirst"  # the line under the headline that sums the story up (dek, subtitle)
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"  # a block quotation set apart from the paragraphs
    CAPTION = "caption"  # a picture's caption, credit or alternative text
    BYLINE = "byline"  # author, desk, date stamp, reading time
    LIST = "list"  # items, one per line: bullet points, fact boxes
    FURNITURE = "furniture"  # navigation, teasers, related links, adverts, sharing, newsletter, footer


SUMMARY_ROLES = frozenset({Role.PARAGRAPH, Role.QUOTE})


@dataclass(frozen=True)
class Block:
    """One block of an article: its role and its text (list items separated by newlines)."""

    role: Role
    text: str


class BodyBlock(NamedTuple):
    """A block that may give summary sentences, with the heading it sits under ("" before any)."""

    block: Block
    heading: str


def summary_blocks(blocks: Iterable[Block]) -> Iterator[BodyBlock]:
    """The paragraphs and quotes of an article in reading order, each with its section heading.

    The one place that decides which blocks sentences may come from: summaries, briefings,
    question passages and LLM prompts all read an article through it.
    """
    heading = ""
    for block in blocks:
        if block.role is Role.HEADING:
            heading = block.text
        elif block.role in SUMMARY_ROLES:
            yield BodyBlock(block, heading)


def body_text(blocks: Iterable[Block]) -> str:
    """The plain body: paragraph and quote blocks joined by blank lines (what full-text search
    indexes and what older code reads as ``text``)."""
    return "\n\n".join(b.text for b in blocks if b.role in SUMMARY_ROLES)


def paragraph_blocks(text: str) -> tuple[Block, ...]:
    """Blocks for a plain body whose structure is unknown: every blank-line paragraph a paragraph."""
    parts = (part.strip() for part in text.replace("\r\n", "\n").split("\n\n"))
    return tuple(Block(Role.PARAGRAPH, part) for part in parts if part)


def blocks_to_json(blocks: Sequence[Block]) -> list[dict[str, str]]:
    """JSON-safe form of blocks, as the store keeps them."""
    return [{"role": b.role.value, "text": b.text} for b in blocks]


def blocks_from_json(data: Any) -> tuple[Block, ...]:
    """Blocks from their JSON form; entries with an unknown role or no text are skipped."""
    if not isinstance(data, list):
        return ()
    known = {role.value: role for role in Role}
    out: list[Block] = []
    for item in data:
        if not isinstance(item, dict):
            continue
        role, text = known.get(str(item.get("role"))), item.get("text")
        if role is not None and isinstance(text, str) and text:
            out.append(Block(role, text))
    return tuple(out)
