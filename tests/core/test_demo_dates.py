"""The demo corpus's weekdays and dates fit its publication dates, whenever it is loaded."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest

from bot.periods import DAY_NAMES as WEEKDAYS
from bot.services.demo_dates import MONTHS, PLACEHOLDER, render_days
from bot.services.library import DEMO_CORPUS

WEEKDAY_WORD = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b")
DAY_MONTH = re.compile(r"\b\d{1,2} (?:" + "|".join(MONTHS) + r")\b")
TEMPLATES = [json.loads(line) for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if line]


def words(record: dict[str, str]) -> str:
    return record["title"] + "\n" + record["text"]


@pytest.mark.parametrize(
    ("template", "published", "rendered"),
    [
        ("talks broke down on {weekday+0}", date(2026, 11, 22), "talks broke down on Sunday"),
        ("a strike on {weekday+1}", date(2026, 11, 22), "a strike on Monday"),
        ("{weekday-1}'s cut", date(2026, 12, 3), "Wednesday's cut"),
        ("ending on {weekday+4}, {date+4}", date(2026, 11, 22), "ending on Thursday, 26 November"),
        ("between {date-11} and {date-4}", date(2027, 1, 5), "between 25 December and 1 January"),
        ("from {month+10}", date(2026, 11, 24), "from December"),
        ("no day here {weekday}", date(2026, 11, 24), "no day here {weekday}"),
    ],
)
def test_placeholders_are_days_counted_from_the_publication_date(template, published, rendered):
    assert render_days(template, published) == rendered


def test_the_demo_texts_name_no_weekday_or_nearby_date_except_through_a_placeholder():
    for record in TEMPLATES:
        text = words(record)
        assert WEEKDAY_WORD.search(text) is None, record["title"]
        assert DAY_MONTH.search(PLACEHOLDER.sub("", text).replace("29 January 2027", "")) is None, text
        for kind, offset in PLACEHOLDER.findall(text):
            assert abs(int(offset)) <= (7 if kind == "weekday" else 45), (record["title"], kind, offset)


@pytest.mark.parametrize("days_later", range(7))  # the corpus loaded on each day of the week
def test_each_demo_weekday_is_the_day_the_template_asked_for(days_later):
    for record in TEMPLATES:
        published = datetime.fromisoformat(record["published"]).date() + timedelta(days=days_later)
        asked = [
            WEEKDAYS[(published + timedelta(days=int(n))).weekday()]
            for kind, n in PLACEHOLDER.findall(words(record))
            if kind == "weekday"
        ]

        rendered = render_days(words(record), published)

        assert WEEKDAY_WORD.findall(rendered) == asked, record["title"]
        assert PLACEHOLDER.search(rendered) is None and "{" not in rendered


async def test_the_loaded_demo_corpus_has_its_days_filled_in_from_its_new_dates(demo_services):
    stored = await demo_services.store.articles.candidates(since=None, topic=None, limit=100)
    by_url = {record["url"]: record for record in TEMPLATES}

    assert len(stored) == len(TEMPLATES)
    assert sum(len(PLACEHOLDER.findall(words(record))) for record in TEMPLATES) >= 50  # checks that count
    for found in stored:
        record = by_url[found.article.url]
        zone = datetime.fromisoformat(record["published"]).tzinfo
        published = found.article.published_at.astimezone(zone).date()
        text = found.article.title + "\n" + found.article.text

        assert "{" not in text and "}" not in text, found.article.title
        assert WEEKDAY_WORD.findall(text) == WEEKDAY_WORD.findall(render_days(words(record), published))
        assert DAY_MONTH.findall(text) == DAY_MONTH.findall(render_days(words(record), published))
