"""The follow-up question set: it parses, meets its per-kind minimums, and every gold answer exists."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from bench.questions import (
    DEFAULT,
    KINDS,
    Gold,
    Question,
    article_sentences,
    load_corpus,
    load_questions,
    resolve,
)
from store.search.stemming import TextStemmer

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SHARED_SETS = SHARED_DATA / "news-summaries"
MINIMUMS = {"factual": 40, "two_turn": 15, "unanswerable": 60, "two_source": 10, "switch": 20}
MAX_QUESTIONS_PER_ARTICLE = 3


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions()


@pytest.fixture(scope="module")
def demo_corpus() -> dict[str, dict]:
    return load_corpus(shared=None)


def _golds(questions: list[Question], *, demo: bool) -> list[tuple[str, Gold]]:
    return [(q.id, gold) for q in questions for turn in q.turns for gold in turn.gold if gold.is_demo == demo]


def test_question_file_parses_and_ids_are_unique(questions):
    ids = [q.id for q in questions]

    assert len(questions) >= 80
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]


@pytest.mark.parametrize(("kind", "minimum"), MINIMUMS.items())
def test_each_kind_meets_its_minimum(questions, kind, minimum):
    assert sum(q.kind == kind for q in questions) >= minimum


@pytest.mark.parametrize("kind", KINDS)
def test_dev_and_test_splits_both_hold_every_kind(questions, kind):
    splits = Counter(q.split for q in questions if q.kind == kind)

    assert splits["dev"] > 0
    assert splits["test"] > 0


def test_each_question_has_the_shape_of_its_kind(questions):
    for q in questions:
        golds = [len(turn.gold) for turn in q.turns]
        if q.kind == "factual":
            assert golds == [1] and isinstance(q.paraphrase, bool), q.id
        elif q.kind in ("two_turn", "switch"):
            assert len(golds) == 2 and min(golds) >= 1, q.id
        elif q.kind == "unanswerable":
            assert golds == [0] and q.near and not q.answerable, q.id
        else:
            assert len(golds) == 1 and golds[0] >= 2, q.id


def test_at_least_half_the_factual_questions_are_marked_paraphrased(questions):
    factual = [q for q in questions if q.kind == "factual"]

    assert 2 * sum(bool(q.paraphrase) for q in factual) >= len(factual)


def test_no_article_carries_more_than_three_questions(questions):
    load = Counter(article for q in questions for article in q.articles)

    assert [a for a, n in load.items() if n > MAX_QUESTIONS_PER_ARTICLE] == []


def test_demo_gold_sentences_exist_and_contain_their_facts(questions, demo_corpus):
    for qid, gold in _golds(questions, demo=True):
        assert gold.article in demo_corpus, (qid, gold.article)
        assert gold.facts, (qid, "demo gold needs facts")
        for text in resolve(gold, demo_corpus):
            missing = [fact for fact in gold.facts if fact not in text]
            assert missing == [], (qid, gold.article, missing)


def test_only_demo_gold_carries_fact_strings(questions):
    assert [qid for qid, gold in _golds(questions, demo=False) if gold.facts] == []


def test_demo_near_articles_exist(questions, demo_corpus):
    near = [q.near for q in questions if q.near and q.near.startswith("demo:")]

    assert near
    assert [ref for ref in near if ref not in demo_corpus] == []


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_SETS.is_dir(), reason=f"shared evaluation data absent: {SHARED_SETS}")
def test_shared_gold_articles_exist_and_sentence_indices_are_in_range(questions):
    corpus = load_corpus(shared=SHARED_SETS)
    refs = {a for q in questions for a in q.articles if not a.startswith("demo:")}

    assert sorted(refs - corpus.keys()) == []
    for qid, gold in _golds(questions, demo=False):
        count = len(article_sentences(gold.article, corpus))
        assert all(0 <= i < count for i in gold.sentences), (qid, gold.article, gold.sentences, count)


def test_resolve_gives_the_reference_sentence_and_its_alternatives():
    corpus = {"demo:0": {"text": "First one here. Second one here.\n\nThird, after a break."}}

    texts = resolve(Gold("demo:0", 2, alternatives=(0,)), corpus)

    assert texts == ("Third, after a break.", "First one here.")
    with pytest.raises(IndexError):
        resolve(Gold("demo:0", 3), corpus)


def test_malformed_line_is_reported_with_its_line_number(tmp_path):
    good = json.loads(DEFAULT.read_text(encoding="utf-8").splitlines()[0])
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "kind": "trivia"}) + "\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"questions\.jsonl:2: unknown kind"):
        load_questions(path)


# NLTK's 179 English stop words (written out: NLTK's word lists are a download), and the
# question words the set's README names.
def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


NLTK_STOPWORDS = _wordset(
    """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their
    theirs themselves what which who whom this that that'll these those am is are was were be been
    being have has had having do does did doing a an the and but if or because as until while of
    at by for with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how all any
    both each few more most other some such no nor not only own same so than too very s t can will
    just don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn
    didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn
    mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn
    wouldn't"""
)
QUESTION_WORDS = _wordset("what who whom whose which when where why how did does do is are was were")
_TOKEN = re.compile(r"[^\W_]+")


def _content(text: str) -> set[str]:
    stemmer = TextStemmer()
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    kept = [t for t in tokens if t not in NLTK_STOPWORDS and t not in QUESTION_WORDS]
    return set(stemmer.stem_words(kept))


def _names(sentence: str) -> set[str]:
    tokens = _TOKEN.findall(sentence)
    capitalised = [t.lower() for t in tokens[1:] if t[:1].isupper()]
    return set(TextStemmer().stem_words(capitalised))


def shares_no_content_word(question: str, golds: tuple[str, ...]) -> bool:
    """True when, for every accepted gold sentence, the question's content words and the
    sentence's have nothing in common apart from the sentence's names."""
    asked = _content(question)
    return all(not ((asked & _content(gold)) - _names(gold)) for gold in golds)


def test_the_paraphrase_check_reads_words_as_the_readme_says() -> None:
    gold = ("Harbour pilots first reported the pair near the container terminal.",)

    assert shares_no_content_word("Who spotted the animals first?", gold) is False  # "first" is shared
    assert shares_no_content_word("Who saw the animals before anyone?", gold)
    assert (
        shares_no_content_word("Where was the pair seen by the Harbour pilots?", ("Pilots saw it.",)) is False
    )


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_SETS.is_dir(), reason=f"shared evaluation data absent: {SHARED_SETS}")
def test_at_least_half_the_factual_questions_share_no_content_word_with_their_gold(questions):
    corpus = load_corpus(shared=SHARED_SETS)
    factual = [q for q in questions if q.kind == "factual"]

    paraphrased = [
        q.id
        for q in factual
        if shares_no_content_word(q.turns[0].question, resolve(q.turns[0].gold[0], corpus))
    ]

    assert 2 * len(paraphrased) >= len(factual), (len(paraphrased), len(factual))


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_SETS.is_dir(), reason=f"shared evaluation data absent: {SHARED_SETS}")
def test_questions_marked_as_paraphrases_are_paraphrases(questions):
    corpus = load_corpus(shared=SHARED_SETS)
    marked = [q for q in questions if q.kind == "factual" and q.paraphrase]

    wrong = [
        q.id
        for q in marked
        if not shares_no_content_word(q.turns[0].question, resolve(q.turns[0].gold[0], corpus))
    ]

    assert wrong == []
