"""Token usage per account and UTC day, and the budgets that stop LLM use."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.usage import DIGESTS, Account, UsageService
from bot.terminal.render_text import render_briefing
from bot.wording import usage_lines
from config import LLMSettings
from errors import BudgetExceeded
from summarizer.llm.client import TokenUsage
from summarizer.types import Notice
from tests.llm.corpus import BRIDGE, TENNIS, dated, store_events
from tests.llm.fake_openai import Reply, _usage, echo_reply


async def brief(services, chat_id, **options):
    return await services.briefings.brief(chat_id=chat_id, topic=None, period=None, **options)


async def test_a_chat_is_charged_the_tokens_the_server_reported(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services)

    await brief(services, chat_id=5)

    reported = [_usage(r, "") for r in llm_server.requests]
    own = (await services.usage.for_chat(5)).own
    assert own.calls == llm_server.calls and own.estimated_calls == 0
    assert own.tokens_in == sum(u["prompt_tokens"] for u in reported)
    assert own.tokens_out > 0
    assert (await services.usage.for_chat(6)).own.calls == 0


@pytest.mark.parametrize("stream", [True, False])
async def test_without_usage_from_the_server_tokens_are_estimated_and_marked(
    llm_services, llm_server, stream
) -> None:
    llm_server.responder = lambda request: Reply(echo_reply(request), usage=False)
    services = await llm_services(stream=stream)
    await store_events(services, [BRIDGE])

    await brief(services, chat_id=5)

    own = (await services.usage.for_chat(5)).own
    prompt_chars = sum(len(m["content"]) for m in llm_server.requests[0]["messages"])
    assert own.estimated_calls == own.calls == 1
    assert own.tokens_in == (prompt_chars + 3) // 4
    assert "1 estimated" in " ".join(usage_lines(await services.usage.report(5, admin=False)))


async def test_a_spent_chat_budget_sends_that_chat_offline_and_others_stay_on_the_llm(
    llm_services, llm_server
) -> None:
    services = await llm_services()
    await store_events(services)
    await brief(services, chat_id=5)
    spent = (await services.usage.for_chat(5)).own.tokens
    budgeted = await llm_services(chat_daily_tokens=spent + 50)

    again = await brief(budgeted, chat_id=5)  # what is cached still comes from the cache
    await budgeted.library.store_articles([_news()], default_source="test")
    calls = llm_server.calls
    later = await brief(budgeted, chat_id=5)
    other = await brief(budgeted, chat_id=6)

    assert again.generated_by == "llm" and again.notices == ()
    assert Notice.CHAT_BUDGET in later.notices and later.offline_stories == 1
    assert "This chat's AI budget for today is used up" in render_briefing(later)
    assert other.notices == () and llm_server.calls == calls + 1
    assert (await budgeted.usage.for_chat(5)).own.tokens == spent


async def test_a_spent_daily_budget_stops_the_llm_for_everyone(llm_services, llm_server) -> None:
    services = await llm_services(daily_tokens=900)
    await store_events(services)

    briefing = await brief(services, chat_id=5)
    calls = llm_server.calls
    other = await brief(services, chat_id=6, length=None)

    assert Notice.DAILY_BUDGET in briefing.notices
    assert Notice.DAILY_BUDGET in other.notices and llm_server.calls == calls


async def test_digest_builds_are_charged_to_the_shared_digests_account(llm_services, llm_server) -> None:
    services = await llm_services(chat_daily_tokens=10)
    await store_events(services, [BRIDGE, TENNIS])

    briefing = await services.briefings.brief(chat_id=None, topic=None, period=None, account=DIGESTS)

    bot = await services.usage.for_admins()
    assert briefing.generated_by == "llm"  # the per-chat budget does not apply to digests
    assert bot.accounts["digests"].calls == llm_server.calls
    assert "chat" not in bot.accounts and bot.top_chats == ()
    assert bot.total.tokens == bot.accounts["digests"].tokens


async def test_admins_see_the_totals_and_the_top_chats(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services, [BRIDGE])
    await brief(services, chat_id=5)
    await services.library.store_articles([_news()], default_source="test")
    await brief(services, chat_id=6)

    report = await services.usage.report(6, admin=True)
    lines = usage_lines(report)

    assert report.bot is not None
    assert [t.chat_id for t in report.bot.top_chats] == sorted([5, 6], key=lambda c: -_tokens(report, c))
    assert any(line.startswith("Top chats") for line in lines)
    assert "Top chats:" not in usage_lines(await services.usage.report(6, admin=False))


def _tokens(report, chat_id):
    return next(t.totals.tokens for t in report.bot.top_chats if t.chat_id == chat_id)


async def test_usage_is_counted_per_utc_day(services) -> None:
    today = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    clock = [today]
    usage = UsageService(
        services.store, LLMSettings(api_key="k", chat_daily_tokens=1000), clock=lambda: clock[0]
    )
    await usage.charge(Account.for_chat(5), TokenUsage(600, 300), model="m")

    with pytest.raises(BudgetExceeded) as caught:
        await usage.admit(Account.for_chat(5), 200)
    clock[0] = today + timedelta(hours=1)  # 00:30 UTC the next day
    await usage.admit(Account.for_chat(5), 200)

    assert caught.value.scope == "chat"
    assert (await usage.for_chat(5)).own.tokens == 0


def _news():
    (article,) = dated(
        [
            replace(
                TENNIS[0],
                title="Harbour ferry timetable changes",
                text=(
                    "The harbour ferry will run every twenty minutes from Monday.\n\n"
                    "The ferry company said more boats will serve the morning rush."
                ),
                url="https://herald.example/ferry",
                source="Herald",
            )
        ],
        0.1,
    )
    return article
