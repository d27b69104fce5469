"""Inline buttons: what each press does, under old messages, after restarts, in groups."""

from __future__ import annotations

import pytest

from tests.telegram.conftest import INTERIM_AT_ONCE, StartBot
from tests.telegram.conversation import (
    GROUP,
    button_data,
    ends_with_buttons,
    press,
    replies,
    texts,
)
from tests.telegram.fake_bot_api import BOT_USER
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import callback_update, message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


async def test_sources_button_answers_query_and_lists_sources(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())

    press(bot.api, "Sources")
    await bot.api.wait_for(replies(before + 1))

    assert len(bot.api.sent("answerCallbackQuery")) == 1
    sources = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert sources.startswith("Sources\n[1] ")


async def test_longer_button_sends_a_longer_briefing(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/settings short"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/brief all"))
    await bot.api.wait_for(ends_with_buttons)
    short = "".join(texts(bot.api)[1:])
    before = len(bot.api.sent())

    press(bot.api, "Longer")
    await bot.api.wait_for(lambda api: ends_with_buttons(api, before))

    assert len("".join(texts(bot.api)[before:])) > len(short)


async def test_slow_longer_briefing_shows_progress_edited_into_the_result(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)
    bot.api.push(message_update("/brief all"))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))
    await bot.settle()
    typing, sent = len(bot.api.sent("sendChatAction")), len(bot.api.sent())

    press(bot.api, "Longer")
    await bot.api.wait_for(lambda api: len(api.sent("editMessageText")) == 2)

    assert len(bot.api.sent("sendChatAction")) > typing
    assert "Working on your briefing" in bot.api.sent()[sent]["text"]
    assert "Briefing" in bot.api.sent("editMessageText")[-1]["text"]


async def test_ask_button_prompts_and_reply_is_answered(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())
    press(bot.api, "Ask a follow-up")
    await bot.api.wait_for(replies(before + 1))
    prompt = bot.api.messages[-1]

    bot.api.push(message_update("When does the night ferry start?", reply_to=prompt))
    await bot.api.wait_for(replies(before + 2))

    assert bot.api.sent()[before]["reply_markup"]["force_reply"] is True
    assert "night ferry" in parse_telegram_html(bot.api.sent()[-1]["text"]).lower()


async def test_ask_button_in_a_group_prompts_the_member_who_pressed_it(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update(f"/brief@{BOT_USER['username']}", chat_id=GROUP, chat_type="supergroup"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())

    press(bot.api, "Ask a follow-up", user_id=43)
    await bot.api.wait_for(replies(before + 1))

    prompt = bot.api.sent()[-1]
    # A selective ForceReply reaches only members mentioned in the text (or replied to).
    assert prompt["reply_markup"]["selective"] is True
    assert 'href="tg://user?id=43"' in prompt["text"]


async def test_button_pressed_while_the_bot_was_down_still_works(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())
    bot.api.expired_queries.add("old-press")

    press(bot.api, "Sources", query_id="old-press")
    await bot.api.wait_for(replies(before + 1))

    assert parse_telegram_html(bot.api.sent()[-1]["text"]).startswith("Sources\n[1] ")


async def test_unknown_or_inline_button_is_answered_and_nothing_is_sent(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(callback_update("from-an-old-version", message=bot.api.bot_message(42)))
    bot.api.push(callback_update("sources", message=None))
    await bot.api.wait_for(lambda api: len(api.sent("answerCallbackQuery")) == 2)
    await bot.settle()

    assert bot.api.sent() == []
    expired = [a for a in bot.api.sent("answerCallbackQuery") if a.get("text")]
    assert "/brief" in expired[0]["text"]


async def test_buttons_under_an_older_briefing_say_so_instead_of_acting_on_the_newest(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief ferry all"))
    await bot.api.wait_for(ends_with_buttons)
    older, older_message = bot.api.sent()[-1], bot.api.messages[-1]
    bot.api.push(message_update("/brief tallyo breach all"))
    await bot.api.wait_for(
        lambda api: ends_with_buttons(api, len(api.sent()) - 1) and api.sent()[-1] != older
    )
    before = len(bot.api.sent())

    for label in ("Sources", "Longer"):
        bot.api.push(callback_update(button_data(older, label), message=older_message))
    await bot.api.wait_for(lambda api: len(api.sent("answerCallbackQuery")) == 2)
    await bot.settle()

    assert len(bot.api.sent()) == before
    alerts = [a["text"] for a in bot.api.sent("answerCallbackQuery")]
    assert all("older briefing" in alert for alert in alerts)


async def test_settings_button_shows_what_the_settings_command_shows_and_sets_length(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/settings"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/start"))
    await bot.api.wait_for(replies(2))

    press(bot.api, "⚙ Settings")
    await bot.api.wait_for(replies(3))
    press(bot.api, "long")
    await bot.api.wait_for(replies(4))

    command, button = bot.api.sent()[0], bot.api.sent()[2]
    assert (button["text"], button["reply_markup"]) == (command["text"], command["reply_markup"])
    assert "Briefings will be long" in parse_telegram_html(bot.api.sent()[3]["text"])
    assert (await bot.services.chats.prefs(42)).length.value == "long"


async def test_button_under_a_message_telegram_no_longer_shows_still_works(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    data = button_data(bot.api.sent()[-1], "Sources")
    before = len(bot.api.sent())
    # Telegram sends date 0 and no content for an inaccessible message.
    gone = {"chat": {"id": 42, "type": "private", "first_name": "U"}, "message_id": 100, "date": 0}

    bot.api.push(callback_update(data, message=gone))
    await bot.api.wait_for(replies(before + 1))

    assert parse_telegram_html(bot.api.sent()[-1]["text"]).startswith("Sources\n[1] ")


async def test_buttons_under_a_briefing_still_work_after_a_restart(start_bot: StartBot) -> None:
    before_restart = await start_bot()
    before_restart.api.push(message_update("/brief ferry all"))
    await before_restart.api.wait_for(ends_with_buttons)
    await before_restart.stop()
    sent = len(before_restart.api.sent())

    bot = await start_bot()
    press(bot.api, "Sources")
    await bot.api.wait_for(replies(sent + 1))

    assert parse_telegram_html(bot.api.sent()[-1]["text"]).startswith("Sources\n[1] ")


async def test_longer_with_the_same_stories_still_sends_more_sentences(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief ferry all"))
    await bot.api.wait_for(ends_with_buttons)
    normal = "".join(texts(bot.api))
    before = len(bot.api.sent())

    press(bot.api, "Longer")
    await bot.api.wait_for(lambda api: ends_with_buttons(api, before))

    assert len("".join(texts(bot.api)[before:])) > len(normal)


async def test_longer_on_a_briefing_already_at_full_length_says_so_instead_of_repeating_it(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/settings long"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/brief ferry all"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())

    press(bot.api, "Longer")
    await bot.api.wait_for(replies(before + 1))
    await bot.settle()

    assert len(bot.api.sent()) == before + 1
    assert "already" in bot.api.sent()[-1]["text"]
