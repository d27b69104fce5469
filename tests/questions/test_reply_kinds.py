"""The three kinds of reply to a question: an answer only when the articles say it, the closest
passages when they don't say exactly, a decline when nothing is relevant; and follow-ups that
name a new subject switch to it."""

from __future__ import annotations

from contextlib import asynccontextmanager

from bot.services.library import to_new_article
from bot.services.questions import Context
from bot.services.threads import Origin
from bot.services.wiring import build_services
from config import QuestionSettings, Settings
from ingest.types import ParsedArticle
from summarizer.types import ReplyKind
from tests.demo_days import FERRY, FERRY_START, demo_day

CHAT = 77

# Our own words: a summit story that quotes a former Russian foreign minister and never
# mentions China.
SUMMIT = ParsedArticle(
    title="Arctic council talks end without a shipping deal",
    text=(
        "Talks between the eight members of the Arctic council ended on Thursday without a deal "
        "on shipping lanes through the northern sea route.\n\n"
        "Delegates said the dispute over inspection rules for tankers could not be settled before "
        "the council meets again in the spring.\n\n"
        '"Nobody wanted to be the one who gave way first," said Pavel Orlov, a former Russian '
        "foreign minister who attended as an observer.\n\n"
        "The foreign ministry of Norway, which chaired the talks, said work would continue at the "
        "level of officials."
    ),
    source="Polar Desk",
)


@asynccontextmanager
async def _services(settings: Settings, *, demo: bool = True, extra: tuple[ParsedArticle, ...] = ()):
    built = await build_services(
        settings.model_copy(update={"questions": QuestionSettings(embeddings="off")})
    )
    try:
        if demo:
            await built.library.seed_demo()
        ids: list[int] = []
        if extra:
            stored = await built.store.articles.add_many([to_new_article(a) for a in extra], source="desk")
            ids = list(stored.stored_ids)
        yield built, ids
    finally:
        await built.aclose()


async def test_a_question_naming_a_country_the_story_never_mentions_is_not_answered(
    settings: Settings,
) -> None:
    async with _services(settings, demo=False, extra=(SUMMIT,)) as (services, (summit,)):
        await services.threads.started(CHAT, Origin.BRIEFING, [summit])

        asked = await services.questions.ask(
            chat_id=CHAT,
            question="What did the Chinese foreign ministry say about it?",
            context=Context.BRIEFING,
        )

    assert asked.answer.kind is not ReplyKind.ANSWER
    assert all("Orlov" not in s.text for s in asked.answer.sentences if asked.answer.answered)
    named = [s for s in asked.answer.signals if s.name == "named"]
    assert named and not named[0].passed and "Chinese" in named[0].detail


async def test_a_nationality_is_found_by_its_country_or_capital(settings: Settings) -> None:
    async with _services(settings, demo=False, extra=(SUMMIT,)) as (services, (summit,)):
        await services.threads.started(CHAT, Origin.BRIEFING, [summit])

        asked = await services.questions.ask(
            chat_id=CHAT, question="What did the Norwegian foreign ministry say?", context=Context.BRIEFING
        )

    named = [s for s in asked.answer.signals if s.name == "named"]
    assert named and named[0].passed, asked.answer.signals


async def test_what_about_the_ferry_after_a_question_on_the_cup_final_switches_to_the_ferry(
    settings: Settings,
) -> None:
    async with _services(settings) as (services, _):
        first = await services.questions.ask(
            chat_id=CHAT, question="When did Rovers win the cup final?", context=Context.LATEST
        )
        second = await services.questions.ask(
            chat_id=CHAT, question="What about the ferry?", context=Context.LATEST
        )
        ferry_start = await demo_day(services, FERRY, FERRY_START)

    assert first.answer.answered
    assert second.answer.sentences
    cited = {c.title for c in second.answer.sources}
    assert all("ferry" in title.lower() for title in cited), cited
    assert f"will start on {ferry_start}" in second.answer.sentences[0].text
    assert any(s.name == "subject" and "switched" in s.detail for s in second.answer.signals)


async def test_a_pronoun_follow_up_still_carries_the_subject_before(settings: Settings) -> None:
    async with _services(settings) as (services, _):
        await services.questions.ask(
            chat_id=CHAT, question="When does the night ferry to Skarholm start?", context=Context.LATEST
        )
        asked = await services.questions.ask(
            chat_id=CHAT, question="How many people live there?", context=Context.LATEST
        )

    assert asked.answer.answered and "9,000" in asked.answer.sentences[0].text


async def test_how_many_workers_strike_is_answered_by_the_number_first_without_padding(
    settings: Settings,
) -> None:
    async with _services(settings) as (services, _):
        asked = await services.questions.ask(
            chat_id=None, question="How many workers are on strike?", context=Context.NONE
        )

    answer = asked.answer
    assert answer.kind is ReplyKind.ANSWER
    assert "1,850" in answer.sentences[0].text
    # Every further sentence adds a figure about the question's words, none is filler.
    assert all(any(ch.isdigit() for ch in s.text) for s in answer.sentences), answer.sentences


async def test_a_question_about_nothing_stored_declines_and_offers_the_closest_stories(
    settings: Settings,
) -> None:
    async with _services(settings) as (services, _):
        asked = await services.questions.ask(
            chat_id=None, question="Who won the chess olympiad in Reykjavik?", context=Context.NONE
        )

    assert asked.answer.kind is ReplyKind.DECLINE
    assert not asked.answer.sentences
    assert asked.closest


async def test_a_question_asking_for_a_sum_is_not_answered_by_other_figures(settings: Settings) -> None:
    # The cup final story gives a score, a wait in years and a crowd, but no prize money.
    async with _services(settings) as (services, _):
        asked = await services.questions.ask(
            chat_id=None, question="How much money did Rovers get for winning the cup?", context=Context.NONE
        )

    assert asked.answer.kind is not ReplyKind.ANSWER, asked.answer.sentences
    typed = [s for s in asked.answer.signals if s.name == "type"]
    assert typed and not typed[0].passed, asked.answer.signals
