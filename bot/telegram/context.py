"""The typed ``CallbackContext`` of handlers: ``context.services``, ``.policy``, ``.limiter``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.services.digests.delivery import DigestSender
from bot.services.rate_limit import RateLimiter
from bot.telegram.access import AccessPolicy

if TYPE_CHECKING:
    from bot.scheduler import Ticks
    from bot.services.wiring import Services


class ClosingSender(DigestSender, Protocol):
    """The digest sender of the application (``bot.telegram.sender``), closed at shutdown."""

    async def aclose(self) -> None: ...


@dataclass(frozen=True)
class ReplyTuning:
    """How replies show progress: tuned to Telegram's limits, not an operator's setting."""

    interim_after_seconds: float = 1.0  # work longer than this gets an interim note
    # A briefing being written grows in one message: at most one edit this often (Telegram's
    # limit for groups, about 20 messages a minute, counts edits too).
    stream_edit_seconds: float = 1.0
    stream_edit_group_seconds: float = 3.0


class BotData:
    """What the application shares with every handler; filled once by ``build_application``."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.policy: AccessPolicy = AccessPolicy()
        self.reply = ReplyTuning()
        self.limiter: RateLimiter | None = None
        # Group id → (fresh until, on the monotonic clock; its admins' user ids).
        self.group_admins: dict[int, tuple[float, frozenset[int]]] = {}
        self.ticks: Ticks | None = None
        self.sender: ClosingSender | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """A context that hands handlers the shared services and the access rules."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        """The service layer shared with the console and the CLI."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not attached to the application")
        return services

    @property
    def reply(self) -> ReplyTuning:
        """How replies show progress (interim notes, the pace of a growing reply)."""
        return self.bot_data.reply

    @property
    def policy(self) -> AccessPolicy:
        """Who may use the bot and who administers it."""
        return self.bot_data.policy

    def from_admin(self, update: Update) -> bool:
        """True when ``update`` comes from one of the configured admins."""
        user = update.effective_user
        return self.policy.is_admin(user.id if user else None)

    def may_add(self, update: Update) -> bool:
        """True when this update's sender may add articles (``BRIEFBOT_INGEST__CHAT_ADDS``)."""
        return self.services.settings.ingest.chat_adds == "everyone" or self.from_admin(update)

    @property
    def limiter(self) -> RateLimiter:
        """The per-chat rate limit on /brief and /ask."""
        limiter = self.bot_data.limiter
        if limiter is None:
            raise RuntimeError("rate limiter is not attached to the application")
        return limiter


def context_types() -> ContextTypes[BotContext, dict[Any, Any], dict[Any, Any], BotData]:
    """The ``ContextTypes`` the application is built with."""
    return ContextTypes(context=BotContext, bot_data=BotData)
