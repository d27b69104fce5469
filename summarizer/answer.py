"""The extractive answerer for follow-up questions: cited sentences, or an honest "not found"."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from summarizer.briefing import CitationBook
from summarizer.extractive import ExtractiveSummarizer
from summarizer.types import Answer, Claim, Doc, Passage

log = logging.getLogger(__name__)

DUPLICATE_OVERLAP = 0.6  # word-set overlap above which a second passage only repeats the first


def answer_question(
    question: str,
    docs: Sequence[Doc],
    *,
    summarizer: ExtractiveSummarizer,
    max_sentences: int = 3,
) -> Answer:
    """Up to ``max_sentences`` cited sentences that cover the question's content words.

    ``answered`` is False when no passage covers at least ``answer_min_coverage`` of the
    question (idf-weighted), so a question about something absent gets no guessed answer.
    """
    threshold = summarizer.settings.answer_min_coverage
    passages = summarizer.passages(question, docs, k=max(1, max_sentences) * 4)
    chosen: list[Passage] = []
    for passage in passages:
        if passage.score < threshold or len(chosen) >= max_sentences:
            break
        if any(_overlap(passage.text, other.text) > DUPLICATE_OVERLAP for other in chosen):
            continue
        chosen.append(passage)
    if not chosen:
        best = passages[0].score if passages else 0.0
        log.info("question not answered candidates=%d best_coverage=%.2f", len(docs), best)
        note = "no stored article covers the question" if passages else "no matching passage"
        return Answer(question=question, sentences=(), sources=(), answered=False, notes=(note,))
    book = CitationBook(docs)
    sentences = tuple(book.cite(Claim(p.text, (p.article_id,))) for p in chosen)
    return Answer(question=question, sentences=sentences, sources=book.sources(), answered=True)


def _overlap(first: str, second: str) -> float:
    a, b = set(first.lower().split()), set(second.lower().split())
    return len(a & b) / max(1, min(len(a), len(b)))
