"""Writing one story with the LLM: passages → prompt → reply → checks → cited claims.

``StoryWriter.write`` yields ``Drafted`` previews as checked sentences stream in, then one
``Written`` with the claims that count. Budgets and usage stay outside: the caller passes
``admit`` (raises ``BudgetExceeded`` before a call that would overspend) and ``charge``, and
may pass ``checked``, told what the checks made of each reply.
An empty, malformed or fully rejected reply raises ``LLMReplyRejected``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

from config import LLMSettings
from errors import LLMReplyRejected
from summarizer.extractive import ExtractiveSummarizer
from summarizer.languages import BY_CODE, guess_language
from summarizer.llm.checks import Checked, CheckedSentence, CheckSettings, ReplyChecker, ignore_checks
from summarizer.llm.client import Completion, LLMClient, TokenUsage
from summarizer.llm.condense import plan_story
from summarizer.llm.passages import PromptPassage, estimate_tokens, renumbered, story_passages
from summarizer.llm.prompts import Prompt, briefing_prompt, notes_prompt
from summarizer.types import Claim, Doc

log = logging.getLogger(__name__)
NOTES_PER_WINDOW = 6

Admit = Callable[[int], Awaitable[None]]
Charge = Callable[[TokenUsage], Awaitable[None]]


@dataclass(frozen=True)
class StoryJob:
    """One story to write: its articles (most representative first), length and language.

    ``language`` is the ISO code the chat reads; None means the articles' own language.
    """

    docs: tuple[Doc, ...]
    sentences: int
    language: str | None = None


@dataclass(frozen=True)
class Drafted:
    """A checked sentence as it streams in (a preview: ``Written`` has the final claims)."""

    claim: Claim


@dataclass(frozen=True)
class Written:
    """The story's claims, every one checked, how many LLM calls it took, and whether a reply
    stopped at the output-token limit (``cut``: its checked part is kept)."""

    claims: tuple[Claim, ...]
    calls: int
    cut: bool = False


class StoryWriter:
    """Writes stories with one ``LLMClient``; plain values in and out."""

    def __init__(self, client: LLMClient, settings: LLMSettings, scorer: ExtractiveSummarizer) -> None:
        self._client = client
        self._settings = settings
        self._scorer = scorer

    @property
    def model(self) -> str:
        return self._client.model

    def translates(self, job: StoryJob) -> bool:
        """True when the chat reads another language than the articles are written in."""
        if job.language is None:
            return False
        return guess_language(" ".join(d.text[:2000] for d in job.docs)) != job.language

    async def write(
        self, job: StoryJob, *, admit: Admit, charge: Charge, checked: Checked = ignore_checks
    ) -> AsyncIterator[Drafted | Written]:
        """Write ``job``'s story; see the module docstring."""
        passages = story_passages(job.docs)
        if not passages:
            raise LLMReplyRejected("the story has no passages to summarise")
        plan = await asyncio.to_thread(
            plan_story,
            passages,
            job.docs,
            self._scorer,
            context_tokens=self._client.tuning.context_tokens,
            chunks=self._client.tuning.condense_chunks,
        )
        with_quotes = self.translates(job)
        language = BY_CODE[job.language].name if job.language in BY_CODE and with_quotes else None
        if not plan.map_reduce:
            window = renumbered(plan.windows[0])
            prompt = briefing_prompt(
                window, sentences=job.sentences, language=language, with_quotes=with_quotes
            )
            async for item in self._call(prompt, window, job, admit, charge, checked, previews=True):
                yield item
            return
        log.info("story condensed windows=%d left_out=%d", len(plan.windows), plan.left_out)
        notes, sources = await self._notes(plan.windows, job, admit, charge, checked)
        prompt = briefing_prompt(notes, sentences=job.sentences, language=language, with_quotes=with_quotes)
        calls = len(plan.windows)
        calling = self._call(prompt, notes, job, admit, charge, checked, previews=True, sources=sources)
        async for item in calling:
            if isinstance(item, Written):
                item = Written(item.claims, item.calls + calls, item.cut)
            yield item

    async def _notes(
        self,
        windows: Sequence[Sequence[PromptPassage]],
        job: StoryJob,
        admit: Admit,
        charge: Charge,
        checked: Checked,
    ) -> tuple[list[PromptPassage], dict[int, tuple[int, ...]]]:
        """Map: each window's facts as checked notes, which become the passages of the reduce."""
        notes: list[PromptPassage] = []
        sources: dict[int, tuple[int, ...]] = {}
        for window in windows:
            local = renumbered(window)
            prompt = notes_prompt(local, sentences=NOTES_PER_WINDOW)
            try:
                async for item in self._call(prompt, local, job, admit, charge, checked, previews=False):
                    if isinstance(item, Written):
                        for claim in item.claims:
                            number = len(notes) + 1
                            withheld = tuple(w for p in window for w in p.withheld)
                            notes.append(
                                PromptPassage(number, claim.article_ids[0], claim.text, withheld=withheld)
                            )
                            sources[number] = claim.article_ids
            except LLMReplyRejected as exc:
                log.info("notes rejected window_passages=%d reason=%s", len(window), exc)
        if not notes:
            raise LLMReplyRejected("no notes survived the checks")
        return notes, sources

    async def _call(
        self,
        prompt: Prompt,
        passages: Sequence[PromptPassage],
        job: StoryJob,
        admit: Admit,
        charge: Charge,
        checked: Checked,
        *,
        previews: bool,
        sources: dict[int, tuple[int, ...]] | None = None,
    ) -> AsyncIterator[Drafted | Written]:
        """One request: previews of checked sentences while it streams, then ``Written``."""
        await admit(
            estimate_tokens("".join(m["content"] for m in prompt.messages)) + self._settings.max_output_tokens
        )
        by_number = {p.number: p for p in passages}
        checker = ReplyChecker(by_number, self._check_settings(prompt, job))

        def claim(sentence: CheckedSentence) -> Claim:
            ids: list[int] = []
            for number in sentence.passages:
                ids.extend(sources[number] if sources else (by_number[number].article_id,))
            return Claim(sentence.text, tuple(dict.fromkeys(ids)))

        completion: Completion | None = None
        async for item in self._client.complete(prompt):
            if isinstance(item, Completion):
                completion = item
            elif previews:
                for sentence in checker.feed(item.delta):
                    yield Drafted(claim(sentence))
        assert completion is not None
        await charge(completion.usage)
        checker.finish(finished_part(completion))
        checked(checker.tally())
        _log_drops(checker.dropped, kept=len(checker.kept))
        if not checker.kept:
            reasons = ", ".join(f"{reason} ×{n}" for reason, n in checker.dropped.items()) or "empty reply"
            raise LLMReplyRejected(f"nothing survived the checks ({reasons})")
        yield Written(tuple(claim(s) for s in checker.kept), 1, completion.cut)

    def _check_settings(self, prompt: Prompt, job: StoryJob) -> CheckSettings:
        return CheckSettings(
            min_support=self._client.tuning.min_support,
            min_quote_match=self._client.tuning.min_quote_match,
            max_sentences=prompt.sentences,
            with_quotes=prompt.with_quotes,
            language=job.language,
        )


def finished_part(completion: Completion) -> str:
    """The reply without the sentence a cut at the output-token limit left unfinished."""
    if not completion.cut:
        return completion.text
    text = completion.text.rstrip()
    ends = [text.rfind(mark) for mark in ("\n", ". ", "! ", "? ")]
    if text.endswith((".", "!", "?", "]")):
        return text
    return text[: max(ends) + 1] if max(ends) >= 0 else ""


def _log_drops(dropped: Counter[str], *, kept: int) -> None:
    if dropped:
        log.info(
            "llm sentences dropped kept=%d %s",
            kept,
            " ".join(f"{k.replace(' ', '_')}={v}" for k, v in dropped.items()),
        )
