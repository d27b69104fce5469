"""The extractive briefing: cluster candidates into stories, rank, condense, cite."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from summarizer.extractive import ExtractiveSummarizer
from summarizer.facts import without_repeats
from summarizer.stories import Cluster, cluster_docs
from summarizer.tuning import SummaryTuning
from summarizer.types import Briefing, Citation, CitedSentence, Claim, Doc, Length, Story

log = logging.getLogger(__name__)


def story_size(length: Length, settings: SummaryTuning, available: int | None = None) -> tuple[int, int]:
    """(number of stories, sentences per story) for a briefing length.

    With only ``available`` stories to tell and no more than ``few_stories`` of them, each gets
    the longer count: one or two stories in two sentences each would say too little.
    """
    if length is Length.SHORT:
        stories, sentences, few = (
            settings.short_stories,
            settings.short_sentences,
            settings.short_few_sentences,
        )
    elif length is Length.LONG:
        stories, sentences, few = settings.long_stories, settings.long_sentences, settings.long_few_sentences
    else:
        stories, sentences, few = (
            settings.max_stories,
            settings.sentences_per_story,
            settings.normal_few_sentences,
        )
    if available is not None and min(stories, available) <= settings.few_stories:
        sentences = max(sentences, few)
    return stories, sentences


class CitationBook:
    """Numbers sources 1..n in order of first use."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        self._docs = {doc.id: doc for doc in docs}
        self._numbers: dict[int, int] = {}

    def cite(self, claim: Claim) -> CitedSentence:
        """The claim as a sentence carrying the numbers of all its articles."""
        numbers = sorted({self.number(article_id) for article_id in claim.article_ids})
        return CitedSentence(text=claim.text, citations=tuple(numbers))

    def number(self, article_id: int) -> int:
        """The citation number of an article, assigning the next one on first use."""
        if article_id not in self._numbers:
            self._numbers[article_id] = len(self._numbers) + 1
        return self._numbers[article_id]

    def sources(self) -> tuple[Citation, ...]:
        """The numbered source list, in number order."""
        return tuple(
            Citation(
                number=number,
                article_id=article_id,
                title=self._docs[article_id].title,
                url=self._docs[article_id].url,
                source=self._docs[article_id].source,
                published=self._docs[article_id].published,
            )
            for article_id, number in sorted(self._numbers.items(), key=lambda item: item[1])
        )


def build_briefing(
    docs: Sequence[Doc],
    *,
    summarizer: ExtractiveSummarizer,
    settings: SummaryTuning,
    length: Length = Length.NORMAL,
    topic: str | None = None,
    period_label: str = "all",
    now: datetime | None = None,
) -> Briefing:
    """Group ``docs`` into stories, keep the best, condense each with cited sentences."""
    candidates = sorted(docs, key=lambda d: (-d.rank, -_timestamp(d.published), d.id))
    candidates = candidates[: settings.max_candidates]
    if not candidates:
        return Briefing(stories=(), sources=(), topic=topic, period_label=period_label)
    clusters = cluster_docs(candidates, summarizer.term_counter, settings.story_similarity)
    reference = _timestamp(now) if now else max(_timestamp(d.published) for d in candidates)
    # A story told only by articles that match a related word of the topic comes after the others.
    ranked = sorted(
        ((_story_score(c, candidates, settings, reference), c) for c in clusters),
        key=lambda pair: (
            all(candidates[i].related for i in pair[1].members),
            -pair[0],
            pair[1].representative,
        ),
    )
    max_stories, per_story = story_size(length, settings, available=len(clusters))
    book = CitationBook(candidates)
    stories: list[Story] = []
    for score, cluster in ranked:
        if len(stories) == max_stories:
            break
        members = _newest_first([candidates[i] for i in cluster.members])
        claims = summarizer.summarize_story(members, sentences=per_story)
        if len(members) > 1 and claims and members[0] is not candidates[cluster.representative]:
            claims = _leading_with(members[0], claims, summarizer)
        if not claims:
            continue
        sentences = tuple(book.cite(claim) for claim in claims)
        cited = tuple(dict.fromkeys(n for s in sentences for n in s.citations))
        headline = members[0].title.strip() or claims[0].text
        stories.append(
            Story(
                headline=headline,
                sentences=sentences,
                citations=cited,
                article_ids=tuple(d.id for d in members),
                score=round(score, 6),
            )
        )
    log.info("briefing built candidates=%d stories=%d", len(candidates), len(stories))
    return Briefing(
        stories=tuple(stories),
        sources=book.sources(),
        topic=topic,
        period_label=period_label,
        considered=len(candidates),
    )


def _newest_first(members: list[Doc]) -> list[Doc]:
    """The story's members with its newest article first when it is newer than the most
    representative one: a story is headed and opened by its latest development."""
    newest = max(range(len(members)), key=lambda i: (_timestamp(members[i].published), -i))
    if _timestamp(members[newest].published) <= _timestamp(members[0].published):
        return members
    return [members[newest], *members[:newest], *members[newest + 1 :]]


def _leading_with(newest: Doc, claims: list[Claim], summarizer: ExtractiveSummarizer) -> list[Claim]:
    """``claims`` opened by the newest article's news: its first claim moved to the front, or,
    when no claim draws on it, its own lead sentence in place of the last claim."""
    first = next((i for i, c in enumerate(claims) if newest.id in c.article_ids), None)
    if first is not None:
        return [claims[first], *claims[:first], *claims[first + 1 :]]
    lead = summarizer.summarize_story([newest], sentences=1)
    return without_repeats([*lead, *claims[: len(claims) - len(lead)]]) or claims


def _story_score(cluster: Cluster, docs: Sequence[Doc], settings: SummaryTuning, reference: float) -> float:
    """Distinct sources (log), recency of the newest article, and the best relevance rank."""
    members = [docs[i] for i in cluster.members]
    sources = {_source_key(d) for d in members}
    newest = max(_timestamp(d.published) for d in members)
    age_hours = max(0.0, (reference - newest) / 3600.0) if newest > 0 else math.inf
    recency = math.pow(0.5, age_hours / settings.recency_half_life_hours)
    ranks = [d.rank for d in docs]
    low, high = min(ranks), max(ranks)
    relevance = (max(d.rank for d in members) - low) / (high - low) if high > low else 0.0
    return (
        settings.sources_weight * math.log1p(len(sources))
        + settings.recency_weight * recency
        + settings.relevance_weight * relevance
    )


def _source_key(doc: Doc) -> str:
    if doc.source:
        return doc.source.lower()
    if doc.url:
        return urlsplit(doc.url).netloc.lower().removeprefix("www.")
    return f"doc:{doc.id}"


def _timestamp(moment: datetime | None) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return float(moment.timestamp())
