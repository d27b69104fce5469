"""Services on the demo corpus: briefings with resolving citations, answers, ingest reports."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from bot.periods import parse_period
from bot.services.wiring import build_services
from bot.terminal.render_text import render_briefing, render_report
from errors import SourceError, UnknownZone
from store.search.query import parse_query
from summarizer.types import Length


async def test_demo_briefing_cites_sources_that_resolve_to_the_cited_articles(demo_services):
    briefing = await demo_services.briefings.brief(chat_id=None, topic=None, period=None)
    assert briefing.stories
    numbers = {c.number for c in briefing.sources}
    assert numbers == set(range(1, len(briefing.sources) + 1))
    by_number = {c.number: c for c in briefing.sources}
    stored = {
        c.article.id: c
        for c in await demo_services.store.articles.get_many([c.article_id for c in briefing.sources])
    }
    for story in briefing.stories:
        for sentence in story.sentences:
            assert sentence.citations, sentence.text
            texts = [stored[by_number[n].article_id].article.text for n in sentence.citations]
            # An extractive sentence is found in at least one article it cites.
            assert any(_norm(sentence.text) in _norm(t) for t in texts), sentence.text
    for citation in briefing.sources:
        assert citation.title == stored[citation.article_id].article.title


def _sentences(briefing) -> int:
    return sum(len(s.sentences) for s in briefing.stories)


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


async def test_demo_briefing_has_a_story_told_by_several_outlets(demo_services):
    briefing = await demo_services.briefings.brief(chat_id=None, topic=None, period=None)
    sources_per_story = [
        {c.source for c in briefing.sources if c.number in s.citations} for s in briefing.stories
    ]
    assert max(len(s) for s in sources_per_story) >= 2


async def test_brief_on_a_topic_only_cites_matching_articles(demo_services):
    briefing = await demo_services.briefings.brief(
        chat_id=None, topic=parse_query("strike"), period=parse_period("all")
    )
    assert briefing.stories
    text = render_briefing(briefing).lower()
    assert "strike" in text


async def test_brief_with_unknown_topic_says_nothing_matched(demo_services):
    briefing = await demo_services.briefings.brief(
        chat_id=None, topic=parse_query("zeppelin regatta"), period=None
    )
    assert briefing.empty
    assert "Nothing matched “zeppelin regatta” among" in render_briefing(briefing)


async def test_chat_remembers_its_last_briefing_and_longer_adds_sentences(demo_services):
    short = await demo_services.briefings.brief(chat_id=5, topic=None, period=None, length=Length.SHORT)
    remembered = await demo_services.briefings.last(5)
    assert remembered == short
    longer = await demo_services.briefings.longer(5)
    assert longer is not None and longer.grew
    assert sum(len(s.sentences) for s in longer.briefing.stories) > sum(
        len(s.sentences) for s in short.stories
    )
    longest = await demo_services.briefings.longer(5)
    assert longest is not None and longest.grew
    assert await demo_services.briefings.longer(5) == type(longest)(longest.briefing, grew=False)


async def test_ask_answers_from_the_corpus_with_citations(demo_services):
    asked = await demo_services.questions.ask(
        chat_id=None, question="How many customers were affected by the data breach?"
    )
    answer = asked.answer
    assert answer.answered
    assert answer.sentences and all(s.citations for s in answer.sentences)
    assert any(re.search(r"\d", s.text) for s in answer.sentences)


async def test_ask_about_something_absent_says_the_articles_do_not_answer(demo_services):
    asked = await demo_services.questions.ask(
        chat_id=None, question="Who won the chess olympiad in Reykjavik?"
    )
    assert not asked.answer.answered


async def test_ingest_reports_stored_duplicates_and_refused(services, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after eight months "
        "of repairs, the city said, with tolls unchanged.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    first = await services.library.ingest_paths([good, empty])
    second = await services.library.ingest_paths([good])
    assert (first.stored, first.duplicates) == (1, 0)
    assert len(first.problems) == 1 and "empty.txt" in first.problems[0]
    assert (second.stored, second.duplicates) == (0, 1)
    assert await services.store.articles.count() == 1


async def test_a_file_that_names_no_source_is_cited_as_local_files(services, tmp_path):
    story = tmp_path / "bridge.txt"
    story.write_text(
        "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after eight months "
        "of repairs, the city said, with tolls unchanged.\n",
        encoding="utf-8",
    )

    await services.library.ingest_paths([story])
    briefing = await services.briefings.brief(chat_id=None, topic=parse_query("bridge"), period=None)

    assert [c.source for c in briefing.sources] == ["local files"]


async def test_pasted_text_too_short_is_refused(services):
    with pytest.raises(SourceError):
        await services.library.add_text("hi")


async def test_unknown_timezone_is_refused_and_known_one_is_stored(services):
    with pytest.raises(UnknownZone):
        await services.chats.set_timezone(3, "Mars/Olympus")
    prefs = await services.chats.set_timezone(3, "europe/berlin")
    assert prefs.timezone == "Europe/Berlin"


async def test_bad_files_each_get_one_line_and_lose_nothing_stored(services, tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(
        '{"title": "Ferry timetable changes", "text": "The island ferry will run every '
        'forty minutes from December, the operator said on Tuesday.", "source": "Coast News"}\n'
        "{broken\n",
        encoding="utf-8",
    )
    first = await services.library.ingest_paths([good])
    assert first.stored == 1 and len(first.problems) == 1
    assert "line 2" in first.problems[0]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "huge.txt").write_bytes(b"word " * (4 * 1024 * 1024))
    (bad / "old.txt").write_bytes(
        "Caf\u00e9 prices rise\n\nThe caf\u00e9 on the square raised prices by 10% \u2013 "
        "the owner blamed energy costs.".encode("cp1252")
    )
    (bad / "wide.txt").write_bytes(
        "Library extends hours\n\nThe central library will open until 9pm on weekdays "
        "from next month.".encode("utf-16")
    )
    second = await services.library.ingest_paths([bad])
    assert second.stored == 2, second
    assert len(second.problems) == 3, second.problems
    assert all("\n" not in p for p in second.problems)
    titles = {
        c.article.title for c in await services.store.articles.candidates(since=None, topic=None, limit=10)
    }
    assert titles == {"Ferry timetable changes", "Café prices rise", "Library extends hours"}


async def test_ingest_report_counts_refusals_apart_from_notes(services, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"title": "Ferry timetable changes", "text": "The island ferry will run every forty minutes '
        'from December, the operator said.", "date": "someday"}\n'
        '{"title": "No body"}\n',
        encoding="utf-8",
    )

    report = await services.library.ingest_paths([feed])

    assert (report.stored, report.duplicates) == (1, 0)
    assert report.problems == (f"{feed}: line 2: no text (expected a 'text', 'body' or 'content' field)",)
    assert report.notes == (f"{feed}: line 1: date 'someday' not understood, ignored",)
    assert render_report(report).splitlines() == [
        "Stored 1 article, skipped 0 duplicates, 1 refused:",
        f"  - {report.problems[0]}",
        "Notes:",
        f"  - {report.notes[0]}",
    ]


async def test_pasted_text_longer_than_the_limit_is_cut_like_a_file(services):
    limit = services.settings.ingest.max_article_chars
    paragraph = "The council debated the tram extension for another hour on Tuesday evening. " * 20
    text = "Tram debate drags on\n\n" + "\n\n".join([paragraph.strip()] * (limit // len(paragraph) + 5))

    report = await services.library.add_text(text)

    (stored,) = await services.store.articles.candidates(since=None, topic=None, limit=5)
    assert report.stored == 1
    assert len(stored.article.text) <= limit


async def test_a_lightly_corrected_copy_is_skipped_as_nearly_the_same(services, tmp_path):
    from tests.ingest.test_fingerprints import ARTICLE

    first, second = tmp_path / "strike.txt", tmp_path / "strike-corrected.txt"
    first.write_text(f"Drivers strike in Port Alder\n\n{ARTICLE}", encoding="utf-8")
    second.write_text(
        f"Drivers strike in Port Alder\n\n{ARTICLE.replace('The mayor', 'Mayor Lena Ortiz')}",
        encoding="utf-8",
    )

    assert (await services.library.ingest_paths([first])).stored == 1
    again = await services.library.ingest_paths([second])

    assert (again.stored, again.duplicates) == (0, 1)


async def test_demo_corpus_dated_ahead_of_the_clock_keeps_its_spacing(services, tmp_path):
    corpus = tmp_path / "demo.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps(
                {
                    "title": f"Story {n}",
                    "text": f"Story number {n} happened in the harbour district on day {n} of the fair.",
                    "published": f"2099-01-0{n}T12:00:00Z",
                    "url": f"https://demo.example/{n}",
                }
            )
            for n in (1, 2, 3)
        ),
        encoding="utf-8",
    )

    report = await services.library.seed_demo(corpus)

    found = await services.store.articles.candidates(since=None, topic=None, limit=5)
    dates = sorted(c.article.published_at for c in found)
    assert report.stored == 3 and report.notes == ()
    assert [round((b - a).total_seconds() / 3600) for a, b in itertools.pairwise(dates)] == [24, 24]


@pytest.mark.parametrize(("threshold", "stored"), [(0.85, 1), (1.0, 2)])
async def test_the_near_duplicate_threshold_decides_what_an_edited_copy_is(settings, threshold, stored):
    text = (
        "The harbour bridge reopened on Monday after eight months of repairs, the city said. "
        "Tolls stay unchanged until the spring, and cyclists get a new lane on the east side. "
        "Engineers replaced forty cables and repainted the whole span during the closure."
    )
    built = await build_services(settings, near_duplicate_threshold=threshold)
    try:
        await built.library.add_text(f"Harbour bridge reopens\n\n{text}")
        await built.library.add_text(f"Harbour bridge reopens\n\n{text.replace('Monday', 'Monday morning')}")
        assert await built.store.articles.count() == stored
    finally:
        await built.aclose()
