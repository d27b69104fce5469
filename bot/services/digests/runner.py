"""Sending what is due: claim due slots, build each distinct digest once, send, record.

One run claims small batches until nothing is due. Each claim is a (subscription, slot) held
with a lease (``store.deliveries``); a slot missed for longer than the grace window is skipped
and logged, never sent stale. Digests with the same (query, window, length, language) share
one build; what differs per chat is only a filter over it. At most ``send_concurrency`` sends
(``DigestTuning``) are in flight at once: those are the only digests a crash can repeat.

With several workers, each runs this on its own claims. The owner renews its batch's lease
while it sends, however long the broadcast; a claim whose lease this worker could not renew in
time is left unsent (another worker may have taken it over), so a worker cut off from the
database never sends what someone else may be sending too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.services.briefings import BriefingService, DigestBuild
from bot.services.digests import compose
from bot.services.digests.batching import GroupCommit, ReceivedLoader
from bot.services.digests.delivery import (
    ChatBlocked,
    ChatMoved,
    Delivered,
    Digest,
    DigestSender,
    SendFailed,
    SendOutcome,
)
from bot.services.digests.tuning import DigestTuning
from bot.services.digests.windows import MAX_WINDOW, BuildKey, Window, digest_window
from bot.services.metrics import Meter
from config import DigestSettings
from store.deliveries import Claim, Sent
from store.heartbeats import BOT
from store.store import Store
from store.timestamps import utcnow

log = logging.getLogger(__name__)
# A slot whose send finally failed is tried again at a later tick, after this (doubling) delay.
FAILED_RETRY_SECONDS = 60.0


def new_owner() -> str:
    """A name for this process's claims, unique across restarts and hosts."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class RunReport:
    """What one run did."""

    sent: int = 0
    empty: int = 0
    skipped: int = 0
    failed: int = 0
    blocked: int = 0
    builds: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.empty + self.skipped + self.failed + self.blocked


@dataclass
class _Batch:
    """One batch of claims being sent: those not finished yet, and until when their lease holds."""

    pending: set[int]
    leased_until: datetime


