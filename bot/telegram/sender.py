"""Digests to Telegram: the ``DigestSender`` of ``briefbot run``, on a Bot of its own.

Its Bot has no AIORateLimiter, so a RetryAfter met by the broadcast pauses only the broadcast
(``Pacer``, shared by every worker through ``shared``); interactive replies go on through the
application's bot. Forbidden, a chat that no
longer exists, and a migrated group become outcomes the digest runner acts on; timeouts and
server errors are retried with backoff, then reported as a failure to try at a later tick.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.services.digests.delivery import ChatBlocked, ChatMoved, Delivered, Digest, SendFailed, SendOutcome
from bot.services.digests.tuning import DigestTuning
from bot.services.metrics import Meter
from bot.telegram.keyboards import briefing_buttons
from bot.telegram.pacing import Pacer, SharedPace, StoredPace, pace_name
from bot.telegram.render_html import render_digest_html
from bot.telegram.reply import html_refused, plain_pieces
from bot.wording import digest_heading
from config import Settings
from store.timestamps import utcnow

if TYPE_CHECKING:
    from bot.services.wiring import Services

logger = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_FLOOD_WAITS = 10  # RetryAfters one message may meet before it counts as failed
GONE = ("chat not found", "peer_id_invalid", "user is deactivated", "bot was kicked")


@dataclass(frozen=True)
class SendTuning:
    """Retries of one digest message and the span workers take turns in: code, not settings."""

    attempts: int = 3  # tries of a message that met a timeout or a server error
    backoff_seconds: float = 1.0  # before the second try, doubling after
    # Workers take turns in spans of this many seconds of the shared pace.
    pace_span_seconds: float = 0.25


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


class TelegramDigestSender:
    """Sends digests at the broadcast's own pace, with its own flood and error handling."""

    def __init__(
        self,
        settings: Settings,
        *,
        bot: Bot | None = None,
        clock: Callable[[], datetime] = utcnow,
        shared: SharedPace | None = None,
        meter: Meter | None = None,
        tuning: SendTuning | None = None,
        digest_tuning: DigestTuning | None = None,
    ) -> None:
        tuning, pace = tuning or SendTuning(), digest_tuning or DigestTuning()
        self._attempts = tuning.attempts
        self._backoff = tuning.backoff_seconds
        self._clock = clock
        self._meter = meter or Meter()
        self.pacer = Pacer(
            settings.digest.send_rate,
            pace.chat_interval_seconds,
            pace.group_interval_seconds,
            shared=shared,
            span_seconds=tuning.pace_span_seconds,
        )
        if bot is None:
            token = settings.telegram.token
            if token is None:
                raise ValueError("BRIEFBOT_TELEGRAM__TOKEN is not set")
            pool = HTTPXRequest(connection_pool_size=pace.send_concurrency + 2)
            bot = Bot(token.get_secret_value(), base_url=settings.telegram.api_base_url, request=pool)
        self._bot = bot
        self._ready = asyncio.Lock()
        self._initialized = False

    async def _ensure_ready(self) -> None:
        # Only when there is something to send: an idle bot makes no extra requests.
        async with self._ready:
            if not self._initialized:
                await self._bot.initialize()
                self._initialized = True

    async def aclose(self) -> None:
        if self._initialized:
            await self._bot.shutdown()
            self._initialized = False

    async def send(self, digest: Digest) -> SendOutcome:
        """Send the digest's chunks in order, its buttons under the last one."""
        chunks = render_digest_html(digest, digest_heading(digest, self._clock()))
        markup = None if digest.empty else briefing_buttons(digest.briefing)
        ids: list[int] = []
        try:
            await self._ensure_ready()
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                ids.extend(await self._send_chunk(digest, chunk, markup if last else None))
        except Forbidden as exc:
            return ChatBlocked(exc.message)
        except ChatMigrated as exc:
            return ChatMoved(int(exc.new_chat_id))
        except BadRequest as exc:
            if any(marker in exc.message.lower() for marker in GONE):
                return ChatBlocked(exc.message)
            return SendFailed(f"refused: {exc.message}")
        except (NetworkError, RetryAfter) as exc:
            return SendFailed(f"{type(exc).__name__}: {exc}")
        except TelegramError as exc:
            return SendFailed(f"{type(exc).__name__}: {exc}")
        return Delivered(len(chunks), tuple(ids))

    async def _send_chunk(self, digest: Digest, chunk: str, markup: InlineKeyboardMarkup | None) -> list[int]:
        try:
            return [await self._deliver(digest, chunk, markup, ParseMode.HTML)]
        except BadRequest as exc:
            if not html_refused(exc):
                raise
            logger.warning(
                "digest html refused chat_id=%s reason=%s; sending plain text", digest.chat_id, exc
            )
            pieces = plain_pieces(chunk)
            return [
                await self._deliver(digest, piece, markup if index == len(pieces) - 1 else None, None)
                for index, piece in enumerate(pieces)
            ]

    async def _deliver(
        self, digest: Digest, text: str, markup: InlineKeyboardMarkup | None, parse_mode: str | None
    ) -> int:
        """One message, paced; RetryAfter pauses the broadcast, transient errors back off and retry."""
        failures = floods = 0
        group = digest.chat_kind in {"group", "supergroup"}
        while True:
            await self.pacer.wait(digest.chat_id, group=group)
            started = time.monotonic()
            try:
                message = await self._bot.send_message(
                    digest.chat_id,
                    text,
                    parse_mode=parse_mode,
                    reply_markup=markup,
                    disable_notification=digest.silent,
                    link_preview_options=NO_PREVIEW,
                )
                self._meter.message_sent(time.monotonic() - started)
                return message.message_id
            except RetryAfter as exc:
                floods += 1
                wait = _seconds(exc.retry_after)
                logger.warning("broadcast flood control chat_id=%s retry_after=%.1f", digest.chat_id, wait)
                await self.pacer.pause(wait)
                if floods >= MAX_FLOOD_WAITS:
                    raise
            except (BadRequest, Forbidden):
                raise
            except NetworkError as exc:  # timeouts, lost connections, 5xx
                failures += 1
                if failures >= self._attempts:
                    raise
                delay = self._backoff * 2 ** (failures - 1)
                logger.info("digest send retry chat_id=%s in=%.1fs reason=%s", digest.chat_id, delay, exc)
                await asyncio.sleep(delay)


def shared_sender(services: Services) -> TelegramDigestSender:
    """The digest sender of a worker or of ``digest send-due``: on the one pace of the bot's token
    that every process shares through the database, tuned as the services' runner, counted by
    the services' meter."""
    settings = services.settings
    token = settings.telegram.token
    if token is None:
        raise ValueError("BRIEFBOT_TELEGRAM__TOKEN is not set")
    shared = StoredPace(services.store.send_rates, pace_name(token.get_secret_value()))
    return TelegramDigestSender(
        settings, shared=shared, meter=services.meter, digest_tuning=services.digests.tuning
    )
