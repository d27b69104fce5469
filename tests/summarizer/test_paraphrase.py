"""The paraphrase lexicon as a topic reads it: whole words of a group, never stems or verb forms."""

from __future__ import annotations

import pytest

from store.search.stemming import TextStemmer, words
from summarizer.paraphrase import Lexicon

STEMMER = TextStemmer()
LEXICON = Lexicon(lambda text: STEMMER.stem_words(words(text)))


@pytest.mark.parametrize(
    ("word", "related"),
    [
        ("energy", {"power", "electricity", "grid"}),
        ("grid", {"power", "electricity", "energy"}),
        ("parking", set()),  # no group says it, whatever its stem shares with park
        ("energies", set()),  # as written: a topic tries the singular itself
        ("lead", set()),  # led is the same verb, and leader a doer: neither is a topic's other word
        ("mediator", {"negotiator"}),  # go-between is no single word
    ],
)
def test_a_topic_word_finds_the_other_words_of_its_groups(word, related):
    assert LEXICON.related_words(word) == related


def test_questions_still_join_verb_forms_and_doers_by_stem():
    assert {"led", "leader"} <= LEXICON.related("lead")
