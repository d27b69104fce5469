"""The demo corpus's day references, written relative to each article's publication date.

The demo articles are re-dated when loaded so that the newest is "now"; a weekday or a date
written out in their text would then no longer fit. So the text says ``{weekday-1}`` (the day
before publication), ``{weekday+2}``, ``{date-3}`` ("17 November") or ``{month+10}``
("December"), and each is filled in from the article's new publication date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from blocks import Block
from bot.periods import DAY_NAMES
from ingest.types import ParsedArticle

PLACEHOLDER = re.compile(r"\{(weekday|date|month)([+-]\d+)\}")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def render_days(text: str, published: date) -> str:
    """``text`` with each placeholder replaced by the day, date or month it names."""

    def day(match: re.Match[str]) -> str:
        kind, offset = match.group(1), int(match.group(2))
        when = published + timedelta(days=offset)
        if kind == "weekday":
            return DAY_NAMES[when.weekday()]
        if kind == "date":
            return f"{when.day} {MONTHS[when.month - 1]}"
        return MONTHS[when.month - 1]

    return PLACEHOLDER.sub(day, text)


def dated_article(article: ParsedArticle) -> ParsedArticle:
    """The article with its placeholders filled in from its (local) publication date."""
    if article.published is None:
        return article
    on = article.published.date()
    return replace(
        article,
        title=render_days(article.title, on),
        text=render_days(article.text, on),
        standfirst=render_days(article.standfirst, on),
        blocks=tuple(Block(b.role, render_days(b.text, on)) for b in article.blocks),
    )


def dated_record(record: dict[str, Any]) -> dict[str, Any]:
    """A demo JSONL record with its title and text filled in as of its own ``published`` date."""
    if not record.get("published"):
        return record
    on = datetime.fromisoformat(record["published"]).date()
    return record | {"title": render_days(record["title"], on), "text": render_days(record["text"], on)}
