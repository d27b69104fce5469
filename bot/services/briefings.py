"""The briefing service: select articles by window and topic, build a briefing, remember it per chat.

Offline, the extractive briefing is the answer. With an LLM configured, its stories are
rewritten (``LLMBriefings``) and ``stream`` yields each checked sentence as it is added, so a
front end can show the briefing growing; ``brief`` waits for the finished one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from enum import Enum
from typing import TYPE_CHECKING, Any

from bot.periods import WIDENING, Period, parse_period
from bot.services.briefing_cache import BriefingCache, ranked_at
from bot.services.briefing_codec import briefing_from_dict, briefing_to_dict
from bot.services.briefing_events import BriefingDone, BriefingEvent, reads_other_language
from bot.services.docs import to_docs
from bot.services.related_words import WithRelated, add_related
from bot.services.retrieval import stem_text
from bot.services.threads import Origin, ThreadService
from bot.services.usage import DIGESTS, LOCAL, Account
from bot.services.zones import zone_info
from store.articles import Arrival, Candidate
from store.search.query import Query, parse_query
from store.store import Store
from store.timestamps import utcnow
from summarizer.briefing import build_briefing
from summarizer.extractive import ExtractiveSummarizer
from summarizer.paraphrase import Lexicon
from summarizer.tuning import SummaryTuning
from summarizer.types import Briefing, Citation, Doc, Length, Notice

if TYPE_CHECKING:
    from bot.services.llm_briefings import LLMBriefings

log = logging.getLogger(__name__)

LONGER = {Length.SHORT: Length.NORMAL, Length.NORMAL: Length.LONG, Length.LONG: Length.LONG}


@dataclass(frozen=True)
class Longer:
    """What the Longer button gets: the briefing, and whether it says more than the last one."""

    briefing: Briefing
    grew: bool
    thread_id: int | None = None  # the thread the longer briefing started


class _FromChat(Enum):
    FROM_CHAT = "chat"


FROM_CHAT = _FromChat.FROM_CHAT  # a briefing language taken from the chat's settings


@dataclass(frozen=True)
class DigestBuild:
    """A digest's shared briefing, and every article it was built from (for naming new sources)."""

    briefing: Briefing
    articles: dict[int, Citation]


def _size(briefing: Briefing) -> int:
    return sum(len(story.sentences) for story in briefing.stories)


