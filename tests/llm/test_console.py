"""The console has /usage and the briefing language too, on the console's own chat."""

from __future__ import annotations

from bot.terminal.console import Console
from tests.llm.corpus import BRIDGE, store_events


async def test_console_usage_shows_the_console_s_tokens_and_the_bot_s(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services, [BRIDGE])
    console = Console(services)
    await console.reply("/brief")

    reply = await console.reply("/usage")

    assert "this chat used" in reply and f"{llm_server.calls} call" in reply
    assert "All chats and digests" in reply and "Top chats:" in reply


async def test_console_settings_language_lists_sets_and_shows_the_language(demo_services) -> None:
    console = Console(demo_services)

    listing = await console.reply("/settings language")
    confirmed = await console.reply("/settings language es")
    shown = await console.reply("/settings")
    wrong = await console.reply("/settings language elvish")

    assert "de — Deutsch" in listing and "original — each article's own language" in listing
    assert confirmed.startswith("Briefings will be written in Español (es).")
    assert "keep each article's language" in confirmed  # no LLM configured here
    assert "Briefing language: Español (es)" in shown
    assert "Example: /settings language de" in wrong


async def test_console_offline_briefing_in_another_language_says_it_keeps_the_articles(demo_services) -> None:
    console = Console(demo_services)
    await console.reply("/settings language de")

    briefing = await console.reply("/brief")

    assert briefing.count("Stories written offline keep their articles' language.") == 1
