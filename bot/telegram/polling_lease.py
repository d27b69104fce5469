"""One polling consumer per bot token, through a lease in the database.

Telegram gives a token's updates to one getUpdates consumer (a second one gets 409 Conflict), and
a poller starting up deletes the webhook, which would cut off every webhook worker. So a polling
worker holds the lease ``polling:<bot id>`` while it runs, renewing it every few seconds; a second
one is refused with one line, and so is a poller while webhook workers run, or a webhook worker
while a poller does. A holder killed without a clean stop lets the lease lapse; when it ran on
this host and its process is gone, it is taken over at once (a restart after a crash).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from errors import WorkerRefused
from store.leases import Holder, LeaseRepository
from store.timestamps import utcnow

log = logging.getLogger(__name__)


def lease_name(token: str) -> str:
    """The polling lease of a bot: named by its id, never by the secret part of the token."""
    return f"polling:{token.split(':', 1)[0]}"


def gone(owner: str) -> bool:
    """True when ``owner`` (``host:pid:nonce``, see ``new_owner``) was a process of this host that
    no longer runs, or an earlier process with our own pid (a restarted container)."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


class PollingLease:
    """Takes, keeps and gives back this worker's polling lease."""

    def __init__(
        self,
        leases: LeaseRepository,
        token: str,
        owner: str,
        *,
        seconds: float,
        clock: Callable[[], datetime] = utcnow,
        is_gone: Callable[[str], bool] = gone,
    ) -> None:
        self._leases = leases
        self._gone = is_gone
        self.name = lease_name(token)
        self._owner = owner
        self._span = timedelta(seconds=seconds)
        self._clock = clock

    async def take(self) -> None:
        """Hold the lease, or raise WorkerRefused naming who polls already."""
        now = self._clock()
        holder = await self._leases.take(self.name, self._owner, now=now, until=now + self._span)
        if holder.owner == self._owner:
            return
        if self._gone(holder.owner) and await self._leases.hand_over(
            self.name, old=holder.owner, new=self._owner, now=now, until=now + self._span
        ):
            log.info("polling lease taken over from a process that is gone old=%s", holder.owner)
            return
        raise WorkerRefused(refusal(holder, now))

    async def keep(self, lost: Callable[[str], None]) -> None:
        """Renew the lease every third of its span until cancelled; ``lost`` is called (and this
        returns) when another process holds it (this one was cut off for longer than the span)."""
        while True:
            await asyncio.sleep(self._span.total_seconds() / 3)
            now = self._clock()
            try:
                holder = await self._leases.take(self.name, self._owner, now=now, until=now + self._span)
            except Exception:
                log.exception("renewing the polling lease failed; trying again")
                continue
            if holder.owner != self._owner:
                lost(holder.owner)
                return

    async def release(self) -> None:
        with contextlib.suppress(Exception):
            await self._leases.release(self.name, self._owner)

    async def held_elsewhere(self) -> Holder | None:
        """The live holder of the lease when it is not gone (a webhook worker must not start)."""
        holder = await self._leases.holder(self.name, now=self._clock())
        if holder is None or holder.owner == self._owner or self._gone(holder.owner):
            return None
        return holder


def refusal(holder: Holder, now: datetime) -> str:
    left = max(0, int((holder.until - now).total_seconds()))
    return (
        f"another worker already polls this bot ({holder.owner}, its lease holds {left} s more): "
        "Telegram allows one polling consumer per token; stop it, or run every worker with "
        "BRIEFBOT_TELEGRAM__WEBHOOK_URL"
    )
