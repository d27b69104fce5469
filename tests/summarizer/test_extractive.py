"""The extractive scorer: budgets, order, determinism, redundancy, edges, stories, speed."""

from __future__ import annotations

import time

from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc
from tests.summarizer.conftest import BRIDGE_A, FLOOD


def _article(words: int) -> str:
    topics = ["budget", "school", "hospital", "railway", "museum", "harbour", "election", "tax"]
    sentences = []
    for i in range(words // 15):
        a, b = topics[i % len(topics)], topics[(i * 3 + 1) % len(topics)]
        sentences.append(f"Officials said the {a} plan and the {b} review number {i} moved ahead today.")
    return " ".join(sentences)


def test_summarize_returns_the_requested_number_of_sentences_in_article_order(summarizer):
    summary = summarizer.summarize(BRIDGE_A, title="Council approves bridge", sentences=2)

    assert len(summary) == 2
    positions = [BRIDGE_A.index(s) for s in summary]
    assert positions == sorted(positions)


def test_summarize_returns_everything_when_the_budget_exceeds_the_article(summarizer):
    assert len(summarizer.summarize(FLOOD, sentences=10)) == 4


def test_summarize_is_deterministic(summarizer):
    text = _article(1000)

    first = summarizer.summarize(text, sentences=5)
    second = ExtractiveSummarizer(SummaryTuning()).summarize(text, sentences=5)

    assert first == second


def test_summarize_skips_a_repeated_sentence(summarizer):
    lead = "The central bank raised interest rates by half a point on Thursday."
    text = " ".join(
        [
            lead,
            lead.replace("Thursday", "Thursday morning"),
            "Inflation has stayed above target for two years.",
            "Economists expect another rise before the summer.",
        ]
    )

    summary = summarizer.summarize(text, sentences=2)

    assert sum("raised interest rates" in s for s in summary) == 1


def test_summarize_prefers_sentences_about_the_title(summarizer):
    text = (
        "Residents gathered in the square on a cold morning. "
        "The museum will reopen next month after a long renovation of its galleries. "
        "Traffic was light across the town centre."
    )

    summary = summarizer.summarize(text, title="Museum to reopen after renovation", sentences=1)

    assert summary == ["The museum will reopen next month after a long renovation of its galleries."]


ASIDES = [
    "Heavy snow closed the mountain pass to lorries on Monday morning.",
    "A local bakery won a regional prize for its rye bread this week.",
    "Ticket prices for the autumn concert series will rise next month.",
    "Volunteers planted three hundred oak saplings along the canal path.",
    "The library extended its weekend opening hours until nine in the evening.",
]
TRAM = [
    "The city council approved the new tram line budget after a long debate.",
    "Council members said the tram line budget covers tracks, stations and new trams.",
    "The tram line budget was approved despite objections about rising council debt.",
    "Opponents of the tram line said the council budget ignored bus routes.",
    "The council expects the first trams on the new line to run within four years.",
]


def test_summarize_follows_centrality_when_asked_for_much_of_the_article(summarizer):
    text = " ".join(ASIDES + TRAM)
    lead_bound = ExtractiveSummarizer(SummaryTuning(position_share_exponent=0.0))

    summary = summarizer.summarize(text, sentences=5)
    lead_bound_summary = lead_bound.summarize(text, sentences=5)

    assert summary == TRAM
    assert ASIDES[0] in lead_bound_summary


def test_summarize_keeps_the_position_prior_for_a_small_share(summarizer):
    text = " ".join(ASIDES + TRAM)  # two of ten sentences: a share below position_share
    lead_bound = ExtractiveSummarizer(SummaryTuning(position_share_exponent=0.0))

    assert summarizer.summarize(text, sentences=2) == lead_bound.summarize(text, sentences=2)


def test_summarize_drops_bylines_and_newsletter_lines(summarizer):
    text = "By Jane Doe\n\nSign up to our newsletter for daily news\n\n" + FLOOD

    summary = summarizer.summarize(text, sentences=2)

    assert summary and all("Jane" not in s and "newsletter" not in s for s in summary)


def test_summarize_keeps_datelines_stamps_and_credits_out_of_the_summary(summarizer):
    text = (
        "By . Tom Reed . PUBLISHED: . 09:15 EST, 4 June 2016 . | . UPDATED: . 11:40 EST, 4 June 2016 . "
        "Scroll down for video Photo: Lena Holt/Riverpix " + FLOOD
    )

    summary = summarizer.summarize(text, sentences=3)

    assert len(summary) == 3
    assert all(
        not any(w in s for w in ("Reed", "PUBLISHED", "UPDATED", "Scroll", "Riverpix")) for s in summary
    )


def test_summarize_opens_with_the_lead_not_its_dateline(summarizer):
    text = "HAMBURG, Germany (Wirenews) -- " + FLOOD

    first = summarizer.summarize(text, sentences=1)

    assert first == summarizer.summarize(FLOOD, sentences=1)


def test_summarize_handles_edge_inputs(summarizer):
    assert summarizer.summarize("", sentences=3) == []
    assert summarizer.summarize("One sentence only.", sentences=3) == ["One sentence only."]
    assert summarizer.summarize("no boundary at all just words", sentences=2) == [
        "no boundary at all just words"
    ]
    assert summarizer.summarize("Floods hit. Roads shut.", sentences=1) == ["Floods hit."]
    assert summarizer.summarize("Read more\n\nSign up to our newsletter", sentences=1) == []


def test_summarize_survives_non_english_text(summarizer):
    russian = "Правительство утвердило бюджет. Расходы на школы вырастут. Депутаты спорили долго."
    chinese = "政府批准了新的预算。学校的支出将会增加。议员们争论了很久。"

    ru = summarizer.summarize(russian, sentences=2)
    zh = summarizer.summarize(chinese, sentences=2)

    assert len(ru) == 2 and all(s in russian for s in ru)
    assert len(zh) == 2 and all(s.endswith("。") for s in zh)


def test_summarize_a_100k_word_text_in_bounded_time(summarizer):
    text = _article(100_000)

    start = time.perf_counter()
    summary = summarizer.summarize(text, sentences=3)
    elapsed = time.perf_counter() - start

    assert len(summary) == 3
    assert elapsed < 5.0


def test_summarize_story_cites_every_agreeing_source(summarizer, docs):
    claims = summarizer.summarize_story(docs[:2], sentences=2)

    assert claims
    assert any(set(c.article_ids) == {1, 2} for c in claims)
    for claim in claims:
        assert claim.article_ids
        assert any(claim.text in d.text for d in docs if d.id == claim.article_ids[0])


def test_summarize_story_single_doc_cites_only_that_doc(summarizer, docs):
    claims = summarizer.summarize_story([docs[2]], sentences=2)

    assert len(claims) == 2
    assert all(c.article_ids == (3,) for c in claims)


def test_passages_rank_sentences_covering_the_question(summarizer, docs):
    passages = summarizer.passages("How much will the bridge cost?", docs, k=2)

    assert passages[0].article_id in (1, 2)
    assert "40 million" in passages[0].text
    assert 0 < passages[0].score <= 1


def test_passages_of_a_question_with_only_stopwords_are_empty(summarizer, docs):
    assert summarizer.passages("What is it?", docs, k=3) == []


def test_summarize_story_over_many_docs_stays_bounded(summarizer):
    many = [Doc(i, f"Report {i}", _article(400), source=f"s{i}") for i in range(60)]

    claims = summarizer.summarize_story(many, sentences=3)

    assert len(claims) == 3
