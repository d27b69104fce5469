"""A story's articles as numbered prompt passages: the unit the model cites and the checks test.

``doc_passages`` is the one place that decides what of an article goes into a prompt. Today an
article's text is paragraphs separated by blank lines; page furniture is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from summarizer.llm.untrusted import ordered_outputs, quotable
from summarizer.sentences import is_boilerplate, split_paragraphs, split_sentences
from summarizer.types import Doc

MAX_PASSAGE_CHARS = 1200
CHARS_PER_TOKEN = 4
FENCE_TOKENS = 24  # the fence lines and the title line of one passage


@dataclass(frozen=True)
class PromptPassage:
    """Passage ``number`` of a prompt: text (already made quotable) from one article.

    ``withheld`` is what the article's own text told the model to print or say: never shown.
    """

    number: int
    article_id: int
    text: str
    title: str = ""
    source: str = ""
    published: datetime | None = None
    withheld: tuple[str, ...] = ()

    @property
    def tokens(self) -> int:
        """Estimated prompt tokens of this passage, fences included."""
        return estimate_tokens(self.text) + estimate_tokens(self.title) + FENCE_TOKENS


def estimate_tokens(text: str) -> int:
    """Tokens estimated at characters / 4 (the server's own count is used whenever it gives one)."""
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def doc_passages(doc: Doc) -> list[str]:
    """The passages of one article, in order: its standfirst, then its paragraphs, long ones cut
    between sentences; page furniture is left out."""
    passages: list[str] = []
    paragraphs = split_paragraphs(doc.text)
    if doc.standfirst.strip() and not any(doc.standfirst.strip() in p for p in paragraphs[:1]):
        paragraphs.insert(0, doc.standfirst)
    for paragraph in paragraphs:
        text = " ".join(paragraph.split())
        if not text or is_boilerplate(text):
            continue
        if len(text) <= MAX_PASSAGE_CHARS:
            passages.append(text)
            continue
        piece = ""
        for sentence in split_sentences(text):
            if piece and len(piece) + 1 + len(sentence) > MAX_PASSAGE_CHARS:
                passages.append(piece)
                piece = ""
            piece = f"{piece} {sentence}".strip()
        if piece:
            passages.append(piece)
    return passages


def story_passages(docs: Sequence[Doc]) -> list[PromptPassage]:
    """Every passage of a story's articles, numbered from 1 in article order."""
    out: list[PromptPassage] = []
    for doc in docs:
        for text in doc_passages(doc):
            safe = quotable(text)
            if not any(ch.isalnum() for ch in safe):
                continue
            out.append(
                PromptPassage(
                    number=len(out) + 1,
                    article_id=doc.id,
                    text=safe,
                    title=quotable(doc.title),
                    source=quotable(doc.source),
                    published=doc.published,
                    withheld=ordered_outputs(text),
                )
            )
    return out


def renumbered(passages: Sequence[PromptPassage]) -> list[PromptPassage]:
    """The same passages numbered 1..n in the order given."""
    return [
        PromptPassage(i, p.article_id, p.text, p.title, p.source, p.published, p.withheld)
        for i, p in enumerate(passages, 1)
    ]
