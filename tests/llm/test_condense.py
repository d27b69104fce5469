"""A story too long for the context budget: the offline scorer picks passages, then map-reduce."""

from __future__ import annotations

from datetime import UTC, datetime

from ingest.types import ParsedArticle
from summarizer.extractive import ExtractiveSummarizer
from summarizer.llm.condense import plan_story, rank_passages
from summarizer.llm.passages import story_passages
from summarizer.llm.tuning import LLMTuning
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc
from tests.llm.corpus import dated

CREWS = ["north", "south", "east", "west", "river", "hill", "dock", "yard", "bay", "cliff", "pier", "quay"]


def harbour_text(outlet: str) -> str:
    lead = (
        f"The harbour wall repair in Port Alder began on Monday, {outlet} reports, after storms "
        "cracked the old stone wall in three places and flooded the fish market twice this winter."
    )
    paragraphs = [lead]
    for i, crew in enumerate(CREWS, 1):
        paragraphs.append(
            f"The {crew} crew of the harbour wall repair moved {100 + i} tonnes of granite on day {i}, "
            f"working from a barge moored near the {crew} steps while divers checked the footings below."
        )
    return "\n\n".join(paragraphs)


def harbour_docs() -> list[Doc]:
    day = datetime(2026, 11, 24, 9, tzinfo=UTC)
    return [Doc(1, "Harbour wall repair begins", harbour_text("the Gazette"), None, "Gazette", day)]


def test_a_story_within_the_budget_goes_whole_in_one_window() -> None:
    docs = harbour_docs()
    passages = story_passages(docs)

    plan = plan_story(passages, docs, ExtractiveSummarizer(SummaryTuning()), context_tokens=100_000, chunks=3)

    assert not plan.map_reduce and plan.windows == (tuple(passages),) and plan.left_out == 0


def test_a_long_story_keeps_the_scorer_s_best_passages_in_at_most_the_allowed_windows() -> None:
    docs = harbour_docs()
    passages = story_passages(docs)
    total = sum(p.tokens for p in passages)

    scorer = ExtractiveSummarizer(SummaryTuning())

    plan = plan_story(passages, docs, scorer, context_tokens=300, chunks=2)

    assert total > 2 * 300
    assert plan.map_reduce and len(plan.windows) <= 2
    assert all(sum(p.tokens for p in window) <= 300 for window in plan.windows)
    kept = [p for window in plan.windows for p in window]
    ranked = [p.number for p in rank_passages(passages, docs, scorer)]
    left_out = [p for p in passages if p not in kept]
    assert max(ranked.index(p.number) for p in kept) < min(ranked.index(p.number) for p in left_out)
    assert plan.left_out == len(passages) - len(kept) > 0
    assert [p.number for p in kept] == sorted(p.number for p in kept)  # windows keep article order


async def test_a_long_story_is_condensed_to_notes_then_written_from_them(llm_services, llm_server) -> None:
    services = await llm_services(tuning=LLMTuning(context_tokens=300, condense_chunks=3), concurrency=1)
    articles = [
        ParsedArticle("Harbour wall repair begins", harbour_text("the Gazette"), source="Gazette"),
        ParsedArticle("Port Alder mends its harbour wall", harbour_text("the Herald"), source="Herald"),
    ]
    await services.library.store_articles(dated(articles, 1), default_source="test")

    briefing = await services.briefings.brief(chat_id=None, topic=None, period=None)

    notes = [r for r in llm_server.requests if "main facts" in r["messages"][1]["content"]]
    final = llm_server.requests[-1]["messages"][1]["content"]
    assert 2 <= len(notes) <= 3 and llm_server.calls == len(notes) + 1
    assert "main facts" not in final and "<<<PASSAGE 1>>>" in final
    assert "from the story's articles" not in final  # notes carry no made-up origin
    (story,) = briefing.stories
    assert story.generated_by == "llm" and story.sentences
    assert {c.source for c in briefing.sources} <= {"Gazette", "Herald"}
