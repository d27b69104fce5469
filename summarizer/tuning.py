"""The offline summarizer's tuning: scoring weights, sizes of stories and briefings.

Tuned on the development split of ``bench/quality.py``; no operator sets these, so they are code,
not settings. Tests and benchmarks pass their own ``SummaryTuning`` where they need other values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryTuning:
    """Weights and budgets of the offline extractive summarizer and the briefing builder."""

    position_weight: float = 1.0
    centrality_weight: float = 1.0
    title_weight: float = 0.6
    # A heading lends its words to the sentences under it (never a sentence itself).
    heading_weight: float = 0.3
    mmr_lambda: float = 0.7
    story_similarity: float = 0.2
    # Dense TF-IDF rows and a doc-by-doc matrix per briefing: memory grows with the square of this.
    max_candidates: int = 200
    max_stories: int = 5
    sentences_per_story: int = 2
    summary_sentences: int = 3
    # Scoring of single articles and stories (tuned on the development split of bench/quality.py).
    position_half_life: float = 4.0
    # Above this share of the article's sentences, the half-life grows as (share/position_share)**exponent.
    position_share: float = 0.25
    position_share_exponent: float = 8.0
    redundancy: float = 0.6
    long_sentence_words: int = 40
    agreement_weight: float = 0.5
    agreement_similarity: float = 0.45
    min_sentence_words: int = 5
    max_sentences: int = 400
    # Briefings: story ranking and size per Length (normal uses max_stories/sentences_per_story).
    # A story's summary reads its most representative articles, each up to this many sentences.
    story_max_docs: int = 10
    story_doc_sentences: int = 12
    # In a briefing's story, position counts paragraphs (the score halves every this many) and
    # weighs more: a short story tells what happened and what followed, from the top.
    story_paragraph_half_life: float = 2.0
    story_position_weight: float = 2.0
    sources_weight: float = 1.0
    recency_weight: float = 0.5
    relevance_weight: float = 0.5
    recency_half_life_hours: float = 24.0
    short_stories: int = 3
    long_stories: int = 8
    short_sentences: int = 1
    long_sentences: int = 3
    # A briefing of at most this many stories gives each more sentences (what happened, its main
    # consequence, who reacted): the *_few_* counts per length.
    few_stories: int = 2
    short_few_sentences: int = 2
    normal_few_sentences: int = 4
    long_few_sentences: int = 6
