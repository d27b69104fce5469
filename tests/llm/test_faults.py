"""Faults: the SDK retries (and nothing else does), then the briefing goes offline; the breaker."""

from __future__ import annotations

import pytest

from bot.wording import notice_lines
from summarizer.llm.breaker import CircuitBreaker
from summarizer.llm.tuning import LLMTuning
from summarizer.types import Notice
from tests.llm.corpus import BRIDGE, store_events
from tests.llm.fake_openai import Reply

# One story at a time, so call counts are exact.
ONE_AT_A_TIME = {"concurrency": 1}


async def brief(services):
    return await services.briefings.brief(chat_id=5, topic=None, period=None)


async def test_a_500_is_retried_by_the_sdk_then_the_whole_briefing_goes_offline(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: Reply(status=500)
    services = await llm_services(max_retries=1, **ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    assert llm_server.calls == 2  # the first story's try and its one retry; the rest go offline at once
    assert briefing.offline_stories == len(briefing.stories) == 3
    assert briefing.notices == (Notice.LLM_UNAVAILABLE,)
    assert notice_lines(briefing) == ["3 stories written offline: the AI writer is not answering."]


async def test_each_offline_story_is_counted_under_its_own_reason(llm_services, llm_server) -> None:
    llm_server.then(Reply("No citations here."), Reply(status=500))
    services = await llm_services(**ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    assert notice_lines(briefing) == [
        "1 story written offline: the AI draft did not match its sources.",
        "2 stories written offline: the AI writer is not answering.",
    ]


async def test_a_429_with_a_short_retry_after_is_waited_out_by_the_sdk(llm_services, llm_server) -> None:
    llm_server.then(Reply(status=429, headers={"retry-after-ms": "20"}))
    services = await llm_services(max_retries=1, **ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    assert llm_server.calls == len(briefing.stories) + 1
    assert briefing.generated_by == "llm" and briefing.notices == ()


async def test_a_429_asking_for_a_long_wait_falls_back_at_once_and_pauses_the_llm(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: Reply(status=429, headers={"retry-after": "30"})
    services = await llm_services(max_retries=2, tuning=LLMTuning(max_retry_after_seconds=5), **ONE_AT_A_TIME)
    await store_events(services)

    first = await brief(services)
    second = await brief(services)

    assert llm_server.calls == 1  # not retried, and not tried again while the server asked to wait
    assert first.notices == (Notice.LLM_UNAVAILABLE,) and first.offline_stories == 3
    assert second.notices == (Notice.LLM_PAUSED,)


async def test_a_hung_server_is_given_up_at_the_first_token_limit_and_not_asked_again(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: Reply(hang=True)
    services = await llm_services(first_token_seconds=0.3, max_retries=2, **ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    assert llm_server.calls == 1  # the SDK's retries never repeat a call the server worked on
    assert briefing.notices == (Notice.LLM_UNAVAILABLE,) and briefing.offline_stories == 3


@pytest.mark.parametrize("stream", [True, False])
async def test_a_server_that_drips_is_cut_at_the_whole_reply_deadline(
    llm_services, llm_server, stream
) -> None:
    drip = Reply("The city council approved a new bridge over the Elm River [1].\n" * 50, chunk_delay=0.02)
    llm_server.responder = lambda request: drip if stream else Reply(drip.text, delay=3600)
    services = await llm_services(deadline_seconds=0.5, stream=stream, max_retries=2, **ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    assert llm_server.calls == 1
    assert briefing.notices == (Notice.LLM_UNAVAILABLE,) and briefing.offline_stories == 3


async def test_a_reply_stopped_at_the_output_limit_keeps_its_checked_sentences_and_says_so(
    llm_services, llm_server
) -> None:
    llm_server.then(
        Reply(
            "The city council approved a new bridge over the Elm River [1].\nThe bridge will cost 40",
            finish_reason="length",
        )
    )
    services = await llm_services(**ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    first = briefing.stories[0]
    assert first.generated_by == "llm"
    assert [s.text for s in first.sentences] == ["The city council approved a new bridge over the Elm River."]
    assert Notice.LLM_CUT in briefing.notices
    assert any("length limit" in line for line in notice_lines(briefing))


async def test_after_failures_in_a_row_the_breaker_skips_the_llm_then_tries_again(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: Reply(status=503)
    now = [0.0]  # the breaker's clock: only this test moves it, however slow the machine
    tuning = LLMTuning(breaker_failures=2, breaker_seconds=60.0)
    services = await llm_services(tuning=tuning, clock=lambda: now[0], **ONE_AT_A_TIME)
    await store_events(services)
    await brief(services)
    await brief(services)  # the second failure in a row opens the breaker
    failed_calls = llm_server.calls

    skipped = await brief(services)
    calls_while_open = llm_server.calls
    llm_server.responder = None  # the server recovers
    now[0] += 61.0  # past the pause
    recovered = await brief(services)

    assert failed_calls == 2 and calls_while_open == failed_calls
    assert skipped.notices == (Notice.LLM_PAUSED,)
    assert "paused" in notice_lines(skipped)[0]
    assert recovered.generated_by == "llm" and recovered.notices == ()


@pytest.mark.parametrize(
    "reply",
    [
        Reply("The city council approved a new bridge over the Elm River.\n", cut_after=5),  # no [DONE]
        Reply("The city council approved a new bridge over the Elm River.\n", finish_reason=None),  # [DONE]
    ],
)
async def test_a_stream_broken_off_without_a_finish_reason_goes_offline_saying_so(
    llm_services, llm_server, reply
) -> None:
    llm_server.then(reply)
    services = await llm_services(**ONE_AT_A_TIME)
    await store_events(services)

    briefing = await brief(services)

    assert briefing.stories[0].generated_by == "extractive"
    assert briefing.notices == (Notice.LLM_INTERRUPTED,)
    assert "broke off" in notice_lines(briefing)[0]


def test_the_breaker_opens_after_failures_in_a_row_and_lets_one_trial_through_later() -> None:
    now = [0.0]
    breaker = CircuitBreaker(3, 60.0, clock=lambda: now[0])
    for _ in range(2):
        breaker.failed()
    breaker.succeeded()  # a success resets the count
    for _ in range(3):
        assert breaker.allow()
        breaker.failed()

    assert not breaker.allow()
    now[0] = 61.0
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.failed()
    assert not breaker.allow()  # the trial failed: open again
    now[0] = 122.0
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.allow() and breaker.allow()


def test_a_server_s_long_retry_after_opens_the_breaker_for_that_long() -> None:
    now = [0.0]
    breaker = CircuitBreaker(3, 60.0, clock=lambda: now[0])

    breaker.failed(wait=300.0)

    now[0] = 299.0
    assert not breaker.allow()
    now[0] = 300.5
    assert breaker.allow()


def test_a_cancelled_trial_does_not_keep_the_breaker_shut() -> None:
    now = [0.0]
    breaker = CircuitBreaker(1, 10.0, clock=lambda: now[0])
    breaker.failed()
    now[0] = 11.0
    assert breaker.allow()

    breaker.abandoned()

    assert breaker.allow()


async def test_with_stories_written_two_at_a_time_a_dead_server_still_ends_the_briefing_offline(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: Reply(status=500)
    services = await llm_services(concurrency=2)
    await store_events(services)

    briefing = await brief(services)
    calls = llm_server.calls
    again = await brief(services)

    assert 1 <= calls <= 2  # the two first stories at most; the third is never asked
    assert briefing.offline_stories == 3 and briefing.notices == (Notice.LLM_UNAVAILABLE,)
    assert again.offline_stories == 3


async def test_sixty_thousand_streamed_chunks_are_read_in_linear_time(llm_services, llm_server) -> None:
    line = "The city council approved a new bridge over the Elm River [1].\n"
    text = line * (60_000 // len(line) + 1)
    llm_server.then(Reply(text, chunks=list(text)))
    # Re-joining the text at every chunk made this take 125 s; read in linear time it takes a
    # few seconds (most of them the server's and the SDK's), well inside this deadline.
    services = await llm_services(deadline_seconds=90, **ONE_AT_A_TIME)
    await store_events(services, [BRIDGE])

    briefing = await brief(services)

    assert len(text) >= 60_000
    assert briefing.generated_by == "llm" and briefing.notices == ()
    assert [s.text for s in briefing.stories[0].sentences] == [line.replace(" [1]", "").strip()]
