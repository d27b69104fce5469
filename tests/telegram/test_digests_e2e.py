"""Digests end to end: the real Application and its scheduler against the loopback Bot API."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.arguments import SubscribeRequest
from bot.services.digests.tuning import DigestTuning
from store.timestamps import UTCDateTime, utcnow
from tests.telegram.conftest import RunningBot, StartBot
from tests.telegram.conversation import GROUP, button_labels, press, replies, texts
from tests.telegram.updates import message_update, my_chat_member

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

FAST = DigestTuning(
    tick_seconds=0.1, heartbeat_seconds=0.5, chat_interval_seconds=0.0, group_interval_seconds=0.0
)


async def make_due(bot: RunningBot, minutes_ago: float = 0.0) -> None:
    """Put every subscription's next run now (or earlier), as if its time had come."""
    past = utcnow() - timedelta(minutes=minutes_ago)
    async with bot.services.store.engine.begin() as conn:
        value = UTCDateTime().process_bind_param(past, conn.dialect)
        await conn.execute(text("UPDATE subscriptions SET next_run_at = :at"), {"at": value})


async def eventually(check, within: float = 5.0) -> None:
    """Wait until the async ``check`` holds (the bot handles updates in its own time)."""
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


def digests_to(bot: RunningBot, chat_id: int) -> list[dict]:
    """Digests (not previews or replies) delivered to the chat: their heading is "HH:MM digest …"."""
    return [p for p in bot.api.sent_to(chat_id) if re.match(r"<b>\d\d:\d\d digest", p["text"])]


