"""Cutting an article into the passages follow-up questions are answered from.

A passage is a few consecutive sentences under one heading, taken only from the article's
paragraphs and quotes (``summary_blocks``): headings, captions, bylines and page furniture are
never passage text, though a heading is kept beside the passages under it. The store indexes
passages for full-text search; the answerer reads their sentences back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from blocks import Block, summary_blocks
from summarizer.sentences import is_boilerplate, split_sentences

SENTENCES_PER_PASSAGE = 3
MAX_PASSAGE_CHARS = 1500


@dataclass(frozen=True)
class PassageText:
    """Sentences ``first`` … ``first + len(sentences) - 1`` of an article's body, under ``heading``."""

    first: int
    heading: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """One sentence a line: how the store keeps a passage."""
        return "\n".join(self.sentences)


def body_sentences(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """(sentence, heading) for every sentence of the article's paragraphs and quotes, in order."""
    out: list[tuple[str, str]] = []
    for index, (block, heading) in enumerate(summary_blocks(blocks)):
        for sentence in split_sentences(block.text, opening=index == 0):
            flat = " ".join(sentence.split())
            if any(ch.isalnum() for ch in flat) and not is_boilerplate(flat):
                out.append((flat, heading))
    return out


def cut_passages(blocks: Sequence[Block], *, size: int = SENTENCES_PER_PASSAGE) -> list[PassageText]:
    """The article's passages in order: up to ``size`` sentences each, never across a heading.

    News paragraphs are often one sentence long, so a passage may span paragraphs: what a
    sentence is about is usually said in the sentences around it.
    """
    passages: list[PassageText] = []
    current: list[str] = []
    heading, first = "", 0
    for position, (sentence, under) in enumerate(body_sentences(blocks)):
        full = len(current) >= size or sum(len(s) for s in current) + len(sentence) > MAX_PASSAGE_CHARS
        if current and (under != heading or full):
            passages.append(PassageText(first, heading, tuple(current)))
            current = []
        if not current:
            heading, first = under, position
        current.append(sentence)
    if current:
        passages.append(PassageText(first, heading, tuple(current)))
    return passages


def passage_texts(blocks: Sequence[Block]) -> list[tuple[int, str, str]]:
    """(first sentence, heading, text) of each passage: what the store's cutter hook returns."""
    return [(p.first, p.heading, p.text) for p in cut_passages(blocks)]
