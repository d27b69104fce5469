"""The extractive answerer: cited sentences, or answered=False when nothing covers the question."""

from __future__ import annotations

from summarizer.answer import answer_question


def test_answer_cites_the_article_that_answers(summarizer, docs):
    answer = answer_question("How much will the new bridge cost?", docs, summarizer=summarizer)

    assert answer.answered
    assert 1 <= len(answer.sentences) <= 3
    assert "40 million" in answer.sentences[0].text
    by_number = {c.number: c.article_id for c in answer.sources}
    assert by_number[answer.sentences[0].citations[0]] in (1, 2)
    assert [c.number for c in answer.sources] == list(range(1, len(answer.sources) + 1))


def test_answer_about_something_absent_is_not_answered(summarizer, docs):
    answer = answer_question("What did the central bank of Peru decide?", docs, summarizer=summarizer)

    assert not answer.answered
    assert answer.sentences == () and answer.sources == ()
    assert answer.notes


def test_answer_with_only_stopwords_is_not_answered(summarizer, docs):
    answer = answer_question("What is it about?", docs, summarizer=summarizer)

    assert not answer.answered


def test_answer_respects_max_sentences(summarizer, docs):
    answer = answer_question("bridge", docs, summarizer=summarizer, max_sentences=1)

    assert answer.answered and len(answer.sentences) == 1


def test_answer_with_no_docs_is_not_answered(summarizer):
    assert not answer_question("Who won the tennis final?", [], summarizer=summarizer).answered
