"""Briefings written by the LLM, story by story: cached, budgeted, and offline where it fails.

The extractive briefing gives the stories, their order and their fallback sentences. Each
story is then looked up in the summary cache (key: the content hashes of its articles, model,
prompt version, length, language); a miss is written by the LLM if the budgets allow, saved and
charged. A story whose reply fails the checks keeps its offline sentences; an unreachable LLM,
an open breaker or a spent budget sends the rest of the briefing offline. Every change shows up
as a ``SentenceAdded`` event, so a front end can show the briefing growing.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from bot.services.briefing_events import BriefingDone, BriefingEvent, SentenceAdded, reads_other_language
from bot.services.metrics import Meter
from bot.services.summary_cache import (
    CACHE_KIND,
    cache_payload,
    cached_claims,
    is_rejection,
    rejection_payload,
    summary_key,
)
from bot.services.usage import Account, UsageService
from config import LLMSettings
from errors import BudgetExceeded, LLMReplyInterrupted, LLMReplyRejected, LLMUnavailable, SummarizerError
from store.store import Store
from summarizer.briefing import story_size
from summarizer.llm.client import TokenUsage
from summarizer.llm.compose import StoryText, compose, extractive_claims
from summarizer.llm.writer import Drafted, StoryJob, StoryWriter, Written
from summarizer.tuning import SummaryTuning
from summarizer.types import Briefing, Claim, Doc, Length, Notice, Story

log = logging.getLogger(__name__)
NOTICE_FOR = {"chat": Notice.CHAT_BUDGET, "daily": Notice.DAILY_BUDGET}
_DONE = object()  # put by a story task's done callback, however the task ended


class LLMBriefings:
    """Rewrites the stories of an extractive briefing with the LLM."""

    def __init__(
        self,
        store: Store,
        writer: StoryWriter,
        usage: UsageService,
        settings: LLMSettings,
        summarizer: SummaryTuning,
        *,
        meter: Meter | None = None,
    ) -> None:
        self._store = store
        self._writer = writer
        self._usage = usage
        self._settings = settings
        self._summarizer = summarizer
        self._meter = meter or Meter()

    async def rewrite(
        self,
        base: Briefing,
        docs: Sequence[Doc],
        hashes: Mapping[int, str],
        *,
        length: Length,
        language: str | None,
        account: Account,
    ) -> AsyncIterator[BriefingEvent]:
        """Events as the stories of ``base`` are written; the last one is ``BriefingDone``."""
        by_id = {d.id: d for d in docs}
        sentences = story_size(length, self._summarizer)[1]
        jobs = [self._job(story, by_id, sentences, language) for story in base.stories]
        keys = [
            summary_key(
                [hashes[d.id] for d in job.docs],
                model=self._writer.model,
                length=length,
                sentences=sentences,
                language=language,
            )
            for job in jobs
        ]
        run = _Run(
            store=self._store,
            writer=self._writer,
            usage=self._usage,
            concurrency=self._settings.stories_at_once,
            base=base,
            by_id=by_id,
            jobs=jobs,
            keys=keys,
            account=account,
            language=language,
            meter=self._meter,
        )
        try:
            async for event in run.events():
                yield event
        finally:
            await run.cancel()

    def _job(self, story: Story, by_id: Mapping[int, Doc], sentences: int, language: str | None) -> StoryJob:
        members = [by_id[i] for i in story.article_ids if i in by_id][: self._summarizer.story_max_docs]
        return StoryJob(docs=tuple(members), sentences=sentences, language=language)


class _Run:
    """One briefing's rewrite: cache lookups, a few stories written at once, events in order."""

    def __init__(
        self,
        *,
        store: Store,
        writer: StoryWriter,
        usage: UsageService,
        concurrency: int,
        base: Briefing,
        by_id: Mapping[int, Doc],
        jobs: Sequence[StoryJob],
        keys: Sequence[str],
        account: Account,
        language: str | None,
        meter: Meter,
    ) -> None:
        self._store = store
        self._writer = writer
        self._usage = usage
        self._concurrency = concurrency
        self._language = language
        self._base = base
        self._by_id = by_id
        self._jobs = jobs
        self._keys = keys
        self._account = account
        self._meter = meter
        self._queues: dict[int, asyncio.Queue[Any]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._notices: list[Notice] = []
        self._stopped: Notice | None = None

    async def events(self) -> AsyncIterator[BriefingEvent]:
        store = self._store
        payloads = [await store.summaries.get(key) for key in self._keys]
        cached = [
            cached_claims(payload, {d.id for d in job.docs})
            for payload, job in zip(payloads, self._jobs, strict=True)
        ]
        rejected = {i for i, payload in enumerate(payloads) if is_rejection(payload)}
        misses = [i for i, claims in enumerate(cached) if claims is None and i not in rejected]
        texts: list[StoryText] = []
        for index, story in enumerate(self._base.stories):
            claims = cached[index]
            offline = extractive_claims(story, self._base.sources)
            if claims is not None:
                text = StoryText(claims, "llm")
                for event in self._sentences(texts, text, every=True):
                    yield event
            elif index in rejected:
                if Notice.OFFLINE_STORIES not in self._notices:
                    self._notices.append(Notice.OFFLINE_STORIES)
                text = StoryText(offline, "extractive", Notice.OFFLINE_STORIES)
                for event in self._sentences(texts, text, every=True):
                    yield event
            elif self._stopped is not None and index not in self._tasks:
                text = StoryText(offline, "extractive", self._stopped)
                for event in self._sentences(texts, text, every=True):
                    yield event
            else:
                self._start(misses, index)
                drafted: list[Claim] = []
                written: StoryText | None = None
                reason: Notice | None = None
                queue = self._queues[index]
                while (item := await queue.get()) is not _DONE:
                    if isinstance(item, Drafted):
                        drafted.append(item.claim)
                        for event in self._sentences(texts, StoryText(tuple(drafted), "llm"), every=False):
                            yield event
                    elif isinstance(item, Written):
                        written = StoryText(item.claims, "llm")
                        if item.cut and Notice.LLM_CUT not in self._notices:
                            self._notices.append(Notice.LLM_CUT)
                        await store.summaries.put(
                            self._keys[index],
                            CACHE_KIND,
                            cache_payload(item.claims, self._writer.model),
                            article_ids=[d.id for d in self._jobs[index].docs],
                        )
                    else:
                        reason = self._failed(index, item)
                        if isinstance(item, LLMReplyRejected) and not isinstance(item, LLMReplyInterrupted):
                            await store.summaries.put(
                                self._keys[index],
                                CACHE_KIND,
                                rejection_payload(self._writer.model),
                                article_ids=[d.id for d in self._jobs[index].docs],
                            )
                text = written or StoryText(offline, "extractive", reason or self._stopped)
                if text.claims != tuple(drafted):
                    for event in self._sentences(texts, text, every=False):
                        yield event
            texts.append(text)
        yield BriefingDone(self._finish(texts))

    def _sentences(self, texts: list[StoryText], text: StoryText, *, every: bool) -> list[SentenceAdded]:
        """Events for ``text`` following ``texts``: one per sentence (``every``), or the last only."""
        counts = range(1, len(text.claims) + 1) if every else [len(text.claims)]
        events = []
        for count in counts:
            upto = StoryText(text.claims[:count], text.generated_by, text.offline_reason)
            partial = compose(self._base, [*texts, upto], self._by_id)
            if partial.stories:
                events.append(
                    SentenceAdded(partial, partial.stories[-1].sentences[-1], len(self._base.stories))
                )
        return events

    def _finish(self, texts: list[StoryText]) -> Briefing:
        offline = [job for job, text in zip(self._jobs, texts, strict=True) if text.generated_by != "llm"]
        if offline and reads_other_language([d for job in offline for d in job.docs], self._language):
            self._notices.append(Notice.ORIGINAL_LANGUAGE)
        return compose(self._base, texts, self._by_id, notices=self._notices)

    def _failed(self, index: int, error: BaseException) -> Notice:
        """Story ``index`` goes offline; a dead server or a spent budget sends the rest offline too."""
        if isinstance(error, LLMReplyInterrupted):
            log.info("llm reply broken off story=%d reason=%s", index, error)
            self._notices.append(Notice.LLM_INTERRUPTED)
            return Notice.LLM_INTERRUPTED
        if isinstance(error, LLMReplyRejected):
            log.info("llm reply rejected story=%d reason=%s", index, error)
            self._notices.append(Notice.OFFLINE_STORIES)
            return Notice.OFFLINE_STORIES
        if isinstance(error, BudgetExceeded):
            notice = NOTICE_FOR.get(error.scope, Notice.DAILY_BUDGET)
        elif isinstance(error, LLMUnavailable) and error.skipped:
            notice = Notice.LLM_PAUSED
        else:
            notice = Notice.LLM_UNAVAILABLE
            log.warning("llm unavailable story=%d reason=%s", index, error)
        self._notices.append(notice)
        self._stopped = notice
        for later, task in self._tasks.items():
            if later > index:
                task.cancel()
        return notice

    def _start(self, misses: Sequence[int], index: int) -> None:
        """Make sure story ``index`` and the next few misses are being written."""
        if self._stopped is not None:
            return
        ahead = [i for i in misses if i >= index][: self._concurrency]
        for i in ahead:
            if i not in self._tasks:
                queue: asyncio.Queue[Any] = asyncio.Queue()
                task = asyncio.create_task(self._write(i, queue), name=f"llm-story-{i}")
                # Also when the task is cancelled before it ever ran, its reader must not wait forever.
                task.add_done_callback(functools.partial(_put_done, queue))
                self._queues[i], self._tasks[i] = queue, task

    async def _write(self, index: int, queue: asyncio.Queue[Any]) -> None:
        usage, writer, account = self._usage, self._writer, self._account

        async def admit(estimate: int) -> None:
            await usage.admit(account, estimate)

        async def charge(spent: TokenUsage) -> None:
            await usage.charge(account, spent, model=writer.model)

        try:
            job = self._jobs[index]
            async for item in writer.write(job, admit=admit, charge=charge, checked=self._meter.llm_checks):
                queue.put_nowait(item)
        except (SummarizerError, OSError) as exc:
            queue.put_nowait(exc)
        except Exception as exc:  # a bug must not take the briefing down: log it, go offline
            log.exception("llm story failed unexpectedly story=%d", index)
            queue.put_nowait(LLMUnavailable(f"unexpected {type(exc).__name__}"))

    async def cancel(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _put_done(queue: asyncio.Queue[Any], _task: asyncio.Task[None]) -> None:
    queue.put_nowait(_DONE)
