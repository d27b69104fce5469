"""Deliveries of digests: each (subscription, slot) claimed by an owner with a lease, then recorded.

A claim is a ``deliveries`` row in state ``sending`` with an owner and a lease. Others take it
over only once the lease has passed (its owner crashed); its owner never re-takes its own claim.
Recording a send marks the row ``sent``, moves the subscription to its next slot and records the
articles the chat received, all in one transaction, so nothing is half-done after a crash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, delete, insert, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Chat, Conversation, Delivery, DigestArticle, Subscription
from store.subscriptions import SubscriptionRow
from store.timestamps import UTCDateTime

SENDING, SENT, FAILED, SKIPPED = "sending", "sent", "failed", "skipped"
# Chats no Telegram process delivers to (the local console's own chat).
LOCAL_KINDS = ("console",)


@dataclass(frozen=True)
class Claim:
    """A due (subscription, slot) this owner may now send: the delivery row's id and what it needs."""

    delivery_id: int
    slot: datetime
    attempts: int
    row: SubscriptionRow


@dataclass(frozen=True)
class Sent:
    """What a successful send records."""

    claim: Claim
    chat_id: int  # where it went (a migrated group's new id)
    next_run_at: datetime
    article_ids: Sequence[int]
    stories: int
    at: datetime
    conversation: dict[str, Any] | None = None  # what the chat was shown, for its buttons and replies


