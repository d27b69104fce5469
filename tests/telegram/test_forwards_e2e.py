"""Posts forwarded to the bot become articles: played against the real Application on loopback."""

from __future__ import annotations

from bot.services.wiring import Services
from tests.telegram.conftest import StartBot
from tests.telegram.conversation import replies
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import channel_origin, forwarded_update, user

POST = (
    "Night ferry returns\n\nThe night ferry between the two harbours runs again from Friday, "
    "the operator said, after a winter of repairs to its only vessel."
)


async def _stored(services: Services) -> list[tuple[str, str, str | None]]:
    found = await services.store.articles.candidates(since=None, topic=None, limit=10)
    return [(c.source, c.article.title, c.article.url) for c in found]


def _reply(bot) -> str:
    return parse_telegram_html(bot.api.sent()[-1]["text"])


async def test_a_forwarded_channel_post_is_stored_under_the_channel_with_its_link(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(seed_demo=False)

    bot.api.push(forwarded_update(POST, channel_origin("Harbour Channel", "harbourchannel", 55)))
    await bot.api.wait_for(replies(1))

    assert await _stored(bot.services) == [
        ("Harbour Channel", "Night ferry returns", "https://t.me/harbourchannel/55")
    ]
    assert _reply(bot).startswith("Stored 1 article, skipped 0 duplicates.\n\n• Night ferry returns")


async def test_a_private_channel_post_and_a_users_post_have_no_link(start_bot: StartBot) -> None:
    bot = await start_bot(seed_demo=False)
    other = POST.replace("Night ferry returns", "Harbour market opens").replace("night ferry", "market")

    bot.api.push(forwarded_update(POST, channel_origin("Closed Channel", None)))
    await bot.api.wait_for(replies(1))
    bot.api.push(forwarded_update(other, {"type": "user", "sender_user": user(9)}))
    await bot.api.wait_for(replies(2))

    assert sorted(await _stored(bot.services)) == [
        ("Closed Channel", "Night ferry returns", None),
        ("forwarded message", "Harbour market opens", None),
    ]


async def test_a_forwarded_media_post_is_stored_from_its_caption(start_bot: StartBot) -> None:
    bot = await start_bot(seed_demo=False)

    origin = {"type": "hidden_user", "sender_user_name": "Someone"}
    bot.api.push(forwarded_update(None, origin, caption=POST))
    await bot.api.wait_for(replies(1))

    assert await _stored(bot.services) == [("forwarded message", "Night ferry returns", None)]


async def test_a_forward_without_text_or_too_short_says_why_it_was_not_stored(start_bot: StartBot) -> None:
    bot = await start_bot(seed_demo=False)

    bot.api.push(forwarded_update(None, {"type": "hidden_user", "sender_user_name": "X"}))
    await bot.api.wait_for(replies(1))
    bot.api.push(forwarded_update("/brief strike", channel_origin("C", "c")))  # never run as a command
    await bot.api.wait_for(replies(2))

    first, second = (parse_telegram_html(m["text"]) for m in bot.api.sent())
    assert first == "That forwarded message has no text (or caption) to store."
    assert "too short to store" in second
    assert await _stored(bot.services) == []


async def test_with_adds_for_admins_only_others_are_refused(start_bot: StartBot) -> None:
    bot = await start_bot({"admins": [7]}, seed_demo=False, ingest={"chat_adds": "admins"})

    bot.api.push(forwarded_update(POST, channel_origin("Harbour Channel", "harbourchannel")))
    await bot.api.wait_for(replies(1))
    bot.api.push(
        forwarded_update(POST, channel_origin("Harbour Channel", "harbourchannel"), user_id=7, chat_id=7)
    )
    await bot.api.wait_for(replies(2))

    refused, stored = (parse_telegram_html(m["text"]) for m in bot.api.sent())
    assert refused == "Only admins can add articles on this bot."
    assert stored.startswith("Stored 1 article,")
