"""The stemmed texts an article is indexed under: its full-text row and its passages.

The repository computes them in its write transaction; a bulk import computes them beforehand,
in a worker process, while the previous batch is written (``prepare_many`` is what that process
runs), and hands them in with each ``NewArticle``. Both ways give the same texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from blocks import Block, Role, blocks_from_json, paragraph_blocks
from store.search.stemming import TextStemmer

# An article's blocks in, (first sentence, heading, text with one sentence a line) out.
PassageCutter = Callable[[Sequence[Block]], list[tuple[int, str, str]]]


@dataclass(frozen=True)
class PassageText:
    """One passage as stored (``heading``, ``text``) and as indexed (``stemmed_…``)."""

    first: int
    heading: str
    text: str
    stemmed_heading: str
    stemmed_text: str


@dataclass(frozen=True)
class IndexTexts:
    """An article's stemmed title, standfirst and text, and its passages."""

    title: str
    standfirst: str
    text: str
    passages: tuple[PassageText, ...]


def passage_blocks(blocks: Sequence[Block], text: str) -> list[Block]:
    """The blocks passages are cut from (the plain text read as paragraphs when there is no
    structure), without the title."""
    found = list(blocks) or list(paragraph_blocks(text))
    return [b for b in found if b.role is not Role.TITLE]


def stored_blocks(raw: object, text: str) -> list[Block]:
    """``passage_blocks`` of an article as stored (its blocks as JSON)."""
    return passage_blocks(list(blocks_from_json(raw)), text)


def prepare(
    title: str,
    standfirst: str,
    text: str,
    blocks: Sequence[Block],
    *,
    stemmer: TextStemmer,
    cutter: PassageCutter | None,
) -> IndexTexts:
    stem = stemmer.stem_text
    cut = cutter(blocks) if cutter is not None else []
    return IndexTexts(
        stem(title),
        stem(standfirst),
        stem(text),
        tuple(PassageText(first, heading, body, stem(heading), stem(body)) for first, heading, body in cut),
    )


_STEMMER: TextStemmer | None = None


def prepare_many(
    articles: Sequence[tuple[str, str, str, tuple[Block, ...]]], cutter: PassageCutter
) -> list[IndexTexts]:
    """``prepare`` for (title, standfirst, text, blocks) of many articles, with this process's stemmer."""
    global _STEMMER
    if _STEMMER is None:
        _STEMMER = TextStemmer()
    return [
        prepare(title, standfirst, text, passage_blocks(blocks, text), stemmer=_STEMMER, cutter=cutter)
        for title, standfirst, text, blocks in articles
    ]
