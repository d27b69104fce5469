"""The briefing builder: stories, ranking, lengths, citations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from summarizer.briefing import build_briefing
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc, Length


def test_briefing_groups_same_event_articles_into_one_story(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning())

    bridge = [s for s in briefing.stories if 1 in s.article_ids]
    assert len(bridge) == 1 and set(bridge[0].article_ids) == {1, 2}
    assert len(briefing.stories) == 3
    assert briefing.considered == 4


def test_briefing_ranks_the_story_with_most_sources_first(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning())

    assert briefing.stories[0].headline == "Council approves Elm River bridge"


def test_briefing_citations_are_numbered_by_first_use_and_resolve(summarizer, docs):
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning())

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
    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning())

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
            # Distinct words per topic: these are ten unrelated stories, not one templated story.
            " ".join(f"The {t} gained {t}{j} while {t}{j + 1} waited at the {t}." for j in range(6)),
            source=f"s{i}",
            published=day,
        )
        for i, t in enumerate(topics)
    ]
    settings = SummaryTuning()

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

    briefing = build_briefing([old, new], summarizer=summarizer, settings=SummaryTuning(), now=now)

    assert briefing.stories[0].article_ids == (11,)


def test_briefing_of_nothing_is_empty(summarizer):
    briefing = build_briefing(
        [], summarizer=summarizer, settings=SummaryTuning(), topic="x", period_label="24h"
    )

    assert briefing.empty and briefing.topic == "x" and briefing.period_label == "24h"


def test_briefing_over_200_articles_fills_a_long_briefing_from_distinct_stories(summarizer):
    """Speed over 200 candidates is measured by ``make bench-speed``; here, what comes out."""
    topics = {
        "bridge": "engineers cable span river crossing toll",
        "flood": "rainfall levee evacuation sandbags river gauge",
        "tennis": "final serve racket tiebreak champion court",
        "museum": "exhibition curator painting gallery visitors loan",
        "election": "ballot turnout candidate polling campaign seats",
        "railway": "timetable signals carriages commuters track depot",
        "hospital": "ward nurses patients surgery waiting beds",
        "school": "pupils teachers classroom exams headteacher term",
    }
    docs = []
    for i in range(200):
        topic = list(topics)[i % 8]
        vocab = topics[topic].split()
        text = " ".join(
            f"The {topic} {vocab[j % 6]} and {vocab[(j + i) % 6]} report {j} noted {vocab[(j * 5) % 6]}."
            for j in range(60)
        )
        docs.append(Doc(i, f"{topic} {vocab[i % 6]} update {i}", text, source=f"src{i % 13}", rank=i % 7))

    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning(), length=Length.LONG)

    settings = SummaryTuning()
    assert len(briefing.stories) == settings.long_stories
    assert all(len(s.sentences) == settings.long_sentences for s in briefing.stories)
    headlines = [s.headline for s in briefing.stories]
    assert len(set(headlines)) == len(headlines)


def test_topic_filtered_articles_on_one_event_form_one_story(summarizer):
    """Every candidate shares the event's words; damped idf must still see them as one story."""
    day = datetime(2026, 11, 24, tzinfo=UTC)
    texts = [
        (
            "Quillon says hackers copied customer records",
            "Payments firm Quillon said hackers copied the records of 410,000 customers. "
            "The company reset every password on Monday and called in outside investigators.",
        ),
        (
            "Regulator questions Quillon over data leak",
            "The privacy regulator asked Quillon to explain how 410,000 customer records leaked. "
            "Officials want a full report on the hackers' route into its systems within a week.",
        ),
        (
            "Quillon shares fall after customer data theft",
            "Shares in Quillon fell 9 per cent after the firm said hackers took customer records. "
            "Analysts said the cost of the leak could reach tens of millions.",
        ),
        (
            "What Quillon customers should do after the hack",
            "Quillon customers should change passwords and watch statements, experts said. "
            "The hackers copied names, emails and partial card numbers of 410,000 customers.",
        ),
    ]
    docs = [Doc(i, title, body, source=f"Outlet {i}", published=day) for i, (title, body) in enumerate(texts)]

    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning(), topic="Quillon")

    assert len(briefing.stories) == 1
    assert set(briefing.stories[0].article_ids) == {0, 1, 2, 3}


def test_one_topic_word_does_not_merge_different_events(summarizer):
    day = datetime(2026, 11, 24, tzinfo=UTC)
    docs = [
        Doc(
            1,
            "Bus drivers strike over pay",
            "Bus drivers walked out on Monday after pay talks with the city operator failed. "
            "The union said the strike would last three days.",
            source="A",
            published=day,
        ),
        Doc(
            2,
            "Lightning strike starts barn fire",
            "A lightning strike set a barn alight near the village on Sunday night. "
            "Firefighters saved the farmhouse and nobody was hurt.",
            source="B",
            published=day,
        ),
    ]

    briefing = build_briefing(docs, summarizer=summarizer, settings=SummaryTuning(), topic="strike")

    assert len(briefing.stories) == 2
