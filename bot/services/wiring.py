"""The composition root: settings in, one frozen set of services out, shared by every front end."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.services.briefings import BriefingService
from bot.services.chats import ChatService
from bot.services.digests.runner import DigestRunner
from bot.services.digests.subscriptions import SubscriptionService
from bot.services.digests.tuning import DigestTuning
from bot.services.feeds.polling import FeedPoller
from bot.services.feeds.schedule import FeedTuning
from bot.services.feeds.service import FeedService
from bot.services.library import LibraryService
from bot.services.llm_answers import LLMAnswers
from bot.services.llm_briefings import LLMBriefings
from bot.services.metrics import Meter
from bot.services.questions import QuestionService, QuestionTuning
from bot.services.rate_limit import StoredRateLimiter
from bot.services.retention import RetentionService
from bot.services.stats import StatsService
from bot.services.threads import ThreadService
from bot.services.usage import UsageService
from config import Settings
from ingest.addresses import Network
from ingest.fingerprints import NEAR_DUPLICATE_THRESHOLD, max_near_distance
from store.store import Store, open_store
from summarizer.extractive import ExtractiveSummarizer
from summarizer.llm.answers import AnswerWriter
from summarizer.llm.client import LLMClient
from summarizer.llm.tuning import LLMTuning
from summarizer.llm.writer import StoryWriter
from summarizer.passages import passage_texts
from summarizer.tuning import SummaryTuning

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """Everything the bot, console, CLI and scheduler call; close it with ``aclose``."""

    settings: Settings
    store: Store
    briefings: BriefingService
    questions: QuestionService
    library: LibraryService
    chats: ChatService
    stats: StatsService
    subscriptions: SubscriptionService
    digests: DigestRunner
    usage: UsageService
    feeds: FeedService
    retention: RetentionService
    threads: ThreadService
    limiter: StoredRateLimiter
    llm: LLMClient | None = None
    meter: Meter = field(default_factory=Meter)

    async def aclose(self) -> None:
        try:
            if self.llm is not None:
                await self.llm.aclose()
            await self.library.aclose()
        finally:
            await self.store.aclose()


async def build_services(
    settings: Settings,
    *,
    seed_demo: bool = False,
    network: Network | None = None,
    meter: Meter | None = None,
    summary_tuning: SummaryTuning | None = None,
    question_tuning: QuestionTuning | None = None,
    feed_tuning: FeedTuning | None = None,
    digest_tuning: DigestTuning | None = None,
    llm_tuning: LLMTuning | None = None,
    llm_clock: Callable[[], float] = time.monotonic,
    near_duplicate_threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> Services:
    """Open (and migrate) the store and wire the services; optionally load the demo corpus.

    ``network``: the resolver and HTTP transport every page and feed fetch goes through (tests
    give their own; None is the real network). ``meter`` counts what the services do (``briefbot
    run`` passes its Prometheus meter). ``summary_tuning``, ``question_tuning``, ``feed_tuning``,
    ``digest_tuning``, ``llm_tuning``: tuning in code, its defaults unless a test or benchmark
    needs others;
    ``llm_clock``: the LLM breaker's clock (tests pass their own). ``near_duplicate_threshold``: the
    simhash similarity from which an article is a copy of a stored one (tests vary it).
    """
    meter = meter or Meter()
    near = max_near_distance(near_duplicate_threshold)
    store = await open_store(
        settings.store,
        near_distance=near,
        passages=passage_texts,
    )
    summarizer = ExtractiveSummarizer(summary_tuning or SummaryTuning())
    usage = UsageService(store, settings.llm, meter=meter)
    client: LLMClient | None = None
    llm_briefings: LLMBriefings | None = None
    llm_answers: LLMAnswers | None = None
    if settings.llm.enabled:
        # The SDK is imported on the first call, not here: a briefing served from the cache never loads it.
        client = LLMClient(settings.llm, clock=llm_clock, tuning=llm_tuning)
        writer = StoryWriter(client, settings.llm, summarizer)
        llm_briefings = LLMBriefings(store, writer, usage, settings.llm, summarizer.settings, meter=meter)
        llm_answers = LLMAnswers(
            store,
            AnswerWriter(client, settings.llm),
            usage,
            settings.llm,
            sentences=(question_tuning or QuestionTuning()).answer.max_sentences,
            verify=settings.questions.llm_verify,
            meter=meter,
        )
        log.info("llm briefings on endpoint=%s model=%s", settings.llm.shown_endpoint, settings.llm.model)
    threads = ThreadService(store, settings.questions)
    briefings = BriefingService(store, summarizer, summarizer.settings, llm=llm_briefings, threads=threads)
    subscriptions = SubscriptionService(store, briefings, settings.digest)
    library = LibraryService(store, settings.ingest, network)
    poller = FeedPoller(store, library, settings.feeds, tuning=feed_tuning)
    feeds = FeedService(store, library, poller, settings.feeds)
    digests = DigestRunner(store, briefings, settings.digest, tuning=digest_tuning, meter=meter)
    limiter = StoredRateLimiter.from_settings(store.rate_buckets, settings.rate_limit)
    services = Services(
        settings=settings,
        store=store,
        briefings=briefings,
        questions=QuestionService(
            store,
            summarizer,
            threads,
            settings.questions,
            llm=llm_answers,
            tuning=question_tuning or QuestionTuning(),
        ),
        library=library,
        chats=ChatService(store, subscriptions),
        stats=StatsService(store, feeds),
        subscriptions=subscriptions,
        digests=digests,
        usage=usage,
        feeds=feeds,
        retention=RetentionService(store, settings.retention, digests, limiter=limiter),
        threads=threads,
        limiter=limiter,
        llm=client,
        meter=meter,
    )
    if seed_demo:
        try:
            report = await services.library.seed_demo()
        except BaseException:
            await services.aclose()
            raise
        if report.stored:
            log.info("loaded demo corpus articles=%d", report.stored)
    return services
