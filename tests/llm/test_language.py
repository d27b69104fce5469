"""Briefings in the chat's language: the articles' language guessed, quotes checked, offline kept."""

from __future__ import annotations

import pytest

from summarizer.languages import BY_CODE, find_language, guess_language
from summarizer.types import Notice
from tests.llm.corpus import BRIDGE, store_events
from tests.llm.fake_openai import passages_of, wants_quotes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council said that the bridge will be built and it is expected to open in the spring.", "en"),
        ("Der Stadtrat hat die Brücke genehmigt, und sie soll im Frühjahr für den Verkehr öffnen.", "de"),
        ("Le conseil a approuvé le pont et il sera ouvert pour les habitants de la ville.", "fr"),
        ("El consejo aprobó el puente y se abrirá para los vecinos de la ciudad en la primavera.", "es"),
        ("Городской совет одобрил строительство нового моста через реку, сообщили в мэрии.", "ru"),
        ("Міська рада схвалила будівництво нового мосту через річку, повідомили у мерії.", "uk"),
        ("市議会は新しい橋の建設を承認しました。", "ja"),
        ("市议会批准了新桥的建设计划。", "zh"),
        ("Zork 9000", None),
    ],
)
def test_the_language_of_a_text_is_guessed_without_downloads(text: str, code: str | None) -> None:
    assert guess_language(text) == code


@pytest.mark.parametrize(
    ("name", "code"), [("de", "de"), ("German", "de"), ("deutsch", "de"), ("РУССКИЙ", "ru")]
)
def test_a_language_is_found_by_code_or_name(name: str, code: str) -> None:
    language = find_language(name)
    assert language is not None and language.code == code


def german(request) -> str:
    """A German briefing that quotes the English passages it rests on."""
    passages = passages_of(request).items()
    approved = next(n for n, text in passages if "approved a new bridge" in text)
    cost = next(n for n, text in passages if "40 million" in text)
    return (
        f"Der Stadtrat hat am Dienstag eine neue Brücke über den Elm River genehmigt [{approved}].\n"
        'Quote: "The city council approved a new bridge over the Elm River on Tuesday."\n'
        f"Die Brücke soll 40 Millionen Dollar kosten und 2027 eröffnet werden [{cost}].\n"
        'Quote: "The bridge will cost 40 million dollars and open in 2027."'
    )


async def test_a_chat_reading_german_gets_german_sentences_that_rest_on_quotes(
    llm_services, llm_server
) -> None:
    llm_server.responder = german
    services = await llm_services()
    await store_events(services, [BRIDGE])
    await services.chats.set_language(5, BY_CODE["de"])

    briefing = await services.briefings.brief(chat_id=5, topic=None, period=None)

    request = llm_server.requests[0]
    assert wants_quotes(request) and "in German" in request["messages"][1]["content"]
    (story,) = briefing.stories
    assert [s.text for s in story.sentences] == [
        "Der Stadtrat hat am Dienstag eine neue Brücke über den Elm River genehmigt.",
        "Die Brücke soll 40 Millionen Dollar kosten und 2027 eröffnet werden.",
    ]
    assert briefing.notices == ()


async def test_a_translation_without_its_quotes_goes_offline_in_the_articles_language(
    llm_services, llm_server
) -> None:
    llm_server.responder = lambda request: "Der Stadtrat hat eine neue Brücke genehmigt [1]."
    services = await llm_services()
    await store_events(services, [BRIDGE])
    await services.chats.set_language(5, BY_CODE["de"])

    briefing = await services.briefings.brief(chat_id=5, topic=None, period=None)

    assert briefing.stories[0].generated_by == "extractive"
    assert briefing.notices == (Notice.OFFLINE_STORIES, Notice.ORIGINAL_LANGUAGE)


async def test_a_chat_reading_the_articles_own_language_needs_no_quotes(llm_services, llm_server) -> None:
    services = await llm_services()
    await store_events(services, [BRIDGE])
    await services.chats.set_language(5, BY_CODE["en"])

    briefing = await services.briefings.brief(chat_id=5, topic=None, period=None)

    assert not wants_quotes(llm_server.requests[0])
    assert briefing.generated_by == "llm" and briefing.notices == ()
