"""The invented web-article corpus (tests/fixtures/web_articles): what every command reads from a
real-looking page, and what a summary or a briefing may and must say.

Every article lists, in expectations.json, its headline and standfirst, the furniture lines that
must never be a summary sentence (menus, bylines, teasers, captions, subheadings, related links,
newsletter and footer lines), and two facts a good summary tells: what happened (from the lead)
and its main consequence (from the first three paragraphs).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from blocks import Role
from bot.periods import parse_period
from bot.services.summarize_text import summarize_bytes
from bot.services.wiring import build_services
from config import Settings
from config.settings import IngestSettings
from ingest.files import read_bytes
from summarizer.standalone import is_lifted_from, opens_with_pronoun, trim_discourse_marker
from summarizer.types import Length

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "web_articles"
EXPECTED: list[dict[str, Any]] = json.loads((CORPUS / "expectations.json").read_text(encoding="utf-8"))
NAMES = [e["file"] for e in EXPECTED]
BY_NAME = {e["file"]: e for e in EXPECTED}
# Where the summarizer's choice differs from the corpus author's: the consequence sentence is in
# the top paragraphs, but others there score a little higher (all are the story's; none is
# furniture). Strict, so that a change which tells one of them is noticed and the list shrinks.
BRIEF_MISSES_CONSEQUENCE = {"broadband-rollout.html", "mill-closure.txt"}
SUMMARY_MISSES_CONSEQUENCE = {
    "broadband-rollout.html",
    "data-breach.md",
    "football-stadium.md",
    "harbour-whale.txt",
}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _article(name: str):
    (article,) = read_bytes((CORPUS / name).read_bytes(), name=name, settings=IngestSettings()).articles
    return article


def _furniture_in(sentences: list[str], name: str) -> list[str]:
    return [line for line in BY_NAME[name]["never"] if any(_key(line) in _key(s) for s in sentences)]


def _facts_missing(sentences: list[str], name: str, facts: list[str] | None = None) -> list[str]:
    told = _key(" ".join(sentences))
    return [fact for fact in facts or BY_NAME[name]["facts"] if _key(fact) not in told]


def _stand_alone_problems(sentences: list[str]) -> list[str]:
    """Sentences still opening with a discourse marker, or with a pronoun and nothing before it."""
    marked = [s for s in sentences if trim_discourse_marker(s) != s]
    orphans = [s for i, s in enumerate(sentences) if opens_with_pronoun(s) and i == 0]
    return marked + orphans


def _strict_miss(names: list[str], misses: set[str], reason: str) -> list[Any]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=reason)) if n in misses else n
        for n in names
    ]


def test_the_corpus_has_every_kind_of_page() -> None:
    suffixes = sorted(Path(n).suffix for n in NAMES)
    assert len(NAMES) >= 20 and {".txt", ".md", ".html"} <= set(suffixes)


@pytest.mark.parametrize("name", NAMES)
def test_ingest_reads_the_headline_and_standfirst(name: str) -> None:
    article = _article(name)

    assert article.title == BY_NAME[name]["title"]
    assert (article.standfirst or None) == BY_NAME[name]["standfirst"]


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".txt")])
def test_a_text_page_hard_wrapped_with_crlf_reads_the_same(name: str) -> None:
    source = (CORPUS / name).read_text(encoding="utf-8")
    wrapped = "\r\n".join(
        "\r\n".join(textwrap.wrap(line, 70)) if len(line) > 70 else line for line in source.split("\n")
    )

    (article,) = read_bytes(wrapped.encode(), name=name, settings=IngestSettings()).articles

    assert (article.title, article.standfirst, article.text) == (
        _article(name).title,
        _article(name).standfirst,
        _article(name).text,
    )


@pytest.mark.parametrize("name", NAMES)
def test_furniture_never_reaches_the_body_and_the_facts_always_do(name: str) -> None:
    article = _article(name)
    body = [b.text for b in article.blocks if b.role in (Role.PARAGRAPH, Role.QUOTE)]

    assert _furniture_in(body, name) == []
    assert _facts_missing(body, name) == []


@pytest.mark.parametrize("sentences", [None, 12])
@pytest.mark.parametrize("name", NAMES)
def test_summarize_never_gives_furniture_and_only_the_articles_own_words(
    name: str, sentences: int | None, settings: Settings
) -> None:
    (summary,) = summarize_bytes((CORPUS / name).read_bytes(), settings, name=name, sentences=sentences)

    assert _furniture_in(list(summary.sentences), name) == []
    assert _stand_alone_problems(list(summary.sentences)) == []
    body = _article(name).text
    assert [s for s in summary.sentences if not is_lifted_from(s, body)] == []
    assert summary.title == BY_NAME[name]["title"]


@pytest.mark.parametrize("name", NAMES)
def test_summarize_tells_what_happened(name: str, settings: Settings) -> None:
    (summary,) = summarize_bytes((CORPUS / name).read_bytes(), settings, name=name)

    assert _facts_missing(list(summary.sentences), name, BY_NAME[name]["facts"][:1]) == []


@pytest.mark.parametrize(
    "name", _strict_miss(NAMES, SUMMARY_MISSES_CONSEQUENCE, "a closer-scoring sentence is chosen instead")
)
def test_summarize_in_four_sentences_tells_what_happened_and_what_followed(
    name: str, settings: Settings
) -> None:
    (summary,) = summarize_bytes((CORPUS / name).read_bytes(), settings, name=name, sentences=4)

    assert _facts_missing(list(summary.sentences), name) == []


async def _brief_one(name: str, settings: Settings):
    services = await build_services(settings)
    try:
        report = await services.library.ingest_paths([CORPUS / name])
        assert report.stored == 1, report
        briefing = await services.briefings.brief(chat_id=None, topic=None, period=parse_period("all"))
        (candidate,) = await services.store.articles.candidates(since=None, topic=None, limit=2)
    finally:
        await services.aclose()
    return briefing, candidate.article


@pytest.mark.parametrize("name", NAMES)
async def test_a_briefing_of_one_article_has_substance_and_no_furniture(
    name: str, settings: Settings
) -> None:
    briefing, article = await _brief_one(name, settings)

    (story,) = briefing.stories
    sentences = [s.text for s in story.sentences]
    assert 3 <= len(sentences) <= 4
    assert story.headline == BY_NAME[name]["title"]
    assert _furniture_in(sentences, name) == []
    assert _stand_alone_problems(sentences) == []
    assert [s for s in sentences if not is_lifted_from(s, article.text)] == []
    assert all(s.citations == (1,) for s in story.sentences)
    assert _facts_missing(sentences, name, BY_NAME[name]["facts"][:1]) == []


@pytest.mark.parametrize(
    "name", _strict_miss(NAMES, BRIEF_MISSES_CONSEQUENCE, "two second-paragraph sentences score higher")
)
async def test_a_briefing_of_one_article_tells_what_happened_and_what_followed(
    name: str, settings: Settings
) -> None:
    briefing, _ = await _brief_one(name, settings)

    (story,) = briefing.stories
    assert _facts_missing([s.text for s in story.sentences], name) == []


async def test_a_briefing_over_the_whole_corpus_never_shows_furniture(settings: Settings) -> None:
    services = await build_services(settings)
    try:
        report = await services.library.ingest_paths([CORPUS / name for name in NAMES])
        briefing = await services.briefings.brief(
            chat_id=None, topic=None, period=parse_period("all"), length=Length.LONG
        )
        found = await services.store.articles.candidates(since=None, topic=None, limit=50)
    finally:
        await services.aclose()

    assert report.stored == len(NAMES) and report.problems == ()
    name_of = {e["title"]: e["file"] for e in EXPECTED}
    text_of = {c.article.title: c.article.text for c in found}
    title_of = {c.number: c.title for c in briefing.sources}
    assert len(briefing.stories) == 8
    for story in briefing.stories:
        for sentence in story.sentences:
            # The sentence is one of its cited articles' own words, and none of that one's furniture.
            (title,) = [
                title_of[n] for n in sentence.citations if is_lifted_from(sentence.text, text_of[title_of[n]])
            ][:1]
            assert _furniture_in([sentence.text], name_of[title]) == [], sentence.text
