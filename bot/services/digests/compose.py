"""Composing one chat's digest: the shared build for its (query, window, length), then its filter."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from bot.services.briefing_codec import briefing_to_dict
from bot.services.briefings import BriefingService, DigestBuild
from bot.services.digests.delivery import Digest
from bot.services.digests.repeats import for_chat
from bot.services.digests.schedule import days_label, next_run, parse_time_of_day
from bot.services.digests.windows import BuildKey, Window, build_key
from bot.services.zones import zone_info
from store.articles import Arrival
from store.search.query import Query, parse_query
from store.store import Store
from store.subscriptions import SubscriptionRow
from summarizer.types import Length

log = logging.getLogger(__name__)


def row_zone(row: SubscriptionRow) -> tzinfo:
    """The subscription's zone; a name the zone database no longer knows falls back to UTC."""
    try:
        return zone_info(row.zone)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown zone subscription=%d zone=%r; using UTC", row.subscription.id, row.zone)
        return zone_info("UTC")


def next_slot(row: SubscriptionRow, after: datetime) -> datetime:
    """The subscription's first slot strictly after ``after``."""
    at = parse_time_of_day(row.subscription.at_time)
    if at is None:
        raise ValueError(f"stored time {row.subscription.at_time!r} is not HH:MM")
    return next_run(at, row.subscription.days, row_zone(row), after)


def row_query(row: SubscriptionRow) -> Query | None:
    return parse_query(row.subscription.query) if row.subscription.query else None


def row_key(row: SubscriptionRow, window: Window) -> BuildKey:
    return build_key(row_query(row), window, Length(row.chat.length), row.chat.language)


def window_label(window: Window) -> str:
    """The window as a period ``/brief`` understands (for the Longer button under a digest)."""
    return f"{max(1, round(window.hours))}h"


async def build(briefings: BriefingService, row: SubscriptionRow, window: Window) -> DigestBuild:
    """The shared briefing of every digest with this row's key."""
    return await briefings.digest(
        topic=row_query(row),
        arrived=Arrival(window.start, window.end),
        published_since=window.published_since,
        length=Length(row.chat.length),
        label=window_label(window),
        language=row.chat.language,
    )


async def received_by(store: Store, row: SubscriptionRow, shared: DigestBuild) -> set[int]:
    """Which articles of the build the row's chat already received in digests."""
    found = await store.deliveries.received([row.chat.id], list(shared.articles))
    return found.get(row.chat.id, set())


def compose(
    row: SubscriptionRow,
    window: Window,
    shared: DigestBuild,
    received: Collection[int],
    *,
    preview: bool = False,
) -> Digest:
    """This chat's digest from the shared build: stories it has fully had left out, updates marked."""
    filtered = for_chat(shared.briefing, shared.articles, received)
    sub = row.subscription
    return Digest(
        chat_id=row.chat.id,
        chat_kind=row.chat.kind,
        subscription_id=sub.id,
        at_time=sub.at_time,
        days=days_label(sub.days),
        zone=row.zone,
        topic=sub.query,
        since=window.start,
        until=window.end,
        briefing=filtered.briefing,
        updates=filtered.updates,
        article_ids=filtered.article_ids,
        silent=row.chat.silent,
        preview=preview,
    )


def conversation(digest: Digest, window: Window, length: str) -> dict[str, Any] | None:
    """What the chat remembers of a digest, so its buttons and replies work like a briefing's."""
    if digest.empty:
        return None
    request = {"topic": digest.topic, "period": window_label(window), "length": length}
    return {"request": request, "briefing": briefing_to_dict(digest.briefing)}
