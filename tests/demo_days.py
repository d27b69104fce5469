"""The demo corpus's days as loaded: its articles are re-dated, so their dates are worked out."""

from __future__ import annotations

import json
from datetime import datetime

from bot.services.demo_dates import render_days
from bot.services.library import DEMO_CORPUS
from bot.services.wiring import Services

FERRY = "/night-ferry-route"
FERRY_START = "{date+10}"  # "will start on {date+10}" in the demo article


async def demo_day(services: Services, url_tail: str, placeholder: str) -> str:
    """``placeholder`` ("{date+10}") as the loaded demo article whose link ends in ``url_tail`` reads it."""
    stored = await services.store.articles.candidates(since=None, topic=None, limit=100)
    (article,) = [c.article for c in stored if c.article.url and c.article.url.endswith(url_tail)]
    records = [json.loads(line) for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if line]
    (record,) = [r for r in records if r["url"].endswith(url_tail)]
    zone = datetime.fromisoformat(record["published"]).tzinfo
    return render_days(placeholder, article.published_at.astimezone(zone).date())
