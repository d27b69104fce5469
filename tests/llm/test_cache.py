"""The summary cache, by call counts: repeated briefings cost nothing, one new article one call."""

from __future__ import annotations

from summarizer.languages import BY_CODE
from summarizer.types import Length
from tests.llm.corpus import BRIDGE_FOLLOW_UP, dated, store_events


async def brief(services, chat_id=5, **options):
    return await services.briefings.brief(chat_id=chat_id, topic=None, period=None, **options)


async def test_a_repeated_brief_with_no_new_article_makes_no_llm_call(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services)
    first = await brief(services)
    calls = llm_server.calls

    again = await brief(services)

    assert calls == len(first.stories) and llm_server.calls == calls
    assert again.stories == first.stories and again.generated_by == "llm"


async def test_the_cache_survives_a_restart_and_serves_every_chat(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services)
    await brief(services, chat_id=1)
    calls = llm_server.calls
    await services.aclose()

    restarted = await llm_services()
    await brief(restarted, chat_id=2)
    await restarted.briefings.brief(chat_id=None, topic=None, period=None)

    assert llm_server.calls == calls


async def test_one_new_article_in_one_story_rewrites_that_story_only(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services)
    first = await brief(services)
    calls = llm_server.calls

    await services.library.store_articles(dated([BRIDGE_FOLLOW_UP], 0.5), default_source="test")
    second = await brief(services)

    assert llm_server.calls == calls + 1
    rewritten = llm_server.requests[-1]["messages"][1]["content"]
    assert "design of the Elm River bridge" in rewritten
    by_headline = {s.headline: s for s in first.stories}
    unchanged = [s for s in second.stories if "bridge" not in s.headline.lower()]
    assert unchanged and all(
        [x.text for x in s.sentences] == [x.text for x in by_headline[s.headline].sentences]
        for s in unchanged
    )


async def test_another_length_or_language_is_written_anew(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services)
    await brief(services)
    calls = llm_server.calls

    await brief(services, length=Length.LONG)
    after_length = llm_server.calls
    await services.chats.set_language(5, BY_CODE["fr"])
    await brief(services)

    assert after_length > calls and llm_server.calls > after_length


async def test_replies_that_fail_the_checks_are_not_cached(llm_services, llm_server) -> None:
    llm_server.responder = lambda request: "No citations at all."
    services = await llm_services()
    await store_events(services)
    first = await brief(services)

    await brief(services)

    assert llm_server.calls == 2 * len(first.stories)
