"""LLM token use: who pays (accounts), daily budgets, and the figures ``/usage`` shows.

Usage is kept per account and UTC day. A chat pays for its own briefings; digest builds are
charged to the shared ``digests`` account, and the CLI to ``local``. The per-chat budget limits
a chat's own account; the daily budget limits everything together. A call is let through only
when its estimated tokens still fit both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.services.metrics import Meter
from config import LLMSettings
from errors import BudgetExceeded
from store.store import Store
from store.timestamps import utcnow
from store.usage import LLM_KIND, ChatTokens, TokenTotals, utc_day
from summarizer.llm.client import TokenUsage

log = logging.getLogger(__name__)
TOP_CHATS = 5
__all__ = [
    "DIGESTS",
    "LOCAL",
    "Account",
    "BotUsage",
    "ChatUsage",
    "TokenTotals",
    "UsageReport",
    "UsageService",
]


@dataclass(frozen=True)
class Account:
    """Who pays for LLM calls: ``chat`` (with its id), ``digests`` or ``local``."""

    name: str
    chat_id: int | None = None

    @classmethod
    def for_chat(cls, chat_id: int) -> Account:
        return cls("chat", chat_id)


DIGESTS = Account("digests")
LOCAL = Account("local")


@dataclass(frozen=True)
class ChatUsage:
    """What ``/usage`` shows a chat: its own tokens today and its budget (0: no limit)."""

    day: str
    llm_enabled: bool
    model: str | None
    own: TokenTotals
    budget: int

    @property
    def left(self) -> int | None:
        return None if not self.budget else max(0, self.budget - self.own.tokens)


@dataclass(frozen=True)
class BotUsage:
    """What admins see in addition: today's totals, by account, and the top chats."""

    day: str
    total: TokenTotals
    budget: int
    accounts: dict[str, TokenTotals]
    top_chats: tuple[ChatTokens, ...]

    @property
    def left(self) -> int | None:
        return None if not self.budget else max(0, self.budget - self.total.tokens)


@dataclass(frozen=True)
class UsageReport:
    """``/usage``: a chat's own figures, and the bot's for admins (else None)."""

    chat: ChatUsage
    bot: BotUsage | None


class UsageService:
    """Admits, charges and reports LLM token use."""

    def __init__(
        self,
        store: Store,
        settings: LLMSettings,
        *,
        clock: Callable[[], datetime] = utcnow,
        meter: Meter | None = None,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._meter = meter or Meter()

    def today(self) -> str:
        return utc_day(self._clock())

    async def admit(self, account: Account, estimate: int) -> None:
        """Raise ``BudgetExceeded`` when a call of ``estimate`` tokens would overspend a budget."""
        day, usage = self.today(), self._store.usage
        chat_budget, daily_budget = self._settings.chat_daily_tokens, self._settings.daily_tokens
        if account.chat_id is not None and account.name == "chat" and chat_budget:
            spent = (await usage.tokens(day, chat_id=account.chat_id)).tokens
            if spent + estimate > chat_budget:
                log.info("chat budget spent chat=%s spent=%d budget=%d", account.chat_id, spent, chat_budget)
                raise BudgetExceeded("chat", spent=spent, budget=chat_budget)
        if daily_budget:
            spent = (await usage.tokens(day)).tokens
            if spent + estimate > daily_budget:
                log.warning("daily llm budget spent spent=%d budget=%d", spent, daily_budget)
                raise BudgetExceeded("daily", spent=spent, budget=daily_budget)

    async def charge(self, account: Account, usage: TokenUsage, *, model: str) -> None:
        """Record one LLM call's tokens against ``account`` (today, UTC)."""
        self._meter.llm_call(usage.prompt, usage.completion)
        await self._store.usage.record(
            LLM_KIND,
            chat_id=account.chat_id,
            account=account.name,
            tokens_in=usage.prompt,
            tokens_out=usage.completion,
            estimated=usage.estimated,
            model=model,
            at=self._clock(),
        )

    async def for_chat(self, chat_id: int) -> ChatUsage:
        """A chat's own figures for today."""
        own = await self._store.usage.tokens(self.today(), chat_id=chat_id)
        settings = self._settings
        return ChatUsage(self.today(), settings.enabled, settings.model, own, settings.chat_daily_tokens)

    async def for_admins(self) -> BotUsage:
        """Today's totals, the accounts and the chats that used the most."""
        day, usage = self.today(), self._store.usage
        return BotUsage(
            day=day,
            total=await usage.tokens(day),
            budget=self._settings.daily_tokens,
            accounts=await usage.accounts(day),
            top_chats=tuple(await usage.top_chats(day, limit=TOP_CHATS)),
        )

    async def report(self, chat_id: int, *, admin: bool) -> UsageReport:
        """What ``/usage`` shows this chat; admins also get today's totals and top chats."""
        return UsageReport(await self.for_chat(chat_id), await self.for_admins() if admin else None)
