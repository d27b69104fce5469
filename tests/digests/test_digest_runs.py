"""Digest runs on an injected clock: windows, catch-up, the 7-day cap, restarts, blocks, failures."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.arguments import parse_subscribe_args, worded
from bot.services.digests.delivery import ChatBlocked, SendFailed
from bot.services.wiring import build_services
from bot.wording import subscribed_line
from errors import BriefbotError, DigestLimit, NoSuchDigest, UnknownZone, UsageError
from tests.digests.conftest import digests_on

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

CHAT = 42


async def subscribe(digests, words: str = "", chat: int = CHAT):
    return await digests.subscriptions.subscribe(chat, parse_subscribe_args(words.split()))


async def until_due(digests, chat: int = CHAT, number: int = 1):
    """Move the clock to the subscription's next run."""
    info = await digests.subscription(chat, number)
    digests.clock.now = info.next_run
    return info


def titles(digest) -> list[str]:
    return [story.headline for story in digest.briefing.stories]


async def test_first_digest_covers_the_last_24_hours_then_the_next_covers_since_it(digests):
    await subscribe(digests, "09:00 UTC")
    slot = (await until_due(digests)).next_run
    await digests.store(
        "Harbour cranes idle after storm",
        "The port stood still all day long.",
        ingested=slot - timedelta(hours=30),
    )
    await digests.store(
        "Council approves new tram line",
        "The vote passed by a wide margin.",
        ingested=slot - timedelta(hours=2),
    )

    report = await digests.run()

    (first,) = digests.sender.sent
    assert report.sent == 1
    assert titles(first) == ["Council approves new tram line"]
    assert (first.since, first.until) == (slot - timedelta(hours=24), slot)
    await digests.store(
        "Tram tenders open next week", "Bidders have a month to apply.", ingested=slot + timedelta(hours=3)
    )
    digests.clock.now = (await digests.subscription(CHAT)).next_run
    await digests.run()
    assert titles(digests.sender.sent[1]) == ["Tram tenders open next week"]
    assert digests.sender.sent[1].since == slot


async def test_a_digest_is_sent_once_and_its_subscription_moves_a_day_on(digests):
    await subscribe(digests, "08:00 Europe/Berlin")
    slot = (await until_due(digests)).next_run

    await digests.run()
    await digests.run()

    assert len(digests.sender.sent) == 1
    assert (await digests.subscription(CHAT)).next_run == slot + timedelta(days=1)


async def test_with_nothing_new_one_short_line_is_sent_unless_turned_off(digests, settings):
    await subscribe(digests, "08:00 UTC", chat=1)
    await subscribe(digests, "09:00 UTC", chat=2)
    await until_due(digests, chat=1)
    first = await digests.run()
    settings.digest.send_when_empty = False  # the runner reads the same settings
    await until_due(digests, chat=2)
    second = await digests.run()

    (line,) = digests.sender.sent
    assert line.chat_id == 1 and line.empty
    assert (first.empty, second.empty) == (1, 1)
    assert (await digests.subscription(2)).next_run > digests.clock.now  # recorded all the same


async def test_subscriptions_and_their_next_runs_survive_a_restart(settings, clock):
    first = await build_services(settings)
    before = digests_on(first, clock, settings)
    await subscribe(before, "07:30 weekdays Europe/Berlin energy")
    await subscribe(before, "weekly sun 18:00 UTC+5")
    listed = await before.subscriptions.of_chat(CHAT)
    await first.aclose()

    second = await build_services(settings)
    try:
        after = digests_on(second, clock, settings)
        assert await after.subscriptions.of_chat(CHAT) == listed
        after.clock.now = listed[0].next_run
        await after.run()
        assert [d.subscription_id for d in after.sender.sent] == [listed[0].id]
    finally:
        await second.aclose()


async def test_a_slot_missed_inside_the_grace_window_is_sent_at_start(digests):
    await subscribe(digests, "08:00 UTC")
    slot = (await until_due(digests)).next_run
    digests.clock.advance(hours=5)  # the bot was down; grace is 6 h

    await digests.run()

    (late,) = digests.sender.sent
    assert late.until == slot
    assert (await digests.subscription(CHAT)).next_run == slot + timedelta(days=1)


async def test_a_slot_missed_outside_the_grace_window_is_skipped_and_logged(digests, caplog):
    await subscribe(digests, "08:00 UTC")
    slot = (await until_due(digests)).next_run
    digests.clock.advance(hours=7)

    with caplog.at_level(logging.WARNING):
        report = await digests.run()

    assert digests.sender.sent == []
    assert report.skipped == 1
    assert "outside the grace window" in caplog.text
    assert (await digests.subscription(CHAT)).next_run == slot + timedelta(days=1)


