"""parse_published: the date formats found in feeds, exports and front matter."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ingest.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", "2026-11-20T00:00:00+00:00"),
        ("2026-11-20 08:00", "2026-11-20T08:00:00+00:00"),
        ("2026-11-20T08:00:00Z", "2026-11-20T08:00:00+00:00"),
        ("2026-11-20T09:00:00+01:00", "2026-11-20T08:00:00+00:00"),
        ("2026-11-20 08:00:00 UTC", "2026-11-20T08:00:00+00:00"),
        ("Fri, 20 Nov 2026 09:00:00 +0100", "2026-11-20T08:00:00+00:00"),
        ("20 November 2026", "2026-11-20T00:00:00+00:00"),
        ("November 20, 2026", "2026-11-20T00:00:00+00:00"),
        ("2026/11/20", "2026-11-20T00:00:00+00:00"),
        ("20.11.2026", "2026-11-20T00:00:00+00:00"),
        ("20/11/2026", "2026-11-20T00:00:00+00:00"),  # day first: 20 cannot be a month
        ("11/20/2026", "2026-11-20T00:00:00+00:00"),  # month first: 20 cannot be a month
        (1795161600, "2026-11-20T08:00:00+00:00"),
        (1795161600000, "2026-11-20T08:00:00+00:00"),  # milliseconds
        ("1795161600", "2026-11-20T08:00:00+00:00"),  # seconds as a string
        (date(2026, 11, 20), "2026-11-20T00:00:00+00:00"),
        (datetime(2026, 11, 20, 8), "2026-11-20T08:00:00+00:00"),
    ],
)
def test_understood_dates_come_back_aware(value: object, expected: str) -> None:
    published = parse_published(value)

    assert published is not None and published.utcoffset() is not None
    assert published.astimezone(UTC).isoformat() == expected


@pytest.mark.parametrize(
    "value",
    ["", "someday", "0000-00-00", "03/04/2026", "0001-01-01T00:00:00+14:00", True, None, [2026], -1e20],
    ids=["empty", "words", "zeros", "ambiguous", "before-year-1-in-utc", "bool", "none", "list", "huge"],
)
def test_unreadable_or_impossible_dates_are_none(value: object) -> None:
    assert parse_published(value) is None
