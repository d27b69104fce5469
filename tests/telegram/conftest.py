"""A fake Bot API on loopback and the real Application polling it, built as `briefbot run` does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bot.services.digests.tuning import DigestTuning
from bot.services.wiring import Services, build_services
from bot.telegram.app import BotApplication, build_application
from bot.telegram.context import ReplyTuning
from config import QuestionSettings, Settings, StoreSettings, TelegramSettings, load_settings
from summarizer.tuning import SummaryTuning
from tests.telegram.fake_bot_api import FakeBotAPI


@dataclass
class RunningBot:
    """A polling Application, its services and the fake server it talks to."""

    api: FakeBotAPI
    app: BotApplication
    services: Services

    async def stop(self) -> None:
        """Stop polling and shut down as `briefbot run` does (post_stop and post_shutdown included);
        idempotent."""
        if not self.app.running:
            return
        assert self.app.updater is not None
        await self.app.updater.stop()
        await self.app.stop()
        assert self.app.post_stop is not None
        await self.app.post_stop(self.app)
        await self.app.shutdown()
        assert self.app.post_shutdown is not None
        await self.app.post_shutdown(self.app)

    async def settle(self) -> None:
        """Wait until no fetched update is queued or still being handled."""
        processor = self.app.update_processor
        await self.api.wait_for(
            lambda _: self.app.update_queue.empty() and processor.current_concurrent_updates == 0
        )


StartBot = Callable[..., Awaitable[RunningBot]]
# Replies in tests show no interim note unless a test asks for one (interim_after_seconds=0).
SLOW_INTERIM = ReplyTuning(interim_after_seconds=5.0)
INTERIM_AT_ONCE = ReplyTuning(interim_after_seconds=0.0)


@pytest.fixture
def bot_settings(
    settings: Settings, api: FakeBotAPI, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Settings]:
    """Settings for a bot pointed at the fake server; keyword groups override the defaults."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as `briefbot run` does: RetryAfter in timedeltas

    def make(telegram: dict[str, Any] | None = None, **groups: Any) -> Settings:
        options = {"token": api.token, "api_base_url": api.base_url}
        groups.setdefault("questions", QuestionSettings(embeddings="off"))
        return load_settings(
            store=StoreSettings(url=store_url),
            telegram=TelegramSettings(**{**options, **(telegram or {})}),
            **groups,
        )

    return make


@pytest.fixture
async def start_bot(api: FakeBotAPI, bot_settings: Callable[..., Settings]) -> AsyncIterator[StartBot]:
    """Start the real Application (post_init included) polling the fake server."""
    running: list[RunningBot] = []

    async def start(
        telegram: dict[str, Any] | None = None,
        *,
        seed_demo: bool = True,
        summary_tuning: SummaryTuning | None = None,
        digest_tuning: DigestTuning | None = None,
        reply: ReplyTuning = SLOW_INTERIM,
        **groups: Any,
    ) -> RunningBot:
        settings = bot_settings(telegram, **groups)
        services = await build_services(
            settings, seed_demo=seed_demo, summary_tuning=summary_tuning, digest_tuning=digest_tuning
        )
        app = build_application(settings, services, reply=reply)
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        bot = RunningBot(api, app, services)
        running.append(bot)
        return bot

    yield start
    for bot in running:
        await bot.stop()
