"""The per-chat part of a shared digest: leave out stories the chat has had, mark updates.

A story whose articles the chat has all received in earlier digests is left out; one with some
new articles stays, marked as an update naming its new sources. The shared briefing is never
rebuilt: this only filters it and numbers the sources of what is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from summarizer.types import Briefing, Citation, CitedSentence, Story


@dataclass(frozen=True)
class Filtered:
    """The chat's briefing, and for each story kept that is an update, its new sources' numbers."""

    briefing: Briefing
    updates: dict[int, tuple[int, ...]]  # story index → citation numbers of the articles new to the chat
    article_ids: tuple[int, ...]  # every article of the stories kept: what the chat has now had


def for_chat(briefing: Briefing, articles: Mapping[int, Citation], received: Collection[int]) -> Filtered:
    """``briefing`` as a chat that already received ``received`` should get it.

    ``articles`` describes every article of the build (cited or not), so an update can name a
    new article that the story's sentences do not cite.
    """
    cited_by_number = {c.number: c for c in briefing.sources}
    known = {c.article_id: c for c in briefing.sources}
    numbers: dict[int, int] = {}  # article id → its number in this chat's digest

    def number(article_id: int) -> int:
        return numbers.setdefault(article_id, len(numbers) + 1)

    stories: list[Story] = []
    updates: dict[int, tuple[int, ...]] = {}
    for story in briefing.stories:
        new = [a for a in story.article_ids if a not in received]
        if not new:
            continue
        sentences = tuple(
            CitedSentence(s.text, tuple(number(cited_by_number[n].article_id) for n in s.citations))
            for s in story.sentences
        )
        cited = [number(cited_by_number[n].article_id) for n in story.citations]
        if len(new) < len(story.article_ids):
            named = [a for a in new if a in known or a in articles]
            updates[len(stories)] = tuple(number(a) for a in named)
            cited += [numbers[a] for a in named if numbers[a] not in cited]
        stories.append(replace(story, sentences=sentences, citations=tuple(cited)))
    sources = tuple(
        replace(known.get(article_id) or articles[article_id], number=n)
        for article_id, n in sorted(numbers.items(), key=lambda item: item[1])
    )
    article_ids = tuple(dict.fromkeys(a for story in stories for a in story.article_ids))
    return Filtered(replace(briefing, stories=tuple(stories), sources=sources), updates, article_ids)