class DigestRunner:
    """Claims due digests and sends them through a ``DigestSender``; shared by the bot and the CLI."""

    def __init__(
        self,
        store: Store,
        briefings: BriefingService,
        settings: DigestSettings,
        *,
        tuning: DigestTuning | None = None,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        meter: Meter | None = None,
    ) -> None:
        self._store = store
        self._briefings = briefings
        self._settings = settings
        self.tuning = tuning or DigestTuning()
        self._clock = clock
        self._meter = meter or Meter()
        self.owner = owner or new_owner()
        self._lease = timedelta(seconds=self.tuning.lease_seconds)
        self._recorder = GroupCommit(store)
        self._received = ReceivedLoader(store)
        self._grace = timedelta(hours=settings.grace_hours)

    async def run_due(self, sender: DigestSender) -> RunReport:
        """Send everything due now (claiming in batches) and return what was done."""
        report = RunReport()
        builds: dict[BuildKey, asyncio.Task[DigestBuild]] = {}
        while True:
            now = self._clock()
            until = now + self._lease
            claims = await self._store.deliveries.claim_due(
                self.owner, now=now, lease_until=until, limit=self.tuning.claim_batch
            )
            if not claims:
                break
            await self._batch(claims, _Batch({c.delivery_id for c in claims}, until), sender, builds, report)
        if report.handled:
            log.info(
                "digests run owner=%s sent=%d empty=%d skipped=%d failed=%d blocked=%d builds=%d",
                self.owner,
                report.sent,
                report.empty,
                report.skipped,
                report.failed,
                report.blocked,
                report.builds,
            )
        return report

    async def _batch(
        self,
        claims: Sequence[Claim],
        batch: _Batch,
        sender: DigestSender,
        builds: dict[BuildKey, asyncio.Task[DigestBuild]],
        report: RunReport,
    ) -> None:
        keeper = asyncio.create_task(self._keep_leases(batch))
        try:
            by_chat: defaultdict[int, list[Claim]] = defaultdict(list)
            for claim in claims:
                by_chat[claim.row.chat.id].append(claim)
            gate = asyncio.Semaphore(self.tuning.send_concurrency)
            await asyncio.gather(
                *(self._chat(group, sender, builds, report, gate, batch) for group in by_chat.values())
            )
        except asyncio.CancelledError:
            # Stopping: hand back what was never sent, so a restart or another process takes it now.
            pending = list(batch.pending)
            await asyncio.shield(self._store.deliveries.release(self.owner, pending, self._clock()))
            raise
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _keep_leases(self, batch: _Batch) -> None:
        """Extend the batch's leases while it is being sent (a long RetryAfter must not lose them);
        a renewal that fails is logged and tried again at the next turn."""
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            until = self._clock() + self._lease
            try:
                await self._store.deliveries.renew(self.owner, list(batch.pending), until)
            except Exception:
                log.exception(
                    "digest lease renewal failed owner=%s claims=%d", self.owner, len(batch.pending)
                )
                continue
            batch.leased_until = until

    async def _chat(
        self,
        claims: list[Claim],
        sender: DigestSender,
        builds: dict[BuildKey, asyncio.Task[DigestBuild]],
        report: RunReport,
        gate: asyncio.Semaphore,
        batch: _Batch,
    ) -> None:
        """One chat's due digests in slot order (the sender spaces them by the per-chat limit)."""
        blocked = False
        for claim in sorted(claims, key=lambda c: c.slot):
            try:
                if blocked:
                    await self._skip(claim, "the chat blocked the bot", report, blocked=True)
                else:
                    blocked = await self._one(claim, sender, builds, report, gate, batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug or a database error: keep the slot, try it later
                log.exception("digest failed subscription=%d slot=%s", claim.row.subscription.id, claim.slot)
                await self._failed(claim, f"{type(exc).__name__}: {exc}", report)
            batch.pending.discard(claim.delivery_id)

    async def _one(
        self,
        claim: Claim,
        sender: DigestSender,
        builds: dict[BuildKey, asyncio.Task[DigestBuild]],
        report: RunReport,
        gate: asyncio.Semaphore,
        batch: _Batch,
    ) -> bool:
        """Send one claimed slot; True when the chat turned out to have blocked the bot."""
        now = self._clock()
        row = claim.row
        if claim.slot < now - self._grace:
            late = (now - claim.slot).total_seconds() / 3600
            log.warning(
                "digest skipped subscription=%d chat=%d slot=%s late_hours=%.1f: outside the grace window",
                row.subscription.id,
                row.chat.id,
                claim.slot.isoformat(),
                late,
            )
            await self._skip(claim, f"missed by {late:.1f} h, outside the grace window", report)
            return False
        window = digest_window(
            days=row.subscription.days,
            last_slot=row.subscription.last_slot_at,
            end=claim.slot,
        )
        key = compose.row_key(row, window)
        if key not in builds:  # the first digest of a key builds it; the others wait for that build
            builds[key] = asyncio.ensure_future(compose.build(self._briefings, row, window))
            report.builds += 1
        shared = await builds[key]
        received = await self._received.load(row.chat.id, frozenset(shared.articles))
        digest = compose.compose(row, window, shared, received)
        if digest.empty and not self._settings.send_when_empty:
            return await self._record(claim, window, digest, Delivered(0), report)
        # A send holds its place among the concurrent ones until it is recorded, so at most
        # send_concurrency digests are ever sent but not yet recorded (a crash may repeat those).
        async with gate:
            if self._clock() >= batch.leased_until:
                # Not renewed in time: another worker may hold this claim now. Leave it to them.
                log.warning(
                    "digest left unsent subscription=%d slot=%s: its lease lapsed",
                    row.subscription.id,
                    claim.slot.isoformat(),
                )
                return False
            outcome = await sender.send(digest)
            if isinstance(outcome, ChatMoved):
                # A group upgraded to a supergroup: its subscriptions follow it to the new id.
                log.info("chat migrated old=%d new=%d", digest.chat_id, outcome.new_chat_id)
                await self._store.chats.migrate(digest.chat_id, outcome.new_chat_id)
                digest = replace(digest, chat_id=outcome.new_chat_id, chat_kind="supergroup")
                outcome = await sender.send(digest)
            return await self._record(claim, window, digest, outcome, report)

    async def _record(
        self, claim: Claim, window: Window, digest: Digest, outcome: SendOutcome, report: RunReport
    ) -> bool:
        now = self._clock()
        if isinstance(outcome, Delivered):
            talk = compose.conversation(digest, window, claim.row.chat.length)
            sent = Sent(
                claim,
                chat_id=digest.chat_id,
                next_run_at=compose.next_slot(claim.row, max(claim.slot, now)),
                article_ids=digest.article_ids,
                stories=len(digest.briefing.stories),
                at=now,
                conversation=talk,
            )
            await self._recorder.record(sent)
            if not digest.empty and outcome.message_ids:
                # A reply to any of the digest's messages asks about its articles, as for a briefing.
                articles = [c.article_id for c in digest.briefing.sources]
                await self._store.threads.open(
                    digest.chat_id, "digest", articles, message_ids=outcome.message_ids, at=now
                )
            self._count(report, "empty" if digest.empty else "sent")
            return False
        if isinstance(outcome, ChatBlocked):
            log.info("chat blocked chat=%d reason=%s; its digests wait", digest.chat_id, outcome.reason)
            await self._store.chats.update(digest.chat_id, blocked=True)
            await self._skip(claim, f"the chat blocked the bot ({outcome.reason})", report, blocked=True)
            return True
        reason = (
            outcome.reason if isinstance(outcome, SendFailed) else f"moved again to {outcome.new_chat_id}"
        )
        await self._failed(claim, reason, report)
        return False

    async def _skip(self, claim: Claim, reason: str, report: RunReport, *, blocked: bool = False) -> None:
        now = self._clock()
        # The newest slot still inside the grace window is sent next; older ones are not.
        catch_up = compose.next_slot(claim.row, max(claim.slot, now - self._grace))
        following = catch_up if catch_up <= now and not blocked else compose.next_slot(claim.row, now)
        await self._store.deliveries.record_skipped(claim, reason, following)
        self._count(report, "blocked" if blocked else "skipped")

    async def _failed(self, claim: Claim, reason: str, report: RunReport) -> None:
        backoff = FAILED_RETRY_SECONDS * 2 ** min(claim.attempts - 1, 10)
        retry_at = self._clock() + timedelta(seconds=backoff)
        log.warning(
            "digest send failed subscription=%d slot=%s attempts=%d retry_at=%s reason=%s",
            claim.row.subscription.id,
            claim.slot.isoformat(),
            claim.attempts,
            retry_at.isoformat(),
            reason,
        )
        await self._store.deliveries.record_failed(claim, reason, retry_at)
        self._count(report, "failed")

    def _count(self, report: RunReport, outcome: str) -> None:
        setattr(report, outcome, getattr(report, outcome) + 1)
        self._meter.digest(outcome)

    async def beat(self, role: str = BOT) -> None:
        """Say this process is alive, as a ``role`` (``bot`` polling, ``webhook`` a webhook worker)."""
        await self._store.heartbeats.beat(self.owner, role, self._clock())

    async def stop_beating(self) -> None:
        await self._store.heartbeats.remove(self.owner)

    async def alive(self, role: str) -> int:
        """How many processes of ``role`` beat within the last few heartbeats (this one included)."""
        since = self._clock() - timedelta(seconds=3 * self.tuning.heartbeat_seconds)
        return await self._store.heartbeats.alive(role, since)

    async def retention(self) -> None:
        """Forget digest records and deliveries no future digest can need, and old heartbeats."""
        now = self._clock()
        horizon = now - MAX_WINDOW - timedelta(days=1)
        removed = await self._store.deliveries.prune(horizon)
        await self._store.heartbeats.prune(now - timedelta(days=1))
        if removed:
            log.info("digest retention removed=%d", removed)
