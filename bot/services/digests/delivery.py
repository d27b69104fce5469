"""A digest ready to send, and the small protocol a front end implements to send it.

The Telegram front end implements ``DigestSender`` (``bot.telegram.sender``) with its own
pacing; services only see the outcome of each send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from summarizer.types import Briefing


@dataclass(frozen=True)
class Digest:
    """One chat's digest of one subscription: its briefing and what its heading says."""

    chat_id: int
    chat_kind: str
    subscription_id: int
    at_time: str
    days: str
    zone: str
    topic: str | None
    since: datetime  # the window, as UTC instants
    until: datetime
    briefing: Briefing
    updates: dict[int, tuple[int, ...]] = field(default_factory=dict)
    article_ids: tuple[int, ...] = ()
    silent: bool = False
    preview: bool = False

    @property
    def empty(self) -> bool:
        return self.briefing.empty


@dataclass(frozen=True)
class Delivered:
    """Telegram took the digest (``messages`` messages; 0 when an empty one was not sent), with
    the ids of the messages that show it, when the sender knows them (replies continue its thread)."""

    messages: int
    message_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ChatBlocked:
    """The chat cannot be written to: the user blocked the bot, or it was removed from the group."""

    reason: str


@dataclass(frozen=True)
class ChatMoved:
    """The group became a supergroup with a new id; send there instead."""

    new_chat_id: int


@dataclass(frozen=True)
class SendFailed:
    """Sending failed after the sender's own retries; the slot is tried again at a later tick."""

    reason: str


SendOutcome = Delivered | ChatBlocked | ChatMoved | SendFailed


class DigestSender(Protocol):
    """Sends digests to chats, paced by the front end's own limits."""

    async def send(self, digest: Digest) -> SendOutcome:
        """Send ``digest``; never raises for a chat's or the network's trouble, it returns it."""
        ...
