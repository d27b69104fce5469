"""Lines both front ends word the same way: the briefing header and why a briefing is empty."""

from __future__ import annotations

import pytest

from bot.services.briefing_codec import briefing_from_dict, briefing_to_dict
from bot.terminal.render_text import render_briefing
from bot.wording import (
    briefing_header,
    empty_briefing_lines,
    language_label,
    period_phrase,
    stored_line,
    topic_line,
)
from summarizer.types import Briefing, Citation, CitedSentence, Story


def _briefing(
    stories: int, *, topic: str | None = None, period: str = "all", considered: int = 15
) -> Briefing:
    story = Story("Headline", (CitedSentence("A sentence.", (1,)),), (1,), (1,), 1.0)
    return Briefing(
        stories=(story,) * stories, sources=(), topic=topic, period_label=period, considered=considered
    )


@pytest.mark.parametrize(
    ("label", "phrase"),
    [
        ("24h", "last 24 hours"),
        ("1h", "last hour"),
        ("3d", "last 3 days"),
        ("1d", "last day"),
        ("2w", "last 2 weeks"),
        ("all", ""),
    ],
)
def test_periods_are_worded_for_people(label: str, phrase: str) -> None:
    assert period_phrase(label) == phrase


@pytest.mark.parametrize(
    ("briefing", "header"),
    [
        (_briefing(5), "Briefing · latest news · 5 stories from 15 matching articles"),
        (
            _briefing(2, topic="energy", period="3d", considered=6),
            "Briefing · energy · last 3 days · 2 stories from 6 matching articles",
        ),
        (
            _briefing(1, period="24h", considered=1),
            "Briefing · latest news · last 24 hours · 1 story from 1 matching article",
        ),
    ],
)
def test_the_briefing_header_names_topic_period_and_counts(briefing: Briefing, header: str) -> None:
    assert briefing_header(briefing) == header


_RELATED_TAIL = " instead are added after them. Quote a word to match only it."


@pytest.mark.parametrize(
    ("broadened", "related", "line"),
    [
        (False, (), None),
        (True, (), "Nothing matched all of “energy”; these match any of its words."),
        (False, ("grid",), "Few articles match “energy”, so articles that say grid" + _RELATED_TAIL),
        (
            False,
            ("electricity", "power"),
            "Few articles match “energy”, so articles that say electricity or power" + _RELATED_TAIL,
        ),
        (
            False,
            ("electricity", "power", "grid"),
            "Few articles match “energy”, so articles that say electricity, power or grid" + _RELATED_TAIL,
        ),
    ],
)
def test_a_brief_that_went_beyond_its_topic_as_typed_says_how(
    broadened: bool, related: tuple[str, ...], line: str | None
) -> None:
    briefing = Briefing(stories=(), sources=(), topic="energy", broadened=broadened, related=related)

    assert topic_line(briefing) == line
    assert briefing_from_dict(briefing_to_dict(briefing)) == briefing  # kept for Longer and /sources


def test_the_header_counts_matching_articles_not_sources() -> None:
    story = Story("Headline", (CitedSentence("A sentence.", (1, 2, 3)),), (1, 2, 3), (1, 2, 3), 1.0)
    sources = tuple(Citation(n, n, f"Title {n}", None, "Wire", None) for n in (1, 2, 3))
    briefing = Briefing(stories=(story,), sources=sources, topic="tallyo", considered=4)

    # 4 matched, 3 are cited: the header must not read as a count of the sources listed.
    assert briefing_header(briefing) == "Briefing · tallyo · 1 story from 4 matching articles"


def test_an_empty_store_says_so_and_how_to_add_articles() -> None:
    empty = Briefing(stories=(), sources=(), stored=0)

    chat = empty_briefing_lines(empty)
    cli = empty_briefing_lines(empty, cli=True)

    assert chat[0] == cli[0] == "No articles are stored yet."
    assert "/add" in chat[1] and "/feeds add" in chat[1] and "admins" in chat[1]
    assert "briefbot ingest" in cli[1] and "/add" not in cli[1]


@pytest.mark.parametrize(
    ("topic", "period", "line"),
    [
        ("energy", "3d", "Nothing matched “energy” in the last 3 days among 1,204 stored articles."),
        ("energy", "all", "Nothing matched “energy” among 1,204 stored articles."),
        (None, "24h", "None of the 1,204 stored articles is from the last 24 hours."),
    ],
)
def test_a_briefing_that_found_nothing_says_what_was_searched(
    topic: str | None, period: str, line: str
) -> None:
    briefing = Briefing(stories=(), sources=(), topic=topic, period_label=period, stored=1204)

    lines = empty_briefing_lines(briefing)

    assert lines[0] == line
    assert "/brief" in lines[1]


@pytest.mark.parametrize(
    ("period", "chat", "cli"),
    [
        ("3d", "longer period, for example /brief energy all", "longer period (--since all)"),
        ("all", "Try another topic, or /brief for the latest news.", "Try another topic."),
    ],
)
def test_a_longer_period_is_offered_only_when_a_longer_one_exists(period: str, chat: str, cli: str) -> None:
    briefing = Briefing(stories=(), sources=(), topic="energy", period_label=period, stored=1204)

    assert chat in empty_briefing_lines(briefing)[1]
    assert cli in empty_briefing_lines(briefing, cli=True)[1]


def test_the_console_uses_the_shared_lines() -> None:
    briefing = _briefing(2, topic="energy", period="3d", considered=6)

    assert render_briefing(briefing).startswith(briefing_header(briefing))
    assert render_briefing(Briefing(stories=(), sources=(), stored=0)).startswith(
        "No articles are stored yet."
    )


async def test_the_console_on_an_empty_store_words_it_as_telegram_does(services) -> None:
    from bot.terminal.console import Console

    reply = await Console(services).reply("/brief")

    assert reply.split("\n") == empty_briefing_lines(Briefing(stories=(), sources=(), stored=0))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (lambda: stored_line(1, 0), "Stored 1 article, skipped 0 duplicates."),
        (lambda: stored_line(3, 1), "Stored 3 articles, skipped 1 duplicate."),
        (lambda: language_label(None), "the language of each article"),
    ],
)
def test_lines_are_plain_english_without_plural_brackets(line, expected) -> None:
    assert line() == expected


def test_a_feed_whose_poll_is_due_says_so_not_minutes_ago() -> None:
    from datetime import UTC, datetime, timedelta

    from bot.services.feeds.results import FeedInfo
    from bot.wording import feed_health

    now = datetime(2026, 12, 3, 10, tzinfo=UTC)
    feed = FeedInfo(1, "https://example.com/rss", "Example", next_poll=now - timedelta(minutes=1))

    assert "next poll due now" in feed_health(feed, now)
    assert "ago" not in feed_health(feed, now).split(";")[-1]
