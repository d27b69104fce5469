"""Fitting a story into the context budget: the offline scorer picks passages, then map-reduce.

A story whose passages fit ``context_tokens`` goes to the model whole. A longer one first loses
its least important passages, as the offline extractive scorer ranks them, down to what fits in
``condense_chunks`` windows; if more than one window is left, each window is condensed to notes
(map) and the notes are written up as the story (reduce).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.extractive import ExtractiveSummarizer
from summarizer.llm.passages import PromptPassage
from summarizer.types import Doc

MAX_RANKED_SENTENCES = 60


@dataclass(frozen=True)
class Plan:
    """The passages to send: one window (``len(windows) == 1``) or several to map and reduce."""

    windows: tuple[tuple[PromptPassage, ...], ...]
    left_out: int

    @property
    def map_reduce(self) -> bool:
        return len(self.windows) > 1


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def rank_passages(
    passages: Sequence[PromptPassage], docs: Sequence[Doc], scorer: ExtractiveSummarizer
) -> list[PromptPassage]:
    """Passages most important first: those holding the scorer's best sentences, in its order,
    then the rest, leads before tails."""
    claims = scorer.summarize_story(docs, sentences=min(MAX_RANKED_SENTENCES, max(1, len(passages))))
    ranked: dict[int, PromptPassage] = {}
    for claim in claims:
        wanted = _key(claim.text)
        for passage in passages:
            if passage.article_id == claim.article_ids[0] and wanted in _key(passage.text):
                ranked.setdefault(passage.number, passage)
                break
    order = {doc.id: i for i, doc in enumerate(docs)}
    position: dict[int, int] = {}
    seen: dict[int, int] = {}
    for passage in passages:
        position[passage.number] = seen.get(passage.article_id, 0)
        seen[passage.article_id] = position[passage.number] + 1
    rest = sorted(
        (p for p in passages if p.number not in ranked),
        key=lambda p: (position[p.number], order.get(p.article_id, 0), p.number),
    )
    return [*ranked.values(), *rest]


def plan_story(
    passages: Sequence[PromptPassage],
    docs: Sequence[Doc],
    scorer: ExtractiveSummarizer,
    *,
    context_tokens: int,
    chunks: int,
) -> Plan:
    """Which passages go to the model, in how many windows (each within ``context_tokens``)."""
    if sum(p.tokens for p in passages) <= context_tokens:
        return Plan((tuple(passages),), 0)
    limit = context_tokens * chunks
    picked: list[PromptPassage] = []
    used = 0
    for passage in rank_passages(passages, docs, scorer):
        if passage.tokens > context_tokens or used + passage.tokens > limit:
            continue
        picked.append(passage)
        used += passage.tokens
    windows = _pack(picked, context_tokens)
    while len(windows) > chunks:  # packing in article order can leave a window half empty
        picked.pop()  # the least important passage
        windows = _pack(picked, context_tokens)
    return Plan(tuple(windows), len(passages) - len(picked))


def _pack(picked: Sequence[PromptPassage], context_tokens: int) -> list[tuple[PromptPassage, ...]]:
    """Windows of passages in article order, each within ``context_tokens``."""
    windows: list[tuple[PromptPassage, ...]] = []
    window: list[PromptPassage] = []
    size = 0
    for passage in sorted(picked, key=lambda p: p.number):
        if window and size + passage.tokens > context_tokens:
            windows.append(tuple(window))
            window, size = [], 0
        window.append(passage)
        size += passage.tokens
    if window:
        windows.append(tuple(window))
    return windows
