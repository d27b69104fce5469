"""Follow-up questions end to end: threads through replies, honest declines, /forget, the limit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.services.rate_limit import StoredRateLimiter
from config import QuestionSettings, RateLimitSettings
from tests.demo_days import FERRY, FERRY_START, demo_day
from tests.telegram.conftest import RunningBot, StartBot
from tests.telegram.conversation import GROUP, button_labels, ends_with_buttons, press, replies, texts
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def limiter_on(bot: RunningBot, clock: Clock) -> StoredRateLimiter:
    """The bot's own stored limiter with the default limits, on ``clock``."""
    return StoredRateLimiter.from_settings(bot.services.store.rate_buckets, RateLimitSettings(), clock=clock)


def last_delivered(bot: RunningBot) -> dict[str, Any]:
    """The message the bot sent last, as Telegram would show it in a reply."""
    return bot.api.delivered[-1][1]


async def ask_in_reply(bot: RunningBot, text: str, to: dict[str, Any], *, message_id: int) -> str:
    before = len(bot.api.delivered)
    bot.api.push(message_update(text, reply_to=to, message_id=message_id))
    await bot.api.wait_for(lambda api: len(api.delivered) > before)
    await bot.settle()
    return parse_telegram_html(bot.api.delivered[-1][0]["text"])


async def test_a_reply_to_the_briefing_and_then_to_its_answer_continue_one_thread(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    briefing = last_delivered(bot)

    first = await ask_in_reply(bot, "When does the night ferry start?", briefing, message_id=2)
    second = await ask_in_reply(bot, "How many people live there?", last_delivered(bot), message_id=3)

    assert f"will start on {await demo_day(bot.services, FERRY, FERRY_START)}" in first
    assert "9,000" in second  # "there" is Skarholm, the place the first answer named
    thread = await bot.services.threads.of_message(42, briefing["message_id"])
    assert thread.thread is not None and len(thread.thread.turns) == 2


async def test_a_question_the_articles_cannot_answer_says_so_and_offers_the_closest_stories(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/ask Who won the chess olympiad in Reykjavik?"))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    reply = bot.api.sent()[-1]
    assert "don't answer that" in parse_telegram_html(reply["text"])
    assert button_labels(reply)
    data = [b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert all(d.startswith("story:") and len(d.encode()) <= 64 for d in data)

    press(bot.api, button_labels(reply)[0])
    await bot.api.wait_for(replies(2))
    assert "[1]" in parse_telegram_html(bot.api.sent()[-1]["text"])


async def test_a_question_the_articles_do_not_answer_exactly_shows_the_closest_passages_without_buttons(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/ask Why was the night ferry to Skarholm delayed?"))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    reply = bot.api.sent()[-1]
    text = parse_telegram_html(reply["text"])
    assert "The articles don't say exactly. Closest:" in text
    assert "“" in text and "[1]" in text  # quoted passages with their citations, never an answer
    assert not button_labels(reply)


async def test_eleven_messages_within_two_minutes_are_all_answered(start_bot: StartBot) -> None:
    bot = await start_bot()
    clock = Clock()
    bot.app.bot_data.limiter = limiter_on(bot, clock)
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    questions = [
        "When does the night ferry start?",
        "How long does the crossing take?",
        "How much is a single ticket?",
        "How many people live on Skarholm?",
        "Who leads the transit union?",
        "How many customers did the Tallyo breach hit?",
        "How many trees were planted along the Alder?",
        "Who scored the winner in the cup final?",
        "How much did the sea chart restoration cost?",
        "How low did the temperature fall?",
    ]

    for number, question in enumerate(questions, 2):
        clock.now += timedelta(seconds=11)  # eleven messages spread over two minutes
        before = len(bot.api.sent())
        bot.api.push(message_update(question, message_id=number))
        await bot.api.wait_for(replies(before + 1))
        await bot.settle()

    assert not [t for t in texts(bot.api) if "try again in" in t]
    assert len([t for t in texts(bot.api) if "Q:" in parse_telegram_html(t)]) >= 8


async def test_sixty_messages_in_a_minute_are_throttled(start_bot: StartBot) -> None:
    bot = await start_bot()
    clock = Clock()
    bot.app.bot_data.limiter = limiter_on(bot, clock)

    for number in range(60):
        clock.now += timedelta(seconds=1)
        bot.api.push(message_update("/ask how many people live on Skarholm?", message_id=number + 2))
    await bot.api.wait_for(lambda api: len(api.sent()) >= 60)
    await bot.settle()

    assert len([t for t in texts(bot.api) if "try again in" in t]) >= 30


async def test_a_forwarded_post_is_not_taken_for_a_question(start_bot: StartBot) -> None:
    bot = await start_bot()
    forwarded = message_update("Why did the strike start?")
    forwarded["message"]["forward_origin"] = {"type": "hidden_user", "sender_user_name": "Ann", "date": 1}
    bot.api.push(forwarded)
    bot.api.push(message_update("/help", message_id=2))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    assert not [t for t in texts(bot.api) if "Q:" in t]


async def test_a_bare_link_is_offered_as_add(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("https://example.com/news/story"))
    await bot.api.wait_for(replies(1))

    assert "send /add https://example.com/news/story" in parse_telegram_html(bot.api.sent()[-1]["text"])


async def test_in_groups_only_replies_to_the_bot_and_ask_are_answered(start_bot: StartBot) -> None:
    bot = await start_bot()
    group = {"chat_id": GROUP, "chat_type": "supergroup"}

    bot.api.push(message_update("When does the night ferry start?", **group))
    bot.api.push(message_update("/ask When does the night ferry start?", message_id=2, **group))
    await bot.api.wait_for(replies(1))
    await bot.settle()

    answers = [t for t in texts(bot.api, GROUP) if "Q:" in t]
    assert len(answers) == 1


async def test_a_reply_to_an_expired_thread_is_answered_afresh_and_says_so(start_bot: StartBot) -> None:
    bot = await start_bot(questions=QuestionSettings(embeddings="off", thread_idle_hours=0.0001))
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    briefing = last_delivered(bot)
    await asyncio.sleep(0.5)  # longer than the thread's idle time

    reply = await ask_in_reply(bot, "When does the night ferry start?", briefing, message_id=2)

    assert "had expired" in reply
    assert f"will start on {await demo_day(bot.services, FERRY, FERRY_START)}" in reply


async def test_forget_asks_first_then_deletes_everything_about_the_chat(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.push(message_update("/subscribe 07:30 ferry"))
    bot.api.push(message_update("/ask When does the night ferry start?", message_id=2))
    await bot.api.wait_for(replies(2))
    await bot.settle()

    bot.api.push(message_update("/forget", message_id=3))
    await bot.api.wait_for(lambda api: "🗑 Delete everything" in button_labels(api.sent()[-1]))
    assert await bot.services.subscriptions.of_chat(42)  # nothing is deleted before the press
    press(bot.api, "🗑 Delete everything")
    await bot.api.wait_for(lambda api: "forgotten everything" in api.sent()[-1]["text"])

    assert await bot.services.subscriptions.of_chat(42) == []
    assert await bot.services.store.threads.latest(42) is None
    assert await bot.services.store.chats.find(42) is None
    assert await bot.services.store.chats.last(42, "briefing") is None
