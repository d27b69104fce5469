"""No repeats per chat, and one build shared by every digest with the same query, window and length."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import pytest

from bench.subscribers import add_due_subscribers
from bot.arguments import parse_subscribe_args
from bot.services.digests.repeats import for_chat
from bot.services.digests.tuning import DigestTuning
from summarizer.types import Briefing, Citation, CitedSentence, Story
from tests.digests.conftest import digests_on

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

NOW = datetime(2026, 6, 1, 8, tzinfo=UTC)


def cite(number: int, article_id: int) -> Citation:
    return Citation(
        number, article_id, f"Article {article_id}", f"https://example.com/{article_id}", "Wire", NOW
    )


def story(headline: str, article_ids: tuple[int, ...], cited: tuple[int, ...]) -> Story:
    return Story(headline, (CitedSentence(f"{headline} happened.", cited),), cited, article_ids, 1.0)


# Story A cites articles 1, 2 (numbers 1, 2) and also holds 5, not cited; B cites 3; C cites 4.
SHARED = Briefing(
    stories=(story("A", (1, 2, 5), (1, 2)), story("B", (3,), (3,)), story("C", (4,), (4,))),
    sources=(cite(1, 1), cite(2, 2), cite(3, 3), cite(4, 4)),
    topic="energy",
)
ARTICLES = {i: cite(0, i) for i in range(1, 6)}


@pytest.mark.parametrize(
    ("received", "headlines", "updates", "sources"),
    [
        (set(), ["A", "B", "C"], {}, [1, 2, 3, 4]),
        ({3}, ["A", "C"], {}, [1, 2, 4]),
        ({1, 2, 5, 3, 4}, [], {}, []),
        ({1}, ["A", "B", "C"], {0: (2, 3)}, [1, 2, 5, 3, 4]),  # the update names 2 and the uncited 5
        ({1, 2}, ["A", "B", "C"], {0: (3,)}, [1, 2, 5, 3, 4]),
        ({1, 2, 5, 4}, ["B"], {}, [3]),
    ],
)
def test_a_chat_gets_the_stories_it_has_not_fully_had_and_updates_name_new_sources(
    received, headlines, updates, sources
):
    filtered = for_chat(SHARED, ARTICLES, received)

    assert [s.headline for s in filtered.briefing.stories] == headlines
    assert filtered.updates == updates
    assert [c.article_id for c in filtered.briefing.sources] == sources
    assert [c.number for c in filtered.briefing.sources] == list(range(1, len(sources) + 1))
    for kept in filtered.briefing.stories:  # every marker resolves in the chat's own numbering
        assert all(n <= len(sources) for s in kept.sentences for n in s.citations)


PIPELINE = (
    "Engineers found a leak in the Baltic gas pipeline near the island on Monday morning. "
    "The operator closed the pipeline and said repairs to the leak would take weeks."
)


async def test_a_story_the_chat_had_yesterday_is_left_out_and_one_with_news_is_an_update(digests):
    await digests.subscriptions.subscribe(7, parse_subscribe_args(["08:00", "UTC", "pipeline"]))
    day = (await digests.subscription(7)).next_run
    digests.clock.now = day
    await digests.store("Baltic pipeline leak found", PIPELINE, ingested=day - timedelta(hours=3))
    await digests.store(
        "Ferry strike ends",
        "Crews returned to work on the ferry route today.",
        ingested=day - timedelta(hours=2),
    )
    await digests.run()
    assert [s.headline for s in digests.sender.sent[0].briefing.stories] == ["Baltic pipeline leak found"]
    # Then a weekly pipeline digest in the same chat covers the whole week (the daily one rests).
    await digests.subscriptions.pause(7, (await digests.subscription(7)).id)
    await digests.subscriptions.subscribe(
        7, parse_subscribe_args(["weekly", "mon", "09:00", "UTC", "pipeline"])
    )
    await digests.store(
        "Baltic pipeline leak repairs begin",
        PIPELINE + " Divers began the repairs of the pipeline leak on Tuesday.",
        ingested=day + timedelta(hours=20),
    )
    digests.clock.now = (await digests.subscription(7, 2)).next_run

    await digests.run()

    weekly = digests.sender.sent[-1]
    assert weekly.subscription_id == (await digests.subscription(7, 2)).id
    assert len(weekly.briefing.stories) == 1
    assert weekly.updates == {0: tuple(c.number for c in weekly.briefing.sources if "repairs" in c.title)}


def invented_text(seed: int) -> str:
    """Sentences of made-up words, different enough per seed not to be near-duplicates."""
    spread = random.Random(seed)
    words = [
        "".join(spread.choice("bcdfghklmnprstvz") + spread.choice("aeiou") for _ in range(3))
        for _ in range(60)
    ]
    return " ".join(f"Topic{seed} {' '.join(words[i : i + 10])}." for i in range(0, 60, 10))


async def test_ten_thousand_subscriptions_in_a_hundred_groups_build_at_most_a_hundred_briefings(
    digests, settings
):
    wide = digests_on(
        digests.services, digests.clock, settings, tuning=DigestTuning(claim_batch=2000, send_concurrency=64)
    )
    slot = digests.clock.now - timedelta(minutes=1)
    for n in range(100):
        await digests.store(f"Topic{n} harbour news", invented_text(n), ingested=slot - timedelta(hours=1))
    await add_due_subscribers(
        digests.services.store.engine, range(1000, 11_000), query=lambda c: f"topic{c % 100}", slot=slot
    )
    builds_before = digests.services.briefings.builds
    started = time.monotonic()

    report = await wide.run()

    assert report.sent == 10_000
    assert report.builds <= 100
    assert digests.services.briefings.builds - builds_before <= 100
    assert {len(d.briefing.stories) for d in wide.sender.sent} == {1}
    print(f"10,000 digests from {report.builds} builds in {time.monotonic() - started:.1f} s")
