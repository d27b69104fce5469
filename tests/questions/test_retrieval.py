"""Retrieval for questions: candidate articles by the question's rarest words as well as BM25,
ranked by how much of the question they hold."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from bot.services.library import to_new_article
from bot.services.questions import Context, QuestionTuning
from bot.services.retrieval import RetrievalTuning
from bot.services.threads import Origin
from bot.services.wiring import build_services
from config import QuestionSettings, Settings
from ingest.types import ParsedArticle

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)


def _article(title: str, body: str) -> ParsedArticle:
    return ParsedArticle(title=title, text=body, source="desk")


@asynccontextmanager
async def _offline_store(settings: Settings, stories: list[ParsedArticle]):
    """Services answering offline over just ``stories``, and the stories' ids in order."""
    built = await build_services(
        settings.model_copy(update={"questions": QuestionSettings(embeddings="off")})
    )
    result = await built.store.articles.add_many([to_new_article(a) for a in stories], source="desk")
    try:
        yield built, result.stored_ids
    finally:
        await built.aclose()


@pytest.fixture
async def crowded(settings: Settings):
    """One article naming a rare company once, among many that repeat a common word."""
    narrow = RetrievalTuning(search_passages=10, candidate_pool=5, candidate_articles=2)
    offline = settings.model_copy(update={"questions": QuestionSettings(embeddings="off")})
    built = await build_services(offline, question_tuning=QuestionTuning(retrieval=narrow))
    noise = [
        _article(
            f"Savings week {n}",
            "\n\n".join(
                f"Savings rose again in week {n}. Savings accounts paid more. Savings grew." for _ in range(4)
            ),
        )
        for n in range(12)
    ]
    target = _article(
        "Shops dim their lights",
        "The grocer Quellbrook will dim the lights in its 80 shops in the evening. "
        "The city expects savings of about five per cent.",
    )
    await built.store.articles.add_many([to_new_article(a) for a in [*noise, target]], source="desk")
    try:
        yield built
    finally:
        await built.aclose()


async def test_a_rare_name_finds_its_article_among_many_repeating_a_common_word(crowded):
    asked = await crowded.questions.ask(chat_id=None, question="How is Quellbrook helping with the savings?")

    assert asked.answer.answered
    assert asked.answer.sources[0].title == "Shops dim their lights"


@pytest.fixture
async def two_stories(settings: Settings):
    offline = settings.model_copy(update={"questions": QuestionSettings(embeddings="off")})
    narrow = QuestionTuning(retrieval=RetrievalTuning(candidate_articles=1))
    built = await build_services(offline, question_tuning=narrow)
    stories = [
        _article(
            "Harbour bridge reopens",
            "The harbour bridge reopened on Monday after repairs. The toll stays at two euros a crossing.",
        ),
        _article(
            "Night ferry to Skarholm",
            "A night ferry to the island of Skarholm starts on 4 December. The crossing takes 40 minutes.",
        ),
    ]
    await built.store.articles.add_many([to_new_article(a) for a in stories], source="desk")
    try:
        yield built
    finally:
        await built.aclose()


async def test_each_part_of_a_two_part_question_is_searched_on_its_own(two_stories):
    asked = await two_stories.questions.ask(
        chat_id=None, question="How much is the harbour bridge toll, and when does the Skarholm ferry start?"
    )

    assert {c.title for c in asked.answer.sources} == {"Harbour bridge reopens", "Night ferry to Skarholm"}
    text = " ".join(s.text for s in asked.answer.sentences)
    assert "two euros" in text and "4 December" in text


@pytest.fixture
async def priced_and_costed(settings: Settings):
    """A power story that gives a price in other words, and a strike story that says "cost"."""
    stories = [
        _article(
            "Power prices soar in the cold",
            "Wholesale electricity prices climbed to 410 euros per megawatt-hour on Sunday evening. "
            "Demand set a new record as the freezing weather went on.",
        ),
        _article(
            "Transit strike enters its second day",
            "The operator said the strike costs it 1.1 million euros a day in lost fares. "
            "Buses and trams stayed in their depots for a second day.",
        ),
    ]
    async with _offline_store(settings, stories) as stored:
        yield stored


async def test_a_follow_up_to_a_briefing_is_answered_from_its_stories_before_the_store(priced_and_costed):
    services, (power, strike) = priced_and_costed
    await services.threads.started(7, Origin.BRIEFING, [power])

    question = "How much did it cost?"
    asked = await services.questions.ask(chat_id=7, question=question, context=Context.BRIEFING)

    assert [c.article_id for c in asked.answer.sources] == [power]
    assert "410 euros" in asked.answer.sentences[0].text
    # The same question with no thread is answered from the whole store, in its own words.
    alone = await services.questions.ask(chat_id=None, question=question, context=Context.NONE)
    assert strike in [c.article_id for c in alone.answer.sources]


@pytest.fixture
async def one_leader_two_articles(settings: Settings):
    """A union leader quoted in one article, and her warning reported in another."""
    stories = [
        _article(
            "Transit strike set for Monday",
            "Dana Okafor leads the transit workers' union in Port Alder. "
            '"We have been patient for eleven months," said union leader Dana Okafor.',
        ),
        _article(
            "Mediator called in as strike goes on",
            "A state mediator will chair new talks in Port Alder on Wednesday. "
            "Union leader Dana Okafor warned that a second, longer walkout was on the table.",
        ),
    ]
    async with _offline_store(settings, stories) as stored:
        yield stored


async def test_a_follow_up_about_the_threads_subject_may_be_answered_from_another_article(
    one_leader_two_articles,
):
    services, (quoted, warned) = one_leader_two_articles
    await services.threads.started(8, Origin.BRIEFING, [quoted])
    first = await services.questions.ask(chat_id=8, question="Who leads the union?", context=Context.BRIEFING)
    assert [c.article_id for c in first.answer.sources] == [quoted]

    asked = await services.questions.ask(
        chat_id=8, question="And what did she warn?", context=Context.BRIEFING
    )

    assert asked.continued
    assert "second, longer walkout" in asked.answer.sentences[0].text
    assert warned in [c.article_id for c in asked.answer.sources]