class BriefingService:
    """Builds briefings; the same one serves Telegram, the console, the CLI and digests."""

    def __init__(
        self,
        store: Store,
        summarizer: ExtractiveSummarizer,
        settings: SummaryTuning,
        *,
        llm: LLMBriefings | None = None,
        threads: ThreadService | None = None,
        clock: Callable[[], datetime] = utcnow,
        lexicon: Lexicon | None = None,
    ) -> None:
        self._store = store
        self._lexicon = lexicon or Lexicon(stem_text(store.articles.stemmer))
        self._summarizer = summarizer
        self._settings = settings
        self._llm = llm
        self._threads = threads
        self._clock = clock
        self._cache = BriefingCache()
        self.builds = 0  # briefings actually built (not served from the cache), for figures and tests

    @property
    def _enough(self) -> int:
        """Articles enough for a briefing: fewer widen the window, then take in related words."""
        return 2 * self._settings.max_stories

    @property
    def writes_with_llm(self) -> bool:
        """True when an LLM rewrites briefings (so they are worth showing as they grow)."""
        return self._llm is not None

    async def brief(
        self,
        *,
        chat_id: int | None,
        topic: Query | None,
        period: Period | None,
        length: Length | None = None,
        language: str | _FromChat | None = FROM_CHAT,
        account: Account | None = None,
    ) -> Briefing:
        """The briefing of ``briefed``, for those who need no thread id."""
        done = await self.briefed(
            chat_id=chat_id, topic=topic, period=period, length=length, language=language, account=account
        )
        return done.briefing

    async def briefed(
        self,
        *,
        chat_id: int | None,
        topic: Query | None,
        period: Period | None,
        length: Length | None = None,
        language: str | _FromChat | None = FROM_CHAT,
        account: Account | None = None,
    ) -> BriefingDone:
        """A briefing on ``topic`` over ``period`` (None: the newest news, widening until found),
        and the thread it started in the chat.

        When few articles match, those that say a related word instead follow them (``related``);
        when nothing matches the whole query even so, any one of its words is tried, and the
        briefing says so (``broadened``).
        """
        final: BriefingDone | None = None
        async for event in self.stream(
            chat_id=chat_id, topic=topic, period=period, length=length, language=language, account=account
        ):
            if isinstance(event, BriefingDone):
                final = event
        assert final is not None
        return final

    async def stream(
        self,
        *,
        chat_id: int | None,
        topic: Query | None,
        period: Period | None,
        length: Length | None = None,
        language: str | _FromChat | None = FROM_CHAT,
        account: Account | None = None,
    ) -> AsyncGenerator[BriefingEvent, None]:
        """The briefing as it is written: a ``SentenceAdded`` per checked sentence, then ``BriefingDone``.

        ``length`` and ``language`` default to the chat's settings (the articles' own language
        without a chat); LLM tokens are charged to ``account``, by default the chat (or ``local``).
        """
        chat = await self._store.chats.get(chat_id) if chat_id is not None else None
        if length is None:
            length = Length(chat.length) if chat is not None else Length.NORMAL
        if isinstance(language, _FromChat):
            language = chat.language if chat is not None else None
        if account is None:
            account = Account.for_chat(chat_id) if chat_id is not None else LOCAL
        now = self._clock()
        zone = zone_info(chat.timezone) if chat is not None else UTC
        candidates, used = await self._select(topic, period, now, zone)
        related = WithRelated(candidates)
        if topic is not None and len(candidates) < self._enough:
            related = await add_related(
                self._store.articles,
                self._lexicon,
                topic,
                candidates,
                used.window(now, zone),
                limit=self._settings.max_candidates,
            )
            candidates = related.candidates
        broadened = False
        if not candidates and topic is not None and topic.any_word().key() != topic.key():
            candidates, used = await self._select(topic.any_word(), period, now, zone)
            broadened = bool(candidates)
        label = topic.text() if topic else None
        docs = to_docs(candidates, related.related_ids)
        base = await self._build(docs, topic=label, label=used.label, length=length, now=now)
        if broadened or related.words:
            base = replace(base, broadened=broadened, related=related.words)
        if base.empty:  # say whether nothing matched or nothing is stored at all
            base = replace(base, stored=await self._store.articles.count())
        briefing = base
        if self._llm is not None and not base.empty:
            hashes = {c.article.id: c.article.content_hash for c in candidates}
            events = self._llm.rewrite(base, docs, hashes, length=length, language=language, account=account)
            async for event in events:
                if isinstance(event, BriefingDone):
                    briefing = event.briefing
                else:
                    yield event
        elif not base.empty and reads_other_language(docs, language):
            briefing = replace(base, notices=(*base.notices, Notice.ORIGINAL_LANGUAGE))
        thread_id: int | None = None
        if chat_id is not None and not briefing.empty:
            # An empty result leaves the last real briefing in place for /sources and follow-ups.
            request = {
                "topic": label,
                "period": used.label if period else None,
                "length": length.value,
            }
            payload = {"request": request, "briefing": briefing_to_dict(briefing)}
            await self._store.chats.remember(chat_id, "briefing", payload)
            if self._threads is not None:  # a reply to it asks about its articles
                ids = [c.article_id for c in briefing.sources]
                thread_id = await self._threads.started(chat_id, Origin.BRIEFING, ids)
        await self._store.usage.record("brief", chat_id=chat_id, account=account.name)
        log.info(
            "briefing chat=%s topic=%r period=%s candidates=%d related=%d stories=%d broadened=%s by=%s",
            chat_id,
            label,
            used.label,
            len(candidates),
            len(related.related_ids),
            len(briefing.stories),
            broadened,
            briefing.generated_by,
        )
        yield BriefingDone(briefing, thread_id)

    async def digest(
        self,
        *,
        topic: Query | None,
        arrived: Arrival,
        published_since: datetime,
        length: Length,
        label: str,
        language: str | None = None,
    ) -> DigestBuild:
        """The briefing of a digest: what arrived in ``arrived`` and was published since
        ``published_since``, matching ``topic`` exactly (a digest never falls back to any word).

        Built once per distinct selection: every chat with the same topic, window, length and
        language shares it (and the build cache makes a second call for it free). With an LLM, its
        stories are written once too, charged to the shared ``digests`` account, never to a chat.
        """
        candidates = await self._store.articles.candidates(
            since=published_since, topic=topic, limit=self._settings.max_candidates, arrived=arrived
        )
        docs = to_docs(candidates)
        briefing = await self._build(
            docs, topic=topic.text() if topic else None, label=label, length=length, now=arrived.until
        )
        if self._llm is not None and not briefing.empty:
            hashes = {c.article.id: c.article.content_hash for c in candidates}
            events = self._llm.rewrite(
                briefing, docs, hashes, length=length, language=language, account=DIGESTS
            )
            async for event in events:
                if isinstance(event, BriefingDone):
                    briefing = event.briefing
        elif not briefing.empty and reads_other_language(docs, language):
            briefing = replace(briefing, notices=(*briefing.notices, Notice.ORIGINAL_LANGUAGE))
        articles = {
            c.article.id: Citation(
                0, c.article.id, c.article.title, c.article.url, c.source, c.article.published_at
            )
            for c in candidates
        }
        return DigestBuild(briefing, articles)

    async def _select(
        self, topic: Query | None, period: Period | None, now: datetime, zone: tzinfo
    ) -> tuple[list[Candidate], Period]:
        if period is not None:
            bounds = period.window(now, zone)
            found = await self._store.articles.candidates(
                since=bounds.since, until=bounds.until, topic=topic, limit=self._settings.max_candidates
            )
            return found, period
        # The newest news: widen the window until there is enough for a briefing; when nothing
        # is found at all, every stored article was searched, and the reply should say so.
        found, used = [], WIDENING[-1]
        for window in WIDENING:
            wider = await self._store.articles.candidates(
                since=window.since(now), topic=topic, limit=self._settings.max_candidates
            )
            if wider:
                found, used = wider, window
            if len(found) >= self._enough:
                break
        return found, used

    async def _build(
        self,
        docs: Sequence[Doc],
        *,
        topic: str | None,
        label: str,
        length: Length,
        now: datetime,
    ) -> Briefing:
        """The extractive briefing (also the LLM's plan and fallback), kept for repeated requests.

        The key holds the time the ranking is made at (``now`` to the step), so a cached briefing
        is one ranked at the same time.
        """
        now = ranked_at(now)
        key = (topic, label, length, tuple((d.id, d.related) for d in docs), now)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self.builds += 1
        briefing = await asyncio.to_thread(
            build_briefing,
            docs,
            summarizer=self._summarizer,
            settings=self._settings,
            length=length,
            topic=topic,
            period_label=label,
            now=now,
        )
        self._cache.put(key, briefing)
        return briefing

    async def _last_payload(self, chat_id: int) -> dict[str, Any] | None:
        return await self._store.chats.last(chat_id, "briefing")

    async def last(self, chat_id: int) -> Briefing | None:
        """The briefing this chat saw last, or None."""
        payload = await self._last_payload(chat_id)
        return briefing_from_dict(payload["briefing"]) if payload else None

    async def longer(self, chat_id: int) -> Longer | None:
        """The chat's last briefing one step longer (same topic and period), or None without one.

        ``grew`` is False when the longer briefing says no more than the last one did, because
        it was already at the longest length or the articles have nothing more to add.
        """
        payload = await self._last_payload(chat_id)
        if payload is None:
            return None
        request = payload["request"]
        last = briefing_from_dict(payload["briefing"])
        length = Length(request.get("length", "normal"))
        if LONGER[length] is length:
            return Longer(last, grew=False)
        period = parse_period(request["period"]) if request.get("period") else None
        topic = parse_query(request["topic"]) if request.get("topic") else None
        done = await self.briefed(chat_id=chat_id, topic=topic, period=period, length=LONGER[length])
        return Longer(done.briefing, grew=_size(done.briefing) > _size(last), thread_id=done.thread_id)
