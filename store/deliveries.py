"""Deliveries of digests: each (subscription, slot) claimed by an owner with a lease, then recorded.

A claim is a ``deliveries`` row in state ``sending`` with an owner and a lease. Others take it
over only once the lease has passed (its owner crashed); its owner never re-takes its own claim.
Recording a send marks the row ``sent``, moves the subscription to its next slot and records the
articles the chat received, all in one transaction, so nothing is half-done after a crash.

Claims are correct with any number of workers at once. The due rows are read (on PostgreSQL
with ``FOR UPDATE … SKIP LOCKED``, so workers claiming together take different rows), and each
is won only by a write that cannot succeed twice: a new row is inserted with ``ON CONFLICT DO
NOTHING``, a lapsed or failed one is taken by an ``UPDATE`` whose condition is checked again
on the row itself. A worker that loses a race simply gets fewer claims.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    case,
    delete,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.engine import write_session
from store.models import Chat, Conversation, Delivery, DigestArticle, Subscription
from store.subscriptions import SubscriptionRow
from store.timestamps import UTCDateTime
from store.upserts import dialect_insert

if TYPE_CHECKING:
    from store.upserts import Upsert

SENDING, SENT, FAILED, SKIPPED = "sending", "sent", "failed", "skipped"
# Chats no Telegram process delivers to (the local console's own chat).
LOCAL_KINDS = ("console",)
INSERT_ROWS = 500  # new claims per INSERT, well under SQLite's bound-variable limit
CLAIM_ROUNDS = 3  # a worker that lost every row it read to others reads again, this many times


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
        for _ in range(CLAIM_ROUNDS):
            found, claims = await self._claim_round(owner, now, lease_until, limit)
            if claims or not found:
                return claims
        return []

    @staticmethod
    def _claimable(owner: str, now: datetime) -> ColumnElement[bool]:
        return or_(
            and_(
                Delivery.status == SENDING,
                Delivery.lease_until < now,
                or_(Delivery.owner.is_(None), Delivery.owner != owner),
            ),
            and_(Delivery.status == FAILED, Delivery.retry_at <= now),
        )

    async def _claim_round(
        self, owner: str, now: datetime, lease_until: datetime, limit: int
    ) -> tuple[int, list[Claim]]:
        """(due rows read, the claims won among them)."""
        async with write_session(self._sessions, lock=None) as session:
            current = and_(
                Delivery.subscription_id == Subscription.id, Delivery.slot_at == Subscription.next_run_at
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
                    or_(Delivery.id.is_(None), self._claimable(owner, now)),
                )
                .order_by(Subscription.next_run_at, Subscription.id)
                .limit(limit)
            )
            if self._dialect.name == "postgresql":
                stmt = stmt.with_for_update(of=Subscription, skip_locked=True)
            rows = (await session.execute(stmt)).all()
            won: dict[int, tuple[int, int]] = {}  # subscription id -> (delivery id, attempts)
            fresh = [sub for sub, _chat, delivery in rows if delivery is None]
            for start in range(0, len(fresh), INSERT_ROWS):
                values = [
                    {
                        "subscription_id": sub.id,
                        "slot_at": sub.next_run_at,
                        "status": SENDING,
                        "owner": owner,
                        "lease_until": lease_until,
                        "attempts": 1,
                    }
                    for sub in fresh[start : start + INSERT_ROWS]
                ]
                inserted = await session.execute(
                    self._insert(Delivery)
                    .values(values)
                    .on_conflict_do_nothing(index_elements=["subscription_id", "slot_at"])
                    .returning(Delivery.subscription_id, Delivery.id)
                )
                won.update({sub_id: (delivery_id, 1) for sub_id, delivery_id in inserted.all()})
            for sub, _chat, delivery in rows:
                if delivery is None:
                    continue
                taken = await session.execute(
                    update(Delivery)
                    .where(Delivery.id == delivery.id, self._claimable(owner, now))
                    .values(
                        status=SENDING,
                        owner=owner,
                        lease_until=lease_until,
                        attempts=Delivery.attempts + 1,
                        retry_at=None,
                    )
                    .returning(Delivery.attempts)
                    .execution_options(synchronize_session=False)
                )
                attempts = taken.scalar()
                if attempts is not None:
                    won[sub.id] = (delivery.id, int(attempts))
            claims = [
                Claim(won[sub.id][0], sub.next_run_at, won[sub.id][1], SubscriptionRow(sub, chat))
                for sub, chat, _delivery in rows
                if sub.id in won
            ]
            return len(rows), claims

    async def renew(self, owner: str, delivery_ids: Sequence[int], lease_until: datetime) -> None:
        """Extend this owner's claims that are still being sent."""
        if not delivery_ids:
            return
        async with write_session(self._sessions, lock=None) as session:
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
        async with write_session(self._sessions, lock=None) as session:
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
        # Rows are written in one order (subscriptions, then deliveries, then records, each by
        # key) in every transaction, so workers recording side by side never deadlock.
        ordered = sorted(sent, key=lambda d: d.claim.row.subscription.id)
        async with write_session(self._sessions, lock=None) as session:
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
                    for d in ordered
                ],
            )
            await session.execute(
                deliveries.values(
                    status=SENT,
                    sent_at=bindparam("at"),
                    stories=bindparam("stories"),
                    lease_until=None,
                    error=None,
                ),
                [
                    {"delivery": d.claim.delivery_id, "at": d.at, "stories": d.stories}
                    for d in sorted(sent, key=lambda d: d.claim.delivery_id)
                ],
            )
            talks = [
                {"chat_id": d.chat_id, "kind": "briefing", "payload": d.conversation, "created_at": d.at}
                for d in ordered
                if d.conversation is not None
            ]
            if talks:  # pruned to the newest few per chat by ChatRepository.prune_conversations
                await session.execute(insert(cast(Table, Conversation.__table__)), talks)
            received = {(d.chat_id, a): d.at for d in sent for a in d.article_ids}
            rows = [
                {"chat_id": chat_id, "article_id": article_id, "delivered_at": at}
                for (chat_id, article_id), at in sorted(received.items())
            ]
            if rows:
                await session.execute(self._insert_ignoring().values(rows))

    async def record_failed(self, claim: Claim, error: str, retry_at: datetime) -> None:
        """The send finally failed: the slot stays due and is claimable again from ``retry_at``."""
        async with write_session(self._sessions, lock=None) as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == claim.delivery_id)
                .values(status=FAILED, error=error[:300], retry_at=retry_at, lease_until=None)
            )

    async def record_skipped(self, claim: Claim, reason: str, next_run_at: datetime) -> None:
        """The slot will not be sent (too late, or the chat is gone): say why and move on."""
        async with write_session(self._sessions, lock=None) as session:
            await self._advance(session, claim, next_run_at, delivered=False)  # first, as record_sent
            await session.execute(
                update(Delivery)
                .where(Delivery.id == claim.delivery_id)
                .values(status=SKIPPED, error=reason[:300], lease_until=None)
            )

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

    def _insert(self, model: type[Delivery] | type[DigestArticle]) -> Upsert:
        return dialect_insert(self._dialect.name)(model)

    def _insert_ignoring(self) -> Upsert:
        return self._insert(DigestArticle).on_conflict_do_nothing()

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
        async with write_session(self._sessions, lock=None) as session:
            records = await session.execute(delete(DigestArticle).where(DigestArticle.delivered_at < before))
            done = await session.execute(
                delete(Delivery).where(Delivery.status.in_((SENT, SKIPPED)), Delivery.slot_at < before)
            )
            return sum(int(getattr(r, "rowcount", 0) or 0) for r in (records, done))
