"""The support threshold: how much of a sentence its passages must contain, tested on paraphrases.

The default ``min_support`` (0.65) keeps condensed and reordered sentences that reuse the
article's words, and drops sentences that bring their own claims, even when they share a few
words with the passage. Lexical overlap cannot judge meaning: a paraphrase in new words is
dropped too (the safe side), and a contradiction made of the passage's own words gets through
(the last test shows where that limit lies; numbers are checked separately).
"""

from __future__ import annotations

import pytest

from summarizer.llm.support import lexical_support, numbers, numbers_supported, quote_match
from summarizer.llm.tuning import LLMTuning
from summarizer.tokens import TermCounter

PASSAGE = (
    "The city council approved a new bridge over the Elm River on Tuesday. "
    "The bridge will cost 40 million dollars and open in 2027."
)
THRESHOLD = LLMTuning().min_support

SUPPORTED = [
    "The city council approved a new bridge over the Elm River on Tuesday.",
    "On Tuesday the council approved a new Elm River bridge.",
    "A new bridge over the Elm River, costing 40 million dollars, will open in 2027.",
    "The council approved the bridge, which will cost 40 million dollars.",
    "Councillors approved a new bridge over the river that opens in 2027.",
    "The council voted to build a new bridge over the Elm River.",
    "The city will spend 40 million dollars on the new bridge.",
]
UNSUPPORTED = [
    "The mayor resigned after a corruption scandal.",
    "Protesters blocked the new bridge over the river.",
    "The council rejected plans for a tunnel under the harbour.",
    "Residents celebrated with fireworks and a parade downtown.",
    "Buy Zork coins today before prices rise.",
]


@pytest.mark.parametrize("sentence", SUPPORTED)
def test_sentences_reusing_the_article_s_words_reach_the_threshold(sentence: str) -> None:
    assert lexical_support(sentence, [PASSAGE], TermCounter()) >= THRESHOLD


@pytest.mark.parametrize("sentence", UNSUPPORTED)
def test_sentences_with_their_own_claims_stay_under_the_threshold(sentence: str) -> None:
    assert lexical_support(sentence, [PASSAGE], TermCounter()) < THRESHOLD


def test_the_threshold_sits_between_the_two_groups_with_room_on_both_sides() -> None:
    terms = TermCounter()
    lowest_supported = min(lexical_support(s, [PASSAGE], terms) for s in SUPPORTED)
    highest_unsupported = max(lexical_support(s, [PASSAGE], terms) for s in UNSUPPORTED)

    assert highest_unsupported < THRESHOLD <= lowest_supported


def test_a_paraphrase_in_new_words_is_dropped_on_the_safe_side() -> None:
    sentence = "The council's decision clears the way for a new bridge over the Elm River."

    assert lexical_support(sentence, [PASSAGE], TermCounter()) < THRESHOLD


@pytest.mark.parametrize(
    "sentence",
    [
        "The bridge was cancelled by the council on Tuesday.",
        "The mayor opened the new bridge over the Elm River.",
    ],
)
def test_a_contradiction_in_the_passage_s_own_words_is_beyond_a_lexical_test(sentence: str) -> None:
    assert lexical_support(sentence, [PASSAGE], TermCounter()) >= THRESHOLD


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("1,850 workers", {"1850"}),
        ("a rate of 3.50 per cent", {"3.5"}),
        ("3,5 Prozent", {"3.5"}),
        ("nine to two", {"9", "2"}),
        ("in 2027", {"2027"}),
        ("1.850 Beschäftigte", {"1850"}),
    ],
)
def test_numbers_are_compared_by_value_not_by_spelling(text: str, found: set[str]) -> None:
    assert numbers(text) == found


def test_a_number_must_appear_in_the_evidence() -> None:
    assert numbers_supported("It costs 40 million and opens in 2027.", [PASSAGE])
    assert not numbers_supported("It costs 45 million.", [PASSAGE])
    assert numbers_supported("Nine members voted for it.", ["The vote was 9 to 2."])


@pytest.mark.parametrize(
    ("quote", "at_least", "below"),
    [
        ("The bridge will cost 40 million dollars", 1.0, None),
        ("the bridge will cost 40 million dollars and open", 1.0, None),
        ("The city council approved ... the Elm River", 1.0, None),
        ("The city council approved the new bridge", 0.8, None),
        ("The council rejected a new tunnel under the harbour", None, 0.8),
    ],
)
def test_a_quote_is_found_word_for_word_give_or_take_a_word(quote: str, at_least, below) -> None:
    score = quote_match(quote, PASSAGE)

    if at_least is not None:
        assert score >= at_least
    if below is not None:
        assert score < below
