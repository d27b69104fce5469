"""Every command, played against the real Application and a Bot API server on loopback."""

from __future__ import annotations

import asyncio

import pytest

from bot.commands import COMMANDS, INTRO
from bot.terminal.render_text import render_feeds, render_stats
from tests.demo_days import FERRY, FERRY_START, demo_day
from tests.telegram.conftest import StartBot
from tests.telegram.conversation import (
    GROUP,
    button_labels,
    ends_with_buttons,
    replies,
    texts,
)
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


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


async def test_brief_on_a_thin_topic_takes_in_related_words_and_says_which(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/brief energy"))
    await bot.api.wait_for(ends_with_buttons)

    text = parse_telegram_html(texts(bot.api)[0])
    assert "Few articles match “energy”, so articles that say grid or power instead" in text
    assert "Grid operator warns of tight supply" in text  # it says electricity, never energy


async def test_wrong_arguments_get_usage_with_example(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/settings enormous"))
    await bot.api.wait_for(replies(1))

    text = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert "Usage: /settings [short|normal|long]" in text
    assert "Example: /settings language de" in text


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


@pytest.mark.parametrize("command", ["/feeds add https://example.com/rss", "/feeds remove 1"])
async def test_changing_feeds_needs_an_admin(start_bot: StartBot, command: str) -> None:
    bot = await start_bot()

    bot.api.push(message_update(command))
    await bot.api.wait_for(replies(1))

    assert "Only admins" in bot.api.sent()[-1]["text"]


async def test_ask_answers_from_the_articles(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/ask When does the night ferry start?"))
    await bot.api.wait_for(replies(1))

    answer = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert f"will start on {await demo_day(bot.services, FERRY, FERRY_START)}" in answer
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
    assert report.startswith("Stored 1 article, skipped 0 duplicates.")


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


@pytest.mark.parametrize(
    ("command", "heading"),
    [
        ("/brief@brief_test_bot transit strike 3d", "Briefing · transit strike · last 3 days ·"),
        ("/brief   tallyo   breach", "Briefing · tallyo breach ·"),
        ("/brief all", "Briefing · latest news · 5 stories from"),
    ],
)
async def test_brief_arguments_as_telegram_delivers_them(
    start_bot: StartBot, command: str, heading: str
) -> None:
    bot = await start_bot()

    bot.api.push(message_update(command, chat_id=GROUP, chat_type="supergroup"))
    await bot.api.wait_for(replies(1))

    assert parse_telegram_html(bot.api.sent()[0]["text"]).startswith(heading)


async def test_stats_and_feeds_show_what_the_console_shows(start_bot: StartBot) -> None:
    bot = await start_bot({"admins": [42]})
    await bot.services.feeds.add_unchecked("https://example.com/rss")
    await bot.services.feeds.poll_now()  # the tick may hold it: then wait for that poll instead
    for _ in range(200):
        if (await bot.services.feeds.list())[0].last_polled is not None:
            break
        await asyncio.sleep(0.05)

    bot.api.push(message_update("/stats"))
    await bot.api.wait_for(replies(1))
    bot.api.push(message_update("/feeds"))
    await bot.api.wait_for(replies(2))

    stats, feeds = (parse_telegram_html(t) for t in texts(bot.api))
    assert stats == "Statistics\n" + render_stats(await bot.services.stats.stats())
    assert feeds == "Feeds\n" + render_feeds(await bot.services.feeds.list())


async def test_brief_on_an_empty_store_says_no_articles_are_stored_and_how_to_add_some(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(seed_demo=False)

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(replies(1))

    text = parse_telegram_html(bot.api.sent()[-1]["text"])
    assert text.startswith("No articles are stored yet.")
    assert "/add" in text and "/feeds add" in text
    assert "everything, all" not in text and "0 stored" not in text


async def test_briefing_markers_link_to_their_articles(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/brief all"))
    await bot.api.wait_for(ends_with_buttons)

    html = texts(bot.api)[0]
    assert parse_telegram_html(html).startswith("Briefing · latest news · ")
    assert '">[1]</a>' in html


async def _in_telegram_and_the_console(start_bot: StartBot, text: str) -> tuple[str, str]:
    """The bot's reply to ``text`` through the Bot API (as plain text), then the console's."""
    from bot.terminal.console import Console

    bot = await start_bot()
    bot.api.push(message_update(text))
    await bot.api.wait_for(replies(1))
    return parse_telegram_html(bot.api.sent()[0]["text"]), await Console(bot.services).reply(text)


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("/brief strike since monday", "since Monday"),
        ("/brief strike yesterday", "yesterday"),
        ("/brief strike since someday", "“since someday” is not a period"),
    ],
)
async def test_brief_reads_calendar_periods_in_telegram_and_the_console_alike(
    start_bot: StartBot, command: str, says: str
) -> None:
    telegram, console = await _in_telegram_and_the_console(start_bot, command)

    assert says in telegram
    assert says in console


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("/subscribe 7pm strike", "Subscribed: a daily digest at 19:00 (UTC) on strike. The first comes"),
        ("/subscribe 07:00 weekdays london strike", "a weekday digest at 07:00 (Europe/London) on strike"),
        ("/subscribe weekly fri", "Subscribed: a Friday digest at 08:00 (UTC)."),
        ("/subscribe 13pm strike", "“13pm” is not a time of day"),
        ("/subscribe zeppelin", "Nothing from the last day matches “zeppelin”"),
    ],
)
async def test_subscribe_reads_times_days_and_cities_in_telegram_and_the_console_alike(
    start_bot: StartBot, command: str, says: str
) -> None:
    telegram, console = await _in_telegram_and_the_console(start_bot, command)

    assert says in telegram
    assert says in console


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        ("thanks", "You're welcome! Send /brief for a briefing"),
        ("Thank you!", "You're welcome! Send /brief for a briefing"),
        ("ok", "Send /brief for a briefing, /ask with a question, or /help"),
        ("yes", "Yes to what? Commands that need a yes say so (for example /forget yes)."),
        ("hello", "Hello! Send /brief for a briefing"),
    ],
)
async def test_small_talk_gets_a_short_friendly_hint_in_telegram_and_the_console_alike(
    start_bot: StartBot, said: str, reply: str
) -> None:
    telegram, console = await _in_telegram_and_the_console(start_bot, said)

    assert telegram.startswith(reply)
    assert console.startswith(reply)
