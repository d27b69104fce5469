"""Digest schedules: wall times in zones to UTC instants, across both DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.services.digests.schedule import (
    DAILY,
    WEEKDAYS,
    days_label,
    instant,
    next_run,
    parse_time_of_day,
    weekly,
)
from bot.services.zones import find_zone, fixed_offset, suggest_zones, zone_info


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected"),
    [
        # Europe/Berlin, spring forward 2026-03-29: 02:00-03:00 does not exist; sent when the gap ends.
        ("Europe/Berlin", date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0)),
        # Europe/Berlin, fall back 2026-10-25: 02:30 happens twice; sent at the first (CEST).
        ("Europe/Berlin", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
        ("Europe/Berlin", date(2026, 3, 28), time(2, 30), utc(2026, 3, 28, 1, 30)),
        ("Europe/Berlin", date(2026, 3, 30), time(2, 30), utc(2026, 3, 30, 0, 30)),
        # America/New_York, spring 2026-03-08 at 02:30 (missing) and fall 2026-11-01 at 01:30 (twice).
        ("America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("America/New_York", date(2026, 11, 2), time(1, 30), utc(2026, 11, 2, 6, 30)),
        ("Asia/Kolkata", date(2026, 6, 1), time(8, 0), utc(2026, 6, 1, 2, 30)),
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15), utc(2026, 10, 3, 15, 30)),  # a 30-min gap
        ("UTC+05:30", date(2026, 6, 1), time(8, 0), utc(2026, 6, 1, 2, 30)),
        ("UTC-03:00", date(2026, 6, 1), time(23, 0), utc(2026, 6, 2, 2, 0)),
        ("UTC", date(2026, 6, 1), time(8, 0), utc(2026, 6, 1, 8, 0)),
    ],
)
def test_wall_time_becomes_one_utc_instant_per_day(zone, day, wall, expected):
    assert instant(day, wall, zone_info(zone)) == expected


@pytest.mark.parametrize(
    ("zone", "wall", "start", "end", "sent"),
    [
        (
            "Europe/Berlin",
            time(2, 30),
            utc(2026, 3, 27, 12),
            utc(2026, 3, 31, 12),
            [
                utc(2026, 3, 28, 1, 30),
                utc(2026, 3, 29, 1, 0),
                utc(2026, 3, 30, 0, 30),
                utc(2026, 3, 31, 0, 30),
            ],
        ),
        (
            "Europe/Berlin",
            time(2, 30),
            utc(2026, 10, 24, 12),
            utc(2026, 10, 27, 12),
            [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30), utc(2026, 10, 27, 1, 30)],
        ),
        (
            "America/New_York",
            time(2, 30),
            utc(2026, 3, 7, 12),
            utc(2026, 3, 9, 12),
            [utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)],
        ),
        (
            "America/New_York",
            time(1, 30),
            utc(2026, 10, 31, 12),
            utc(2026, 11, 2, 12),
            [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
        ),
    ],
)
def test_a_daily_digest_is_sent_once_a_day_across_dst_changes(zone, wall, start, end, sent):
    runs, after = [], start
    while (after := next_run(wall, DAILY, zone_info(zone), after)) < end:
        runs.append(after)
    assert runs == sent


def test_the_next_run_is_strictly_after_the_given_instant():
    slot = next_run(time(8), DAILY, zone_info("Europe/Berlin"), utc(2026, 6, 1, 5, 59))
    assert slot == utc(2026, 6, 1, 6, 0)
    assert next_run(time(8), DAILY, zone_info("Europe/Berlin"), slot) == utc(2026, 6, 2, 6, 0)


@pytest.mark.parametrize(
    ("days", "after", "expected"),
    [
        (WEEKDAYS, utc(2026, 6, 5, 9), utc(2026, 6, 8, 8)),  # Friday after 08:00 → Monday
        (WEEKDAYS, utc(2026, 6, 6, 9), utc(2026, 6, 8, 8)),  # Saturday → Monday
        (weekly(6), utc(2026, 6, 1, 9), utc(2026, 6, 7, 8)),  # Monday → Sunday
        (weekly(0), utc(2026, 6, 1, 7), utc(2026, 6, 1, 8)),  # Monday before 08:00 → that day
        (DAILY, utc(2026, 6, 6, 9), utc(2026, 6, 7, 8)),
    ],
)
def test_days_choose_which_days_a_digest_comes(days, after, expected):
    assert next_run(time(8), days, zone_info("UTC"), after) == expected


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (DAILY, "daily"),
        (WEEKDAYS, "weekdays"),
        (weekly(0), "weekly mon"),
        (weekly(6), "weekly sun"),
        (0b1001, "mon, thu"),
    ],
)
def test_days_are_said_as_people_write_them(days, label):
    assert days_label(days) == label


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("08:00", time(8)),
        ("7:30", time(7, 30)),
        ("23:59", time(23, 59)),
        ("24:00", None),
        ("25:61", None),
        ("8", None),
        ("08:5", None),
    ],
)
def test_times_of_day_are_hh_mm(text, parsed):
    assert parse_time_of_day(text) == parsed


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        ("BERLIN", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("newyork", "America/New_York"),
        ("buenos aires", "America/Buenos_Aires"),
        ("UTC", "UTC"),
        ("utc+5", "UTC+05:00"),
        ("UTC-03:30", "UTC-03:30"),
        ("UTC+0530", "UTC+05:30"),
        ("GMT-1", "UTC-01:00"),
        ("UTC+15", None),
        ("Europe/Berln", None),
        ("Atlantis", None),
        ("../etc/passwd", None),
    ],
)
def test_timezone_takes_names_cities_and_offsets(typed, zone):
    assert find_zone(typed) == zone


def test_a_wrong_zone_gets_the_closest_suggestions():
    assert suggest_zones("Europe/Berln")[0] == "Europe/Berlin"
    assert "Europe/Berlin" in suggest_zones("berln")
    assert "America/New_York" in suggest_zones("new yrok")


def test_fixed_offsets_are_written_one_way():
    assert fixed_offset("utc + 5") == "UTC+05:00"
    assert fixed_offset("UTC+00:00") == "UTC"
    assert zone_info("UTC+05:30").utcoffset(None) == timedelta(hours=5, minutes=30)
