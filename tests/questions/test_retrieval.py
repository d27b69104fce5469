"""Retrieval for questions: candidate articles by the question's rarest words as well as BM25,
ranked by how much of the question they hold."""

from __future__ import annotations

import pytest

from bot.services.library import to_new_article
from bot.services.wiring import build_services
from config import QuestionSettings, Settings
from ingest.types import ParsedArticle


def _article(title: str, body: str) -> ParsedArticle:
    return ParsedArticle(title=title, text=body, source="desk")


@pytest.fixture
async def crowded(settings: Settings):
    """One article naming a rare company once, among many that repeat a common word."""
    narrow = settings.model_copy(
        update={
            "questions": QuestionSettings(
                embeddings="off", search_passages=10, candidate_pool=5, candidate_articles=2
            )
        }
    )
    built = await build_services(narrow)
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
