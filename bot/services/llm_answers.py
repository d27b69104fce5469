"""Answers written by the LLM: the offline answerer's best sentences as numbered passages, the
same client, checks, summary cache and budgets as briefings, and the offline answer as fallback.

The cache key names the question (folded), the passages, the model and the answer prompt's
version, so a repeated question costs nothing. A spent budget, an unreachable LLM or a reply
that fails the checks leaves the offline answer in place; a model that says the passages do
not answer the question is believed, since it read them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.services.metrics import Meter
from bot.services.usage import Account, UsageService
from config import LLMSettings
from errors import BudgetExceeded, LLMReplyRejected, LLMUnavailable
from store.store import Store
from summarizer.answer_checks import CLOSEST_PASSAGES
from summarizer.briefing import CitationBook
from summarizer.evidence import Evidence, Ranked
from summarizer.llm.answers import AnswerWriter, LLMAnswer
from summarizer.llm.client import TokenUsage
from summarizer.llm.passages import PromptPassage
from summarizer.llm.prompts import ANSWER_PROMPT_VERSION
from summarizer.llm.untrusted import ordered_outputs, quotable
from summarizer.types import Answer, Claim, ReplyKind, Signal

log = logging.getLogger(__name__)
CACHE_KIND = "answer"
WINDOW = 1  # sentences on each side of a candidate sentence in its passage


def answer_passages(ranked: Ranked, evidence: Sequence[Evidence]) -> list[PromptPassage]:
    """The candidate sentences with their neighbours, numbered from 1, best first, no overlaps."""
    taken: set[tuple[int, int]] = set()
    out: list[PromptPassage] = []
    for candidate in ranked.candidates:
        source = evidence[candidate.article]
        low = max(0, candidate.position - WINDOW)
        span = [(candidate.article, i) for i in range(low, candidate.position + WINDOW + 1)]
        span = [key for key in span if key[1] < len(source.sentences) and key not in taken]
        if not span:
            continue
        taken.update(span)
        raw = " ".join(source.sentences[i] for _, i in span)
        doc = source.doc
        out.append(
            PromptPassage(
                len(out) + 1,
                doc.id,
                quotable(raw),
                quotable(doc.title),
                quotable(doc.source),
                doc.published,
                ordered_outputs(raw),
            )
        )
    return out


def answer_key(question: str, passages: Sequence[PromptPassage], *, model: str, verify: bool) -> str:
    shape = {
        "question": " ".join(question.casefold().split()),
        "passages": [[p.article_id, p.text] for p in passages],
        "model": model,
        "prompt": ANSWER_PROMPT_VERSION,
        "verify": verify,
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


class LLMAnswers:
    """Rewrites an offline answer with the LLM, or keeps it when the LLM cannot help."""

    def __init__(
        self,
        store: Store,
        writer: AnswerWriter,
        usage: UsageService,
        settings: LLMSettings,
        *,
        sentences: int,
        verify: bool,
        meter: Meter | None = None,
    ) -> None:
        self._store = store
        self._writer = writer
        self._usage = usage
        self._settings = settings
        self._sentences = sentences
        self._verify = verify
        self._meter = meter or Meter()

    async def rewrite(
        self, question: str, ranked: Ranked, evidence: Sequence[Evidence], *, account: Account
    ) -> Answer:
        """The LLM's answer to ``question``, or the offline one in ``ranked`` when it fails."""
        offline = ranked.answer
        passages = answer_passages(ranked, evidence)
        if not passages:
            return offline
        key = answer_key(question, passages, model=self._writer.model, verify=self._verify)
        written = _from_payload(await self._store.summaries.get(key))
        if written is None:
            try:
                written = await self._writer.write(
                    question,
                    passages,
                    sentences=self._sentences,
                    verify=self._verify,
                    admit=lambda estimate: self._usage.admit(account, estimate),
                    charge=lambda spent: self._charge(account, spent),
                    checked=self._meter.llm_checks,
                )
            except (LLMUnavailable, BudgetExceeded, LLMReplyRejected) as exc:
                log.info("llm answer not used reason=%s: %s", type(exc).__name__, exc)
                return offline
            await self._store.summaries.put(key, CACHE_KIND, _payload(written, self._writer.model))
        docs = [e.doc for e in evidence]
        if written.declined:
            return _declined(offline)
        book = CitationBook(docs)
        sentences = tuple(book.cite(claim) for claim in written.claims)
        return replace(
            offline,
            sentences=sentences,
            sources=book.sources(),
            kind=ReplyKind.ANSWER,
            generated_by="llm",
            signals=(
                *offline.signals,
                Signal("llm", True, "the model answered; its sentences passed the checks"),
            ),
        )

    async def _charge(self, account: Account, spent: TokenUsage) -> None:
        await self._usage.charge(account, spent, model=self._writer.model)


def _declined(offline: Answer) -> Answer:
    """The model found no answer: the offline passages, when there are any, are shown as the
    closest ones (never as an answer); otherwise the reply declines."""
    said = Signal("llm", False, "the model declined: the passages do not answer")
    if not offline.sentences:
        return replace(offline, kind=ReplyKind.DECLINE, generated_by="llm", signals=(*offline.signals, said))
    shown = offline.sentences[:CLOSEST_PASSAGES]
    cited = {n for s in shown for n in s.citations}
    return replace(
        offline,
        sentences=shown,
        sources=tuple(c for c in offline.sources if c.number in cited),
        kind=ReplyKind.CLOSEST,
        generated_by="llm",
        signals=(*offline.signals, said),
    )


def _payload(written: LLMAnswer, model: str) -> dict[str, Any]:
    return {
        "declined": written.declined,
        "sentences": [{"text": c.text, "article_ids": list(c.article_ids)} for c in written.claims],
        "model": model,
        "prompt": ANSWER_PROMPT_VERSION,
    }


def _from_payload(payload: dict[str, Any] | None) -> LLMAnswer | None:
    if not payload:
        return None
    try:
        claims = tuple(
            Claim(str(s["text"]), tuple(int(i) for i in s["article_ids"])) for s in payload["sentences"]
        )
        return LLMAnswer(claims, declined=bool(payload["declined"]))
    except (KeyError, TypeError, ValueError):
        return None
