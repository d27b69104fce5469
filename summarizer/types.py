"""Plain values that go into and come out of the summarizer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from blocks import Block, BodyBlock, Role, paragraph_blocks, summary_blocks

__all__ = ["Block", "BodyBlock", "Doc", "Role"]  # the structure types, re-exported with Doc


@dataclass(frozen=True)
class Doc:
    """One stored article as the summarizer sees it (``rank``: topic relevance, higher is better;
    ``related``: it matched the topic only through a related word, so its stories come last).

    ``blocks`` is the article's structure; ``text`` its plain body. A doc built without blocks
    (a text of unknown structure) reads every paragraph of ``text`` as a paragraph.
    """

    id: int
    title: str
    text: str
    url: str | None = None
    source: str = ""
    published: datetime | None = None
    standfirst: str = ""
    rank: float = 0.0
    blocks: tuple[Block, ...] = ()
    related: bool = False

    def body(self) -> list[BodyBlock]:
        """The blocks summary sentences may come from (paragraphs and quotes), with their headings."""
        return list(summary_blocks(self.blocks or paragraph_blocks(self.text)))


@dataclass(frozen=True)
class Claim:
    """One output sentence and the ids of the articles it is drawn from (never empty)."""

    text: str
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class Passage:
    """A sentence (with neighbours) from one article that may answer a question."""

    text: str
    article_id: int
    score: float


class Length(StrEnum):
    """How long a briefing should be."""

    SHORT = "short"
    NORMAL = "normal"
    LONG = "long"


@dataclass(frozen=True)
class Citation:
    """A numbered source in a briefing or answer; ``number`` is what ``[n]`` markers refer to."""

    number: int
    article_id: int
    title: str
    url: str | None
    source: str
    published: datetime | None = None


@dataclass(frozen=True)
class CitedSentence:
    """A sentence ready to show, with the citation numbers it carries."""

    text: str
    citations: tuple[int, ...]


class Notice(StrEnum):
    """Something a briefing's reader should be told in one line; the front ends word it."""

    OFFLINE_STORIES = "offline_stories"  # some LLM replies failed the checks: written offline
    LLM_UNAVAILABLE = "llm_unavailable"  # the LLM server failed: written offline
    LLM_PAUSED = "llm_paused"  # the LLM is skipped for a while (breaker, Retry-After)
    LLM_INTERRUPTED = "llm_interrupted"  # the server broke off its reply: written offline
    LLM_CUT = "llm_cut"  # an LLM reply stopped at the output-token limit: its checked part is kept
    CHAT_BUDGET = "chat_budget"  # this chat's daily token budget is spent
    DAILY_BUDGET = "daily_budget"  # the bot's daily token budget is spent
    ORIGINAL_LANGUAGE = "original_language"  # offline stories keep the articles' language


@dataclass(frozen=True)
class Story:
    """A group of articles about one event, condensed (``generated_by``: extractive or llm).

    ``offline_reason`` says why the offline summarizer wrote a story the LLM was to write.
    """

    headline: str
    sentences: tuple[CitedSentence, ...]
    citations: tuple[int, ...]
    article_ids: tuple[int, ...]
    score: float
    generated_by: str = "extractive"
    offline_reason: Notice | None = None


@dataclass(frozen=True)
class Briefing:
    """A ranked list of stories and the numbered sources they cite."""

    stories: tuple[Story, ...]
    sources: tuple[Citation, ...]
    topic: str | None = None
    period_label: str = "all"
    considered: int = 0
    generated_by: str = "extractive"
    # True when no article matched the whole topic query and any one of its words was used instead.
    broadened: bool = False
    # Related words of the topic (energy: electricity) whose articles follow the exact matches.
    related: tuple[str, ...] = ()
    stored: int | None = None  # articles in the store, when known (an empty briefing says it)
    notices: tuple[Notice, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.stories

    @property
    def offline_stories(self) -> int:
        """How many stories the offline summarizer wrote."""
        return sum(1 for story in self.stories if story.generated_by != "llm")


class ReplyKind(StrEnum):
    """The three kinds of reply to a question, each worded plainly wherever it is shown."""

    ANSWER = "answer"  # one to three cited sentences, the answering one first
    CLOSEST = "closest"  # the articles don't say exactly: up to two cited passages, never an answer
    DECLINE = "decline"  # nothing relevant: the closest stories are offered instead


@dataclass(frozen=True)
class Signal:
    """One check behind a reply's kind: its name, whether it passed, and what it saw."""

    name: str
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class Answer:
    """A reply to a question: an answer, the closest passages, or a decline (no sentences)."""

    question: str
    sentences: tuple[CitedSentence, ...]
    sources: tuple[Citation, ...]
    kind: ReplyKind
    generated_by: str = "extractive"
    notes: tuple[str, ...] = field(default_factory=tuple)
    signals: tuple[Signal, ...] = ()  # the checks that decided the kind
    score: float = 0.0  # the answering sentence's ranking score: orders answers by confidence

    @property
    def answered(self) -> bool:
        """True only for a confident answer (closest passages and declines are not answers)."""
        return self.kind is ReplyKind.ANSWER
