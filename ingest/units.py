"""Units: the pieces every format's reader cuts a page into, before ``ingest.structure`` decides
their roles, and the shapes of text those decisions look at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ingest.furniture import words_in
from summarizer.sentences import split_sentences

MAX_TITLE_CHARS = 200
SHORT_TITLE_CHARS = 100
HEADING_WORDS = 15  # a heading is at most this long

_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_NOT_HEADLINE_END = re.compile(r"[.,;:][\"'”’»)\]]*$")


class Hint(StrEnum):
    """What a format says about a piece of text, before the roles are decided."""

    PROSE = "prose"  # a paragraph of the source (or a line alone between blank lines)
    LINE = "line"  # one of several short lines of a block, set apart by line breaks
    HEADING = "heading"  # marked as a heading (<h2>, ## …)
    QUOTE = "quote"  # a block quotation (<blockquote>, > …)
    ITEM = "item"  # a list item
    CAPTION = "caption"  # a figure caption or an image's alternative text
    EMPHASIS = "emphasis"  # a paragraph that is bold or italic as a whole
    RULE = "rule"  # a horizontal rule (no text)
    CODE = "code"  # preformatted text: kept in the body as it is


@dataclass(frozen=True)
class Unit:
    """A piece of a page: normalised text, its hint, and its block (same group: no blank line)."""

    text: str
    hint: Hint
    group: int
    raw: str = ""  # the line before its spaces were collapsed, for menus laid out with spaces
    level: int = 0  # heading level from markup; 1 is the page's headline


def short_title(text: str) -> str:
    """A title made from a line's first sentence (without its full stop); one too long for a
    title is cut at a word boundary with an ellipsis."""
    first = next(iter(split_sentences(text.strip())), text.strip())
    if len(first) <= SHORT_TITLE_CHARS:
        return first.removesuffix(".")
    cut = first[:SHORT_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def headline_like(text: str, max_words: int = HEADING_WORDS) -> bool:
    """Short, and ending without a full stop, comma or colon (a question mark is allowed)."""
    return words_in(text) <= max_words and len(text) <= MAX_TITLE_CHARS and not _NOT_HEADLINE_END.search(text)


def sentence_like(text: str) -> bool:
    """Ending as a sentence ends: a full stop, question or exclamation mark (closing quotes after)."""
    return _TERMINAL.search(text) is not None
