"""Who may use the bot and who administers it, and the lines refused or rate-limited chats see."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

REFUSED_TEXT = "Sorry, this bot is private. Ask its owner to add your user id."


@dataclass(frozen=True)
class AccessPolicy:
    """Allowed users (empty means everyone) and admins (always allowed)."""

    allowed_users: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()

    @classmethod
    def of(cls, allowed_users: Collection[int], admins: Collection[int]) -> AccessPolicy:
        return cls(frozenset(allowed_users), frozenset(admins))

    def may_use(self, user_id: int | None) -> bool:
        """True when this user may talk to the bot at all."""
        if not self.allowed_users:
            return True
        return user_id is not None and (user_id in self.allowed_users or user_id in self.admins)

    def is_admin(self, user_id: int | None) -> bool:
        """True when this user may run admin commands (/stats, /feeds add|remove)."""
        return user_id is not None and user_id in self.admins


def retry_text(wait_seconds: float) -> str:
    """The line a rate-limited chat sees."""
    return f"You are asking quickly — try again in {max(1, math.ceil(wait_seconds))} s."
