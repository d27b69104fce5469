"""/usage and the briefing language in /settings, played against the real Application."""

from __future__ import annotations

import pytest

from tests.llm.fake_openai import FakeOpenAI, llm_options
from tests.telegram.conftest import StartBot
from tests.telegram.conversation import button_labels, ends_with_buttons, press, replies, texts
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


async def test_usage_shows_a_chat_its_own_tokens_and_admins_the_totals(
    start_bot: StartBot, llm_server: FakeOpenAI
) -> None:
    bot = await start_bot({"admins": [7]}, llm=llm_options(llm_server, chat_daily_tokens=50_000))
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: any(button_labels(p) for p, _ in api.delivered))

    bot.api.push(message_update("/usage", user_id=42, chat_id=42))
    await bot.api.wait_for(lambda api: len(texts(api, 42)) >= 2 and "usage" in texts(api, 42)[-1].lower())
    bot.api.push(message_update("/usage", user_id=7, chat_id=7))
    await bot.api.wait_for(lambda api: len(texts(api, 7)) >= 1)

    own = parse_telegram_html(texts(bot.api, 42)[-1])
    admin = parse_telegram_html(texts(bot.api, 7)[-1])
    assert own.startswith("AI usage today") and "this chat used" in own and "of 50,000 left" in own
    assert "Top chats" not in own and "All chats and digests" not in own
    assert "this chat used 0 tokens" in admin
    assert "All chats and digests" in admin and "Top chats:" in admin and "- 42: " in admin


async def test_usage_without_an_llm_says_briefings_cost_no_tokens(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/usage"))
    await bot.api.wait_for(replies(1))

    assert "The AI writer is off on this bot" in parse_telegram_html(bot.api.sent()[-1]["text"])


async def test_settings_language_sets_the_briefing_language_and_offline_says_it_keeps_the_articles(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/settings language deutsch"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/settings"))
    await bot.api.wait_for(replies(2))

    confirmed = parse_telegram_html(bot.api.sent()[0]["text"])
    assert confirmed.startswith("Briefings will be written in Deutsch (de).")
    assert "keep each article's language" in confirmed
    assert "Briefing language: Deutsch (de)" in parse_telegram_html(bot.api.sent()[1]["text"])
    assert "🌐 Briefing language" in button_labels(bot.api.sent()[1])


async def test_the_language_menu_sets_a_language_with_one_press(
    start_bot: StartBot, llm_server: FakeOpenAI
) -> None:
    bot = await start_bot(llm=llm_options(llm_server))
    bot.api.push(message_update("/settings"))
    await bot.api.wait_for(ends_with_buttons)

    press(bot.api, "🌐 Briefing language")
    await bot.api.wait_for(lambda api: "Français" in button_labels(api.sent()[-1]))
    press(bot.api, "Français")
    await bot.api.wait_for(replies(3))

    assert "✓ Each article's own" in button_labels(bot.api.sent()[1])
    assert parse_telegram_html(bot.api.sent()[2]["text"]) == "Briefings will be written in Français (fr)."
    assert (await bot.services.chats.prefs(42)).language.code == "fr"


async def test_an_unknown_language_gets_the_list_and_an_example(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/settings language klingon"))
    await bot.api.wait_for(replies(1))

    text = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert "I can't write briefings in “klingon”" in text and "de, fr" in text
    assert "Example: /settings language de" in text
