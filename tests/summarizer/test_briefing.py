"""The briefing builder: stories, ranking, lengths, citations."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from config.settings import SummarizerSettings
from summarizer.briefing import build_briefing
from summarizer.types import Doc, Length


def test_briefing_groups_same_event_articles_into_one_story(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummarizerSettings())

    bridge = [s for s in briefing.stories if 1 in s.article_ids]
    assert len(bridge) == 1 and set(bridge[0].article_ids) == {1, 2}
    assert len(briefing.stories) == 3
    assert briefing.considered == 4


def test_briefing_ranks_the_story_with_most_sources_first(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummarizerSettings())

    assert briefing.stories[0].headline == "Council approves Elm River bridge"


def test_briefing_citations_are_numbered_by_first_use_and_resolve(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummarizerSettings())

    numbers = [n for story in briefing.stories for s in story.sentences for n in s.citations]
    first_use = list(dict.fromkeys(numbers))
    assert first_use == list(range(1, len(briefing.sources) + 1))
    assert [c.number for c in briefing.sources] == first_use
    by_number = {c.number: c.article_id for c in briefing.sources}
    texts = {d.id: d.text for d in docs}
    for story in briefing.stories:
        for sentence in story.sentences:
            assert sentence.citations
            assert sentence.text in texts[by_number[sentence.citations[0]]]
            assert set(story.citations) >= set(sentence.citations)


def test_briefing_multi_source_sentence_cites_each_agreeing_article(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummarizerSettings())

    bridge = briefing.stories[0]
    cited_ids = {c.article_id for c in briefing.sources if c.number in bridge.citations}
    assert cited_ids == {1, 2}


def test_briefing_length_sets_story_and_sentence_counts(summarizer):
    day = datetime(2026, 11, 24, tzinfo=UTC)
    topics = [
        "bridge",
        "flood",
        "tennis",
        "museum",
        "election",
        "railway",
        "hospital",
        "school",
        "harbour",
        "festival",
    ]
    many = [
        Doc(
            i,
            f"News about the {t}",
            " ".join(f"The {t} story has detail number {j} about the {t} today." for j in range(6)),
            source=f"s{i}",
            published=day,
        )
        for i, t in enumerate(topics)
    ]
    settings = SummarizerSettings()

    short = build_briefing(many, summarizer=summarizer, settings=settings, length=Length.SHORT)
    normal = build_briefing(many, summarizer=summarizer, settings=settings)
    long = build_briefing(many, summarizer=summarizer, settings=settings, length=Length.LONG)

    assert [len(b.stories) for b in (short, normal, long)] == [3, 5, 8]
    assert {len(s.sentences) for s in short.stories} == {1}
    assert {len(s.sentences) for s in normal.stories} == {2}
    assert {len(s.sentences) for s in long.stories} == {3}


def test_briefing_prefers_recent_stories_when_otherwise_equal(summarizer, docs):
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    old = Doc(
        10, "Harbour district flooded", docs[2].text, source="Gazette", published=now - timedelta(days=5)
    )
    new = Doc(11, "Tennis club wins title", docs[3].text, source="Gazette", published=now)

    briefing = build_briefing([old, new], summarizer=summarizer, settings=SummarizerSettings(), now=now)

    assert briefing.stories[0].article_ids == (11,)


def test_briefing_of_nothing_is_empty(summarizer):
    briefing = build_briefing(
        [], summarizer=summarizer, settings=SummarizerSettings(), topic="x", period_label="24h"
    )

    assert briefing.empty and briefing.topic == "x" and briefing.period_label == "24h"


def test_briefing_over_200_articles_is_fast(summarizer):
    words = ["bridge", "flood", "tennis", "museum", "election", "railway", "hospital", "school"]
    docs = []
    for i in range(200):
        a, b = words[i % 8], words[(i // 8) % 8]
        text = " ".join(
            f"Officials said the {a} plan for the {b} area changed in step {j} of {i}." for j in range(60)
        )
        docs.append(Doc(i, f"{a} and {b} update {i}", text, source=f"src{i % 13}", rank=i % 7))
    build_briefing(docs[:20], summarizer=summarizer, settings=SummarizerSettings())

    start = time.perf_counter()
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummarizerSettings(), length=Length.LONG)
    elapsed = time.perf_counter() - start

    assert briefing.stories
    assert elapsed < 0.6
