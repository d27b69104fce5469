"""Putting a briefing back together after some of its stories were rewritten by the LLM.

Stories keep their order and headlines; their sentences are claims (text + article ids), and the
numbered sources are made again from the stored articles, numbered by first use. Links in the
sources come from those articles, never from anything the model wrote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from summarizer.briefing import CitationBook
from summarizer.types import Briefing, Citation, Claim, Doc, Notice, Story


@dataclass(frozen=True)
class StoryText:
    """The sentences a story ends up with, who wrote them (``llm`` or ``extractive``) and, for
    a story the LLM was to write, why it did not."""

    claims: tuple[Claim, ...]
    generated_by: str
    offline_reason: Notice | None = None


def extractive_claims(story: Story, sources: Sequence[Citation]) -> tuple[Claim, ...]:
    """An extractive story's sentences as claims, citation numbers turned back into article ids."""
    by_number = {c.number: c.article_id for c in sources}
    return tuple(
        Claim(s.text, tuple(by_number[n] for n in s.citations if n in by_number)) for s in story.sentences
    )


def compose(
    base: Briefing,
    texts: Sequence[StoryText],
    docs: Mapping[int, Doc],
    *,
    notices: Sequence[Notice] = (),
) -> Briefing:
    """``base`` with its first ``len(texts)`` stories' sentences replaced by ``texts``.

    Claims citing an article that is not among ``docs`` lose that citation; a claim left
    without any is not shown.
    """
    book = CitationBook(list(docs.values()))
    stories: list[Story] = []
    for story, text in zip(base.stories, texts, strict=False):
        sentences = tuple(
            book.cite(Claim(c.text, ids))
            for c in text.claims
            if (ids := tuple(i for i in c.article_ids if i in docs))
        )
        if not sentences:
            continue
        cited = tuple(dict.fromkeys(n for s in sentences for n in s.citations))
        stories.append(
            replace(
                story,
                sentences=sentences,
                citations=cited,
                generated_by=text.generated_by,
                offline_reason=text.offline_reason,
            )
        )
    writers = {story.generated_by for story in stories}
    generated_by = "mixed" if len(writers) > 1 else next(iter(writers), base.generated_by)
    return replace(
        base,
        stories=tuple(stories),
        sources=book.sources(),
        generated_by=generated_by,
        notices=tuple(dict.fromkeys([*base.notices, *notices])),
    )
