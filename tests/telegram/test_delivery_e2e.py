"""Getting replies through: interim notes, long and refused markup, Telegram's errors."""

from __future__ import annotations

import logging

import pytest

from config import IngestSettings
from summarizer.tuning import SummaryTuning
from tests.demo_days import FERRY, FERRY_START, demo_day
from tests.telegram.conftest import INTERIM_AT_ONCE, StartBot
from tests.telegram.conversation import (
    button_labels,
    ends_with_buttons,
    replies,
    texts,
)
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


async def test_slow_briefing_shows_interim_message_edited_into_result(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))

    interim = bot.api.sent()[0]
    edit = bot.api.sent("editMessageText")[0]
    assert "Working on your briefing" in interim["text"]
    assert edit["message_id"] == bot.api.messages[0]["message_id"]
    assert "Briefing" in edit["text"]


async def test_over_long_briefing_is_sent_in_chunks_telegram_accepts(start_bot: StartBot) -> None:
    wide = SummaryTuning(max_stories=50, sentences_per_story=10)
    bot = await start_bot(summary_tuning=wide)

    bot.api.push(message_update("/brief all"))
    await bot.api.wait_for(ends_with_buttons)

    sent = bot.api.sent()
    assert len(sent) > 1
    assert all(len(parse_telegram_html(p["text"])) <= 4096 for p in sent)
    assert [bool(button_labels(p)) for p in sent] == [False] * (len(sent) - 1) + [True]
    assert not [m for m, _ in bot.api.calls if m == "sendMessage"][len(sent) :]


async def test_briefing_falls_back_to_plain_text_when_html_is_refused(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.refuse_html = True

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: any(p.get("parse_mode") is None for p in api.sent()))

    plain = [p for p in bot.api.sent() if p.get("parse_mode") is None]
    assert plain[0]["text"].startswith("Briefing · latest news")
    assert button_labels(plain[-1]) == ["Sources", "Longer", "Ask a follow-up"]


async def test_briefing_with_too_much_markup_for_telegram_falls_back_to_plain_text(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    # Telegram's answer when the links and tags of one message add up to too much.
    bot.api.fail_next("sendMessage", 400, "Bad Request: ENTITIES_TOO_LONG")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: api.sent()[-1:] and api.sent()[-1].get("parse_mode") is None)
    await bot.settle()

    plain = bot.api.sent()[1:]
    assert plain[0]["text"].startswith("Briefing · latest news")
    assert button_labels(plain[-1]) == ["Sources", "Longer", "Ask a follow-up"]


async def test_failed_work_removes_interim_message_and_says_why(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE, ingest=IngestSettings(allow_private_networks=True))

    bot.api.push(message_update(f"/add http://127.0.0.1:{bot.api.port}/missing-page"))
    await bot.api.wait_for(lambda api: api.sent("deleteMessage") and len(api.sent()) >= 2)

    assert "Reading" in bot.api.sent()[0]["text"]
    assert bot.api.sent("deleteMessage")[0]["message_id"] == bot.api.messages[0]["message_id"]
    assert "went wrong" not in bot.api.sent()[-1]["text"]


async def test_briefing_arrives_when_typing_action_fails(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.fail_methods.add("sendChatAction")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)

    assert "Briefing" in bot.api.sent()[0]["text"]
    assert len(bot.api.sent()) == 1


async def test_briefing_arrives_when_the_interim_note_cannot_be_sent(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)
    bot.api.fail_next("sendMessage", 502, "Bad Gateway")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)

    assert "Working on your briefing" in bot.api.sent()[0]["text"]
    assert "Briefing" in bot.api.sent()[-1]["text"]
    assert not any("went wrong" in text for text in texts(bot.api))


async def test_interim_note_deleted_by_the_user_gets_the_briefing_anew_in_html(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)
    bot.api.vanishing.add("Working on your briefing")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    await bot.settle()

    briefings = [p for p in bot.api.sent() if "Briefing" in p["text"]]
    assert [p["parse_mode"] for p in briefings] == ["HTML"]
    assert "<b>" in briefings[0]["text"]


async def test_unmodified_edit_counts_as_delivered(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)
    bot.api.fail_next("editMessageText", 400, "Bad Request: message is not modified: same content")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))
    await bot.settle()

    assert len(bot.api.sent()) == 1
    assert not any("went wrong" in text for text in texts(bot.api))


async def test_html_refused_on_edit_puts_plain_text_into_the_interim_note(start_bot: StartBot) -> None:
    bot = await start_bot(reply=INTERIM_AT_ONCE)
    bot.api.refuse_html = True

    bot.api.push(message_update("/ask When does the night ferry start?"))
    await bot.api.wait_for(lambda api: any(p.get("parse_mode") is None for p in api.sent("editMessageText")))
    await bot.settle()

    interim = bot.api.messages[0]
    plain = bot.api.sent("editMessageText")[-1]
    assert plain["message_id"] == interim["message_id"]
    assert f"will start on {await demo_day(bot.services, FERRY, FERRY_START)}" in plain["text"]
    assert len(bot.api.sent()) == 1


async def test_flood_limit_is_logged_without_a_reply_into_the_limited_chat(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns on every RetryAfter unless opted in to timedelta periods.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    bot = await start_bot()
    for _ in range(2):  # the rate limiter retries once
        bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

    bot.api.push(message_update("/help"))
    await bot.api.wait_for(lambda _: "telegram unavailable" in caplog.text)
    await bot.settle()

    assert len(bot.api.sent()) == 2
    ours = [r for r in caplog.records if r.name.startswith(("handlers", "bot"))]
    assert not [r for r in ours if r.levelno >= logging.ERROR]


async def test_blocked_chat_is_logged_and_bot_keeps_serving(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    bot.api.blocked_chats.add(5)
    caplog.set_level(logging.INFO)

    bot.api.push(message_update("/brief", chat_id=5, user_id=5))
    bot.api.push(message_update("/help", chat_id=6, user_id=6))
    await bot.api.wait_for(lambda api: texts(api, 6))
    await bot.api.wait_for(lambda _: "Forbidden" in caplog.text)

    assert len(texts(bot.api, 6)) == 1


async def test_menu_registration_failure_is_not_fatal(start_bot: StartBot) -> None:
    bot_api_fails = {"setMyCommands"}
    bot = await start_bot()
    bot.api.fail_methods |= bot_api_fails
    assert bot.app.post_init is not None
    await bot.app.post_init(bot.app)

    bot.api.push(message_update("/help"))
    await bot.api.wait_for(replies(1))

    assert "Commands" in bot.api.sent()[-1]["text"]
