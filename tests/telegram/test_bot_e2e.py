"""Conversations with the real Application against a Bot API server on loopback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from bot.access import REFUSED_TEXT
from bot.commands import COMMANDS, DIGESTS_NOT_READY, INTRO
from config import IngestSettings, RateLimitSettings, SummarizerSettings
from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import (
    BOT_USER,
    FakeBotAPI,
    callback_update,
    channel_post,
    edited,
    message_update,
    parse_telegram_html,
)

GROUP = -100123


def texts(api: FakeBotAPI, chat_id: int | None = None) -> list[str]:
    sent = api.sent("sendMessage") + api.sent("editMessageText")
    return [p["text"] for p in sent if chat_id is None or int(p["chat_id"]) == chat_id]


def replies(count: int) -> Callable[[FakeBotAPI], bool]:
    return lambda api: len(api.sent()) >= count


def ends_with_buttons(api: FakeBotAPI, after: int = 0) -> bool:
    sent = api.sent()
    return len(sent) > after and bool(button_labels(sent[-1]))


def button_labels(params: dict[str, Any]) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def button_data(params: dict[str, Any], label: str) -> str:
    """The callback data of the button labelled ``label`` in a sent message."""
    markup = params.get("reply_markup") or {}
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == label)


def press(api: FakeBotAPI, label: str, **options: Any) -> None:
    """Press ``label`` under the last message the bot sent with buttons."""
    with_buttons = [p for p in api.sent() if button_labels(p)][-1]
    api.push(callback_update(button_data(with_buttons, label), message=api.messages[-1], **options))


async def test_start_greets_in_three_lines_with_buttons_and_registers_menu(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/start"))
    await bot.api.wait_for(replies(1))

    reply = bot.api.sent()[0]
    assert reply["parse_mode"] == "HTML"
    assert parse_telegram_html(reply["text"]) == INTRO
    assert len(reply["text"].splitlines()) == 3
    assert "📰 Brief me" in button_labels(reply)
    # The same command list as the console's /help: written once, in bot.commands.
    commands = bot.api.sent("setMyCommands")[0]["commands"]
    assert commands == [{"command": name, "description": text} for name, text in COMMANDS]


async def test_brief_sends_briefing_with_sources_longer_and_ask_buttons(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)

    reply = bot.api.sent()[-1]
    assert "Briefing" in parse_telegram_html(texts(bot.api)[0])
    assert button_labels(reply) == ["Sources", "Longer", "Ask a follow-up"]
    assert bot.api.sent("sendChatAction")[0]["action"] == "typing"


async def test_brief_with_unknown_topic_says_nothing_matched(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/brief zqxjvw"))
    await bot.api.wait_for(replies(1))

    reply = bot.api.sent()[-1]
    assert "Nothing matched “zqxjvw”" in parse_telegram_html(reply["text"])
    assert button_labels(reply) == []


async def test_slow_briefing_shows_interim_message_edited_into_result(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0})

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))

    interim = bot.api.sent()[0]
    edit = bot.api.sent("editMessageText")[0]
    assert "Working on your briefing" in interim["text"]
    assert edit["message_id"] == bot.api.messages[0]["message_id"]
    assert "Briefing" in edit["text"]


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


async def test_refused_user_gets_one_polite_line(start_bot: StartBot) -> None:
    bot = await start_bot({"allowed_users": [1]})

    bot.api.push(message_update("/brief", user_id=42))
    bot.api.push(message_update(f"/help@{BOT_USER['username']}", user_id=1, chat_id=1))
    await bot.api.wait_for(replies(2))

    assert texts(bot.api, 42) == [REFUSED_TEXT]
    assert bot.api.sent("sendChatAction") == []


async def test_over_long_briefing_is_sent_in_chunks_telegram_accepts(start_bot: StartBot) -> None:
    wide = SummarizerSettings(max_stories=50, sentences_per_story=10)
    bot = await start_bot(summarizer=wide)

    bot.api.push(message_update("/brief all"))
    await bot.api.wait_for(ends_with_buttons)

    sent = bot.api.sent()
    assert len(sent) > 1
    assert all(len(parse_telegram_html(p["text"])) <= 4096 for p in sent)
    assert [bool(button_labels(p)) for p in sent] == [False] * (len(sent) - 1) + [True]
    assert not [m for m, _ in bot.api.calls if m == "sendMessage"][len(sent) :]


async def test_rate_limit_says_when_to_try_again(start_bot: StartBot) -> None:
    bot = await start_bot(rate_limit=RateLimitSettings(requests=1, per_seconds=60))

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    before = len(bot.api.sent())
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(replies(before + 1))

    assert "try again in 60 s" in bot.api.sent()[-1]["text"]


async def test_wrong_arguments_get_usage_with_example(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/settings enormous"))
    await bot.api.wait_for(replies(1))

    text = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert "Usage: /settings [short|normal|long]" in text
    assert "Example: /settings long" in text


async def test_digest_commands_say_digests_are_not_set_up(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/subscribe 08:00"))
    await bot.api.wait_for(replies(1))

    assert bot.api.sent()[-1]["text"] == DIGESTS_NOT_READY


async def test_help_lists_every_command_and_stats_only_to_admins(start_bot: StartBot) -> None:
    bot = await start_bot({"admins": [7]})

    bot.api.push(message_update("/help", user_id=42, chat_id=42))
    bot.api.push(message_update("/help", user_id=7, chat_id=7))
    await bot.api.wait_for(replies(2))

    for name, _ in COMMANDS:
        assert f"/{name} — " in texts(bot.api, 42)[0]
    assert "/stats" not in texts(bot.api, 42)[0]
    assert "/stats" in texts(bot.api, 7)[0]


async def test_stats_only_for_admins(start_bot: StartBot) -> None:
    bot = await start_bot({"admins": [7]})

    bot.api.push(message_update("/stats", user_id=42, chat_id=42))
    bot.api.push(message_update("/stats", user_id=7, chat_id=7))
    await bot.api.wait_for(replies(2))

    assert "Only admins" in texts(bot.api, 42)[0]
    assert "Articles:" in texts(bot.api, 7)[0]


async def test_unknown_command_points_to_help(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/frobnicate"))
    await bot.api.wait_for(replies(1))

    assert "I don't know /frobnicate" in bot.api.sent()[-1]["text"]


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


@pytest.mark.parametrize("command", ["/feeds add https://example.com/rss", "/feeds remove 1"])
async def test_changing_feeds_needs_an_admin(start_bot: StartBot, command: str) -> None:
    bot = await start_bot()

    bot.api.push(message_update(command))
    await bot.api.wait_for(replies(1))

    assert "Only admins" in bot.api.sent()[-1]["text"]


async def test_briefing_falls_back_to_plain_text_when_html_is_refused(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.refuse_html = True

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: any(p.get("parse_mode") is None for p in api.sent()))

    plain = [p for p in bot.api.sent() if p.get("parse_mode") is None]
    assert plain[0]["text"].startswith("Briefing: everything")
    assert button_labels(plain[-1]) == ["Sources", "Longer", "Ask a follow-up"]


async def test_ask_answers_from_the_articles(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/ask When does the night ferry start?"))
    await bot.api.wait_for(replies(1))

    answer = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert "4 December" in answer
    assert "[1]" in answer


async def test_ask_without_question_gets_usage(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/ask"))
    await bot.api.wait_for(replies(1))

    assert "Example: /ask" in parse_telegram_html(bot.api.sent()[-1]["text"])


async def test_add_pasted_text_reports_what_was_stored(start_bot: StartBot) -> None:
    bot = await start_bot()
    text = (
        "Lighthouse <reopens> after repairs\n\nThe old lighthouse at Cape Wren reopened to "
        "visitors on Monday after two years of repairs to its lamp room and stairs."
    )

    bot.api.push(message_update(f"/add {text}"))
    await bot.api.wait_for(replies(1))

    report = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert report.startswith("Stored 1 article(s)")


async def test_timezone_is_stored_for_the_chat(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/timezone europe/berlin"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/settings"))
    await bot.api.wait_for(replies(2))

    assert "Europe/Berlin" in bot.api.sent()[0]["text"]
    assert "Europe/Berlin" in bot.api.sent()[1]["text"]
    assert "✓ normal" in button_labels(bot.api.sent()[1])


async def test_sources_before_any_briefing_says_to_brief_first(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/sources"))
    await bot.api.wait_for(replies(1))

    assert "/brief first" in bot.api.sent()[-1]["text"]


async def test_failed_work_removes_interim_message_and_says_why(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0}, ingest=IngestSettings(allow_private_networks=True))

    bot.api.push(message_update(f"/add http://127.0.0.1:{bot.api.port}/missing-page"))
    await bot.api.wait_for(lambda api: api.sent("deleteMessage") and len(api.sent()) >= 2)

    assert "Reading" in bot.api.sent()[0]["text"]
    assert bot.api.sent("deleteMessage")[0]["message_id"] == bot.api.messages[0]["message_id"]
    assert "went wrong" not in bot.api.sent()[-1]["text"]


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


async def test_refused_press_too_old_to_answer_is_refused_in_the_chat(start_bot: StartBot) -> None:
    bot = await start_bot({"allowed_users": [1]})
    bot.api.expired_queries.add("old-press")

    bot.api.push(callback_update("brief", message=bot.api.bot_message(42), query_id="old-press"))
    await bot.api.wait_for(replies(1))

    assert texts(bot.api, 42) == [REFUSED_TEXT]


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


async def test_briefing_arrives_when_typing_action_fails(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.api.fail_methods.add("sendChatAction")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)

    assert "Briefing" in bot.api.sent()[0]["text"]
    assert len(bot.api.sent()) == 1


async def test_briefing_arrives_when_the_interim_note_cannot_be_sent(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0})
    bot.api.fail_next("sendMessage", 502, "Bad Gateway")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)

    assert "Working on your briefing" in bot.api.sent()[0]["text"]
    assert "Briefing" in bot.api.sent()[-1]["text"]
    assert not any("went wrong" in text for text in texts(bot.api))


async def test_interim_note_deleted_by_the_user_gets_the_briefing_anew_in_html(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0})
    bot.api.vanishing.add("Working on your briefing")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(ends_with_buttons)
    await bot.settle()

    briefings = [p for p in bot.api.sent() if "Briefing" in p["text"]]
    assert [p["parse_mode"] for p in briefings] == ["HTML"]
    assert "<b>" in briefings[0]["text"]


async def test_unmodified_edit_counts_as_delivered(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0})
    bot.api.fail_next("editMessageText", 400, "Bad Request: message is not modified: same content")

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))
    await bot.settle()

    assert len(bot.api.sent()) == 1
    assert not any("went wrong" in text for text in texts(bot.api))


async def test_html_refused_on_edit_puts_plain_text_into_the_interim_note(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0})
    bot.api.refuse_html = True

    bot.api.push(message_update("/ask When does the night ferry start?"))
    await bot.api.wait_for(lambda api: any(p.get("parse_mode") is None for p in api.sent("editMessageText")))
    await bot.settle()

    interim = bot.api.messages[0]
    plain = bot.api.sent("editMessageText")[-1]
    assert plain["message_id"] == interim["message_id"]
    assert "4 December" in plain["text"]
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


async def test_commands_in_a_forum_topic_are_answered_in_that_topic(start_bot: StartBot) -> None:
    bot = await start_bot({"interim_after_seconds": 0.0})
    topic: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup", "thread_id": 7}

    bot.api.push(message_update(f"/brief@{BOT_USER['username']}", **topic))
    await bot.api.wait_for(lambda api: api.sent("editMessageText"))
    bot.api.push(message_update("/frobnicate@brief_test_bot", **topic))
    await bot.api.wait_for(replies(2))

    assert all(p["message_thread_id"] == 7 for p in bot.api.sent() + bot.api.sent("sendChatAction"))


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


@pytest.mark.parametrize(
    ("command", "heading"),
    [
        ("/brief@brief_test_bot transit strike 3d", "Briefing: “transit strike”, 3d"),
        ("/brief   tallyo   breach", "Briefing: “tallyo breach”,"),
        ("/brief all", "Briefing: everything, all"),
    ],
)
async def test_brief_arguments_as_telegram_delivers_them(
    start_bot: StartBot, command: str, heading: str
) -> None:
    bot = await start_bot()

    bot.api.push(message_update(command, chat_id=GROUP, chat_type="supergroup"))
    await bot.api.wait_for(replies(1))

    assert parse_telegram_html(bot.api.sent()[0]["text"]).startswith(heading)


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
    assert "4 December" in parse_telegram_html(bot.api.sent()[0]["text"])


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
    assert plain[0]["text"].startswith("Briefing: everything")
    assert button_labels(plain[-1]) == ["Sources", "Longer", "Ask a follow-up"]


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