async def test_subscribe_then_the_digest_arrives_once(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/subscribe 08:00 Europe/Berlin"))
    await bot.api.wait_for(replies(1))
    assert "Subscribed: a daily digest at 08:00 (Europe/Berlin)" in bot.api.sent()[-1]["text"]

    await make_due(bot)
    await bot.api.wait_for(lambda api: digests_to(bot, 42))
    before = len(bot.api.sent())
    await asyncio.sleep(1.0)  # ten more ticks

    (digest, *more) = digests_to(bot, 42)
    assert more == []
    assert digest["text"].startswith("<b>08:00 digest · ")
    assert digest["link_preview_options"] == {"is_disabled": True}
    assert button_labels(digest) == ["Sources", "Longer", "Ask a follow-up"]
    assert len(bot.api.sent()) == before


async def test_a_digest_arrives_silently_when_the_chat_asked_for_it(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/settings silent"))
    bot.api.push(message_update("/subscribe"))
    await bot.api.wait_for(replies(2))

    await make_due(bot)
    await bot.api.wait_for(lambda api: digests_to(bot, 42))

    assert digests_to(bot, 42)[0]["disable_notification"] is True


async def test_a_group_member_who_is_not_an_admin_is_refused(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.admins[GROUP] = [7]

    bot.api.push(message_update("/subscribe energy", chat_id=GROUP, user_id=8, chat_type="supergroup"))
    bot.api.push(
        message_update("/timezone berlin", chat_id=GROUP, user_id=8, chat_type="supergroup", message_id=2)
    )
    await bot.api.wait_for(replies(2))
    bot.api.push(
        message_update("/subscribe energy", chat_id=GROUP, user_id=7, chat_type="supergroup", message_id=3)
    )
    await bot.api.wait_for(replies(3))

    refused = texts(bot.api, GROUP)[:2]
    assert refused == ["Only this group's admins can change its digests and settings."] * 2
    assert texts(bot.api, GROUP)[2].startswith("Subscribed: a daily digest at 08:00 (UTC) on energy.")
    assert len(await bot.services.subscriptions.of_chat(GROUP)) == 1
    assert (await bot.services.chats.prefs(GROUP)).timezone == "UTC"


async def test_an_anonymous_group_admin_may_subscribe(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    update = message_update("/subscribe 07:00", chat_id=GROUP, user_id=1087968824, chat_type="supergroup")
    update["message"]["sender_chat"] = update["message"]["chat"]  # written as the group itself

    bot.api.push(update)
    await bot.api.wait_for(replies(1))

    assert texts(bot.api, GROUP)[0].startswith("Subscribed: a daily digest at 07:00")


async def test_a_blocked_chat_is_paused_and_resumes_when_it_writes_again(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/subscribe"))
    await bot.api.wait_for(replies(1))
    bot.api.blocked_chats.add(42)

    await make_due(bot)
    await bot.api.wait_for(lambda api: any(p["chat_id"] == 42 for p in api.sent()[1:]))

    async def blocked() -> bool:  # the refusal is stored just after the attempt, in the bot's time
        (info,) = await bot.services.subscriptions.of_chat(42)
        return info.blocked

    await eventually(blocked)
    attempts = len(bot.api.sent())
    await make_due(bot)
    await asyncio.sleep(0.5)
    assert len(bot.api.sent()) == attempts  # paused: never tried again while blocked

    bot.api.blocked_chats.clear()
    bot.api.push(message_update("/help", message_id=5))  # the user writes again

    async def resumed() -> bool:
        (info,) = await bot.services.subscriptions.of_chat(42)
        return not info.blocked and info.next_run > utcnow()

    await eventually(resumed)


async def test_my_chat_member_marks_the_chat_blocked_and_reachable_again(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/subscribe"))
    await bot.api.wait_for(replies(1))

    bot.api.push(my_chat_member(42, "kicked"))

    async def blocked() -> bool:
        return (await bot.services.subscriptions.of_chat(42))[0].blocked

    await eventually(blocked)
    bot.api.push(my_chat_member(42, "member"))

    async def back() -> bool:
        return not await blocked()

    await eventually(back)


async def test_subscriptions_buttons_pause_retime_and_remove(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/subscribe 08:00 UTC energy"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/subscriptions", message_id=2))
    await bot.api.wait_for(replies(2))
    assert "1. 08:00 daily · UTC · energy · next " in bot.api.sent()[-1]["text"]

    press(bot.api, "1. ⏸ Pause")
    await bot.api.wait_for(lambda api: any("paused" in p["text"] for p in api.sent("editMessageText")))
    press(bot.api, "🕗 Time")
    await bot.api.wait_for(
        lambda api: any("New time for digest 1" in p["text"] for p in api.sent("editMessageText"))
    )
    press(bot.api, "07:00")
    await bot.api.wait_for(lambda api: "07:00 daily" in api.sent("editMessageText")[-1]["text"])
    press(bot.api, "✖ Remove")
    await bot.api.wait_for(lambda api: "No digests yet" in api.sent("editMessageText")[-1]["text"])

    assert await bot.services.subscriptions.of_chat(42) == []


async def test_a_preview_shows_the_digest_now_and_leaves_the_schedule(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/subscribe 08:00 UTC"))
    await bot.api.wait_for(replies(1))
    (before,) = await bot.services.subscriptions.of_chat(42)

    bot.api.push(message_update("/digest", message_id=2))
    await bot.api.wait_for(
        lambda api: any(p["text"].startswith("<b>Preview: 08:00 digest") for p in api.sent())
    )

    assert await bot.services.subscriptions.of_chat(42) == [before]


async def test_a_group_that_became_a_supergroup_keeps_its_digest(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    old, new = -4001, -1004001
    bot.api.admins[old] = [7]
    bot.api.push(message_update("/subscribe", chat_id=old, user_id=7, chat_type="group"))
    await bot.api.wait_for(replies(1))
    bot.api.migrated[old] = new

    await make_due(bot)
    await bot.api.wait_for(lambda api: digests_to(bot, new))

    assert [s.number for s in await bot.services.subscriptions.of_chat(new)] == [1]
    assert await bot.services.subscriptions.of_chat(old) == []


async def test_a_brief_during_a_broadcast_that_meets_a_429_is_answered_at_once(start_bot: StartBot) -> None:
    bot = await start_bot(digest={"send_rate": 40.0}, digest_tuning=replace(FAST, send_concurrency=2))
    for chat in range(1001, 1061):
        await bot.services.subscriptions.subscribe(chat, SubscribeRequest())
    bot.api.flood(1005, retry_after=4)
    await make_due(bot)
    await bot.api.wait_for(lambda api: any(p["chat_id"] == 1005 for p in api.calls_to("sendMessage")))

    bot.api.push(message_update("/brief", chat_id=77, user_id=77))
    await bot.api.wait_for(lambda api: api.sent_to(77))

    chats = [p["chat_id"] for method, p in bot.api.calls if method == "sendMessage"]
    # The broadcast waits out its 4 s before it tries 1005 again; the reply came before that.
    assert chats.count(1005) == 1
    assert "Briefing" in bot.api.sent_to(77)[0]["text"]
    await bot.api.wait_for(lambda api: all(digests_to(bot, c) for c in range(1001, 1061)))
    assert all(len(digests_to(bot, c)) == 1 for c in range(1001, 1061))


async def test_a_reply_to_a_digest_continues_its_thread(start_bot: StartBot) -> None:
    bot = await start_bot(digest_tuning=FAST)
    bot.api.push(message_update("/subscribe 08:00 ferry"))
    await bot.api.wait_for(replies(1))
    await make_due(bot)
    await bot.api.wait_for(lambda api: digests_to(bot, 42))
    digest = next(m for p, m in bot.api.delivered if re.match(r"<b>\d\d:\d\d digest", p["text"]))

    async def recorded() -> bool:
        return (await bot.services.threads.of_message(42, digest["message_id"])).thread is not None

    await eventually(recorded)  # the digest is recorded, with its thread, right after it is sent
    bot.api.push(message_update("How many people live on Skarholm?", reply_to=digest, message_id=5))
    await bot.api.wait_for(lambda api: any("9,000" in t for t in texts(api, 42)))
    await bot.settle()

    thread = (await bot.services.threads.of_message(42, digest["message_id"])).thread
    assert thread is not None and thread.origin == "digest"
    assert [turn["question"] for turn in thread.turns] == ["How many people live on Skarholm?"]
