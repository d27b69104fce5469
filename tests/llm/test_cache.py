"""The summary cache, by call counts: repeated briefings cost nothing, one new article one call."""

from __future__ import annotations

import os

from summarizer.languages import BY_CODE
from summarizer.types import Length, Notice
from tests.cli_process import run_briefbot
from tests.llm.corpus import BRIDGE, BRIDGE_FOLLOW_UP, FLOOD, dated, store_events
from tests.llm.fake_openai import TEST_MODEL, Reply


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


async def test_a_reply_that_failed_the_checks_is_not_asked_again_for_the_same_articles(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: "Nothing here rests on any passage at all."
    services = await llm_services()
    await store_events(services)
    first = await brief(services)

    again = await brief(services)

    assert llm_server.calls == len(first.stories)
    assert again.stories == first.stories and again.notices == first.notices == (Notice.OFFLINE_STORIES,)


async def test_a_reply_the_server_broke_off_is_asked_again(llm_services, llm_server) -> None:
    llm_server.then(Reply("The city council approved", finish_reason=None))
    services = await llm_services(concurrency=1)
    await store_events(services, [BRIDGE])
    first = await brief(services)

    again = await brief(services)

    assert first.notices == (Notice.LLM_INTERRUPTED,)
    assert llm_server.calls == 2 and again.generated_by == "llm" and again.notices == ()


async def _cli(args, cwd, env):
    code, out, err = await run_briefbot(*args, cwd=cwd, env=env)
    assert code == 0, err
    return out


async def test_a_repeated_brief_from_the_command_line_makes_no_llm_call(llm_server, tmp_path) -> None:
    for number, article in enumerate([*BRIDGE, *FLOOD]):
        (tmp_path / f"{number}.txt").write_text(f"{article.title}\n\n{article.text}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env |= {"BRIEFBOT_LLM__BASE_URL": llm_server.url, "BRIEFBOT_LLM__MODEL": TEST_MODEL}
    await _cli(["ingest", *sorted(str(p) for p in tmp_path.glob("*.txt"))], tmp_path, env)

    first = await _cli(["brief", "--since", "all"], tmp_path, env)
    calls = llm_server.calls
    again = await _cli(["brief", "--since", "all"], tmp_path, env)

    assert calls >= 1 and llm_server.calls == calls  # the second process read the stored summaries
    assert again == first
