"""The subscription use cases: subscribe, list, pause, resume, retime, remove, preview a digest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from bot.services.briefings import BriefingService
from bot.services.digests import compose
from bot.services.digests.delivery import Digest
from bot.services.digests.schedule import DAILY, days_label
from bot.services.digests.windows import digest_window
from config import DigestSettings
from errors import DigestLimit, NoSuchDigest
from store.models import Chat, Subscription
from store.search.query import Query
from store.store import Store
from store.subscriptions import SubscriptionRow
from store.timestamps import utcnow


@dataclass(frozen=True)
class SubscribeRequest:
    """What a /subscribe asked for; None where the defaults apply (08:00, daily, the chat's zone)."""

    at: time | None = None
    days: int = DAILY
    zone: str | None = None
    topic: Query | None = None


@dataclass(frozen=True)
class SubscriptionInfo:
    """A subscription as people see it; ``number`` is its place in the chat's list (1, 2, …)."""

    number: int
    id: int
    at_time: str
    days: str
    zone: str
    topic: str | None
    paused: bool
    blocked: bool
    next_run: datetime  # UTC
    follows_chat_zone: bool
    quiet: bool = False  # on subscribing: nothing published in the last day matches the topic


def _info(number: int, row: SubscriptionRow) -> SubscriptionInfo:
    sub = row.subscription
    return SubscriptionInfo(
        number=number,
        id=sub.id,
        at_time=sub.at_time,
        days=days_label(sub.days),
        zone=row.zone,
        topic=sub.query,
        paused=sub.paused,
        blocked=row.chat.blocked,
        next_run=sub.next_run_at,
        follows_chat_zone=sub.timezone is None,
    )


class SubscriptionService:
    """Manages a chat's digests; the runner (``runner.DigestRunner``) delivers them."""

    def __init__(
        self,
        store: Store,
        briefings: BriefingService,
        settings: DigestSettings,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._briefings = briefings
        self._settings = settings
        self._clock = clock

    def _from_now(self) -> Callable[[Subscription, Chat], datetime]:
        now = self._clock()
        return lambda sub, chat: compose.next_slot(SubscriptionRow(sub, chat), now)

    async def subscribe(
        self, chat_id: int, request: SubscribeRequest, *, kind: str = "private", title: str = ""
    ) -> SubscriptionInfo:
        """Add a digest; raises a usage error (nothing stored) when the chat has the most allowed."""
        chat = await self._store.chats.get(chat_id)
        if chat.kind != kind or (title and chat.title != title):
            chat = await self._store.chats.update(chat_id, kind=kind, title=title or chat.title)
        at = request.at or time.fromisoformat(self._settings.default_time)
        fields = {
            "at_time": at.strftime("%H:%M"),
            "days": request.days,
            "timezone": request.zone,
            "query": request.topic.text() if request.topic else None,
            "paused": False,
            "last_slot_at": None,
        }
        probe = Subscription(**fields)
        fields["next_run_at"] = compose.next_slot(SubscriptionRow(probe, chat), self._clock())
        limit = self._settings.max_per_chat
        row = await self._store.subscriptions.add(chat_id, limit=limit, **fields)
        if row is None:
            raise DigestLimit(limit)
        rows = await self._store.subscriptions.of_chat(chat_id)
        info = next(_info(n, r) for n, r in enumerate(rows, 1) if r.subscription.id == row.id)
        if request.topic is None:
            return info
        today = await self._store.articles.candidates(
            since=self._clock() - timedelta(days=1), topic=request.topic, limit=1
        )
        return replace(info, quiet=not today)

    async def of_chat(self, chat_id: int) -> list[SubscriptionInfo]:
        rows = await self._store.subscriptions.of_chat(chat_id)
        return [_info(n, row) for n, row in enumerate(rows, 1)]

    async def every(self) -> list[tuple[int, SubscriptionInfo]]:
        """Every chat's subscriptions, as (chat id, subscription), for the CLI."""
        rows = await self._store.subscriptions.every()
        numbered: list[tuple[int, SubscriptionInfo]] = []
        counts: dict[int, int] = {}
        for row in rows:
            counts[row.chat.id] = counts.get(row.chat.id, 0) + 1
            numbered.append((row.chat.id, _info(counts[row.chat.id], row)))
        return numbered

    async def by_number(self, chat_id: int, number: int, command: str) -> SubscriptionInfo:
        """The chat's subscription ``number``; a usage error of ``command`` when there is none."""
        found = await self.of_chat(chat_id)
        if not 1 <= number <= len(found):
            raise NoSuchDigest(command, number, len(found))
        return found[number - 1]

    async def _change(
        self, chat_id: int, subscription_id: int, *, reschedule: bool, **fields: object
    ) -> SubscriptionInfo | None:
        changed = await self._store.subscriptions.change(
            chat_id, subscription_id, self._from_now() if reschedule else None, **fields
        )
        if changed is None:
            return None
        return next((i for i in await self.of_chat(chat_id) if i.id == subscription_id), None)

    async def pause(self, chat_id: int, subscription_id: int) -> SubscriptionInfo | None:
        return await self._change(chat_id, subscription_id, reschedule=False, paused=True)

    async def resume(self, chat_id: int, subscription_id: int) -> SubscriptionInfo | None:
        """Resume from now on: slots missed while paused are not sent late."""
        return await self._change(chat_id, subscription_id, reschedule=True, paused=False)

    async def set_time(self, chat_id: int, subscription_id: int, at: time) -> SubscriptionInfo | None:
        """Move a digest to another time of day without losing what it has delivered."""
        return await self._change(chat_id, subscription_id, reschedule=True, at_time=at.strftime("%H:%M"))

    async def shift_time(self, chat_id: int, subscription_id: int, minutes: int) -> SubscriptionInfo | None:
        current = next((i for i in await self.of_chat(chat_id) if i.id == subscription_id), None)
        if current is None:
            return None
        moved = datetime.combine(datetime(2000, 1, 1), time.fromisoformat(current.at_time)) + timedelta(
            minutes=minutes
        )
        return await self.set_time(chat_id, subscription_id, moved.time())

    async def remove(self, chat_id: int, subscription_id: int) -> bool:
        return await self._store.subscriptions.remove(chat_id, [subscription_id]) > 0

    async def apply(self, chat_id: int, action: str, number: int, at: time | None = None) -> None:
        """``/subscriptions pause|resume|remove n`` or ``time n HH:MM`` on digest ``number``."""
        target = await self.by_number(chat_id, number, "subscriptions")
        if action == "pause":
            await self.pause(chat_id, target.id)
        elif action == "resume":
            await self.resume(chat_id, target.id)
        elif action == "remove":
            await self.remove(chat_id, target.id)
        elif action == "time" and at is not None:
            await self.set_time(chat_id, target.id, at)
        else:
            raise ValueError(f"unknown subscription action {action!r}")

    async def unsubscribe(self, chat_id: int, number: int | None) -> list[SubscriptionInfo]:
        """Remove digest ``number``, or every digest of the chat when None; what was removed."""
        if number is None:
            removed = await self.of_chat(chat_id)
        else:
            removed = [await self.by_number(chat_id, number, "unsubscribe")]
        await self._store.subscriptions.remove(chat_id, [i.id for i in removed])
        return removed

    async def preview(self, chat_id: int, number: int | None) -> Digest:
        """Subscription ``number``'s digest as it would be now; nothing is recorded or moved."""
        info = await self.by_number(chat_id, number or 1, "digest")
        row = next(
            r for r in await self._store.subscriptions.of_chat(chat_id) if r.subscription.id == info.id
        )
        return await self._preview(row, remember=True)

    async def preview_id(self, subscription_id: int) -> Digest | None:
        """The digest of subscription ``subscription_id`` (any chat) as it would be now, for the CLI."""
        row = next(
            (r for r in await self._store.subscriptions.every() if r.subscription.id == subscription_id), None
        )
        return None if row is None else await self._preview(row, remember=False)

    async def _preview(self, row: SubscriptionRow, *, remember: bool) -> Digest:
        chat_id = row.chat.id
        window = digest_window(
            days=row.subscription.days,
            last_slot=row.subscription.last_slot_at,
            end=self._clock(),
        )
        shared = await compose.build(self._briefings, row, window)
        received = await compose.received_by(self._store, row, shared)
        digest = compose.compose(row, window, shared, received, preview=True)
        talk = compose.conversation(digest, window, row.chat.length)
        if talk is not None and remember:
            await self._store.chats.remember(chat_id, "briefing", talk)
        return digest

    async def chat_zone_changed(self, chat_id: int) -> None:
        """The chat's zone changed: digests that follow it get their next run anew."""
        await self._store.subscriptions.reschedule_chat(chat_id, self._from_now(), following_chat_zone=True)

    async def chat_reachable(self, chat_id: int, reachable: bool) -> bool:
        """Mark the chat blocked (digests wait) or reachable again (they resume from now on).

        True when that changed anything.
        """
        chat = await self._store.chats.find(chat_id)  # a read first: this runs for every message
        if (chat is None and reachable) or (chat is not None and chat.blocked == (not reachable)):
            return False
        await self._store.chats.update(chat_id, blocked=not reachable)
        if reachable:
            await self._store.subscriptions.reschedule_chat(
                chat_id, self._from_now(), following_chat_zone=False
            )
        return True

    async def chat_migrated(self, old_id: int, new_id: int) -> bool:
        """A group became a supergroup: its digests and settings follow it to the new id."""
        return await self._store.chats.migrate(old_id, new_id)
