"""The optional embeddings extra: loaded from the packaged weights, offline, and used by questions."""

from __future__ import annotations

import pytest

from bot.services.embeddings import SentenceSimilarity, available, similarity_for
from bot.services.wiring import build_services
from config import QuestionSettings, Settings, load_settings

pytestmark = [
    pytest.mark.embeddings,
    pytest.mark.skipif(
        not available(), reason="the embeddings extra is not installed (pip install -e '.[embeddings]')"
    ),
]


def test_similarity_ranks_a_paraphrase_above_an_unrelated_sentence() -> None:
    similarity = SentenceSimilarity()

    near, far = similarity(
        "How close may boats come to the whales?",
        ["Small boats were asked to stay at least 200 metres away from the animals.", "Bread prices rose."],
    )

    assert near > far


def test_sentence_vectors_are_kept_so_a_sentence_is_encoded_once_and_scores_the_same() -> None:
    similarity = SentenceSimilarity(cache_size=2)
    sentences = ["The ferry starts in December.", "Tickets cost six euros.", "The mayor resigned."]

    first = similarity("When does the ferry start?", sentences[:2])
    again = similarity("When does the ferry start?", sentences[:2])
    similarity("Who resigned?", sentences[2:])

    assert first == pytest.approx(again)
    assert len(similarity._vectors) == 2  # the oldest was dropped past the cache's size


def test_embeddings_are_on_by_default_when_installed_and_off_when_asked() -> None:
    assert similarity_for("auto") is not None
    assert similarity_for("off") is None


async def test_questions_use_the_embeddings_when_turned_on(settings: Settings) -> None:
    on = load_settings(store=settings.store, questions=QuestionSettings(embeddings="on"))
    services = await build_services(on, seed_demo=True)
    try:
        asked = await services.questions.ask(
            chat_id=None, question="How near may vessels go to the whale and calf?"
        )
    finally:
        await services.aclose()

    assert services.questions.uses_embeddings
    assert asked.answer.answered
    assert any("200 metres" in s.text for s in asked.answer.sentences)
