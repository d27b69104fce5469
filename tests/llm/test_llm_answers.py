"""Follow-up answers written by the LLM: grounded, checked, cached, budgeted, and honest."""

from __future__ import annotations

from bot.services.questions import Context
from summarizer.types import ReplyKind
from tests.llm.conftest import MakeServices
from tests.llm.fake_openai import FakeOpenAI, Reply, passages_of

QUESTION = "How many people live on Skarholm?"


async def _ask(services, question: str = QUESTION, chat_id: int | None = 5):
    return await services.questions.ask(chat_id=chat_id, question=question, context=Context.NONE)


async def test_an_llm_answer_cites_the_numbered_passages_and_is_cached(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services()
    await services.library.seed_demo()

    first = await _ask(services)
    again = await _ask(services)

    assert first.answer.answered and first.answer.generated_by == "llm"
    assert all(s.citations for s in first.answer.sentences)
    request = llm_server.requests[0]
    assert "Question from the reader: How many people live on Skarholm?" in request["messages"][1]["content"]
    assert any("9,000" in text for text in passages_of(request).values())
    assert llm_server.calls == 1  # the repeated question came from the cache
    assert again.answer.sentences == first.answer.sentences
    usage = await services.usage.for_chat(5)
    assert usage.own.calls == 1 and usage.own.tokens > 0


async def test_a_model_that_says_the_passages_do_not_answer_is_believed(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services()
    await services.library.seed_demo()
    llm_server.then("NOT IN THE ARTICLES")

    asked = await _ask(services)

    assert not asked.answer.answered
    # What the offline answerer found is shown as the closest passages, never as an answer.
    assert asked.answer.kind is ReplyKind.CLOSEST
    assert 1 <= len(asked.answer.sentences) <= 2
    assert [s.name for s in asked.answer.signals if not s.passed] == ["llm"]


async def test_a_reply_that_echoes_the_decline_phrase_and_then_answers_is_an_answer(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services()
    await services.library.seed_demo()
    llm_server.then(
        "I should write NOT IN THE ARTICLES only if the passages do not say.\n"
        "Skarholm has 9,000 residents who campaigned for a late connection [1]."
    )

    asked = await _ask(services)

    assert asked.answer.kind is ReplyKind.ANSWER and asked.answer.generated_by == "llm"
    assert "9,000" in asked.answer.sentences[0].text


async def test_the_decline_phrase_alone_with_punctuation_or_quotes_is_a_decline(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services()
    await services.library.seed_demo()
    llm_server.then('"Not in the articles."')

    asked = await _ask(services)

    assert not asked.answer.answered and asked.answer.generated_by == "llm"


async def test_an_unsupported_llm_answer_falls_back_to_the_offline_one(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services()
    await services.library.seed_demo()
    llm_server.then("About 45,000 penguins live on the island of Skarholm [1].")

    asked = await _ask(services)

    assert asked.answer.generated_by == "extractive"
    assert "9,000" in " ".join(s.text for s in asked.answer.sentences)


async def test_a_spent_budget_answers_offline_without_calling(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services(chat_daily_tokens=10)
    await services.library.seed_demo()

    asked = await _ask(services)

    assert llm_server.calls == 0
    assert asked.answer.answered and asked.answer.generated_by == "extractive"


async def test_the_verification_pass_drops_what_the_model_finds_unsupported(
    llm_services: MakeServices, llm_server: FakeOpenAI
) -> None:
    services = await llm_services(verify=True)
    await services.library.seed_demo()
    llm_server.responder = lambda request: (
        Reply("S1: NO") if "Statements to check" in request["messages"][1]["content"] else Reply("")
    )
    llm_server.then(Reply("Skarholm has 9,000 residents [1]."))

    asked = await _ask(services)

    assert llm_server.calls == 2
    assert asked.answer.generated_by == "extractive"  # nothing the model wrote was kept
