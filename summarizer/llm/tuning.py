"""The LLM backend's tuning: its breaker, its patience with Retry-After, prompt sizes and the
output checks' thresholds. Code, not settings: no operator has reason to change them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LLMTuning:
    """Limits of the LLM backend beside the operator's ``LLMSettings``."""

    # A server asking to wait longer than this (Retry-After) is skipped at once, for that long.
    max_retry_after_seconds: float = 5.0
    # Prompt passages of one story, in estimated tokens; a longer story is condensed map-reduce
    # style over at most condense_chunks windows of this size.
    context_tokens: int = 6000
    condense_chunks: int = 3
    # Circuit breaker: after this many failed calls in a row, skip the LLM for breaker_seconds.
    breaker_failures: int = 3
    breaker_seconds: float = 60.0
    # Output checks: share of a sentence's content words its cited passages must contain, and
    # share of a quote (other-language briefings) that must be found word for word in its passage.
    min_support: float = 0.65
    min_quote_match: float = 0.8