async def test_after_a_long_downtime_only_the_newest_slot_inside_grace_is_sent(digests):
    await subscribe(digests, "08:00 UTC")
    slot = (await until_due(digests)).next_run
    digests.clock.advance(hours=28)  # yesterday's slot is 28 h old, today's 4 h

    report = await digests.run()

    (sent,) = digests.sender.sent
    assert (report.skipped, report.sent + report.empty) == (1, 1)
    assert sent.until == slot + timedelta(days=1)
    assert sent.since == slot + timedelta(days=1) - timedelta(hours=24)  # nothing was delivered before


async def test_a_digest_never_covers_more_than_seven_days(digests):
    await subscribe(digests, "08:00 UTC")
    info = await until_due(digests)
    month_ago = info.next_run - timedelta(days=30)
    await digests.subscriptions._store.subscriptions.change(CHAT, info.id, last_slot_at=month_ago)
    await digests.store(
        "Bulk import from the archive",
        "An old story from long ago.",
        ingested=info.next_run - timedelta(days=10),
    )
    await digests.store(
        "Bridge reopens to traffic",
        "Cars crossed again on Sunday.",
        ingested=info.next_run - timedelta(days=1),
    )
    await digests.store(
        "Old report filed late",
        "It describes events of last month.",
        ingested=info.next_run - timedelta(hours=1),
        published=info.next_run - timedelta(days=9),
    )

    await digests.run()

    (digest,) = digests.sender.sent
    assert digest.since == info.next_run - timedelta(days=7)
    assert titles(digest) == ["Bridge reopens to traffic"]


async def test_a_topic_digest_matches_the_whole_query_and_never_falls_back(digests):
    await subscribe(digests, "08:00 UTC tram -strike")
    slot = (await until_due(digests)).next_run
    await digests.store(
        "Tram drivers strike on Friday", "No trams will run.", ingested=slot - timedelta(hours=1)
    )
    await digests.store("Tram line extended north", "Two new stops open.", ingested=slot - timedelta(hours=1))
    await digests.store("Ferry timetable changes", "Boats leave earlier.", ingested=slot - timedelta(hours=1))

    await digests.run()

    assert titles(digests.sender.sent[0]) == ["Tram line extended north"]


async def test_a_blocked_chat_is_paused_until_it_writes_again(digests):
    await subscribe(digests, "08:00 UTC")
    slot = (await until_due(digests)).next_run
    digests.sender.outcomes[CHAT] = ChatBlocked("Forbidden: bot was blocked by the user")

    report = await digests.run()
    digests.clock.advance(days=3)
    await digests.run()

    assert report.blocked == 1
    assert digests.sender.sent == []
    assert (await digests.subscription(CHAT)).blocked
    del digests.sender.outcomes[CHAT]
    assert await digests.subscriptions.chat_reachable(CHAT, True)
    resumed = await digests.subscription(CHAT)
    assert not resumed.blocked and resumed.next_run == slot + timedelta(days=4)  # from now on, no stale ones
    digests.clock.now = resumed.next_run
    await digests.run()
    assert len(digests.sender.sent) == 1


async def test_a_send_that_finally_fails_is_retried_at_a_later_tick(digests, caplog):
    await subscribe(digests, "08:00 UTC")
    slot = (await until_due(digests)).next_run
    digests.sender.outcomes[CHAT] = SendFailed("TimedOut: timed out")

    with caplog.at_level(logging.WARNING):
        report = await digests.run()
    del digests.sender.outcomes[CHAT]
    await digests.run()  # still backing off
    assert (report.failed, digests.sender.sent) == (1, [])
    assert "digest send failed" in caplog.text

    digests.clock.advance(seconds=61)
    await digests.run()

    (sent,) = digests.sender.sent
    assert sent.until == slot


async def test_a_crashed_senders_claims_are_taken_over_once_their_lease_passes(digests, settings):
    await subscribe(digests, "08:00 UTC")
    await until_due(digests)
    crashed = digests_on(digests.services, digests.clock, settings, owner="crashed:1")
    now = digests.clock.now
    claims = await digests.services.store.deliveries.claim_due(
        crashed.runner.owner, now=now, lease_until=now + timedelta(seconds=120), limit=10
    )
    assert len(claims) == 1

    await digests.run()  # the lease is live: nothing to take
    assert digests.sender.sent == []
    digests.clock.advance(seconds=121)
    await digests.run()

    assert len(digests.sender.sent) == 1


async def test_a_preview_does_not_move_the_watermark(digests):
    await subscribe(digests, "08:00 UTC")
    before = await digests.subscription(CHAT)
    await digests.store(
        "Library opens on Sundays",
        "Longer hours start in May.",
        ingested=digests.clock.now - timedelta(hours=1),
    )

    preview = await digests.subscriptions.preview(CHAT, 1)

    assert preview.preview and titles(preview) == ["Library opens on Sundays"]
    assert await digests.subscription(CHAT) == before
    assert await digests.services.store.deliveries.received([CHAT], list(preview.article_ids)) == {}
    digests.clock.now = before.next_run
    await digests.run()
    assert titles(digests.sender.sent[0]) == ["Library opens on Sundays"]  # the preview was no delivery


