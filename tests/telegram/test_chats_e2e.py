"""Who and what the bot answers: groups, forum topics, refused users, rate limits, edits."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.telegram.access import REFUSED_TEXT
from config import RateLimitSettings
from tests.demo_days import FERRY, FERRY_START, demo_day
from tests.telegram.conftest import INTERIM_AT_ONCE, StartBot
from tests.telegram.conversation import (
    GROUP,
    ends_with_buttons,
    replies,
    texts,
)
from tests.telegram.fake_bot_api import BOT_USER
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import callback_update, channel_post, edited, message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


async def test_group_command_with_botname_is_answered_others_ignored(start_bot: StartBot) -> None:
    bot = await start_bot()
    group: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup"}
    bot.api.push(message_update("/brief@other_bot", **group))
    bot.api.push(message_update("just chatting", **group))
    bot.api.push(message_update("/nosuch", **group))

    bot.api.push(message_update(f"/brief@{BOT_USER['username']}", **group))
    await bot.api.wait_for(ends_with_buttons)

    group_texts = texts(bot.api, GROUP)
    assert "Briefing" in group_texts[0]
    assert not any("/nosuch" in t or "don't know" in t for t in group_texts)


async def test_group_reply_to_the_bot_is_answered_other_chatter_is_not(start_bot: StartBot) -> None:
    bot = await start_bot()
    group: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup"}
    someone = message_update("I think the ferry starts soon", user_id=50, **group)["message"]
    bot.api.push(message_update("When does the night ferry start?", reply_to=someone, **group))
    bot.api.push(message_update("When does the night ferry start?", **group))

    bot.api.push(
        message_update("When does the night ferry start?", reply_to=bot.api.bot_message(GROUP), **group)
    )
    await bot.api.wait_for(replies(1))
    await bot.settle()

    assert len(bot.api.sent()) == 1
    assert f"will start on {await demo_day(bot.services, FERRY, FERRY_START)}" in parse_telegram_html(
        bot.api.sent()[0]["text"]
    )


async def test_commands_in_a_forum_topic_are_answered_in_that_topic(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)
    topic: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup", "thread_id": 7}

    bot.api.push(message_update(f"/brief@{BOT_USER['username']}", **topic))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))
    bot.api.push(message_update("/frobnicate@brief_test_bot", **topic))
    await bot.api.wait_for(replies(2))

    assert all(p["message_thread_id"] == 7 for p in bot.api.sent() + bot.api.sent("sendChatAction"))


async def test_refused_user_gets_one_polite_line(start_bot: StartBot) -> None:
    bot = await start_bot({"allowed_users": [1]})

    bot.api.push(message_update("/brief", user_id=42))
    bot.api.push(message_update(f"/help@{BOT_USER['username']}", user_id=1, chat_id=1))
    await bot.api.wait_for(replies(2))

    assert texts(bot.api, 42) == [REFUSED_TEXT]
    assert bot.api.sent("sendChatAction") == []


async def test_refused_member_is_answered_only_for_what_was_meant_for_this_bot(start_bot: StartBot) -> None:
    bot = await start_bot({"allowed_users": [1]})
    group: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup", "user_id": 42}
    bot.api.push(message_update("/nosuch", **group))
    bot.api.push(message_update("/brief@other_bot", **group))
    bot.api.push(message_update("chatter", **group))

    bot.api.push(message_update("/brief", **group))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    assert texts(bot.api) == [REFUSED_TEXT]


async def test_refused_press_too_old_to_answer_is_refused_in_the_chat(start_bot: StartBot) -> None:
    bot = await start_bot({"allowed_users": [1]})
    bot.api.expired_queries.add("old-press")

    bot.api.push(callback_update("brief", message=bot.api.bot_message(42), query_id="old-press"))
    await bot.api.wait_for(replies(1))

    assert texts(bot.api, 42) == [REFUSED_TEXT]


async def test_rate_limit_says_when_to_try_again(start_bot: StartBot) -> None:
    bot = await start_bot(rate_limit=RateLimitSettings(requests=1, per_seconds=60, burst=1))

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(replies(before + 1))

    assert "try again in 60 s" in bot.api.sent()[-1]["text"]


async def test_edited_messages_and_channel_posts_get_no_reply(start_bot: StartBot) -> None:
    bot = await start_bot({"allowed_users": [42]})
    bot.api.push(edited(message_update("/brief")))
    bot.api.push(edited(message_update("/brief", user_id=9, chat_id=9)))
    bot.api.push(edited(message_update("a question", reply_to=bot.api.bot_message(42))))
    bot.api.push(channel_post(f"/brief@{BOT_USER['username']}"))
    bot.api.push(channel_post(f"/nosuch@{BOT_USER['username']}"))

    bot.api.push(message_update("/help"))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    assert len(bot.api.sent()) == 1
    assert "Commands" in bot.api.sent()[0]["text"]
    assert bot.api.sent("sendChatAction") == []


async def test_updates_without_a_message_are_ignored_without_errors(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot({"allowed_users": [1]})
    member = {"user": BOT_USER, "status": "member"}
    chat = {"id": GROUP, "type": "supergroup", "title": "Group"}
    bot.api.push(
        {
            "my_chat_member": {
                "chat": chat,
                "from": {"id": 42, "is_bot": False, "first_name": "U"},
                "date": 1,
                "old_chat_member": {**member, "status": "left"},
                "new_chat_member": member,
            }
        }
    )

    bot.api.push(message_update("/help", user_id=1, chat_id=1))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    assert len(bot.api.sent()) == 1
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith(("bot", "handlers"))
    ]


async def test_messages_without_text_get_no_reply_and_no_error(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    sticker = message_update("", chat_id=GROUP, chat_type="supergroup")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    joined = message_update("", chat_id=GROUP, chat_type="supergroup", message_id=2)
    del joined["message"]["text"]
    joined["message"]["new_chat_members"] = [{"id": 77, "is_bot": False, "first_name": "New"}]
    photo = message_update("", message_id=3)
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "p1", "file_unique_id": "q1", "width": 90, "height": 90}]
    for update in (sticker, joined, photo):
        bot.api.push(update)

    bot.api.push(message_update("/help", message_id=4))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    assert len(bot.api.sent()) == 1 and "Commands" in bot.api.sent()[0]["text"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
