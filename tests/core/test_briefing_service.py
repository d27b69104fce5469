"""The briefing service's memory and windows: what a chat sees after a briefing that found nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.periods import parse_period
from bot.services.briefings import BriefingService
from bot.terminal.render_text import render_briefing
from store.search.query import parse_query
from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning


async def test_topic_that_matches_nothing_says_every_stored_article_was_searched(demo_services):
    briefing = await demo_services.briefings.brief(
        chat_id=None, topic=parse_query("zeppelin regatta"), period=None
    )

    assert briefing.empty
    assert briefing.period_label == "all"
    assert "last 24 hours" not in render_briefing(briefing)
    assert "among 24 stored articles" in render_briefing(briefing)


async def test_empty_briefing_keeps_the_chat_s_last_briefing_for_sources_and_follow_ups(demo_services):
    first = await demo_services.briefings.brief(chat_id=7, topic=None, period=None)
    assert first.sources

    await demo_services.briefings.brief(chat_id=7, topic=parse_query("zeppelin regatta"), period=None)

    last = await demo_services.briefings.last(7)
    assert last is not None
    assert [c.article_id for c in last.sources] == [c.article_id for c in first.sources]


async def test_a_briefing_is_reused_while_its_ranking_time_holds_and_ranked_anew_later(demo_services):
    now = [datetime(2026, 12, 5, 9, 0, tzinfo=UTC)]
    tuning = SummaryTuning()
    service = BriefingService(demo_services.store, ExtractiveSummarizer(tuning), tuning, clock=lambda: now[0])
    every = parse_period("all")

    await service.brief(chat_id=None, topic=None, period=every)
    now[0] += timedelta(minutes=1)
    await service.brief(chat_id=None, topic=None, period=every)
    reused = service.builds
    now[0] += timedelta(hours=6)  # recency ranks the same articles differently now
    await service.brief(chat_id=None, topic=None, period=every)

    assert (reused, service.builds) == (1, 2)


async def test_a_briefing_in_a_chat_starts_its_thread_and_says_which(demo_services):
    done = await demo_services.briefings.briefed(chat_id=7, topic=None, period=None)
    nothing = await demo_services.briefings.briefed(
        chat_id=7, topic=parse_query("zeppelin regatta"), period=None
    )
    alone = await demo_services.briefings.briefed(chat_id=None, topic=None, period=None)

    latest = (await demo_services.threads.latest(7, briefings_only=True)).thread
    assert done.thread_id is not None and latest is not None and latest.id == done.thread_id
    assert nothing.thread_id is None and alone.thread_id is None
