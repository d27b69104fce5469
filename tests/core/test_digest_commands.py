"""The digest commands on the console and the command line, and the topic grammar in /help and /brief."""

from __future__ import annotations

import asyncio

from bot.arguments import parse_subscribe_args
from bot.cli import main
from bot.services.wiring import build_services
from bot.terminal.console import Console
from config import load_settings
from store.search.query import parse_query


async def test_console_subscribes_lists_previews_and_unsubscribes_on_its_own_chat(demo_services):
    console = Console(demo_services)

    subscribed = await console.reply("/subscribe 07:30 weekdays UTC+2 ferry OR bridge")
    listed = await console.reply("/subscriptions")
    paused = await console.reply("/subscriptions pause 1")
    preview = await console.reply("/digest 1")
    stopped = await console.reply("/unsubscribe all")

    assert subscribed.startswith("Subscribed: a weekday digest at 07:30 (UTC+02:00) on ferry OR bridge.")
    assert listed.startswith("1. 07:30 weekdays · UTC+02:00 · ferry OR bridge · next ")
    assert paused == "1. 07:30 weekdays · UTC+02:00 · ferry OR bridge · paused"
    assert preview.startswith("Preview: 07:30 digest · ferry OR bridge")
    assert stopped == "Stopped the digest."
    assert (
        await console.reply("/subscriptions")
        == "No digests yet. Start one with /subscribe, e.g. /subscribe 08:00 energy."
    )


async def test_console_digest_commands_give_usage_for_wrong_arguments(demo_services):
    console = Console(demo_services)

    assert "Usage: /subscribe [time]" in await console.reply("/subscribe 25:61")
    assert "no digests yet" in (await console.reply("/digest 2")).lower()
    assert "Usage: /unsubscribe [n|all]" in await console.reply("/unsubscribe")


async def test_console_help_explains_the_topic_grammar_with_an_example(demo_services):
    help_text = await Console(demo_services).reply("/help")
    assert "OR gives alternatives" in help_text
    assert "energy gas OR oil -coal" in help_text
    assert "/digest" in help_text and "/subscriptions" in help_text


async def test_brief_falls_back_to_any_word_and_says_so(demo_services):
    console = Console(demo_services)

    strict = await demo_services.briefings.brief(
        chat_id=None, topic=parse_query("ferry zeppelin"), period=None
    )
    reply = await console.reply("/brief ferry zeppelin")

    assert strict.broadened and strict.stories
    assert "Nothing matched all of “ferry zeppelin”; these match any of its words." in reply


async def test_a_query_that_cannot_work_gets_usage_in_brief(demo_services):
    reply = await Console(demo_services).reply("/brief -ferry")
    assert reply.startswith("Say what to look for, not only what to leave out")
    assert "Usage: /brief" in reply


def _subscribe(words: str) -> int:
    """Subscribe chat 5 in the database the command line uses (./data under the test's folder)."""

    async def body() -> int:
        services = await build_services(load_settings())
        try:
            request = parse_subscribe_args(words.split())
            return (await services.subscriptions.subscribe(5, request)).id
        finally:
            await services.aclose()

    return asyncio.run(body())


def test_cli_digest_list_and_preview(settings, capsys):
    subscription = _subscribe("08:00 Europe/Berlin")

    assert main(["digest", "list"]) == 0
    listed = capsys.readouterr().out
    assert main(["digest", "preview", str(subscription)]) == 0
    preview = capsys.readouterr().out
    assert main(["digest", "preview", "999"]) == 2

    assert listed.startswith(
        f"Chat 5, digest 1 (briefbot digest preview {subscription}): "
        "08:00 daily · Europe/Berlin · all news · next "
    )
    assert preview.startswith("Preview: 08:00 digest")


def test_cli_send_due_without_a_token_says_it_needs_one(settings, capsys):
    assert main(["digest", "send-due"]) == 2
    assert "needs BRIEFBOT_TELEGRAM__TOKEN" in capsys.readouterr().err
