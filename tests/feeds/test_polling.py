"""Polling feeds on loopback: conditional GET, dedupe, teasers, back-off, Retry-After, claims."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from bot.services.feeds.polling import FeedPoller
from bot.services.wiring import Services
from config import Settings
from store.models import Article
from tests.feeds.conftest import EXACT, Site, body_text, item, rss

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def poller(services: Services, settings: Settings, clock: list[datetime], owner: str = "test") -> FeedPoller:
    return FeedPoller(
        services.store,
        services.library,
        settings.feeds,
        tuning=EXACT,
        owner=owner,
        clock=lambda: clock[0],
        rng=random.Random(1),
    )


async def stored_articles(services: Services) -> list[tuple[str, str]]:
    candidates = await services.store.articles.candidates(since=None, topic=None, limit=1000)
    return sorted((c.source, c.article.title) for c in candidates)


async def test_a_feed_is_named_by_its_title_and_its_entries_are_stored_under_it(
    site: Site, feed_services: Services
) -> None:
    site.serve("/rss", rss([item(1), item(2)], title="Harbour News"))

    added = await feed_services.feeds.add(site.url("/rss"))
    run = await feed_services.feeds.poll_now()

    assert added.created and added.feed.title == "Harbour News"
    (poll,) = run.polls
    assert (poll.status, poll.stored, poll.entries) == ("ok", 2, 2)
    assert await stored_articles(feed_services) == [
        ("Harbour News", "Harbour story 1"),
        ("Harbour News", "Harbour story 2"),
    ]
    candidate = (await feed_services.store.articles.candidates(since=None, topic=None, limit=1))[0]
    raw = await feed_services.store.articles.raw_copy(candidate.article.id)
    assert raw is not None and raw.media_type == "application/json"  # the entry, re-readable


async def test_a_304_stores_nothing_and_costs_no_parse(site: Site, feed_services: Services) -> None:
    feed = rss([item(1)])

    async def conditional(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(body=feed, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    site.routes["/rss"] = conditional
    await feed_services.feeds.add_unchecked(site.url("/rss"))
    first = await feed_services.feeds.poll_now()

    second = await feed_services.feeds.poll_now()

    assert first.polls[0].stored == 1
    (poll,) = second.polls
    assert (poll.status, poll.parsed, poll.stored) == ("not modified", False, 0)
    assert site.hits("/rss")[-1]["If-None-Match"] == '"v1"'
    assert len(await stored_articles(feed_services)) == 1
    (info,) = await feed_services.feeds.list()
    assert info.last_result == "not modified" and info.errors == 0


async def test_entries_are_deduped_by_guid_within_their_feed_and_by_url_across_feeds(
    site: Site, feed_services: Services
) -> None:
    site.serve("/a", rss([item(1), item(2)], title="A"))
    # Feed B reuses A's GUIDs for other stories (GUIDs are only unique per feed), and links one
    # entry to A's story 1 under a new GUID.
    same_link = item(9, guid="urn:b:9", link="https://harbour.example/story/1")
    site.serve("/b", rss([item(3, guid="urn:harbour:1"), same_link], title="B"))
    for path in ("/a", "/b"):
        await feed_services.feeds.add_unchecked(site.url(path))

    # Feeds are polled concurrently, so which one stores a shared story first is a race; poll A
    # before B to know which of them sees the duplicate.
    (a,) = (await feed_services.feeds.poll_now(["1"])).polls
    (b,) = (await feed_services.feeds.poll_now(["2"])).polls
    site.serve("/a", rss([item(1), item(2), item(4)], title="A"))  # one new entry
    again = await feed_services.feeds.poll_now(["1"])

    assert (a.stored, b.stored) == (2, 1)
    assert [(r.entry, r.reason) for r in b.duplicates] == [
        ("Harbour story 9", "same URL as a stored article")
    ]
    (poll,) = again.polls
    assert (poll.stored, poll.seen) == (1, 2)


async def test_failed_polls_back_off_exponentially_and_a_failing_feed_is_marked_not_dropped(
    site: Site, feed_services: Services, feed_settings: Settings
) -> None:
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="oops")

    site.routes["/rss"] = broken
    info, _ = await feed_services.feeds.add_unchecked(site.url("/rss"))
    clock = [NOW]
    polling = poller(feed_services, feed_settings, clock)
    base = feed_settings.feeds.interval_seconds
    waits = []
    for _ in range(EXACT.failing_after):
        (poll,) = (await polling.poll([info.id])).polls
        waits.append((poll.next_poll - clock[0]).total_seconds())
        clock[0] = poll.next_poll

    assert waits[:4] == [base * 2, base * 4, base * 8, base * 16]
    (listed,) = await feed_services.feeds.list()
    assert listed.failing and listed.errors == EXACT.failing_after
    assert listed.last_error == "the feed answered 500 Internal Server Error"
    assert waits[-1] >= EXACT.failing_retry_seconds  # retried slowly

    site.serve("/rss", rss([item(1)]))
    (recovered,) = (await polling.poll([info.id])).polls
    (healthy,) = await feed_services.feeds.list()
    assert recovered.stored == 1 and not healthy.failing and healthy.errors == 0


async def test_retry_after_is_honoured_within_the_interval_bounds(
    site: Site, feed_services: Services, feed_settings: Settings
) -> None:
    answers = iter(["7200", "99999999"])

    async def busy(request: web.Request) -> web.Response:
        return web.Response(status=503, headers={"Retry-After": next(answers)})

    site.routes["/rss"] = busy
    info, _ = await feed_services.feeds.add_unchecked(site.url("/rss"))
    clock = [NOW]
    polling = poller(feed_services, feed_settings, clock)

    (first,) = (await polling.poll([info.id])).polls
    (second,) = (await polling.poll([info.id])).polls

    assert first.next_poll == NOW + timedelta(seconds=7200)
    assert second.next_poll == NOW + timedelta(seconds=EXACT.max_interval_seconds)


async def test_cache_control_max_age_moves_the_next_poll(
    site: Site, feed_services: Services, feed_settings: Settings
) -> None:
    site.serve("/rss", rss([item(1)]), **{"Cache-Control": "public, max-age=10800"})
    info, _ = await feed_services.feeds.add_unchecked(site.url("/rss"))
    clock = [NOW]

    (poll,) = (await poller(feed_services, feed_settings, clock).poll([info.id])).polls

    assert poll.next_poll == NOW + timedelta(seconds=10800)


async def test_a_due_feed_is_polled_by_one_poller_only(site: Site, feed_services: Services) -> None:
    release, arrived = asyncio.Event(), asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        arrived.set()
        await release.wait()
        return web.Response(body=rss([item(1)]), content_type="application/rss+xml")

    site.routes["/rss"] = slow
    await feed_services.feeds.add_unchecked(site.url("/rss"))
    store, library, settings = feed_services.store, feed_services.library, feed_services.settings.feeds
    first = FeedPoller(store, library, settings, tuning=EXACT, owner="worker-1")
    second = FeedPoller(store, library, settings, tuning=EXACT, owner="worker-2")

    running = asyncio.create_task(first.run_due())
    await arrived.wait()
    other = await second.run_due()
    release.set()
    done = await running

    assert other.polls == [] and len(done.polls) == 1
    assert len(site.hits("/rss")) == 1


async def test_a_teaser_has_its_linked_page_fetched_unless_its_feed_says_not_to(
    site: Site, feed_services: Services
) -> None:
    page = (
        "<html><head><title>Full story</title></head><body><article><h1>Ferry terminal opens</h1>"
        f"<p>{body_text(5)}</p><p>{body_text(6)}</p></article></body></html>"
    )
    site.serve("/story/5", page.encode(), "text/html")
    teaser = item(5, words=20, link=site.url("/story/5"))
    site.serve("/rss", rss([teaser]))
    site.serve("/quiet", rss([item(7, words=60, link=site.url("/story/7"))], title="Quiet"))
    await feed_services.feeds.add_unchecked(site.url("/rss"))
    quiet, _ = await feed_services.feeds.add_unchecked(site.url("/quiet"))
    await feed_services.feeds.set_teasers(str(quiet.id), False)

    run = await feed_services.feeds.poll_now()

    assert [p.stored for p in run.polls] == [1, 1]
    assert len(site.hits("/story/5")) == 1 and not site.hits("/story/7")  # only where teasers are fetched
    texts = {
        c.article.title: c.article.text
        for c in await feed_services.store.articles.candidates(since=None, topic=None, limit=10)
    }
    assert "Figure 222" in texts["Ferry terminal opens"]  # the page's text, not the teaser's
    assert "Harbour story 7" in texts


async def test_a_web_page_or_an_image_is_not_a_feed(site: Site, feed_services: Services) -> None:
    site.serve("/page", b"<!doctype html><html><body><p>Hello</p></body></html>", "text/html")
    site.serve("/logo", b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png")
    for path in ("/page", "/logo"):
        await feed_services.feeds.add_unchecked(site.url(path))

    run = await feed_services.feeds.poll_now()

    assert [p.error for p in run.polls] == ["the address is a web page, not a feed", "not a feed (image/png)"]


async def test_refused_entries_are_reported_each_with_its_reason(site: Site, feed_services: Services) -> None:
    empty = {"guid": "urn:empty", "title": "Only a title"}
    short = {"guid": "urn:short", "title": "Short", "description": "Too brief."}
    site.serve("/rss", rss([empty, short, item(1)]))
    await feed_services.feeds.add_unchecked(site.url("/rss"))
    await feed_services.feeds.set_teasers("1", False)

    (poll,) = (await feed_services.feeds.poll_now()).polls

    assert poll.stored == 1
    assert [(r.entry, r.reason.split(" (")[0]) for r in poll.refused] == [
        ("Only a title", "the entry has no text"),
        ("Short", "'Short': too short"),
    ]


async def test_stored_feed_articles_keep_their_structure(site: Site, feed_services: Services) -> None:
    site.serve("/rss", rss([item(1)]))
    await feed_services.feeds.add_unchecked(site.url("/rss"))
    await feed_services.feeds.poll_now()

    (candidate,) = await feed_services.store.articles.candidates(since=None, topic=None, limit=5)

    article: Article = candidate.article
    assert article.blocks[0] == {"role": "title", "text": "Harbour story 1"}
    assert article.canonical_url == "https://harbour.example/story/1"
