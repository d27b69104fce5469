"""Digests written by the LLM: one set of story calls per digest group, charged to "digests"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.arguments import parse_subscribe_args
from bot.services.wiring import Services, build_services
from config import Settings, load_settings
from summarizer.languages import find_language
from tests.digests.conftest import Clock, Digests, digests_on
from tests.llm.fake_openai import FakeOpenAI, llm_options

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

TOPICS = ("harbour", "tram", "museum")
BODIES = {
    "harbour": "The harbour cranes stood idle all day after the storm. Dock workers were sent home early.",
    "tram": "The council approved the new tram line by a wide margin. Building starts in the spring.",
    "museum": "The museum reopened its west wing after a long repair. Visitors queued from dawn.",
}


@pytest.fixture
async def llm_digests(settings: Settings, clock: Clock, llm_server: FakeOpenAI) -> AsyncIterator[Digests]:
    with_llm = load_settings(store=settings.store, llm=llm_options(llm_server))
    services: Services = await build_services(with_llm)
    try:
        yield digests_on(services, clock, with_llm)
    finally:
        await services.aclose()


async def subscribe_many(digests: Digests, chats: range, words: str) -> None:
    for chat in chats:
        await digests.subscriptions.subscribe(chat, parse_subscribe_args(words.split()))


async def test_subscribers_in_one_digest_group_share_one_set_of_llm_calls(
    llm_digests: Digests, llm_server: FakeOpenAI
) -> None:
    for index, topic in enumerate(TOPICS):
        await subscribe_many(llm_digests, range(100 + 10 * index, 110 + 10 * index), f"09:00 UTC {topic}")
    slot = (await llm_digests.subscription(100)).next_run
    llm_digests.clock.now = slot
    for topic in TOPICS:
        await llm_digests.store(
            f"{topic.title()} news of the day", BODIES[topic], ingested=slot - timedelta(hours=2)
        )

    report = await llm_digests.run()

    assert report.sent == 30
    assert report.builds == 3
    assert llm_server.calls == 3  # one story per group, written once for its ten subscribers
    assert all(d.briefing.stories[0].generated_by == "llm" for d in llm_digests.sender.sent)
    accounts = (await llm_digests.services.usage.for_admins()).accounts
    assert set(accounts) == {"digests"}  # never charged to a subscriber
    assert accounts["digests"].calls == 3


async def test_a_chat_reading_another_language_gets_its_own_build(
    llm_digests: Digests, llm_server: FakeOpenAI
) -> None:
    await subscribe_many(llm_digests, range(200, 205), "09:00 UTC tram")
    await llm_digests.services.chats.set_language(204, find_language("de"))
    slot = (await llm_digests.subscription(200)).next_run
    llm_digests.clock.now = slot
    await llm_digests.store("Tram news of the day", BODIES["tram"], ingested=slot - timedelta(hours=2))

    report = await llm_digests.run()

    assert report.sent == 5
    assert report.builds == 2
    assert llm_server.calls == 2
    prompts = [str(r["messages"]) for r in llm_server.requests]
    assert sum("German" in p or "Deutsch" in p for p in prompts) == 1