class DeliveryRepository:
    """Claims due digests, records them sent, failed or skipped, and what each chat has received."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dialect: Dialect) -> None:
        self._sessions = sessions
        self._dialect = dialect

    async def claim_due(self, owner: str, *, now: datetime, lease_until: datetime, limit: int) -> list[Claim]:
        """Claim up to ``limit`` due slots, oldest first, that no live claim or back-off holds."""
        async with write_session(self._sessions) as session:
            current = and_(
                Delivery.subscription_id == Subscription.id, Delivery.slot_at == Subscription.next_run_at
            )
            claimable = or_(
                Delivery.id.is_(None),
                and_(
                    Delivery.status == SENDING,
                    Delivery.lease_until < now,
                    or_(Delivery.owner.is_(None), Delivery.owner != owner),
                ),
                and_(Delivery.status == FAILED, Delivery.retry_at <= now),
            )
            stmt = (
                select(Subscription, Chat, Delivery)
                .join(Chat, Chat.id == Subscription.chat_id)
                .outerjoin(Delivery, current)
                .where(
                    Subscription.next_run_at <= now,
                    Subscription.paused.is_(False),
                    Chat.blocked.is_(False),
                    Chat.kind.not_in(LOCAL_KINDS),
                    claimable,
                )
                .order_by(Subscription.next_run_at, Subscription.id)
                .limit(limit)
            )
            claims: list[Claim] = []
            for sub, chat, delivery in (await session.execute(stmt)).all():
                if delivery is None:
                    delivery = Delivery(subscription_id=sub.id, slot_at=sub.next_run_at, attempts=0)
                    session.add(delivery)
                delivery.status, delivery.owner, delivery.lease_until = SENDING, owner, lease_until
                delivery.attempts = (delivery.attempts or 0) + 1
                delivery.retry_at = None
                await session.flush()
                claims.append(
                    Claim(delivery.id, sub.next_run_at, delivery.attempts, SubscriptionRow(sub, chat))
                )
            return claims

    async def renew(self, owner: str, delivery_ids: Sequence[int], lease_until: datetime) -> None:
        """Extend this owner's claims that are still being sent."""
        if not delivery_ids:
            return
        async with write_session(self._sessions) as session:
            await session.execute(
                update(Delivery)
                .where(
                    Delivery.id.in_(list(delivery_ids)), Delivery.owner == owner, Delivery.status == SENDING
                )
                .values(lease_until=lease_until)
            )

    async def release(self, owner: str, delivery_ids: Sequence[int], now: datetime) -> None:
        """Give up claims never sent (the process is stopping), so they are taken at once elsewhere."""
        if not delivery_ids:
            return
        async with write_session(self._sessions) as session:
            await session.execute(
                update(Delivery)
                .where(
                    Delivery.id.in_(list(delivery_ids)), Delivery.owner == owner, Delivery.status == SENDING
                )
                .values(owner=None, lease_until=now)
            )

    async def record_sent(self, sent: Sequence[Sent]) -> None:
        """Mark slots sent, move their subscriptions on, and remember what each chat got (one
        transaction for all: the runner commits the sends that finished together)."""
        if not sent:
            return
        table = cast(Table, Delivery.__table__)
        deliveries = update(table).where(table.c.id == bindparam("delivery"))
        subs = cast(Table, Subscription.__table__)
        moved = case(
            (
                subs.c.next_run_at == bindparam("slot", type_=UTCDateTime()),
                bindparam("next_run", type_=UTCDateTime()),
            ),
            else_=subs.c.next_run_at,
        )
        async with write_session(self._sessions) as session:
            await session.execute(
                deliveries.values(
                    status=SENT,
                    sent_at=bindparam("at"),
                    stories=bindparam("stories"),
                    lease_until=None,
                    error=None,
                ),
                [{"delivery": d.claim.delivery_id, "at": d.at, "stories": d.stories} for d in sent],
            )
            # The next run moves on unless the subscription was changed meanwhile (a new time).
            await session.execute(
                update(subs)
                .where(subs.c.id == bindparam("subscription"))
                .values(next_run_at=moved, last_slot_at=bindparam("slot")),
                [
                    {
                        "subscription": d.claim.row.subscription.id,
                        "slot": d.claim.slot,
                        "next_run": d.next_run_at,
                    }
                    for d in sent
                ],
            )
            talks = [
                {"chat_id": d.chat_id, "kind": "briefing", "payload": d.conversation, "created_at": d.at}
                for d in sent
                if d.conversation is not None
            ]
            if talks:  # pruned to the newest few per chat by ChatRepository.prune_conversations
                await session.execute(insert(cast(Table, Conversation.__table__)), talks)
            rows = [
                {"chat_id": d.chat_id, "article_id": a, "delivered_at": d.at}
                for d in sent
                for a in dict.fromkeys(d.article_ids)
            ]
            if rows:
                await session.execute(self._insert_ignoring().values(rows))

    async def record_failed(self, claim: Claim, error: str, retry_at: datetime) -> None:
        """The send finally failed: the slot stays due and is claimable again from ``retry_at``."""
        async with write_session(self._sessions) as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == claim.delivery_id)
                .values(status=FAILED, error=error[:300], retry_at=retry_at, lease_until=None)
            )

    async def record_skipped(self, claim: Claim, reason: str, next_run_at: datetime) -> None:
        """The slot will not be sent (too late, or the chat is gone): say why and move on."""
        async with write_session(self._sessions) as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == claim.delivery_id)
                .values(status=SKIPPED, error=reason[:300], lease_until=None)
            )
            await self._advance(session, claim, next_run_at, delivered=False)

    @staticmethod
    async def _advance(
        session: AsyncSession, claim: Claim, next_run_at: datetime, *, delivered: bool
    ) -> None:
        # The next run moves on unless the subscription was changed meanwhile (a new time).
        values: dict[str, object] = {
            "next_run_at": case(
                (Subscription.next_run_at == claim.slot, literal(next_run_at, UTCDateTime())),
                else_=Subscription.next_run_at,
            )
        }
        if delivered:
            values["last_slot_at"] = claim.slot
        await session.execute(
            update(Subscription).where(Subscription.id == claim.row.subscription.id).values(**values)
        )

    def _insert_ignoring(self) -> sqlite.Insert | postgresql.Insert:
        if self._dialect.name == "postgresql":
            return postgresql.insert(DigestArticle).on_conflict_do_nothing()
        return sqlite.insert(DigestArticle).on_conflict_do_nothing()

    async def received(self, chat_ids: Sequence[int], article_ids: Sequence[int]) -> dict[int, set[int]]:
        """Which of ``article_ids`` each of ``chat_ids`` already received in a digest."""
        found: defaultdict[int, set[int]] = defaultdict(set)
        if not chat_ids or not article_ids:
            return found
        async with self._sessions() as session:
            stmt = select(DigestArticle.chat_id, DigestArticle.article_id).where(
                DigestArticle.chat_id.in_(list(chat_ids)), DigestArticle.article_id.in_(list(article_ids))
            )
            for chat_id, article_id in (await session.execute(stmt)).all():
                found[chat_id].add(article_id)
        return found

    async def history(self, subscription_id: int, limit: int = 5) -> list[Delivery]:
        """The subscription's latest deliveries, newest first."""
        async with self._sessions() as session:
            stmt = (
                select(Delivery)
                .where(Delivery.subscription_id == subscription_id)
                .order_by(Delivery.slot_at.desc())
                .limit(limit)
            )
            return list(await session.scalars(stmt))

    async def prune(self, before: datetime) -> int:
        """Forget digest records and finished deliveries older than ``before``; how many rows went."""
        async with write_session(self._sessions) as session:
            records = await session.execute(delete(DigestArticle).where(DigestArticle.delivered_at < before))
            done = await session.execute(
                delete(Delivery).where(Delivery.status.in_((SENT, SKIPPED)), Delivery.slot_at < before)
            )
            return sum(int(getattr(r, "rowcount", 0) or 0) for r in (records, done))
