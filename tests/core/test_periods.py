"""Periods as people name them, read into windows of the chat's local days."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.arguments import parse_brief_args
from bot.periods import parse_period
from bot.wording import empty_briefing_lines
from bot.wording.numbers import period_phrase
from errors import UsageError
from summarizer.types import Briefing

# Thursday 3 December 2026, 10:30 UTC (11:30 in Berlin, 05:30 in New York).
NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("words", "zone", "since", "until"),
    [
        ("today", UTC, "2026-12-03 00:00", None),
        ("today", BERLIN, "2026-12-02 23:00", None),
        ("today", NEW_YORK, "2026-12-03 05:00", None),
        ("yesterday", UTC, "2026-12-02 00:00", "2026-12-03 00:00"),
        ("yesterday", BERLIN, "2026-12-01 23:00", "2026-12-02 23:00"),
        ("this week", UTC, "2026-11-30 00:00", None),
        ("last week", UTC, "2026-11-23 00:00", "2026-11-30 00:00"),
        ("since monday", UTC, "2026-11-30 00:00", None),
        ("since Thursday", UTC, "2026-12-03 00:00", None),
        ("since fri", UTC, "2026-11-27 00:00", None),
        ("since yesterday", BERLIN, "2026-12-01 23:00", None),
        ("since today", UTC, "2026-12-03 00:00", None),
        ("since 30 nov", UTC, "2026-11-30 00:00", None),
        ("since nov 30", UTC, "2026-11-30 00:00", None),
        ("since 25 dec", UTC, "2025-12-25 00:00", None),  # no year: the latest one not after today
        ("since 2026-11-01", UTC, "2026-11-01 00:00", None),
        ("3d", BERLIN, "2026-11-30 10:30", None),  # rolling windows ignore the zone
        ("24 hours", UTC, "2026-12-02 10:30", None),
    ],
)
def test_a_period_is_a_window_of_the_chats_local_days(words, zone, since, until) -> None:
    period = parse_period(words)

    assert period is not None
    window = period.window(NOW, zone)
    assert window.since == _utc(since)
    assert window.until == (_utc(until) if until else None)


@pytest.mark.parametrize(
    "words",
    ["today", "yesterday", "this week", "last week", "since monday", "since 30 nov", "since 2026-11-01"],
)
def test_a_period_label_reads_back_as_the_same_period(words) -> None:
    period = parse_period(words)

    assert period is not None and parse_period(period.label) == period


@pytest.mark.parametrize(
    ("args", "topic", "label"),
    [
        (["yesterday"], None, "yesterday"),
        (["energy", "yesterday"], "energy", "yesterday"),
        (["strike", "today"], "strike", "today"),
        (["energy", "this", "week"], "energy", "this week"),
        (["energy", "last", "week"], "energy", "last week"),
        (["strike", "since", "monday"], "strike", "since Monday"),
        (["strike", "since", "Mon"], "strike", "since Monday"),
        (["grid", "since", "30", "nov"], "grid", "since 30 Nov"),
        (["grid", "since", "2026-11-30"], "grid", "since 2026-11-30"),
        (["since", "yesterday"], None, "since yesterday"),
    ],
)
def test_brief_reads_calendar_periods(args, topic, label) -> None:
    request = parse_brief_args(args)

    assert (request.topic.text() if request.topic else None) == topic
    assert request.period is not None and request.period.label == label


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["strike", "since", "someday"], "“since someday” is not a period"),
        (["strike", "since"], "“since” is not a period"),
        (["since", "the", "strike"], "“since the strike” is not a period"),
        (["since", "the", "strike", "began"], "Say since when"),
        (["grid", "since", "31", "feb"], "“since 31 feb” is not a period"),
    ],
)
def test_since_is_never_a_topic_word(args, named) -> None:
    with pytest.raises(UsageError) as caught:
        parse_brief_args(args)

    assert named in str(caught.value)
    assert "Example: /brief" in str(caught.value)


def test_a_quoted_since_stays_in_the_topic() -> None:
    request = parse_brief_args(['"since', '1990"'])

    assert request.topic is not None and request.topic.text() == '"since 1990"'


@pytest.mark.parametrize(
    ("label", "phrase"),
    [
        ("3d", "last 3 days"),
        ("today", "today"),
        ("last week", "last week"),
        ("since Monday", "since Monday"),
        ("since 2026-11-30", "since 30 Nov 2026"),
        ("all", ""),
    ],
)
def test_period_phrases(label, phrase) -> None:
    assert period_phrase(label) == phrase


@pytest.mark.parametrize(
    ("topic", "label", "line"),
    [
        ("energy", "yesterday", "Nothing matched “energy” yesterday among 12 stored articles."),
        ("energy", "since Monday", "Nothing matched “energy” since Monday among 12 stored articles."),
        (None, "this week", "None of the 12 stored articles was published this week."),
    ],
)
def test_an_empty_calendar_briefing_reads_in_plain_english(topic, label, line) -> None:
    briefing = Briefing(stories=(), sources=(), topic=topic, period_label=label, stored=12)

    assert empty_briefing_lines(briefing)[0] == line
