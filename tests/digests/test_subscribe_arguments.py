"""What /subscribe, /unsubscribe, /subscriptions, /digest and /settings read from their words."""

from __future__ import annotations

from datetime import time

import pytest

from bot.arguments import (
    parse_digest_args,
    parse_settings_args,
    parse_subscribe_args,
    parse_subscriptions_args,
    parse_unsubscribe_args,
)
from bot.services.digests.schedule import DAILY, WEEKDAYS, weekly
from errors import UsageError
from summarizer.types import Length


@pytest.mark.parametrize(
    ("typed", "at", "days", "zone", "topic"),
    [
        ("", None, DAILY, None, None),
        ("07:30", time(7, 30), DAILY, None, None),
        ("paris attacks", None, DAILY, None, "paris attacks"),
        ("07:30 weekdays Europe/Berlin energy -coal", time(7, 30), WEEKDAYS, "Europe/Berlin", "energy -coal"),
        ("weekly sun 18:00 UTC+5 science", time(18), weekly(6), "UTC+05:00", "science"),
        ("weekly Monday markets", None, weekly(0), None, "markets"),
        ("energy 06:15", time(6, 15), DAILY, None, "energy"),
        ("news -5", None, DAILY, None, "news -5"),  # -5 is an exclusion, not an offset
        ("UTC-03:30 energy", None, DAILY, "UTC-03:30", "energy"),
        ("berlin wall", None, DAILY, None, "berlin wall"),  # a city alone is a topic here
        ('"AC/DC tour" daily', None, DAILY, None, '"AC/DC tour"'),  # quoted: topic
        ('"08:00 news"', None, DAILY, None, '"08:00 news"'),
        ("gas OR oil", None, DAILY, None, "gas OR oil"),
        # Times, days and places as people write them; the topic is what is left.
        ("7pm strike", time(19), DAILY, None, "strike"),
        ("7 pm strike", time(19), DAILY, None, "strike"),
        ("7.30pm strike", time(19, 30), DAILY, None, "strike"),
        ("7:05am", time(7, 5), DAILY, None, None),
        ("12am", time(0), DAILY, None, None),
        ("noon energy", time(12), DAILY, None, "energy"),
        ("19:00 fri", time(19), weekly(4), None, None),
        ("fridays 18:00", time(18), weekly(4), None, None),
        ("weekly fri", None, weekly(4), None, None),
        ("weekends markets", None, weekly(5) | weekly(6), None, "markets"),
        ("mon-fri 07:00", time(7), WEEKDAYS, None, None),
        ("fri-mon", None, weekly(4) | weekly(5) | weekly(6) | weekly(0), None, None),
        ("mon,wed 9am", time(9), weekly(0) | weekly(2), None, None),
        ("07:00 weekdays london strike", time(7), WEEKDAYS, "Europe/London", "strike"),
        ("7pm new york transit", time(19), DAILY, "America/New_York", "transit"),
        ("at 7pm on weekdays in london strike", time(19), WEEKDAYS, "Europe/London", "strike"),
        ("7pm strike london", time(19), DAILY, None, "strike london"),  # after the topic: topic
    ],
)
def test_subscribe_arguments(typed, at, days, zone, topic):
    request = parse_subscribe_args(typed.split())
    assert (request.at, request.days, request.zone) == (at, days, zone)
    assert (request.topic.text() if request.topic else None) == topic


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("25:61", "“25:61” is not a time of day"),
        ("08:00 09:00", "Give one time of day"),
        ("Europe/Berln energy", "I don't know the time zone 'Europe/Berln'. Did you mean Europe/Berlin"),
        ("weekly news", "Say which day a weekly digest comes"),
        ("daily weekdays", "Choose one of daily, weekdays, weekends"),
        ("13pm strike", "“13pm” is not a time of day"),
        ("7.5pm strike", "“7.5pm” is not a time of day"),
        ("strike 24:00", "“24:00” is not a time of day"),
        ("7pm 8pm", "Give one time of day"),
        ("weekly weekdays", "Say which day a weekly digest comes"),
        ("UTC+2 Europe/Paris", "Give one time zone"),
        ("-coal", "Say what to look for"),
        ('"energy', "A quote is not closed"),
    ],
)
def test_wrong_subscribe_arguments_get_usage_with_an_example(typed, problem):
    with pytest.raises(UsageError) as caught:
        parse_subscribe_args(typed.split())
    assert caught.value.problem.startswith(problem)
    assert caught.value.usage.startswith("/subscribe [time]")
    assert caught.value.example.startswith("/subscribe ")


@pytest.mark.parametrize(("typed", "which"), [("2", 2), ("all", None), ("ALL", None)])
def test_unsubscribe_takes_a_number_or_all(typed, which):
    assert parse_unsubscribe_args(typed.split()) == which


@pytest.mark.parametrize("typed", ["", "two", "0", "1 2"])
def test_unsubscribe_without_a_number_is_a_usage_error(typed):
    with pytest.raises(UsageError):
        parse_unsubscribe_args(typed.split())


@pytest.mark.parametrize(
    ("typed", "action"),
    [
        ("", ("list", 0, None)),
        ("pause 2", ("pause", 2, None)),
        ("resume 1", ("resume", 1, None)),
        ("remove 3", ("remove", 3, None)),
        ("time 1 07:15", ("time", 1, time(7, 15))),
    ],
)
def test_subscriptions_actions(typed, action):
    assert parse_subscriptions_args(typed.split()) == action


@pytest.mark.parametrize("typed", ["pause", "time 1 25:00", "snooze 1", "remove x"])
def test_wrong_subscriptions_actions_are_usage_errors(typed):
    with pytest.raises(UsageError):
        parse_subscriptions_args(typed.split())


def test_digest_takes_an_optional_number():
    assert parse_digest_args([]) is None
    assert parse_digest_args(["3"]) == 3
    with pytest.raises(UsageError):
        parse_digest_args(["x"])


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [("long", (Length.LONG, None)), ("silent", (None, True)), ("short sound", (Length.SHORT, False))],
)
def test_settings_take_a_length_and_or_the_digest_sound(typed, parsed):
    change = parse_settings_args(typed.split())
    assert (change.length, change.silent) == parsed
    assert not change.language_given and not change.list_languages


@pytest.mark.parametrize(
    ("typed", "code", "listed"),
    [("language de", "de", False), ("language original", None, False), ("language", None, True)],
)
def test_settings_take_a_briefing_language_or_list_them(typed, code, listed):
    change = parse_settings_args(typed.split())
    assert change.list_languages is listed
    assert change.language_given is not listed
    assert (change.language.code if change.language else None) == code


@pytest.mark.parametrize("typed", ["", "loud", "short long"])
def test_wrong_settings_are_usage_errors(typed):
    with pytest.raises(UsageError):
        parse_settings_args(typed.split())