async def test_subscribing_says_when_the_first_digest_comes_in_local_time(digests):
    digests.clock.now = digests.clock.now.replace(year=2026, month=1, day=12, hour=10)  # 11:00 in Berlin

    info = await subscribe(digests, "08:00 Europe/Berlin energy")

    assert subscribed_line(info, digests.clock.now) == (
        "Subscribed: a daily digest at 08:00 (Europe/Berlin) on energy. The first comes tomorrow 08:00 CET."
        " Nothing from the last day matches “energy”, so it may have little to send."
    )


@pytest.mark.parametrize(
    ("typed", "reply"),
    [
        ("7pm", "Subscribed: a daily digest at 19:00 (UTC). The first comes"),
        ("7.30pm fri", "Subscribed: a Friday digest at 19:30 (UTC). The first comes"),
        ("noon weekends", "Subscribed: a weekend digest at 12:00 (UTC). The first comes"),
        ("07:00 mon-fri london strike", "Subscribed: a weekday digest at 07:00 (Europe/London) on strike."),
    ],
)
async def test_subscribing_reads_times_days_and_cities_as_people_write_them(digests, typed, reply):
    info = await subscribe(digests, typed)

    assert subscribed_line(info, digests.clock.now).startswith(reply)


async def test_too_many_subscriptions_is_refused_and_stores_nothing(digests):
    for _ in range(10):
        await subscribe(digests)

    with pytest.raises(DigestLimit) as refused:
        await subscribe(digests, "09:00")

    assert refused.value.limit == 10
    assert "already has 10 digests" in usage_of(refused.value).problem
    assert len(await digests.subscriptions.of_chat(CHAT)) == 10


async def test_unknown_subscription_number_is_refused_with_the_numbers_there_are(digests):
    await subscribe(digests)
    with pytest.raises(NoSuchDigest) as refused:
        await digests.subscriptions.unsubscribe(CHAT, 3)
    assert (refused.value.command, refused.value.number, refused.value.count) == ("unsubscribe", 3, 1)
    assert "no digest 3 here: use 1 to 1" in usage_of(refused.value).problem
    assert len(await digests.subscriptions.of_chat(CHAT)) == 1


async def test_an_unknown_zone_is_refused_with_the_closest_names_and_worded_by_the_front_end(digests):
    with pytest.raises(UnknownZone) as refused:
        await digests.services.chats.set_timezone(CHAT, "Europe/Berln")

    assert refused.value.name == "Europe/Berln" and "Europe/Berlin" in refused.value.suggestions
    worded = usage_of(refused.value)
    assert worded.problem.startswith("I don't know the time zone 'Europe/Berln'. Did you mean Europe/Berlin")
    assert worded.usage.startswith("/timezone")


def usage_of(error: Exception) -> UsageError:
    """The usage error a front end shows for a service's domain error."""
    shown = worded(error) if isinstance(error, BriefbotError) else error
    assert isinstance(shown, UsageError)
    return shown


async def test_changing_the_chat_zone_moves_digests_that_follow_it_only(digests):
    await subscribe(digests, "08:00")
    await subscribe(digests, "08:00 UTC")
    digests.services.chats._subscriptions = digests.subscriptions  # on the test's clock

    await digests.services.chats.set_timezone(CHAT, "new york")

    follows, fixed = await digests.subscriptions.of_chat(CHAT)
    assert follows.zone == "America/New_York" and fixed.zone == "UTC"
    assert follows.next_run.astimezone(follows.next_run.tzinfo).hour in {12, 13}  # 08:00 EDT/EST in UTC
    assert fixed.next_run.hour == 8


async def test_pausing_holds_a_digest_and_resuming_starts_from_now(digests):
    info = await subscribe(digests, "08:00 UTC")
    await digests.subscriptions.pause(CHAT, info.id)
    digests.clock.now = info.next_run + timedelta(days=2)
    await digests.run()
    assert digests.sender.sent == []

    resumed = await digests.subscriptions.resume(CHAT, info.id)

    assert resumed is not None and not resumed.paused
    assert resumed.next_run > digests.clock.now


async def test_the_time_of_a_digest_changes_without_losing_what_it_delivered(digests):
    info = await subscribe(digests, "08:00 UTC")
    digests.clock.now = info.next_run
    await digests.run()
    before = await digests.subscription(CHAT)

    moved = await digests.subscriptions.shift_time(CHAT, info.id, -15)

    assert moved is not None and moved.at_time == "07:45"
    assert moved.next_run == before.next_run - timedelta(minutes=15)
    async with digests.services.store.engine.connect() as conn:
        last = (await conn.execute(text("SELECT last_slot_at FROM subscriptions"))).scalar()
    assert last is not None
