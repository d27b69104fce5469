"""What a briefing being written reports, offline or with an LLM: each checked sentence as it is
added, then the finished briefing with the thread it started."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.languages import guess_language
from summarizer.types import Briefing, CitedSentence, Doc


@dataclass(frozen=True)
class SentenceAdded:
    """A checked sentence has been added; ``briefing`` is everything checked so far, out of
    ``stories`` stories the finished briefing will hold."""

    briefing: Briefing
    sentence: CitedSentence
    stories: int


@dataclass(frozen=True)
class BriefingDone:
    """The finished briefing (sources, notices and all), and the thread it started in its chat
    (None without a chat or for an empty briefing): front ends link their messages to it."""

    briefing: Briefing
    thread_id: int | None = None


BriefingEvent = SentenceAdded | BriefingDone


def reads_other_language(docs: Sequence[Doc], language: str | None) -> bool:
    """True when a chat reading ``language`` gets these articles in some other language."""
    return language is not None and guess_language(" ".join(d.text[:2000] for d in docs)) != language
