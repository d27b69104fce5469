"""Answering a follow-up question with the LLM: numbered passages in, checked cited sentences out.

The passages are the sentences the offline answerer ranked best, each with its neighbours. The
reply goes through the same checks as a briefing's (citations exist, numbers and enough words
of each sentence are in the passages it cites); a reply saying the passages do not answer the
question is a decline, never a guess. With ``verify`` a second call asks the model whether each
sentence is supported, and drops those it says are not. Budgets stay outside (``admit``,
``charge``; ``checked`` is told what the checks made of the reply), as for stories.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from config import LLMSettings
from errors import LLMReplyRejected
from summarizer.llm.checks import Checked, CheckSettings, ReplyChecker, ignore_checks
from summarizer.llm.client import Completion, LLMClient, TokenUsage
from summarizer.llm.passages import PromptPassage, estimate_tokens
from summarizer.llm.prompts import NOT_ANSWERED, Prompt, answer_prompt, verify_prompt
from summarizer.llm.reply_text import strip_reasoning
from summarizer.types import Claim

log = logging.getLogger(__name__)
Admit = Callable[[int], Awaitable[None]]
Charge = Callable[[TokenUsage], Awaitable[None]]
_VERDICT = re.compile(r"S(\d+)\s*:\s*(YES|NO)\b", re.IGNORECASE)


@dataclass(frozen=True)
class LLMAnswer:
    """The model's checked answer; ``declined`` when it said the passages do not answer."""

    claims: tuple[Claim, ...]
    declined: bool = False
    calls: int = 1


def declines(text: str) -> bool:
    """True when the reply is essentially the decline phrase alone (quotes, punctuation and case
    aside). A reply that echoes the instruction and then answers is an answer, and is checked."""
    rest = strip_reasoning(text).casefold().replace(NOT_ANSWERED.casefold(), " ", 1)
    return NOT_ANSWERED.casefold() in strip_reasoning(text).casefold() and not re.search(r"[^\W_]", rest)


class AnswerWriter:
    """Writes answers with one ``LLMClient``; plain values in and out."""

    def __init__(self, client: LLMClient, settings: LLMSettings) -> None:
        self._client = client
        self._settings = settings

    @property
    def model(self) -> str:
        return self._client.model

    async def write(
        self,
        question: str,
        passages: Sequence[PromptPassage],
        *,
        sentences: int,
        verify: bool,
        admit: Admit,
        charge: Charge,
        checked: Checked = ignore_checks,
    ) -> LLMAnswer:
        """The checked answer; raises ``LLMReplyRejected`` when nothing of the reply survives."""
        if not passages:
            raise LLMReplyRejected("no passages to answer from")
        prompt = answer_prompt(passages, question=question, sentences=sentences)
        text = await self._call(prompt, admit, charge)
        if declines(text):
            return LLMAnswer((), declined=True)
        by_number = {p.number: p for p in passages}
        checker = ReplyChecker(
            by_number,
            CheckSettings(
                self._client.tuning.min_support,
                self._client.tuning.min_quote_match,
                max_sentences=sentences,
            ),
        )
        checker.finish(text)
        checked(checker.tally())
        if not checker.kept:
            reasons = ", ".join(f"{r} ×{n}" for r, n in checker.dropped.items()) or "empty reply"
            raise LLMReplyRejected(f"nothing survived the checks ({reasons})")
        claims = [
            Claim(s.text, tuple(dict.fromkeys(by_number[n].article_id for n in s.passages)))
            for s in checker.kept
        ]
        if not verify:
            return LLMAnswer(tuple(claims))
        kept = await self._verified(passages, [s.text for s in checker.kept], admit, charge)
        claims = [c for i, c in enumerate(claims, 1) if i in kept]
        if not claims:
            raise LLMReplyRejected("the verification pass supported no sentence")
        return LLMAnswer(tuple(claims), calls=2)

    async def _verified(
        self, passages: Sequence[PromptPassage], statements: list[str], admit: Admit, charge: Charge
    ) -> set[int]:
        """The numbers of the statements the model says its passages support."""
        text = await self._call(verify_prompt(passages, statements), admit, charge)
        verdicts = {int(n): v.upper() == "YES" for n, v in _VERDICT.findall(strip_reasoning(text))}
        log.info("answer verified kept=%d of=%d", sum(verdicts.values()), len(statements))
        return {n for n, supported in verdicts.items() if supported}

    async def _call(self, prompt: Prompt, admit: Admit, charge: Charge) -> str:
        await admit(
            estimate_tokens("".join(m["content"] for m in prompt.messages)) + self._settings.max_output_tokens
        )
        completion: Completion | None = None
        async for item in self._client.complete(prompt):
            if isinstance(item, Completion):
                completion = item
        assert completion is not None
        await charge(completion.usage)
        return completion.text
