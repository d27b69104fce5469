"""A story never states one fact twice, and never carries a sentence that states nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.redundancy import SHARED, briefings, demo_docs, flawed, shared_docs
from summarizer.facts import facts, states_something, without_repeats
from summarizer.types import Claim


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (
            "Tallyo said 2.3 million customers were affected.",
            "The breach exposed the data of 2.3 million customers, the regulator said.",
            True,
        ),
        ("A crowd of 61,204 watched.", "The 61204 watched in silence, the club said.", True),
        ("Fares rise 5% in May.", "Wages rose 5% last year, the union said.", False),
        ("In 2024 the line opened to traffic.", "In 2024 the bridge closed for good.", False),
        ("Talks broke down on Sunday night.", "Unions said talks broke down on Sunday.", False),
    ],
)
def test_two_sentences_share_a_fact_when_they_share_a_number_and_what_it_counts(first, second, same) -> None:
    assert bool(facts(first) & facts(second)) is same


@pytest.mark.parametrize(
    ("sentence", "says"),
    [
        ("Here is what stood out.", False),
        ("That was it.", False),
        ("The red card changed everything.", True),
        ("Set pieces decided it.", True),
    ],
)
def test_a_sentence_with_too_few_content_words_states_nothing(sentence, says) -> None:
    assert states_something(sentence) is says


def test_a_story_keeps_the_first_statement_of_a_fact_and_drops_empty_sentences() -> None:
    claims = [
        Claim("Tallyo said 2.3 million customers were affected by the breach.", (1,)),
        Claim("Here is what stood out.", (2,)),
        Claim("Some 2.3 million customers must reset their passwords, the company said.", (2,)),
        Claim("The regulator opened an inquiry into the company on Friday.", (3,)),
    ]

    kept = without_repeats(claims)

    assert [c.article_ids for c in kept] == [(1,), (3,)]


def test_no_demo_briefing_repeats_a_fact_or_states_nothing() -> None:
    docs = demo_docs()

    marks = [flawed(b) for b in briefings([docs, *([d] for d in docs)])]

    assert marks and not any(repeated or empty for repeated, empty in marks)


@pytest.mark.skipif(not Path(SHARED).exists(), reason="the shared news-summaries set is not here")
def test_no_briefing_of_200_shared_articles_repeats_a_fact() -> None:
    docs = shared_docs(SHARED)

    groups = [*([d] for d in docs), *(docs[i : i + 10] for i in range(0, len(docs), 10))]
    marks = [flawed(b) for b in briefings(groups)]

    assert len(docs) == 200 and not any(repeated or empty for repeated, empty in marks)
