"""A briefing being written grows in one Telegram message, one checked sentence at a time.

The real Application talks to the loopback Bot API; the real SDK to the loopback LLM server,
which streams its replies slowly and slips an unsupported sentence into each.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import Any

import pytest

from bot.telegram.render_html import WRITING
from errors import StoreError
from handlers.failures import SOMETHING_WRONG
from ingest.types import ParsedArticle
from summarizer.types import Length
from tests.llm.corpus import dated
from tests.llm.fake_openai import FakeOpenAI, Reply, echo_reply, llm_options
from tests.telegram.conftest import SLOW_INTERIM, StartBot
from tests.telegram.conversation import GROUP, button_labels, texts
from tests.telegram.telegram_html import parse_telegram_html
from tests.telegram.updates import message_update

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

UNCHECKED = "The mayor resigned after a corruption scandal"


def slow_with_an_unchecked_line(request: dict[str, Any], chunk_delay: float = 0.005) -> Reply:
    lines = echo_reply(request).split("\n")
    lines.insert(1, f"{UNCHECKED} [1].")
    return Reply("\n".join(lines), chunk_delay=chunk_delay)


def shown(api, chat_id: int) -> list[tuple[float, str, dict[str, Any]]]:
    """(time, method, params) of every message sent or edited into the chat, in order."""
    return [
        (at, method, params)
        for at, (method, params) in zip(api.call_times, api.calls, strict=True)
        if method in {"sendMessage", "editMessageText"} and int(params.get("chat_id", 0)) == chat_id
    ]


def visible(params: dict[str, Any]) -> str:
    return parse_telegram_html(params["text"]).replace(WRITING, "").rstrip()


async def start_streaming(
    start_bot: StartBot, llm_server: FakeOpenAI, *, chunk_delay: float = 0.005, **pacing: Any
):
    llm_server.responder = lambda request: slow_with_an_unchecked_line(request, chunk_delay)
    options = {"stream_edit_seconds": 0.1, "stream_edit_group_seconds": 0.3, **pacing}
    reply = replace(SLOW_INTERIM, **options)
    return await start_bot(reply=reply, llm=llm_options(llm_server, concurrency=1))


def finished(api) -> bool:
    return any(button_labels(params) for params, _ in api.delivered)


async def test_a_briefing_grows_one_checked_sentence_at_a_time_in_one_message(
    start_bot: StartBot, llm_server: FakeOpenAI
) -> None:
    bot = await start_streaming(start_bot, llm_server)

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(finished)

    calls = shown(bot.api, 42)
    methods = [method for _, method, _ in calls]
    assert methods[0] == "sendMessage" and set(methods[1:]) == {"editMessageText"}
    assert len({p["message_id"] for _, m, p in calls if m == "editMessageText"}) == 1
    texts = [visible(p) for _, _, p in calls]
    assert len(texts) >= 4  # it grew, edit by edit
    for before, after in itertools.pairwise(texts):
        assert after.startswith(before) and after != before
    assert all(p["parse_mode"] == "HTML" for _, _, p in calls)
    assert all(UNCHECKED not in p["text"] for _, _, p in calls)
    # At most one edit a second in a private chat (here 0.1 s, set for the test).
    gaps = [b - a for (a, _, _), (b, _, _) in itertools.pairwise(calls)]
    assert min(gaps) >= 0.1 - 0.01
    # Only the final edit brings the buttons, and the sources.
    assert [bool(button_labels(p)) for _, _, p in calls] == [False] * (len(calls) - 1) + [True]
    assert "Sources" in texts[-1] and all("Sources" not in t for t in texts[:-1])
    assert all(WRITING in p["text"] for _, _, p in calls[:-1])


async def test_in_a_group_the_briefing_is_edited_at_most_once_every_three_seconds(
    start_bot: StartBot, llm_server: FakeOpenAI
) -> None:
    # Slow enough that the briefing is still being written when the first group edit is due.
    bot = await start_streaming(start_bot, llm_server, chunk_delay=0.01, stream_edit_seconds=0.05)
    await bot.services.chats.set_length(GROUP, Length.SHORT)

    bot.api.push(message_update("/brief", chat_id=GROUP, chat_type="supergroup"))
    await bot.api.wait_for(finished)

    calls = shown(bot.api, GROUP)
    gaps = [b - a for (a, _, _), (b, _, _) in itertools.pairwise(calls)]
    assert len(calls) >= 2 and min(gaps) >= 0.3 - 0.01  # the group pace set for the test (0.1 s in private)


def long_events(count: int) -> list[ParsedArticle]:
    """Events that share no word, each told in long sentences of invented words."""
    rng = random.Random(7)
    syllables = ["ka", "lo", "ve", "ri", "an", "to", "mel", "dor", "sa", "ni"]
    syllables += ["ber", "gal", "fen", "tu", "rho", "ix", "ul", "ven", "mar", "os"]
    seen: set[str] = set()

    def word() -> str:
        while (made := "".join(rng.sample(syllables, 3))) in seen:
            pass
        seen.add(made)
        return made

    articles = []
    for _ in range(count):
        pool = [word() for _ in range(60)]
        paragraphs = [" ".join(rng.sample(pool, 45)).capitalize() + "." for _ in range(3)]
        title = " ".join(pool[:3]).title()
        articles.append(ParsedArticle(title, "\n\n".join(paragraphs), source=pool[3].title()))
    return dated(articles, 1)


async def test_past_telegram_s_limit_the_briefing_goes_on_in_a_new_message(
    start_bot: StartBot, llm_server: FakeOpenAI
) -> None:
    reply = replace(SLOW_INTERIM, stream_edit_seconds=0.05)
    bot = await start_bot(reply=reply, seed_demo=False, llm=llm_options(llm_server))
    await bot.services.library.store_articles(long_events(8), default_source="test")
    await bot.services.chats.set_length(42, Length.LONG)

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(finished)

    calls = shown(bot.api, 42)
    sends = [p for _, m, p in calls if m == "sendMessage"]
    assert len(sends) >= 2
    assert all(p["parse_mode"] == "HTML" for _, _, p in calls)  # never refused, never too long
    last_by_message: dict[int, str] = {}
    for params, message in bot.api.delivered:
        last_by_message[message["message_id"]] = parse_telegram_html(params["text"])
    final = "\n".join(last_by_message.values())
    for article in long_events(8):
        assert final.count(article.title) == 2  # its story's headline, and its source line
    with_buttons = [p for p, _ in bot.api.delivered if button_labels(p)]
    assert len(with_buttons) == 1 and with_buttons[0] is bot.api.delivered[-1][0]


async def test_without_an_llm_the_briefing_is_sent_whole_as_before(start_bot: StartBot) -> None:
    bot = await start_bot()

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(finished)

    assert [m for _, m, _ in shown(bot.api, 42)] == ["sendMessage"]


async def test_a_failure_half_way_takes_the_half_written_briefing_down_and_says_sorry(
    start_bot: StartBot, llm_server: FakeOpenAI, monkeypatch
) -> None:
    bot = await start_streaming(start_bot, llm_server, chunk_delay=0.01, stream_edit_seconds=0.05)
    await bot.services.chats.set_length(42, Length.SHORT)

    async def broken(*args, **kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(bot.services.store.chats, "remember", broken)
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: any(SOMETHING_WRONG in t for t in texts(api, 42)))

    sent = [p for p in bot.api.sent() if WRITING in p["text"]]
    deleted = {int(p["message_id"]) for p in bot.api.sent("deleteMessage")}
    assert sent and {m["message_id"] for p, m in bot.api.delivered if WRITING in p["text"]} <= deleted


async def test_a_repeated_brief_with_no_new_article_makes_no_llm_call(
    start_bot: StartBot, llm_server: FakeOpenAI
) -> None:
    bot = await start_streaming(start_bot, llm_server, chunk_delay=0)
    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(finished)
    calls = llm_server.calls

    bot.api.push(message_update("/brief"))
    await bot.api.wait_for(lambda api: sum(bool(button_labels(p)) for p, _ in api.delivered) >= 2)

    assert calls >= 1 and llm_server.calls == calls
